//! `mailwiz domain check` and `domain publish` against real parts on loopback: the local HTTPS
//! server (autoconfig and Autodiscover files, answered by host name), dnsmasq (MX and SRV
//! records) and a real Dovecot (the mail servers the check connects to, TLS verified).
//!
//! The acceptance test is the round trip: publish the settings of a domain, serve exactly the
//! published files and zone lines, check the domain, and every program's row is green. Then one
//! domain broken in each way the check must see, and a domain with nothing published.

mod common;

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::Path;
use std::process::Command as Process;
use std::sync::Arc;
use std::time::Duration;

use common::certs::TestCa;
use common::dnsmasq::{Dnsmasq, Records};
use common::dovecot::{CertKind, Dovecot, Options};
use common::https::{Server, ok, status};
use mailwiz::core::discovery::{GuessPorts, NetConfig};
use mailwiz::core::domain::{
    CheckReport, ClientKind, Place, Problem, Published, Verdict, check, publish,
};
use mailwiz::core::i18n::Lang;
use mailwiz::core::net::{CancelToken, Resolver};
use mailwiz::core::probe::Protocol;
use mailwiz::core::provider::model::Security;
use mailwiz::core::settings::{Incoming, ServerChoice, resolve};

const DOMAIN: &str = "example.test";
const MAIL_HOST: &str = "mail.example.test";
const WEB_NAMES: &[&str] = &[
    "example.test",
    "autoconfig.example.test",
    "autodiscover.example.test",
    "mta-sts.example.test",
];

/// A clientConfig for the domain's servers: Dovecot's IMAP and SMTP with implicit TLS, or with
/// `security` for both.
fn client_config(dovecot: &Dovecot, socket_type: &str, security: Security) -> String {
    let imap = dovecot.port(Protocol::Imap, security);
    let smtp = dovecot.port(Protocol::Smtp, security);
    format!(
        r#"<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="{DOMAIN}"><domain>{DOMAIN}</domain>
<displayName>Example</displayName>
<incomingServer type="imap"><hostname>{MAIL_HOST}</hostname><port>{imap}</port>
<socketType>{socket_type}</socketType><username>%EMAILADDRESS%</username>
<authentication>password-cleartext</authentication></incomingServer>
<outgoingServer type="smtp"><hostname>{MAIL_HOST}</hostname><port>{smtp}</port>
<socketType>{socket_type}</socketType><username>%EMAILADDRESS%</username>
<authentication>password-cleartext</authentication></outgoingServer>
</emailProvider></clientConfig>"#
    )
}

/// Publishes a clientConfig through the command line, as an administrator would; returns the
/// folder's files.
fn publish_cli(config_xml: &str, dir: &Path) -> Published {
    let file = dir.join("config-v1.1.xml");
    std::fs::write(&file, config_xml).unwrap();
    let out_dir = dir.join("published");
    let out = Process::new(env!("CARGO_BIN_EXE_mailwiz"))
        .args(["--lang", "en", "domain", "publish", DOMAIN, "--from"])
        .arg(&file)
        .arg("-o")
        .arg(&out_dir)
        .output()
        .expect("run mailwiz");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let mut files = Vec::new();
    for relative in [
        "autoconfig.example.test/mail/config-v1.1.xml",
        "example.test/.well-known/autoconfig/mail/config-v1.1.xml",
        "example.test/autodiscover/autodiscover.xml",
        "autodiscover.example.test/autodiscover/autodiscover.xml",
        "dns/example.test.zone",
        "postmaster@example.test.mobileconfig",
        "README.txt",
    ] {
        let content = std::fs::read(out_dir.join(relative))
            .unwrap_or_else(|e| panic!("{relative} was not written: {e}"));
        files.push((relative.into(), content));
    }
    Published { files }
}

