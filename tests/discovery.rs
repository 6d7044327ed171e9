//! Automatic discovery end to end, none of it touching the internet: a real DNS server
//! (dnsmasq on loopback) for MX and SRV, a local HTTPS server with a throwaway CA for the
//! domain's autoconfig and the ISPDB, and a real Dovecot for guessing. Host names under `.test`
//! are mapped to loopback by a test resolver; certificate checks stay exactly as in production.

mod common;

use std::net::{SocketAddr, TcpListener, UdpSocket};
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use common::certs::TestCa;
use common::dnsmasq::{Dnsmasq, Records};
use common::dovecot::{CertKind, Options};
use common::https::{Answer, Server, ok, status};
use mailwiz::core::discovery::{Discovered, GuessPorts, NetConfig, Source, SourceStatus, discover};
use mailwiz::core::net::Resolver;
use mailwiz::core::probe::{CancelToken, Protocol};
use mailwiz::core::provider::model::{Endpoint, Security};

/// A port on which nothing listens (bound, then released).
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A configuration that reaches nothing but what the test names: DNS at `dns`, the ISPDB at a
/// closed port, no extra roots, every host name "not found".
fn net(dns: SocketAddr, timeout: Duration) -> NetConfig {
    NetConfig {
        dns_server: Some(dns),
        ispdb_url: format!("https://127.0.0.1:{}/v1.1/", closed_port()),
        extra_roots_pem: Vec::new(),
        timeout,
        guess_ports: GuessPorts::default(),
        resolve: Some(Resolver::custom(|host: &str, _port| {
            Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{host}: not found"),
            ))
        })),
    }
}

/// Maps every name for which `pick` gives an address to it (whatever port was asked for).
fn resolve_with(
    pick: impl Fn(&str, u16) -> Option<SocketAddr> + Send + Sync + 'static,
) -> Option<Resolver> {
    Some(Resolver::custom(move |host: &str, port: u16| {
        pick(host, port).map(|a| vec![a]).ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::NotFound, format!("{host}: not found"))
        })
    }))
}

fn run(
    address: &str,
    net: &NetConfig,
) -> (Option<Discovered>, Vec<(Source, SourceStatus)>, Duration) {
    let address = mailwiz::core::address::parse(address).expect("address");
    let started = Instant::now();
    let (found, statuses) = discover(&address, net, &CancelToken::new(), &mut |_| {});
    let took = started.elapsed();
    let statuses = statuses.into_iter().map(|p| (p.source, p.status)).collect();
    (found, statuses, took)
}

fn endpoint(host: &str, port: u16, security: Security) -> Endpoint {
    Endpoint {
        host: host.into(),
        port,
        security,
    }
}

const CONFIG: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.test">
    <domain>example.test</domain>
    <displayName>Example Mail</displayName>
    <incomingServer type="imap">
      <hostname>HOST</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>HOST</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
"#;

#[test]
fn lookup_names_tencent_exmail_for_an_exmail_mx() {
    let dns = Dnsmasq::start(
        &Records::new()
            .mx("exmail-corp.test", "mxbiz1.qq.com", 5)
            .mx("exmail-corp.test", "mxbiz2.qq.com", 10),
    );
    // The real binary, with the DNS server from the environment (flag first, then variable).
    let output = Command::new(env!("CARGO_BIN_EXE_mailwiz"))
        .args([
            "lookup",
            "someone@exmail-corp.test",
            "--json",
            "--lang",
            "en",
            "--timeout",
            "3",
            "--ispdb-url",
            &format!("https://127.0.0.1:{}/v1.1/", closed_port()),
        ])
        .env("MAILWIZ_DNS", dns.addr().to_string())
        .env_remove("MAILWIZ_ISPDB_URL")
        .env_remove("MAILWIZ_CA_FILE")
        .output()
        .expect("run mailwiz");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(v["provider_id"], "tencent-exmail");
    assert_eq!(v["source"], "mx");
    assert_eq!(v["trusted"], false);
    assert_eq!(v["address"], "someone@exmail-corp.test");
    assert_eq!(v["username"], "someone@exmail-corp.test");
    assert_eq!(
        v["imap"][0],
        serde_json::json!({"host": "imap.exmail.qq.com", "port": 993, "security": "tls"})
    );
    assert_eq!(v["smtp"][0]["host"], "smtp.exmail.qq.com");
    // Never reduced to personal QQ Mail.
    for list in ["imap", "pop3", "smtp"] {
        for e in v[list].as_array().unwrap() {
            let host = e["host"].as_str().unwrap();
            assert!(host.ends_with(".exmail.qq.com"), "{host}");
        }
    }
    assert!(
        v["display_name"].as_str().unwrap().contains("Exmail"),
        "{stdout}"
    );

    // The text form says where the settings came from and that they need checking.
    let text = Command::new(env!("CARGO_BIN_EXE_mailwiz"))
        .args([
            "lookup",
            "someone@exmail-corp.test",
            "--lang",
            "en",
            "--timeout",
            "3",
        ])
        .args(["--dns", &dns.addr().to_string()])
        .args([
            "--ispdb-url",
            &format!("https://127.0.0.1:{}/", closed_port()),
        ])
        .output()
        .expect("run mailwiz");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("imap.exmail.qq.com") && text.contains("(MX)"),
        "{text}"
    );
    assert!(text.contains("IT department"), "{text}");
}

