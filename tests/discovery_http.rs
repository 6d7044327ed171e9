//! The autoconfig/ISPDB HTTPS client against a local HTTPS server.
//!
//! Each test starts its own server on 127.0.0.1 with a certificate from a throwaway CA naming
//! `autoconfig.example.test`, `example.test` and `ispdb.example.test`. The client trusts that CA
//! as an extra root and resolves those names to the server through a test resolver; every other
//! name is "not found". Certificate and host-name checks stay exactly as in production.

mod common;

use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use common::certs::{ServerCert, TestCa};
use common::https::{Answer, Request, Server, ok, redirect, status};
use mailwiz::core::clientconfig::ClientConfigError;
use mailwiz::core::discovery::autoconfig::{
    AutoconfigError, FetchError, Http, fetch_autoconfig, fetch_autoconfig_served, fetch_ispdb,
    https_get, https_get_with,
};
use mailwiz::core::discovery::{Discovered, GuessPorts, NetConfig, Source, discover};
use mailwiz::core::net::Resolver;
use mailwiz::core::probe::CancelToken;
use mailwiz::core::provider::model::{Endpoint, Security, UsernameForm};

const NAMES: &[&str] = &[
    "autoconfig.example.test",
    "example.test",
    "ispdb.example.test",
];
const WELL_KNOWN: &str = "/.well-known/autoconfig/mail/config-v1.1.xml";

const CONFIG: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.test">
    <domain>example.test</domain>
    <displayName>Example Mail</displayName>
    <incomingServer type="imap">
      <hostname>imap.%EMAILDOMAIN%</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.example.test</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILLOCALPART%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
"#;

/// A client trusting `ca` that resolves the test names to 127.0.0.1:`port` (whatever port the
/// URL says) and every other name to "not found".
fn http_to(port: u16, ca: &TestCa, timeout: Duration) -> Http {
    Http::new(&[ca.ca_pem()], timeout).with_resolver(move |host, _url_port| {
        if NAMES.contains(&host) {
            Ok(vec![SocketAddr::from(([127, 0, 0, 1], port))])
        } else {
            Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no such host",
            ))
        }
    })
}

fn test_ca() -> (TestCa, ServerCert) {
    let ca = TestCa::new("mailwiz discovery test CA");
    let cert = ca.server_cert(NAMES);
    (ca, cert)
}

const SECS_5: Duration = Duration::from_secs(5);

#[test]
fn valid_xml_from_the_ispdb_is_parsed() {
    let (ca, cert) = test_ca();
    let server = Server::start(&cert, |request| match request.target.as_str() {
        "/v1.1/example.test" => ok(CONFIG),
        _ => status(404, "Not Found"),
    });
    let config = fetch_ispdb(
        "https://ispdb.example.test/v1.1/",
        "Example.TEST",
        &http_to(server.port, &ca, SECS_5),
        &CancelToken::new(),
    )
    .expect("config");
    assert_eq!(config.display_name, "Example Mail");
    assert_eq!(config.domains, ["example.test"]);
    assert_eq!(
        config.imap,
        [Endpoint {
            host: "imap.example.test".into(),
            port: 993,
            security: Security::Tls
        }]
    );
    assert_eq!(
        config.smtp,
        [Endpoint {
            host: "smtp.example.test".into(),
            port: 587,
            security: Security::Starttls
        }]
    );
    assert!(config.pop3.is_empty());
    assert_eq!(config.username, UsernameForm::LocalPart);
    assert!(config.password_cleartext_supported);

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].line, "GET /v1.1/example.test HTTP/1.1");
    assert_eq!(
        requests[0].header("host").as_deref(),
        Some("ispdb.example.test")
    );
    assert_eq!(requests[0].header("connection").as_deref(), Some("close"));
    let agent = requests[0].header("user-agent").unwrap_or_default();
    assert_eq!(agent, format!("mailwiz/{}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn broken_xml_is_an_xml_error() {
    let (ca, cert) = test_ca();
    let server = Server::start(&cert, |_| {
        ok("<clientConfig><emailProvider id=\"x\"><domain>")
    });
    let got = fetch_ispdb(
        "https://ispdb.example.test/v1.1",
        "example.test",
        &http_to(server.port, &ca, SECS_5),
        &CancelToken::new(),
    );
    assert!(
        matches!(
            got,
            Err(AutoconfigError::Document(ClientConfigError::Xml(_)))
        ),
        "{got:?}"
    );
    // An HTML error page served with 200 is no configuration either.
    let server = Server::start(&cert, |_| ok("<html><body>Welcome to nginx!</body></html>"));
    let got = fetch_ispdb(
        "https://ispdb.example.test/v1.1",
        "example.test",
        &http_to(server.port, &ca, SECS_5),
        &CancelToken::new(),
    );
    assert!(
        matches!(
            got,
            Err(AutoconfigError::Document(ClientConfigError::Xml(_)))
        ),
        "{got:?}"
    );
}

#[test]
fn https_redirects_are_followed_up_to_three() {
    let (ca, cert) = test_ca();
    let server = Server::start(&cert, |request| match request.target.as_str() {
        "/start" => redirect(302, "https://example.test/hop1"),
        "/hop1" => redirect(301, "/hop2"),
        "/hop2" => redirect(308, "hop3?x=1"),
        "/hop3?x=1" => ok("arrived"),
        "/loop" => redirect(307, "/loop"),
        _ => status(404, "Not Found"),
    });
    let http = http_to(server.port, &ca, SECS_5);
    let body = https_get_with(
        "https://autoconfig.example.test/start",
        &http,
        &CancelToken::new(),
    );
    assert_eq!(body.as_deref(), Ok("arrived"));
    let hosts: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("host").unwrap_or_default())
        .collect();
    assert_eq!(
        hosts,
        [
            "autoconfig.example.test",
            "example.test",
            "example.test",
            "example.test"
        ]
    );

    let got = https_get_with("https://example.test/loop", &http, &CancelToken::new());
    assert_eq!(got, Err(FetchError::TooManyRedirects));
    // The first request and three redirects followed, then it stops.
    assert_eq!(
        server
            .requests()
            .iter()
            .filter(|r| r.target == "/loop")
            .count(),
        4
    );
}

