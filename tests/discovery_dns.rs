//! MX and SRV look-ups against a real DNS server (dnsmasq on loopback, see `common::dnsmasq`):
//! hosted-mail MX answers come back in preference order and match the provider data's
//! fingerprints, RFC 6186 SRV records (including the "." target meaning "not offered") come back
//! as records, a name with nothing answers "not found" at once, and a server that never answers
//! costs no more than the timeout.

mod common;

use std::collections::BTreeSet;
use std::io::Read;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, UdpSocket};
use std::thread;
use std::time::{Duration, Instant};

use common::dnsmasq::{Dnsmasq, Records};
use mailwiz::core::discovery::dns::{Dns, DnsError, MailRecords, MxRecord, SrvRecord, mx_matches};
use mailwiz::core::provider::database;

const TIMEOUT: Duration = Duration::from_secs(3);

fn dns_for(server: &Dnsmasq) -> Dns {
    Dns::new(Some(server.addr()), TIMEOUT).expect("build the resolver")
}

fn mx(preference: u16, exchange: &str) -> MxRecord {
    MxRecord {
        preference,
        exchange: exchange.to_owned(),
    }
}

fn srv(priority: u16, weight: u16, port: u16, target: &str) -> SrvRecord {
    SrvRecord {
        priority,
        weight,
        port,
        target: target.to_owned(),
    }
}

/// A domain on Tencent Exmail, written in the server's config in the wrong order on purpose.
fn exmail_records() -> Records {
    Records::new()
        .mx("exmail-corp.test", "mxbiz2.qq.com", 10)
        .mx("exmail-corp.test", "mxbiz1.qq.com", 5)
}

/// A domain on Google Workspace (Google's classic five-MX set), partly in upper case.
fn google_records() -> Records {
    Records::new()
        .mx("gsuite-corp.test", "ALT3.ASPMX.L.GOOGLE.COM", 10)
        .mx("gsuite-corp.test", "alt4.aspmx.l.google.com", 10)
        .mx("gsuite-corp.test", "alt2.aspmx.l.google.com", 5)
        .mx("gsuite-corp.test", "Aspmx.L.Google.Com", 1)
        .mx("gsuite-corp.test", "alt1.aspmx.l.google.com", 5)
}

#[test]
fn exmail_hosted_domain_mx_in_preference_order() {
    let server = Dnsmasq::start(&exmail_records());
    let records = dns_for(&server)
        .mx("exmail-corp.test")
        .unwrap_or_else(|e| panic!("{e}\n{}", server.log()));
    assert_eq!(
        records,
        vec![mx(5, "mxbiz1.qq.com"), mx(10, "mxbiz2.qq.com")]
    );
    // The same answer for an absolute, upper-case query name.
    let again = dns_for(&server)
        .mx("EXMAIL-CORP.test.")
        .expect("absolute name");
    assert_eq!(again, records);
}

#[test]
fn google_hosted_domain_mx_sorted_and_lowercase() {
    let server = Dnsmasq::start(&google_records());
    let records = dns_for(&server)
        .mx("gsuite-corp.test")
        .unwrap_or_else(|e| panic!("{e}\n{}", server.log()));
    assert_eq!(
        records,
        vec![
            mx(1, "aspmx.l.google.com"),
            mx(5, "alt1.aspmx.l.google.com"),
            mx(5, "alt2.aspmx.l.google.com"),
            mx(10, "alt3.aspmx.l.google.com"),
            mx(10, "alt4.aspmx.l.google.com"),
        ]
    );
}