#[test]
fn google_hosted_domain_is_google_workspace() {
    let dns = Dnsmasq::start(
        &Records::new()
            .mx("gsuite-corp.test", "aspmx.l.google.com", 1)
            .mx("gsuite-corp.test", "alt1.aspmx.l.google.com", 5),
    );
    let (found, _, _) = run(
        "a@gsuite-corp.test",
        &net(dns.addr(), Duration::from_secs(3)),
    );
    let found = found.expect("found");
    assert_eq!(found.source, Source::Mx);
    assert_eq!(found.provider_id.as_deref(), Some("google-workspace"));
    assert!(!found.trusted);
    assert_eq!(found.imap[0].host, "imap.gmail.com");
}

#[test]
fn a_domain_with_nothing_finds_nothing_quickly() {
    let dns = Dnsmasq::start(&Records::new());
    let (found, statuses, took) = run("a@nothing.test", &net(dns.addr(), Duration::from_secs(3)));
    assert!(found.is_none());
    assert!(
        statuses
            .iter()
            .all(|(_, s)| matches!(s, SourceStatus::Nothing(_))),
        "{statuses:?}"
    );
    // Every source fails at once (NXDOMAIN, refused): no timeout is waited for.
    assert!(took < Duration::from_secs(3), "{took:?}");
}

#[test]
fn srv_records_inside_the_domain_are_trusted_and_dot_means_not_offered() {
    let dns = Dnsmasq::start(
        &Records::new()
            .srv("_imaps._tcp.srv-corp.test", "imap.srv-corp.test", 993, 0, 1)
            .srv_not_offered("_pop3s._tcp.srv-corp.test")
            .srv(
                "_submission._tcp.srv-corp.test",
                "smtp.srv-corp.test",
                587,
                0,
                1,
            ),
    );
    let (found, _, _) = run("a@srv-corp.test", &net(dns.addr(), Duration::from_secs(3)));
    let found = found.expect("found");
    assert_eq!(found.source, Source::Srv);
    assert!(found.trusted);
    assert_eq!(
        found.imap,
        [endpoint("imap.srv-corp.test", 993, Security::Tls)]
    );
    assert!(found.pop3.is_empty());
    assert_eq!(
        found.smtp,
        [endpoint("smtp.srv-corp.test", 587, Security::Starttls)]
    );

    // Pointing outside the domain: needs the person's confirmation (RFC 6186 §6).
    let dns = Dnsmasq::start(
        &Records::new()
            .srv(
                "_imaps._tcp.srv-corp.test",
                "imap.elsewhere.test",
                993,
                0,
                1,
            )
            .srv(
                "_submissions._tcp.srv-corp.test",
                "smtp.srv-corp.test",
                465,
                0,
                1,
            ),
    );
    let (found, _, _) = run("a@srv-corp.test", &net(dns.addr(), Duration::from_secs(3)));
    let found = found.expect("found");
    assert_eq!(found.source, Source::Srv);
    assert!(!found.trusted);
}