#[test]
fn a_redirect_to_http_is_refused() {
    let (ca, cert) = test_ca();
    let server = Server::start(&cert, |request| match request.target.as_str() {
        "/start" => redirect(302, "http://example.test/plain"),
        _ => ok(CONFIG),
    });
    let got = https_get_with(
        "https://autoconfig.example.test/start",
        &http_to(server.port, &ca, SECS_5),
        &CancelToken::new(),
    );
    assert_eq!(got, Err(FetchError::NotHttps));
    assert_eq!(
        server.requests().len(),
        1,
        "nothing fetched after the refused redirect"
    );
}

#[test]
fn status_codes() {
    let (ca, cert) = test_ca();
    let server = Server::start(&cert, |request| match request.target.as_str() {
        path if path.starts_with("/missing") => status(404, "Not Found"),
        "/error" => status(500, "Internal Server Error"),
        "/forbidden" => status(403, "Forbidden"),
        "/no-location" => Answer::Send(b"HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n".to_vec()),
        "/garbage" => Answer::Send(b"SSH-2.0-OpenSSH\r\n\r\n".to_vec()),
        _ => ok("x"),
    });
    let http = http_to(server.port, &ca, SECS_5);
    let get = |path: &str| {
        https_get_with(
            &format!("https://example.test{path}"),
            &http,
            &CancelToken::new(),
        )
    };
    assert_eq!(get("/missing"), Err(FetchError::NotFound));
    assert_eq!(get("/error"), Err(FetchError::Status(500)));
    assert_eq!(get("/forbidden"), Err(FetchError::Status(403)));
    assert_eq!(get("/no-location"), Err(FetchError::Malformed));
    assert_eq!(get("/garbage"), Err(FetchError::Malformed));
    let got = fetch_ispdb(
        "https://example.test/missing/",
        "x.test",
        &http,
        &CancelToken::new(),
    );
    assert_eq!(got, Err(AutoconfigError::Fetch(FetchError::NotFound)));
}