#[test]
fn srv_records_with_a_target_and_with_dot() {
    let records = Records::new()
        .srv(
            "_imaps._tcp.srv-corp.test",
            "imap-backup.srv-corp.test",
            9993,
            10,
            0,
        )
        .srv(
            "_imaps._tcp.srv-corp.test",
            "imap2.srv-corp.test",
            993,
            0,
            10,
        )
        .srv(
            "_imaps._tcp.srv-corp.test",
            "IMAP.srv-corp.test",
            993,
            0,
            60,
        )
        .srv(
            "_submissions._tcp.srv-corp.test",
            "smtp.srv-corp.test",
            465,
            0,
            1,
        )
        // Issue 11: port 0 is no port; it was accepted and printed.
        .srv(
            "_imaps._tcp.srv-corp.test",
            "imap-zero.srv-corp.test",
            0,
            0,
            90,
        )
        .srv_not_offered("_submission._tcp.srv-corp.test")
        .a("imap.srv-corp.test", Ipv4Addr::new(127, 0, 0, 2));
    let server = Dnsmasq::start(&records);
    let dns = dns_for(&server);

    let imaps = dns
        .srv("_imaps._tcp.srv-corp.test")
        .unwrap_or_else(|e| panic!("{e}\n{}", server.log()));
    assert_eq!(
        imaps,
        vec![
            srv(0, 60, 993, "imap.srv-corp.test"),
            srv(0, 10, 993, "imap2.srv-corp.test"),
            srv(10, 0, 9993, "imap-backup.srv-corp.test"),
        ]
    );
    assert!(imaps.iter().all(|r| !r.is_not_offered()));

    let submissions = dns
        .srv("_submissions._tcp.srv-corp.test")
        .expect("submissions");
    assert_eq!(submissions, vec![srv(0, 1, 465, "smtp.srv-corp.test")]);

    let submission = dns
        .srv("_submission._tcp.srv-corp.test")
        .unwrap_or_else(|e| panic!("{e}\n{}", server.log()));
    assert_eq!(submission.len(), 1, "{submission:?}");
    assert_eq!(submission[0].target, ".");
    assert!(submission[0].is_not_offered());

    // A service with no record at all, in the same domain, is simply not there.
    let pop3s = dns.srv("_pop3s._tcp.srv-corp.test");
    assert!(
        pop3s.as_ref().is_err_and(DnsError::is_not_found),
        "{pop3s:?}"
    );
}

#[test]
fn a_domain_with_nothing_is_not_found_at_once() {
    let server = Dnsmasq::start(&exmail_records().a("www.exmail-corp.test", Ipv4Addr::LOCALHOST));
    let dns = dns_for(&server);

    let started = Instant::now();
    let nothing = dns.mx("nothing-here.test");
    assert_eq!(nothing, Err(DnsError::NxDomain), "{}", server.log());
    let srv = dns.srv("_imaps._tcp.nothing-here.test");
    assert_eq!(srv, Err(DnsError::NxDomain));
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "two negative answers took {:?}",
        started.elapsed()
    );

    // A name that exists (it has an A record) but has no MX: no records, not "no such domain".
    let started = Instant::now();
    let no_mx = dns.mx("www.exmail-corp.test");
    assert_eq!(no_mx, Err(DnsError::NoRecords), "{}", server.log());
    assert!(no_mx.is_err_and(|e| e.is_not_found()));
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[test]
fn mx_patterns_recognise_real_answers() {
    let records = exmail_records()
        .mx("aliyun-corp.test", "mx1.qiye.aliyun.com", 5)
        .mx("aliyun-corp.test", "mx2.qiye.aliyun.com", 10)
        .mx(
            "m365-corp.test",
            "m365-corp-test.mail.protection.outlook.com",
            0,
        )
        .mx("lookalike.test", "qiye.aliyun.com", 10)
        .mx("lookalike.test", "mxbiz1.qq.com.evil.test", 20);
    let server = Dnsmasq::start(&records);
    let dns = dns_for(&server);
    let exchanges = |domain: &str| -> Vec<String> {
        dns.mx(domain)
            .unwrap_or_else(|e| panic!("{domain}: {e}\n{}", server.log()))
            .into_iter()
            .map(|r| r.exchange)
            .collect()
    };

    let exmail = exchanges("exmail-corp.test");
    assert_eq!(exmail, ["mxbiz1.qq.com", "mxbiz2.qq.com"]);
    assert!(mx_matches("mxbiz1.qq.com", &exmail[0]) && !mx_matches("mxbiz1.qq.com", &exmail[1]));
    assert!(mx_matches("mxbiz2.qq.com", &exmail[1]) && !mx_matches("mxbiz2.qq.com", &exmail[0]));
    let aliyun = exchanges("aliyun-corp.test");
    assert_eq!(aliyun, ["mx1.qiye.aliyun.com", "mx2.qiye.aliyun.com"]);
    assert!(aliyun.iter().all(|h| mx_matches("*.qiye.aliyun.com", h)));
    assert!(aliyun.iter().all(|h| !mx_matches("*.mxhichina.com", h)));
    let m365 = exchanges("m365-corp.test");
    assert_eq!(m365, ["m365-corp-test.mail.protection.outlook.com"]);
    assert!(mx_matches("*.mail.protection.outlook.com", &m365[0]));
    assert!(!mx_matches(
        "*.mail.protection.outlook.com",
        "mail.protection.outlook.com"
    ));
    let lookalike = exchanges("lookalike.test");
    assert_eq!(lookalike, ["qiye.aliyun.com", "mxbiz1.qq.com.evil.test"]);
    assert!(!mx_matches("*.qiye.aliyun.com", &lookalike[0]));
    assert!(!mx_matches("mxbiz1.qq.com", &lookalike[1]));
}