#[test]
fn the_domains_own_autoconfig_wins_and_is_trusted() {
    let ca = TestCa::new("mailwiz discovery test CA");
    let cert = ca.server_cert(&["autoconfig.example.test", "example.test"]);
    let body = CONFIG.replace("HOST", "mail.example.test");
    let server = Server::start(&cert, move |request| {
        if request.target.starts_with("/mail/config-v1.1.xml") {
            ok(&body)
        } else {
            status(404, "Not Found")
        }
    });
    // MX would also answer (Exmail), but autoconfig has the higher priority.
    let dns = Dnsmasq::start(&Records::new().mx("example.test", "mxbiz1.qq.com", 5));
    let mut config = net(dns.addr(), Duration::from_secs(5));
    config.extra_roots_pem = vec![ca.ca_pem()];
    let port = server.port;
    config.resolve = resolve_with(move |host, _| {
        (host == "autoconfig.example.test").then(|| SocketAddr::from(([127, 0, 0, 1], port)))
    });
    let (found, _, took) = run("someone@example.test", &config);
    let found = found.expect("found");
    assert_eq!(found.source, Source::Autoconfig);
    assert!(found.trusted);
    assert_eq!(
        found.imap,
        [endpoint("mail.example.test", 993, Security::Tls)]
    );
    assert!(took < Duration::from_secs(4), "{took:?}");
}

#[test]
fn ispdb_for_a_hosted_domain_needs_confirmation() {
    let ca = TestCa::new("mailwiz discovery test CA");
    let cert = ca.server_cert(&["ispdb.example.test"]);
    let body = CONFIG.replace("HOST", "mail.hoster.test");
    let server = Server::start(&cert, move |request| {
        if request.target == "/v1.1/example.test" {
            ok(&body)
        } else {
            status(404, "Not Found")
        }
    });
    let dns = Dnsmasq::start(&Records::new());
    let mut config = net(dns.addr(), Duration::from_secs(5));
    config.extra_roots_pem = vec![ca.ca_pem()];
    config.ispdb_url = "https://ispdb.example.test/v1.1/".into();
    let port = server.port;
    config.resolve = resolve_with(move |host, _| {
        (host == "ispdb.example.test").then(|| SocketAddr::from(([127, 0, 0, 1], port)))
    });
    let (found, _, _) = run("someone@example.test", &config);
    let found = found.expect("found");
    assert_eq!(found.source, Source::Ispdb);
    assert!(!found.trusted);
    assert_eq!(
        found.smtp,
        [endpoint("mail.hoster.test", 465, Security::Tls)]
    );
}

#[test]
fn guessing_finds_a_real_dovecot_and_checks_its_certificate() {
    // Dovecot's certificate names only mail.example.test, so imap.example.test and the bare
    // domain (which reach the same server) fail the certificate check and are not chosen.
    let dovecot = common::Dovecot::start_with(
        &[("someone@example.test", "abcdefghijklmnop")],
        Options {
            cert: CertKind::OtherName,
            ..Options::default()
        },
    );
    let dns = Dnsmasq::start(&Records::new());
    let mut config = net(dns.addr(), Duration::from_secs(5));
    config.extra_roots_pem = vec![dovecot.ca_pem()];
    let p = dovecot.ports;
    config.guess_ports = GuessPorts {
        imap: (p.imap_tls, p.imap_starttls),
        pop3: (p.pop3_tls, p.pop3_starttls),
        smtp: (p.smtp_tls, p.smtp_starttls),
    };
    let host: std::net::IpAddr = dovecot.host().parse().unwrap();
    config.resolve = resolve_with(move |name, port| {
        let guessed = ["imap", "pop", "pop3", "smtp", "mail"]
            .iter()
            .any(|p| name == format!("{p}.example.test"))
            || name == "example.test";
        guessed.then(|| SocketAddr::new(host, port))
    });
    let (found, _, _) = run("someone@example.test", &config);
    let found = found.expect("found");
    assert_eq!(found.source, Source::Guess);
    assert!(!found.trusted);
    assert_eq!(
        found.imap,
        [endpoint("mail.example.test", p.imap_tls, Security::Tls)]
    );
    assert_eq!(
        found.pop3,
        [endpoint("mail.example.test", p.pop3_tls, Security::Tls)]
    );
    assert_eq!(
        found.smtp,
        [endpoint("mail.example.test", p.smtp_tls, Security::Tls)]
    );
    let _ = Protocol::Imap;
}

/// A TCP listener that accepts and never says a word.
fn silent_tcp() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    addr
}