/// Serves the published web files by host name and path, whatever the method (Outlook POSTs).
fn serve(published: &Published, ca: &TestCa) -> Server {
    let files: Vec<(String, Vec<u8>)> = published
        .files
        .iter()
        .map(|(p, c)| (p.display().to_string(), c.clone()))
        .collect();
    let files = Arc::new(files);
    Server::start(&ca.server_cert(WEB_NAMES), move |request| {
        let host = request.header("host").unwrap_or_default();
        let path = request.target.split('?').next().unwrap_or_default();
        let wanted = format!("{host}{path}");
        match files.iter().find(|(p, _)| *p == wanted) {
            Some((_, content)) => ok(&String::from_utf8_lossy(content)),
            None => status(404, "Not Found"),
        }
    })
}

/// The zone file's SRV lines as dnsmasq records (the administrator's DNS step).
fn records_from_zone(zone: &str, mut records: Records) -> Records {
    for line in zone
        .lines()
        .filter(|l| !l.starts_with(';') && !l.is_empty())
    {
        let f: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(&f[1..4], ["3600", "IN", "SRV"], "{line}");
        records = records.srv(
            f[0].trim_end_matches('.'),
            f[7].trim_end_matches('.'),
            f[6].parse().unwrap(),
            f[4].parse().unwrap(),
            f[5].parse().unwrap(),
        );
    }
    records
}

/// Everything the check needs: DNS from dnsmasq, HTTPS names to the local server, the mail host
/// (any port) to Dovecot, both test CAs trusted, no ISPDB reachable.
fn net_for(dns: &Dnsmasq, https: &Server, web_ca: &TestCa, mail_ca: Vec<u8>) -> NetConfig {
    let https_port = https.port;
    let closed = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    NetConfig {
        dns_server: Some(dns.addr()),
        ispdb_url: format!("https://127.0.0.1:{closed}/v1.1/"),
        extra_roots_pem: vec![web_ca.ca_pem(), mail_ca],
        timeout: Duration::from_secs(5),
        guess_ports: GuessPorts::default(),
        resolve: Some(Resolver::custom(move |host: &str, port: u16| {
            if port == 443 && WEB_NAMES.contains(&host) {
                Ok(vec![SocketAddr::from(([127, 0, 0, 1], https_port))])
            } else if host == MAIL_HOST {
                Ok(vec![SocketAddr::from(([127, 0, 0, 2], port))])
            } else {
                Err(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no such host",
                ))
            }
        })),
    }
}

fn row(report: &CheckReport, client: ClientKind) -> &mailwiz::core::domain::ClientRow {
    report.clients.iter().find(|r| r.client == client).unwrap()
}

fn run_check(net: &NetConfig) -> CheckReport {
    check(DOMAIN, None, net, &CancelToken::new()).expect("a domain")
}