/// The ids of the providers whose MX fingerprints (in assets/providers) match any of these hosts.
fn providers_matching(hosts: &[MxRecord]) -> BTreeSet<String> {
    database()
        .all()
        .iter()
        .filter(|p| {
            hosts
                .iter()
                .any(|h| p.mx_patterns.iter().any(|pat| mx_matches(pat, &h.exchange)))
        })
        .map(|p| p.id.clone())
        .collect()
}

#[test]
fn provider_data_recognises_hosted_domains_from_real_answers() {
    let server = Dnsmasq::start(&exmail_records().mx("gsuite-corp.test", "aspmx.l.google.com", 1));
    let dns = dns_for(&server);
    let exmail = dns.mx("exmail-corp.test").expect("exmail MX");
    assert_eq!(
        providers_matching(&exmail),
        BTreeSet::from(["tencent-exmail".to_owned()])
    );
    let google = dns.mx("gsuite-corp.test").expect("google MX");
    assert_eq!(
        providers_matching(&google),
        BTreeSet::from(["google-workspace".to_owned()])
    );
}

/// Asks dnsmasq (serving `records`) for each domain's MX and checks that the provider files
/// recognise exactly `expected` from the whole answer and from each host on its own.
fn assert_mx_recognised(records: &Records, cases: &[(&str, &[&str])]) {
    let server = Dnsmasq::start(records);
    let dns = dns_for(&server);
    for (domain, expected) in cases {
        let expected: BTreeSet<String> = expected.iter().map(|id| (*id).to_owned()).collect();
        let records = dns
            .mx(domain)
            .unwrap_or_else(|e| panic!("{domain}: {e}\n{}", server.log()));
        assert!(!records.is_empty(), "{domain}: no MX answer");
        assert_eq!(providers_matching(&records), expected, "{domain}");
        for record in &records {
            assert_eq!(
                providers_matching(std::slice::from_ref(record)),
                expected,
                "{}",
                record.exchange
            );
        }
    }
}

#[test]
fn provider_data_recognises_alibaba_mail_by_both_documented_mx_sets() {
    // Alibaba's "What is an MX record?" page gives two sets: mx1-3.qiye.aliyun.com, or the
    // older mxhichina.com hosts. Both are enterprise mail, never personal Aliyun Mail.
    assert_mx_recognised(
        &Records::new()
            .mx("aliyun-corp.test", "mx1.qiye.aliyun.com", 5)
            .mx("aliyun-corp.test", "mx2.qiye.aliyun.com", 10)
            .mx("aliyun-corp.test", "mx3.qiye.aliyun.com", 15)
            .mx("hichina-corp.test", "mxn.mxhichina.com", 5)
            .mx("hichina-corp.test", "mxw.mxhichina.com", 10)
            .mx("lookalike-corp.test", "qiye.aliyun.com.evil.test", 5),
        &[
            ("aliyun-corp.test", &["aliyun-qiye"]),
            ("hichina-corp.test", &["aliyun-qiye"]),
            ("lookalike-corp.test", &[]),
        ],
    );
}