/// A DNS "server" that never answers.
fn silent_dns() -> (UdpSocket, SocketAddr) {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = socket.local_addr().unwrap();
    (socket, addr)
}

#[test]
fn parallel_not_summed_one_silent_source_costs_its_own_timeout() {
    // The domain's autoconfig server accepts TLS and then never answers; MX answers at once.
    let ca = TestCa::new("mailwiz discovery test CA");
    let cert = ca.server_cert(&["autoconfig.exmail-corp.test", "exmail-corp.test"]);
    let server = Server::start(&cert, |_| Answer::Silence(Duration::from_secs(30)));
    let dns = Dnsmasq::start(&Records::new().mx("exmail-corp.test", "mxbiz1.qq.com", 5));
    let timeout = Duration::from_secs(2);
    let mut config = net(dns.addr(), timeout);
    config.extra_roots_pem = vec![ca.ca_pem()];
    let port = server.port;
    config.resolve = resolve_with(move |host, _| {
        host.ends_with("exmail-corp.test")
            .then(|| SocketAddr::from(([127, 0, 0, 1], port)))
    });
    let (found, statuses, took) = run("a@exmail-corp.test", &config);
    assert_eq!(found.expect("found").source, Source::Mx, "{statuses:?}");
    assert!(
        took < timeout + Duration::from_millis(1500),
        "took {took:?} with a {timeout:?} timeout: {statuses:?}"
    );
}

/// The overall bound. It holds through the hard stop alone, whether or not the sources run in
/// parallel; `parallel_not_summed_two_silent_sources_still_let_srv_answer` is the test that
/// fails if they were run one after another.
#[test]
fn parallel_not_summed_every_source_silent() {
    // DNS never answers, the ISPDB and autoconfig servers accept and never answer, and every
    // guessed server accepts and never greets: six sources, each with a 2 s limit.
    let (_dns_socket, dns) = silent_dns();
    let silent = silent_tcp();
    let timeout = Duration::from_secs(2);
    let mut config = net(dns, timeout);
    config.ispdb_url = "https://ispdb.slow.test/v1.1/".into();
    config.resolve = resolve_with(move |_, _| Some(silent));
    let (found, statuses, took) = run("a@slow.test", &config);
    assert!(found.is_none(), "{statuses:?}");
    assert!(
        took < timeout + Duration::from_millis(1500),
        "took {took:?} with a {timeout:?} timeout: {statuses:?}"
    );
}

#[test]
fn parallel_not_summed_two_silent_sources_still_let_srv_answer() {
    // Autoconfig (both of the domain's places) and the ISPDB accept the connection and never
    // say a word; MX has no record and guessing finds no host at once; SRV, two places lower in
    // priority, answers at once. In parallel, the search waits one timeout for the two silent
    // sources and then takes SRV. One after another, the two silent sources alone would take
    // two timeouts, and SRV would only be asked after that: the hard stop (one timeout plus
    // half a second) would end the search with nothing, and without it the time bound fails.
    let silent = silent_tcp();
    let dns = Dnsmasq::start(
        &Records::new()
            .srv("_imaps._tcp.srv-corp.test", "imap.srv-corp.test", 993, 0, 1)
            .srv(
                "_submission._tcp.srv-corp.test",
                "smtp.srv-corp.test",
                587,
                0,
                1,
            ),
    );
    let timeout = Duration::from_secs(3);
    let mut config = net(dns.addr(), timeout);
    config.ispdb_url = "https://ispdb.blackhole.test/v1.1/".into();
    config.resolve = resolve_with(move |host, port| {
        let https = [
            "autoconfig.srv-corp.test",
            "srv-corp.test",
            "ispdb.blackhole.test",
        ];
        (port == 443 && https.contains(&host)).then_some(silent)
    });
    let (found, statuses, took) = run("a@srv-corp.test", &config);
    let found = found.unwrap_or_else(|| panic!("nothing found: {statuses:?}"));
    assert_eq!(found.source, Source::Srv, "{statuses:?}");
    assert_eq!(
        found.imap,
        [endpoint("imap.srv-corp.test", 993, Security::Tls)]
    );
    assert_eq!(
        found.smtp,
        [endpoint("smtp.srv-corp.test", 587, Security::Starttls)]
    );
    // The two higher-priority sources really were silent: they ran out of time (so SRV could
    // only win after them), they did not fail fast.
    for source in [Source::Autoconfig, Source::Ispdb] {
        let status = statuses
            .iter()
            .find(|(s, _)| *s == source)
            .map(|(_, st)| st);
        assert!(
            matches!(status, Some(SourceStatus::Nothing(reason)) if reason.contains("time limit")),
            "{source:?}: {status:?}"
        );
    }
    // One source timeout plus a small margin, not the sum of the two silent ones.
    assert!(
        took < timeout + Duration::from_millis(1500),
        "took {took:?} with a {timeout:?} timeout per source: {statuses:?}"
    );
}