#[test]
fn chunked_and_close_delimited_bodies() {
    let (ca, cert) = test_ca();
    let server = Server::start(&cert, |request| match request.target.as_str() {
        "/chunked" => Answer::Send(
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
              5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\n"
                .to_vec(),
        ),
        "/to-close" => Answer::Send(b"HTTP/1.0 200 OK\r\n\r\nuntil the end".to_vec()),
        "/too-large" => {
            Answer::Send(b"HTTP/1.1 200 OK\r\nContent-Length: 1048577\r\n\r\n".to_vec())
        }
        "/too-large-chunked" => {
            let mut bytes = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
            let chunk = vec![b'a'; 64 * 1024];
            for _ in 0..17 {
                bytes.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
                bytes.extend_from_slice(&chunk);
                bytes.extend_from_slice(b"\r\n");
            }
            bytes.extend_from_slice(b"0\r\n\r\n");
            Answer::Send(bytes)
        }
        "/short" => {
            Answer::Send(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this".to_vec())
        }
        _ => status(404, "Not Found"),
    });
    let http = http_to(server.port, &ca, SECS_5);
    let get = |path: &str| {
        https_get_with(
            &format!("https://example.test{path}"),
            &http,
            &CancelToken::new(),
        )
    };
    assert_eq!(get("/chunked").as_deref(), Ok("hello, world"));
    assert_eq!(get("/to-close").as_deref(), Ok("until the end"));
    assert_eq!(get("/too-large"), Err(FetchError::TooLarge));
    assert_eq!(get("/too-large-chunked"), Err(FetchError::TooLarge));
    assert_eq!(get("/short"), Err(FetchError::ConnectionLost));
}

#[test]
fn a_server_that_never_answers_times_out() {
    let (ca, _cert) = test_ca();
    // Accepts TCP and says nothing: the TLS handshake never completes.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let held = Arc::new(Mutex::new(Vec::<TcpStream>::new()));
    let keep = Arc::clone(&held);
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            keep.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(stream);
        }
    });
    let timeout = Duration::from_secs(1);
    let started = Instant::now();
    let got = https_get_with(
        "https://example.test/x",
        &http_to(port, &ca, timeout),
        &CancelToken::new(),
    );
    let took = started.elapsed();
    assert_eq!(got, Err(FetchError::Timeout));
    assert!(
        took >= timeout - Duration::from_millis(50),
        "gave up early: {took:?}"
    );
    assert!(took < timeout + Duration::from_secs(1), "took {took:?}");
}

#[test]
fn a_server_that_stops_after_the_handshake_times_out() {
    let (ca, cert) = test_ca();
    let server = Server::start(&cert, |request| match request.target.as_str() {
        "/silent" => Answer::Silence(Duration::from_secs(10)),
        _ => status(404, "Not Found"),
    });
    let timeout = Duration::from_millis(1500);
    let started = Instant::now();
    let got = https_get_with(
        "https://example.test/silent",
        &http_to(server.port, &ca, timeout),
        &CancelToken::new(),
    );
    assert_eq!(got, Err(FetchError::Timeout));
    assert!(
        started.elapsed() < timeout + Duration::from_secs(1),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn cancel_stops_a_waiting_fetch_at_once() {
    let (ca, cert) = test_ca();
    let server = Server::start(&cert, |_| Answer::Silence(Duration::from_secs(10)));
    let cancel = CancelToken::new();
    let canceller = cancel.clone();
    thread::spawn(move || {
        thread::sleep(Duration::from_millis(300));
        canceller.cancel();
    });
    let started = Instant::now();
    let got = https_get_with(
        "https://example.test/",
        &http_to(server.port, &ca, Duration::from_secs(10)),
        &cancel,
    );
    assert_eq!(got, Err(FetchError::Cancelled));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn an_untrusted_certificate_is_a_tls_error() {
    let (ca, _) = test_ca();
    let stranger = TestCa::new("some other CA");
    let server = Server::start(&stranger.server_cert(NAMES), |_| ok(CONFIG));
    let got = https_get_with(
        "https://example.test/",
        &http_to(server.port, &ca, SECS_5),
        &CancelToken::new(),
    );
    assert!(matches!(got, Err(FetchError::Tls(_))), "{got:?}");
    assert!(
        server.requests().is_empty(),
        "no request may be sent over an untrusted connection"
    );
    // Without the extra root, the test CA itself is just as unknown.
    let (_, cert) = test_ca();
    let server = Server::start(&cert, |_| ok(CONFIG));
    let no_roots = Http::new(&[], SECS_5)
        .with_resolver(move |_, _| Ok(vec![SocketAddr::from(([127, 0, 0, 1], server.port))]));
    let got = https_get_with("https://example.test/", &no_roots, &CancelToken::new());
    assert!(matches!(got, Err(FetchError::Tls(_))), "{got:?}");
}

#[test]
fn a_certificate_for_another_name_is_a_tls_error() {
    let (ca, _) = test_ca();
    let server = Server::start(&ca.server_cert(&["other.test"]), |_| ok(CONFIG));
    let got = https_get_with(
        "https://example.test/",
        &http_to(server.port, &ca, SECS_5),
        &CancelToken::new(),
    );
    assert!(matches!(got, Err(FetchError::Tls(_))), "{got:?}");
    assert!(server.requests().is_empty());
}

#[test]
fn http_urls_are_refused_without_any_connection() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let port = listener.local_addr().expect("addr").port();
    let lookups = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&lookups);
    let http = Http::new(&[], SECS_5).with_resolver(move |_, _| {
        counted.fetch_add(1, Ordering::SeqCst);
        Ok(vec![SocketAddr::from(([127, 0, 0, 1], port))])
    });
    let cancel = CancelToken::new();
    assert_eq!(
        https_get_with("http://example.test/x", &http, &cancel),
        Err(FetchError::NotHttps)
    );
    assert_eq!(
        https_get(&format!("http://127.0.0.1:{port}/"), &[], SECS_5, &cancel),
        Err(FetchError::NotHttps)
    );
    let got = fetch_ispdb("http://example.test/v1.1/", "example.test", &http, &cancel);
    assert_eq!(got, Err(AutoconfigError::Fetch(FetchError::NotHttps)));
    assert_eq!(lookups.load(Ordering::SeqCst), 0, "no name was looked up");
    thread::sleep(Duration::from_millis(100));
    assert!(listener.accept().is_err(), "no connection was made");
}

#[test]
fn autoconfig_falls_back_to_the_well_known_file() {
    let (ca, cert) = test_ca();
    let server = Server::start(&cert, |request| {
        match (request.header("host").as_deref(), request.target.as_str()) {
            (Some("example.test"), WELL_KNOWN) => {
                // Answer only after the subdomain's 404 went out, so that one surely fails first.
                thread::sleep(Duration::from_millis(500));
                ok(CONFIG)
            }
            _ => status(404, "Not Found"),
        }
    });
    let config = fetch_autoconfig(
        "example.test",
        "first.last+tag@example.test",
        &http_to(server.port, &ca, SECS_5),
        &CancelToken::new(),
    )
    .expect("config from the well-known file");
    assert_eq!(config.imap[0].host, "imap.example.test");
    assert_eq!(config.smtp[0].port, 587);

    let mut seen: Vec<(String, String)> = server
        .requests()
        .iter()
        .map(|r| (r.header("host").unwrap_or_default(), r.target.clone()))
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            (
                "autoconfig.example.test".to_owned(),
                "/mail/config-v1.1.xml?emailaddress=first.last%2Btag%40example.test".to_owned()
            ),
            ("example.test".to_owned(), WELL_KNOWN.to_owned()),
        ]
    );
}