/// A "DNS server" that never answers: a UDP socket that reads and drops every datagram and a TCP
/// listener that accepts connections and stays silent. Lives until the test process ends.
fn start_silent_server() -> SocketAddr {
    for _ in 0..50 {
        let udp = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind UDP");
        let addr = udp.local_addr().expect("UDP address");
        let Ok(tcp) = TcpListener::bind(addr) else {
            continue;
        };
        thread::spawn(move || {
            let mut buf = [0u8; 1500];
            while udp.recv_from(&mut buf).is_ok() {}
        });
        thread::spawn(move || {
            let mut held = Vec::new();
            for stream in tcp.incoming().flatten() {
                // Keep it open; read nothing back, send nothing.
                held.push(stream);
            }
        });
        return addr;
    }
    panic!("no port free for both UDP and TCP");
}

#[test]
fn a_silent_server_times_out_within_the_timeout() {
    let addr = start_silent_server();
    let timeout = Duration::from_secs(1);
    let dns = Dns::new(Some(addr), timeout).expect("build the resolver");

    let started = Instant::now();
    let result = dns.mx("exmail-corp.test");
    let elapsed = started.elapsed();
    assert_eq!(result, Err(DnsError::Timeout));
    assert!(
        elapsed <= timeout + Duration::from_secs(1),
        "took {elapsed:?}"
    );
    assert!(
        elapsed >= timeout - Duration::from_millis(100),
        "gave up early: {elapsed:?}"
    );

    let started = Instant::now();
    let result = dns.srv("_imaps._tcp.exmail-corp.test");
    assert_eq!(result, Err(DnsError::Timeout));
    assert!(started.elapsed() <= timeout + Duration::from_secs(1));
}

#[test]
fn a_silent_tcp_peer_alone_does_not_hang() {
    // Nothing listens on UDP here at all (the port is closed, so datagrams are refused); the
    // answer must still come back as a failure within the timeout, not a hang.
    let tcp = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind TCP");
    let addr = tcp.local_addr().expect("TCP address");
    thread::spawn(move || {
        for mut stream in tcp.incoming().flatten() {
            let mut sink = Vec::new();
            let _ = stream.read_to_end(&mut sink);
        }
    });
    let timeout = Duration::from_secs(1);
    let dns = Dns::new(Some(addr), timeout).expect("build the resolver");
    let started = Instant::now();
    let result = dns.mx("exmail-corp.test");
    assert!(
        result.as_ref().is_err_and(|e| !e.is_not_found()),
        "{result:?}"
    );
    assert!(
        started.elapsed() <= timeout + Duration::from_secs(1),
        "took {:?}",
        started.elapsed()
    );
}

/// The remaining hosted-mail fingerprints from the provider files, each through a real DNS
/// answer: NetEase enterprise (and not NetEase personal mail, which shares mxmail.netease.com),
/// Fastmail and Yandex 360.
#[test]
fn provider_data_recognises_netease_enterprise_fastmail_and_yandex() {
    assert_mx_recognised(
        &Records::new()
            .mx("netease-corp.test", "qiye163mx01.mxmail.netease.com", 5)
            .mx("netease-corp.test", "qiye163mx02.mxmail.netease.com", 10)
            .mx("personal-163.test", "163mx01.mxmail.netease.com", 5)
            .mx("fastmail-corp.test", "in1-smtp.messagingengine.com", 10)
            .mx("fastmail-corp.test", "in2-smtp.messagingengine.com", 20)
            .mx("yandex-corp.test", "mx.yandex.net", 10),
        &[
            ("netease-corp.test", &["netease-qiye"]),
            ("personal-163.test", &[]),
            ("fastmail-corp.test", &["fastmail"]),
            ("yandex-corp.test", &["yandex"]),
        ],
    );
}