#[test]
fn the_built_in_ispdb_copy_answers_offline_for_every_one_of_its_domains() {
    // Nothing answers on the network: a DNS port and an ISPDB nobody listens on.
    let nowhere = SocketAddr::from(([127, 0, 0, 1], closed_port()));
    let net = net(nowhere, Duration::from_millis(500));
    let (mut answered, mut own, mut total) = (0, 0, 0);
    for provider in mailwiz::core::ispdb::snapshot().all() {
        for domain in &provider.domains {
            total += 1;
            let (found, statuses, _) = run(&format!("someone@{domain}"), &net);
            let found = found.unwrap_or_else(|| panic!("{domain}: {statuses:?}"));
            if mailwiz::core::provider::database()
                .by_domain(domain)
                .is_some()
            {
                // mailwiz's own file wins.
                assert_eq!(found.source, Source::Builtin, "{domain}");
                own += 1;
                continue;
            }
            assert_eq!(found.source, Source::Ispdb, "{domain}");
            assert!(
                found.trusted,
                "{domain}: shipped data needs no confirmation"
            );
            assert_eq!(found.provider_id.as_deref(), Some(provider.id.as_str()));
            assert_eq!(found.imap, provider.imap, "{domain}");
            assert_eq!(found.smtp, provider.smtp, "{domain}");
            answered += 1;
        }
    }
    assert_eq!(
        answered + own,
        total,
        "every domain of the copy answers offline"
    );
    assert!(
        answered > 700,
        "only {answered} domains answered from the copy"
    );
}

#[test]
fn an_mx_host_under_a_domain_of_the_ispdb_copy_names_its_servers() {
    let dns = Dnsmasq::start(&Records::new().mx("hosted-at-webde.test", "mx-ha03.web.de", 10));
    let (found, statuses, _) = run(
        "someone@hosted-at-webde.test",
        &net(dns.addr(), Duration::from_secs(3)),
    );
    let found = found.unwrap_or_else(|| panic!("{statuses:?}\n{}", dns.log()));
    assert_eq!(found.source, Source::Mx);
    assert!(
        !found.trusted,
        "servers of another domain: the person confirms"
    );
    assert_eq!(
        found.imap.first(),
        Some(&endpoint("imap.web.de", 993, Security::Tls))
    );
}

#[test]
fn lookup_says_the_answer_came_from_the_built_in_copy() {
    let output = Command::new(env!("CARGO_BIN_EXE_mailwiz"))
        .args(["lookup", "someone@web.de", "--json", "--lang", "en"])
        .args(["--dns", &format!("127.0.0.1:{}", closed_port())])
        .args([
            "--ispdb-url",
            &format!("https://127.0.0.1:{}/v1.1/", closed_port()),
        ])
        .env_remove("MAILWIZ_CA_FILE")
        .output()
        .expect("run mailwiz");
    let v: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(v["source"], "ispdb");
    assert_eq!(v["trusted"], true);
    assert_eq!(v["ispdb_snapshot"], mailwiz::core::ispdb::SNAPSHOT_DATE);
    assert_eq!(v["imap"][0]["host"], "imap.web.de");
    // mailwiz's own file still wins where there is one.
    let own = Command::new(env!("CARGO_BIN_EXE_mailwiz"))
        .args(["lookup", "someone@163.com", "--json"])
        .output()
        .expect("run mailwiz");
    let v: serde_json::Value = serde_json::from_slice(&own.stdout).expect("json");
    assert_eq!(v["source"], "builtin");
    assert_eq!(v["provider_id"], "netease-163");
    assert!(v.get("ispdb_snapshot").is_none());
}