#[test]
fn autoconfig_takes_the_first_valid_answer_without_waiting_for_the_other() {
    let (ca, cert) = test_ca();
    let server = Server::start(&cert, |request| match request.header("host").as_deref() {
        Some("autoconfig.example.test") => ok(CONFIG),
        _ => Answer::Silence(Duration::from_secs(10)),
    });
    let started = Instant::now();
    let config = fetch_autoconfig(
        "example.test",
        "a@example.test",
        &http_to(server.port, &ca, Duration::from_secs(8)),
        &CancelToken::new(),
    )
    .expect("config from the subdomain");
    assert_eq!(config.display_name, "Example Mail");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "waited {:?}",
        started.elapsed()
    );
}

#[test]
fn autoconfig_reports_the_more_telling_failure() {
    let (ca, cert) = test_ca();
    // Only example.test resolves (404); autoconfig.example.test is an unknown name.
    let server = Server::start(&cert, |_| status(404, "Not Found"));
    let port = server.port;
    let http = Http::new(&[ca.ca_pem()], SECS_5).with_resolver(move |host, _| {
        if host == "example.test" {
            Ok(vec![SocketAddr::from(([127, 0, 0, 1], port))])
        } else {
            Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no such host",
            ))
        }
    });
    let got = fetch_autoconfig("example.test", "a@example.test", &http, &CancelToken::new());
    assert_eq!(got, Err(AutoconfigError::Fetch(FetchError::NotFound)));
    // A broken document says more than a 404.
    let server = Server::start(&cert, |request| match request.header("host").as_deref() {
        Some("example.test") => ok("<clientConfig>"),
        _ => status(404, "Not Found"),
    });
    let got = fetch_autoconfig(
        "example.test",
        "a@example.test",
        &http_to(server.port, &ca, SECS_5),
        &CancelToken::new(),
    );
    assert!(
        matches!(
            got,
            Err(AutoconfigError::Document(ClientConfigError::Xml(_)))
        ),
        "{got:?}"
    );
}

