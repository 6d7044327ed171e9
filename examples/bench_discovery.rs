//! Benchmark (not a test): how long automatic discovery takes for a domain that is not in the
//! built-in list, with the default per-source timeout (5 s), all six sources running at once.
//!
//! Everything is local: dnsmasq on loopback answers MX and SRV, a local HTTPS server with a
//! throwaway CA serves the domain's autoconfig and the ISPDB, and a real Dovecot answers the
//! guesses. Scenarios, N runs each (median and worst):
//! 1. every source answers (the domain's own autoconfig wins);
//! 2. only the lower sources answer (autoconfig 404s, MX wins after the ISPDB said no);
//! 3. one source black-holed: the autoconfig server accepts and never answers (MX wins once
//!    autoconfig's own timeout has passed);
//! 4. every source black-holed (DNS never answers, HTTPS and mail servers accept and stay
//!    silent): the worst case.
//!
//! Run with `scripts/bench-discovery.sh`; `BENCH_N` sets the number of runs (default 5).

#[path = "../tests/common/mod.rs"]
mod common;

use std::net::{SocketAddr, TcpListener, UdpSocket};
use std::thread;
use std::time::{Duration, Instant};

use common::certs::TestCa;
use common::dnsmasq::{Dnsmasq, Records};
use common::https::{Answer, Server, ok, status};
use mailwiz::core::discovery::{GuessPorts, NetConfig, Source, discover};
use mailwiz::core::net::Resolver;
use mailwiz::core::probe::CancelToken;

const DOMAIN: &str = "bench-corp.test";

const CONFIG: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="bench-corp.test">
    <domain>bench-corp.test</domain>
    <displayName>Bench Corp</displayName>
    <incomingServer type="imap">
      <hostname>mail.bench-corp.test</hostname><port>993</port><socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>mail.bench-corp.test</hostname><port>465</port><socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
"#;

fn silent_tcp() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    addr
}

fn main() {
    let runs: usize = std::env::var("BENCH_N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let ca = TestCa::new("mailwiz discovery bench CA");
    let cert = ca.server_cert(&[&format!("autoconfig.{DOMAIN}"), DOMAIN, "ispdb.bench.test"]);
    let answering = Server::start(&cert, |r| {
        if r.target.starts_with("/mail/config-v1.1.xml") || r.target == format!("/v1.1/{DOMAIN}") {
            ok(CONFIG)
        } else {
            status(404, "Not Found")
        }
    });
    let not_found = Server::start(&cert, |_| status(404, "Not Found"));
    let silent_https = Server::start(&cert, |_| Answer::Silence(Duration::from_secs(60)));
    let dns = Dnsmasq::start(
        &Records::new()
            .mx(DOMAIN, "mxbiz1.qq.com", 5)
            .srv(
                &format!("_imaps._tcp.{DOMAIN}"),
                &format!("mail.{DOMAIN}"),
                993,
                0,
                1,
            )
            .srv(
                &format!("_submissions._tcp.{DOMAIN}"),
                &format!("mail.{DOMAIN}"),
                465,
                0,
                1,
            ),
    );
    let dovecot = common::Dovecot::start(&[("someone@bench-corp.test", "abcdefghijklmnop")]);
    let (_silent_dns_socket, silent_dns) = {
        let s = UdpSocket::bind("127.0.0.1:0").expect("bind");
        let a = s.local_addr().expect("addr");
        (s, a)
    };
    let silent_mail = silent_tcp();
    let p = dovecot.ports;
    let dovecot_ip: std::net::IpAddr = dovecot.host().parse().expect("ip");

    let base = |https_port: u16, dns_server: SocketAddr, mail: Option<SocketAddr>| {
        let mut net = NetConfig {
            dns_server: Some(dns_server),
            ispdb_url: "https://ispdb.bench.test/v1.1/".into(),
            extra_roots_pem: vec![ca.ca_pem(), dovecot.ca_pem()],
            guess_ports: GuessPorts {
                imap: (p.imap_tls, p.imap_starttls),
                pop3: (p.pop3_tls, p.pop3_starttls),
                smtp: (p.smtp_tls, p.smtp_starttls),
            },
            ..NetConfig::default()
        };
        net.resolve = Some(Resolver::custom(move |host: &str, port: u16| {
            let https =
                host.starts_with("autoconfig.") || host == DOMAIN || host.starts_with("ispdb.");
            if https && (port == 443) {
                return Ok(vec![SocketAddr::from(([127, 0, 0, 1], https_port))]);
            }
            Ok(vec![mail.unwrap_or(SocketAddr::new(dovecot_ip, port))])
        }));
        net
    };
    println!(
        "mailwiz discovery benchmark: {DOMAIN}, default per-source timeout {:?}, {runs} runs each",
        NetConfig::default().timeout
    );
    let scenarios: Vec<(&str, NetConfig)> = vec![
        (
            "every source answers",
            base(answering.port, dns.addr(), None),
        ),
        (
            "autoconfig and ISPDB say 404",
            base(not_found.port, dns.addr(), None),
        ),
        (
            "autoconfig + ISPDB black-holed",
            base(silent_https.port, dns.addr(), None),
        ),
        (
            "every source black-holed",
            base(silent_https.port, silent_dns, Some(silent_mail)),
        ),
    ];
    let address = mailwiz::core::address::parse(&format!("someone@{DOMAIN}")).expect("address");
    for (name, net) in scenarios {
        let mut times = Vec::new();
        let mut winner = None;
        for _ in 0..runs {
            let started = Instant::now();
            let (found, _) = discover(&address, &net, &CancelToken::new(), &mut |_| {});
            times.push(started.elapsed());
            winner = found.map(|d| d.source);
        }
        times.sort();
        let median = times[times.len() / 2];
        let worst = times[times.len() - 1];
        println!(
            "{name:<34} winner {:<10} median {:>7.1} ms  worst {:>7.1} ms",
            winner.map_or("none", Source::code),
            median.as_secs_f64() * 1000.0,
            worst.as_secs_f64() * 1000.0
        );
    }
}