/// Publish → serve → check: every program finds the same, encrypted, working servers.
#[test]
fn published_files_make_every_program_green() {
    let dovecot = Dovecot::start_with(
        &[("postmaster@example.test", "pw")],
        Options {
            cert: CertKind::OtherName, // a certificate for mail.example.test
            ..Options::default()
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let published = publish_cli(&client_config(&dovecot, "SSL", Security::Tls), dir.path());
    let web_ca = TestCa::new("mailwiz domain web CA");
    let https = serve(&published, &web_ca);
    let zone =
        String::from_utf8(published.file("dns/example.test.zone").unwrap().to_vec()).unwrap();
    let records = records_from_zone(&zone, Records::new().mx(DOMAIN, MAIL_HOST, 10))
        .a(MAIL_HOST, Ipv4Addr::new(127, 0, 0, 2));
    let dns = Dnsmasq::start(&records);
    let report = run_check(&net_for(&dns, &https, &web_ca, dovecot.ca_pem()));
    let text = mailwiz::core::domain::report_text(&report, Lang::En);
    assert!(report.all_ok(), "{text}");
    for r in &report.clients {
        let expected = if r.client == ClientKind::AppleMail {
            Verdict::ProfileOnly
        } else {
            Verdict::Ok
        };
        assert_eq!(r.verdict, expected, "{:?}\n{text}", r.client);
    }
    assert_eq!(
        row(&report, ClientKind::Thunderbird).found_at,
        Some(Place::AutoconfigHost)
    );
    assert_eq!(
        row(&report, ClientKind::Outlook).found_at,
        Some(Place::AutodiscoverRoot)
    );
    assert_eq!(
        row(&report, ClientKind::SrvReaders).found_at,
        Some(Place::Srv)
    );
    let servers = row(&report, ClientKind::Outlook).servers.clone().unwrap();
    assert_eq!(servers.imap[0].host, MAIL_HOST);
    assert_eq!(servers.imap[0].security, Security::Tls);
    // Every other place answered too, with the same servers.
    for place in [
        Place::AutoconfigWellKnown,
        Place::AutodiscoverHost,
        Place::AutodiscoverSrv,
    ] {
        let f = report.findings.iter().find(|f| f.place == place).unwrap();
        assert_eq!(f.servers.as_ref(), Some(&servers), "{place:?}\n{text}");
    }
    assert!(report.servers.iter().all(|s| s.problem.is_none()), "{text}");
    // Outlook's request was a POST with the POX body.
    assert!(
        https
            .requests()
            .iter()
            .any(|r| r.line.starts_with("POST /autodiscover/autodiscover.xml")),
        "{:?}",
        https.requests()
    );
}

/// The same files, but the mail server's certificate is for other names: every program is told
/// which server fails and why.
#[test]
fn a_certificate_for_another_name_is_named() {
    let dovecot = Dovecot::start_with(&[("postmaster@example.test", "pw")], Options::default());
    let dir = tempfile::tempdir().unwrap();
    let published = publish_cli(&client_config(&dovecot, "SSL", Security::Tls), dir.path());
    let web_ca = TestCa::new("mailwiz domain web CA");
    let https = serve(&published, &web_ca);
    let dns = Dnsmasq::start(&Records::new().a(MAIL_HOST, Ipv4Addr::new(127, 0, 0, 2)));
    let report = run_check(&net_for(&dns, &https, &web_ca, dovecot.ca_pem()));
    let tb = row(&report, ClientKind::Thunderbird);
    assert_eq!(tb.verdict, Verdict::Problems);
    assert!(
        tb.problems.iter().any(|p| matches!(
            p,
            Problem::ServerFailed { code, .. }
                if *code == mailwiz::core::diagnosis::Code::CertificateNameMismatch
        )),
        "{:?}",
        tb.problems
    );
    // No SRV records were published here: those programs find nothing.
    assert_eq!(
        row(&report, ClientKind::SrvReaders).verdict,
        Verdict::Nothing
    );
    assert!(!report.all_ok());
}

/// An autoconfig file without encryption, SRV records pointing to another domain, and MX records
/// naming Tencent Exmail while the autoconfig file names the domain's own server.
#[test]
fn plain_text_foreign_srv_and_contradicting_mx_are_named() {
    let dovecot = Dovecot::start_with(
        &[("postmaster@example.test", "pw")],
        Options {
            cert: CertKind::OtherName,
            ..Options::default()
        },
    );
    let web_ca = TestCa::new("mailwiz domain web CA");
    let plain = client_config(&dovecot, "plain", Security::None);
    let https = Server::start(&web_ca.server_cert(WEB_NAMES), move |request| match request
        .header("host")
        .as_deref()
    {
        Some("autoconfig.example.test") => ok(&plain),
        Some("mta-sts.example.test") => {
            ok("version: STSv1\nmode: testing\nmx: mxbiz1.qq.com\nmax_age: 86400\n")
        }
        _ => status(404, "Not Found"),
    });
    let records = Records::new()
        .txt("_mta-sts.example.test", "v=STSv1; id=20261204")
        .mx(DOMAIN, "mxbiz1.qq.com", 5)
        .srv("_imaps._tcp.example.test", "imap.hoster.test", 993, 0, 1)
        .srv(
            "_submissions._tcp.example.test",
            "smtp.hoster.test",
            465,
            0,
            1,
        );
    let dns = Dnsmasq::start(&records);
    let report = run_check(&net_for(&dns, &https, &web_ca, dovecot.ca_pem()));
    let tb = row(&report, ClientKind::Thunderbird);
    assert!(
        tb.problems
            .iter()
            .any(|p| matches!(p, Problem::Unencrypted { .. })),
        "{:?}",
        tb.problems
    );
    assert!(
        tb.problems.contains(&Problem::Differs {
            place: Place::MxProvider
        }),
        "{:?}",
        tb.problems
    );
    let mx = report
        .findings
        .iter()
        .find(|f| f.place == Place::MxProvider)
        .unwrap();
    assert_eq!(mx.provider_id.as_deref(), Some("tencent-exmail"));
    let srv = row(&report, ClientKind::SrvReaders);
    assert!(
        srv.problems
            .contains(&Problem::OutsideDomain { place: Place::Srv }),
        "{:?}",
        srv.problems
    );
    assert_eq!(row(&report, ClientKind::Outlook).verdict, Verdict::Nothing);
    assert_eq!(
        report.mta_sts,
        mailwiz::core::domain::MtaSts::Policy {
            mode: "testing".into()
        },
        "{}",
        dns.log()
    );
}

/// Nothing published: the command line says so for every program, exits 1, and its JSON has one
/// row per program.
#[test]
fn nothing_published_is_said_and_exits_1() {
    let dns = Dnsmasq::start(&Records::new());
    let closed = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let run = |json: bool| {
        let mut cmd = Process::new(env!("CARGO_BIN_EXE_mailwiz"));
        cmd.args(["--lang", "en", "domain", "check", DOMAIN, "--timeout", "3"])
            .args(["--dns", &dns.addr().to_string()])
            .args(["--ispdb-url", &format!("https://127.0.0.1:{closed}/v1.1/")])
            .env_remove("MAILWIZ_CA_FILE");
        if json {
            cmd.arg("--json");
        }
        cmd.output().expect("run mailwiz")
    };
    let out = run(false);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Thunderbird for Android"), "{text}");
    assert_eq!(text.matches("finds nothing").count(), 5, "{text}");
    let out = run(true);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["domain"], DOMAIN);
    assert_eq!(
        json["clients"].as_array().unwrap().len(),
        ClientKind::ALL.len()
    );
    assert_eq!(json["clients"][0]["verdict"], "nothing");
    assert_eq!(json["mta_sts"]["status"], "none");

    // Bad input is exit 2 with words, never a panic.
    let bad = Process::new(env!("CARGO_BIN_EXE_mailwiz"))
        .args(["--lang", "en", "domain", "check", "not a domain"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("domain"));
}

/// Publishing from an address mailwiz knows; refused for an address of another domain and for a
/// provider that accepts only its own sign-in (no file can set that up).
#[test]
fn publish_from_an_address_and_what_it_refuses() {
    let s = resolve("postmaster@163.com", Incoming::Imap, ServerChoice::Detected).unwrap();
    let p = publish("163.com", &s, Lang::ZhTw).unwrap();
    let readme = String::from_utf8(p.file("README.txt").unwrap().to_vec()).unwrap();
    assert!(readme.contains("autoconfig.163.com/"), "{readme}");
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Process::new(env!("CARGO_BIN_EXE_mailwiz"))
            .args(["--lang", "en", "domain", "publish"])
            .args(args)
            .arg("-o")
            .arg(dir.path().join("out"))
            .output()
            .unwrap()
    };
    assert_eq!(
        run(&["qq.com", "--from", "someone@163.com"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["outlook.com", "--from", "someone@outlook.com"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&["163.com", "--from", "someone@163.com"]).status.code(),
        Some(0)
    );
    assert!(dir.path().join("out/dns/163.com.zone").exists());
}