/// Discovery for `someone@example.test` where the only answer is the domain's autoconfig
/// subdomain, which redirects to `location`; every name in `names` reaches the server on
/// port 443, DNS is a socket that never answers, the ISPDB a closed port.
fn discover_through_redirect(
    names: &'static [&'static str],
    location: &'static str,
) -> (Option<Discovered>, Vec<Request>) {
    let ca = TestCa::new("mailwiz redirect test CA");
    let cert = ca.server_cert(names);
    let server = Server::start(&cert, move |request| {
        match (request.header("host").as_deref(), request.target.as_str()) {
            (Some("autoconfig.example.test"), target)
                if target.starts_with("/mail/config-v1.1.xml") =>
            {
                redirect(302, location)
            }
            (Some("autoconfig.example.test"), _) => status(404, "Not Found"),
            // The domain's own well-known file is missing: only the redirect can answer.
            (Some("example.test"), WELL_KNOWN) => status(404, "Not Found"),
            _ => ok(CONFIG),
        }
    });
    let port = server.port;
    let silent_dns = UdpSocket::bind("127.0.0.1:0").expect("udp");
    let closed = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let net = NetConfig {
        dns_server: Some(silent_dns.local_addr().expect("udp addr")),
        ispdb_url: format!("https://127.0.0.1:{closed}/v1.1/"),
        extra_roots_pem: vec![ca.ca_pem()],
        timeout: SECS_5,
        guess_ports: GuessPorts::default(),
        resolve: Some(Resolver::custom(move |host: &str, url_port: u16| {
            // Only HTTPS reaches the server; guessed mail ports find nothing.
            if url_port == 443 && names.contains(&host) {
                Ok(vec![SocketAddr::from(([127, 0, 0, 1], port))])
            } else {
                Err(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no such host",
                ))
            }
        })),
    };
    let address = mailwiz::core::address::parse("someone@example.test").expect("address");
    let (found, statuses) = discover(&address, &net, &CancelToken::new(), &mut |_| {});
    assert!(
        found
            .as_ref()
            .is_some_and(|d| d.source == Source::Autoconfig),
        "{statuses:?}"
    );
    (found, server.requests())
}

#[test]
fn autoconfig_redirected_to_another_domain_is_not_trusted() {
    const NAMES: &[&str] = &[
        "autoconfig.example.test",
        "example.test",
        "config.hoster.test",
    ];
    let (found, requests) =
        discover_through_redirect(NAMES, "https://config.hoster.test/example.test.xml");
    let found = found.expect("found");
    // The document is valid and used, but it is the other host's word, not the domain's.
    assert!(!found.trusted, "{found:?}");
    assert_eq!(found.imap[0].host, "imap.example.test");
    assert!(
        requests
            .iter()
            .any(|r| r.header("host").as_deref() == Some("config.hoster.test")),
        "the redirect was followed: {requests:?}"
    );

    // A name that only ends like the domain is another domain too.
    const LOOKALIKE: &[&str] = &[
        "autoconfig.example.test",
        "example.test",
        "example.test.hoster.test",
    ];
    let (found, _) =
        discover_through_redirect(LOOKALIKE, "https://example.test.hoster.test/config.xml");
    assert!(!found.expect("found").trusted);

    // The low-level answer names the host that served it.
    let ca = TestCa::new("mailwiz redirect test CA");
    let server = Server::start(&ca.server_cert(NAMES), |request| {
        match request.header("host").as_deref() {
            Some("autoconfig.example.test") => {
                redirect(301, "https://config.hoster.test/example.test.xml")
            }
            Some("config.hoster.test") => ok(CONFIG),
            _ => status(404, "Not Found"),
        }
    });
    let port = server.port;
    let http = Http::new(&[ca.ca_pem()], SECS_5).with_resolver(move |host, _| {
        if NAMES.contains(&host) {
            Ok(vec![SocketAddr::from(([127, 0, 0, 1], port))])
        } else {
            Err(std::io::Error::new(std::io::ErrorKind::NotFound, "none"))
        }
    });
    let served =
        fetch_autoconfig_served("example.test", "a@example.test", &http, &CancelToken::new())
            .expect("config");
    assert_eq!(served.served_by, "config.hoster.test");
}

#[test]
fn autoconfig_redirected_within_the_domain_stays_trusted() {
    const NAMES: &[&str] = &[
        "autoconfig.example.test",
        "example.test",
        "settings.mail.example.test",
    ];
    // To a deeper subdomain, and to the domain itself.
    let (found, requests) =
        discover_through_redirect(NAMES, "https://settings.mail.example.test/config.xml");
    assert!(found.expect("found").trusted);
    assert!(
        requests
            .iter()
            .any(|r| r.header("host").as_deref() == Some("settings.mail.example.test")),
        "the redirect was followed: {requests:?}"
    );
    let (found, _) = discover_through_redirect(NAMES, "https://example.test/mail/config.xml");
    assert!(found.expect("found").trusted);
}
