//! Test connections against a real Dovecot (IMAP, POP3, submission) on loopback, plus scripted
//! peers for stalls, garbage and provider quirks.
//!
//! Each test starts its own Dovecot (~40 ms), so a failed login in one test cannot slow another
//! down through Dovecot's auth penalty. Tests connect to 127.0.0.2, where Dovecot does not treat
//! the connection as secure and so behaves as a remote server would (LOGINDISABLED before TLS).

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::certs::{SERVER_NAMES, TestCa};
use common::dovecot::{HOST, Options};
use common::scripted::{self, Peer};
use common::{Dovecot, contains, secret_forms};
use mailwiz::core::probe::{
    CancelToken, Outcome, ProbeEvent, ProbeRequest, ProbeResult, Protocol, Stage, Timeouts,
    run_probe,
};
use mailwiz::core::provider::model::{Endpoint, Security};
use mailwiz::core::secret::Secret;

const USER: &str = "someone@example.com";
const CODE: &str = "abcdEFGHijklMNOP";
const WRONG_CODE: &str = "wrongwrongWRONG1";
const PROTOCOLS: [Protocol; 3] = [Protocol::Imap, Protocol::Pop3, Protocol::Smtp];

fn timeouts(reply: Duration) -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(3),
        reply,
        total: Duration::from_secs(20),
    }
}

fn request(protocol: Protocol, endpoint: Endpoint, code: &str, roots: &[Vec<u8>]) -> ProbeRequest {
    ProbeRequest {
        protocol,
        endpoint,
        username: USER.to_owned(),
        secret: Secret::new(code),
        extra_roots_pem: roots.to_vec(),
        timeouts: timeouts(Duration::from_secs(5)),
    }
}

fn endpoint(port: u16, security: Security) -> Endpoint {
    Endpoint {
        host: HOST.to_owned(),
        port,
        security,
    }
}

/// Runs a probe; checks that the events mirror the recorded stages; prints the stage timings.
fn probe(req: &ProbeRequest) -> ProbeResult {
    probe_with(req, &CancelToken::new())
}

fn probe_with(req: &ProbeRequest, cancel: &CancelToken) -> ProbeResult {
    let mut events = Vec::new();
    let started = Instant::now();
    let result = run_probe(req, cancel, &mut |event| events.push(event));
    let elapsed = started.elapsed();
    let mut expected = Vec::new();
    for record in &result.stages {
        expected.push(ProbeEvent::StageStarted(record.stage));
        expected.push(ProbeEvent::StageFinished(record.clone()));
    }
    assert_eq!(events, expected, "events must mirror the stage records");
    let timings: Vec<String> = result
        .stages
        .iter()
        .map(|s| {
            format!(
                "{:?}={}ms{}",
                s.stage,
                s.millis,
                if s.ok { "" } else { "(failed)" }
            )
        })
        .collect();
    eprintln!(
        "{} {}:{} {:?} -> {:?} in {} ms [{}]",
        req.protocol.code(),
        req.endpoint.host,
        req.endpoint.port,
        req.endpoint.security,
        result.outcome,
        elapsed.as_millis(),
        timings.join(", ")
    );
    result
}

fn stage_list(result: &ProbeResult) -> Vec<(Stage, bool)> {
    result.stages.iter().map(|s| (s.stage, s.ok)).collect()
}

fn assert_secret_free(result: &ProbeResult, secret: &str) {
    let shown = format!("{result:?}");
    for form in secret_forms(USER, secret) {
        assert!(
            !contains(shown.as_bytes(), &form),
            "result leaks the secret: {shown}"
        );
    }
}

fn expected_ok_stages(protocol: Protocol, security: Security) -> Vec<(Stage, bool)> {
    let mut stages = match security {
        Security::Tls => vec![Stage::Connect, Stage::Secure, Stage::Greeting, Stage::Login],
        _ => vec![Stage::Connect, Stage::Greeting, Stage::Secure, Stage::Login],
    };
    if protocol != Protocol::Smtp {
        stages.push(Stage::Mailbox);
    }
    stages.into_iter().map(|s| (s, true)).collect()
}

fn assert_logs_in(dovecot: &Dovecot, protocol: Protocol, security: Security) {
    let req = request(
        protocol,
        dovecot.endpoint(protocol, security),
        CODE,
        &[dovecot.ca_pem()],
    );
    let result = probe(&req);
    assert_eq!(
        result.outcome,
        Outcome::Ok,
        "{result:#?}\n{}",
        dovecot.log()
    );
    assert_eq!(stage_list(&result), expected_ok_stages(protocol, security));
    assert_eq!(result.server_message, None);
    assert_eq!(result.protocol, protocol);
    assert_eq!(result.endpoint, req.endpoint);
    assert_secret_free(&result, CODE);
}

// ---------------------------------------------------------------------------------------------
// The right code works, for every protocol and both kinds of TLS.

#[test]
fn imap_implicit_tls_logs_in_and_opens_inbox() {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    assert_logs_in(&dovecot, Protocol::Imap, Security::Tls);
    // Run again to see the warm timing (first login creates the Maildir).
    assert_logs_in(&dovecot, Protocol::Imap, Security::Tls);
}

#[test]
fn imap_starttls_logs_in_and_opens_inbox() {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    assert_logs_in(&dovecot, Protocol::Imap, Security::Starttls);
}

#[test]
fn pop3_implicit_tls_logs_in_and_stats() {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    assert_logs_in(&dovecot, Protocol::Pop3, Security::Tls);
}

#[test]
fn pop3_starttls_logs_in_and_stats() {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    assert_logs_in(&dovecot, Protocol::Pop3, Security::Starttls);
}

#[test]
fn smtp_implicit_tls_authenticates() {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    assert_logs_in(&dovecot, Protocol::Smtp, Security::Tls);
}

#[test]
fn smtp_starttls_authenticates() {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    assert_logs_in(&dovecot, Protocol::Smtp, Security::Starttls);
}

#[test]
fn stage_details_name_what_happened() {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    let req = request(
        Protocol::Imap,
        dovecot.endpoint(Protocol::Imap, Security::Tls),
        CODE,
        &[dovecot.ca_pem()],
    );
    let result = probe(&req);
    let details: Vec<&str> = result.stages.iter().map(|s| s.detail.as_str()).collect();
    // Debian's Dovecot says "* OK Dovecot (Debian) ready."; the capability list is left out.
    assert!(
        details[2].starts_with("* OK Dovecot") && details[2].ends_with("ready."),
        "{details:?}"
    );
    assert_eq!(
        details,
        [
            format!("{HOST}:{}", req.endpoint.port).as_str(),
            "TLS ok",
            details[2],
            "AUTHENTICATE PLAIN ok",
            "INBOX: 0 messages",
        ]
    );
}

/// With only the LOGIN mechanism offered, Dovecot disables the IMAP LOGIN command and POP3
/// USER/PASS (both are PLAIN inside), so the probe must use AUTHENTICATE LOGIN, POP3 AUTH LOGIN
/// and SMTP AUTH LOGIN. The code has characters IMAP would have to escape.
#[test]
fn login_mechanism_fallbacks_work() {
    let tricky_code = r#"pa"ss\wo rd{1}"#;
    let dovecot = Dovecot::start_with(
        &[(USER, tricky_code)],
        Options {
            auth_mechanisms: "login",
        },
    );
    for protocol in PROTOCOLS {
        for security in [Security::Tls, Security::Starttls] {
            let req = request(
                protocol,
                dovecot.endpoint(protocol, security),
                tricky_code,
                &[dovecot.ca_pem()],
            );
            let result = probe(&req);
            assert_eq!(
                result.outcome,
                Outcome::Ok,
                "{result:#?}\n{}",
                dovecot.log()
            );
            let login = &result.stages[3];
            assert_eq!(login.stage, Stage::Login);
            let expected = match protocol {
                Protocol::Imap => "AUTHENTICATE LOGIN ok",
                Protocol::Pop3 | Protocol::Smtp => "AUTH LOGIN ok",
            };
            assert_eq!(login.detail, expected);
        }
    }
}

/// An IMAP server without AUTH=PLAIN gets the LOGIN command: quoted strings with `\` and `"`
/// escaped, and literals for what cannot be quoted (non-ASCII, line breaks). The scripted server
/// handles literals the way RFC 3501 says (answer `+`, then read exactly n bytes) and records
/// the bytes, which are compared exactly.
#[test]
fn imap_login_command_quotes_and_uses_literals() {
    let ca = TestCa::new("mailwiz login test CA");
    let acceptor = native_tls::TlsAcceptor::new(ca.server_cert(SERVER_NAMES).identity()).unwrap();
    let server = scripted::serve(Some(acceptor), |peer: &mut Peer| {
        peer.send("* OK [CAPABILITY IMAP4rev1 ID] hi\r\n");
        loop {
            let Some(mut line) = peer.line() else { return };
            let tag = line.split(' ').next().unwrap_or_default().to_owned();
            let mut command = line.clone();
            while let Some(size) = line
                .strip_suffix('}')
                .and_then(|l| l.rsplit_once('{'))
                .and_then(|(_, n)| n.parse::<usize>().ok())
            {
                peer.send("+ go ahead\r\n");
                let literal = peer.read_exact(size).unwrap_or_default();
                let Some(rest) = peer.line() else { return };
                command.push_str(&String::from_utf8_lossy(&literal));
                command.push_str(&rest);
                line = rest;
            }
            let verb = command.split(' ').nth(1).unwrap_or_default().to_owned();
            match verb.as_str() {
                "LOGIN" => peer.send(&format!("{tag} OK logged in\r\n")),
                "LOGOUT" => {
                    peer.send(&format!("* BYE\r\n{tag} OK bye\r\n"));
                    return;
                }
                _ => peer.send(&format!("{tag} OK done\r\n")),
            }
        }
    });
    let cases = [
        (
            USER,
            r#"a"b\c"#,
            format!("LOGIN \"{USER}\" \"a\\\"b\\\\c\"\r\n"),
        ),
        (
            "josé@example.com",
            CODE,
            format!("LOGIN {{17}}\r\njosé@example.com \"{CODE}\"\r\n"),
        ),
        (
            USER,
            "ab\r\ncd",
            format!("LOGIN \"{USER}\" {{6}}\r\nab\r\ncd\r\n"),
        ),
    ];
    for (username, code, expected) in cases {
        let before = server.received().len();
        let mut req = request(
            Protocol::Imap,
            endpoint(server.port, Security::Tls),
            code,
            &[ca.ca_pem()],
        );
        req.username = username.to_owned();
        let result = probe(&req);
        assert_eq!(result.outcome, Outcome::Ok, "{result:#?}");
        assert_eq!(result.stages[3].detail, "LOGIN ok");
        let received = server.received();
        let sent = String::from_utf8_lossy(&received[before..]).into_owned();
        assert!(
            sent.contains(&format!("a1 {expected}")),
            "{sent:?} lacks {expected:?}"
        );
    }
}

/// A POP3 server without SASL gets USER/PASS.
#[test]
fn pop3_user_pass_when_no_sasl() {
    let ca = TestCa::new("mailwiz pop3 test CA");
    let acceptor = native_tls::TlsAcceptor::new(ca.server_cert(SERVER_NAMES).identity()).unwrap();
    let server = scripted::serve(Some(acceptor), |peer: &mut Peer| {
        peer.send("+OK POP3 ready\r\n");
        while let Some(line) = peer.line() {
            let reply = match line.as_str() {
                "CAPA" => "+OK\r\nUSER\r\nUIDL\r\n.\r\n".to_owned(),
                l if l == format!("USER {USER}") => "+OK\r\n".to_owned(),
                l if l == format!("PASS {CODE}") => "+OK 2 messages\r\n".to_owned(),
                "STAT" => "+OK 2 320\r\n".to_owned(),
                "QUIT" => {
                    peer.send("+OK bye\r\n");
                    return;
                }
                _ => "-ERR what?\r\n".to_owned(),
            };
            peer.send(&reply);
        }
    });
    let req = request(
        Protocol::Pop3,
        endpoint(server.port, Security::Tls),
        CODE,
        &[ca.ca_pem()],
    );
    let result = probe(&req);
    assert_eq!(result.outcome, Outcome::Ok, "{result:#?}");
    assert_eq!(result.stages[3].detail, "USER/PASS ok");
    assert_eq!(result.stages[4].detail, "STAT: 2 messages");
}

// ---------------------------------------------------------------------------------------------
// A wrong code is refused, with the server's words kept and the code nowhere in the result.

fn assert_wrong_code_refused(protocol: Protocol, security: Security, server_words: &str) {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    let req = request(
        protocol,
        dovecot.endpoint(protocol, security),
        WRONG_CODE,
        &[dovecot.ca_pem()],
    );
    let result = probe(&req);
    assert_eq!(result.outcome, Outcome::LoginRefused, "{result:#?}");
    let last = result.stages.last().expect("stages");
    assert_eq!((last.stage, last.ok), (Stage::Login, false));
    let message = result.server_message.clone().expect("server message");
    assert!(message.contains(server_words), "{message}");
    assert_secret_free(&result, WRONG_CODE);
}

#[test]
fn wrong_code_imap_is_login_refused() {
    assert_wrong_code_refused(
        Protocol::Imap,
        Security::Tls,
        "NO [AUTHENTICATIONFAILED] Authentication failed.",
    );
}

#[test]
fn wrong_code_pop3_is_login_refused() {
    assert_wrong_code_refused(
        Protocol::Pop3,
        Security::Starttls,
        "-ERR [AUTH] Authentication failed.",
    );
}

#[test]
fn wrong_code_smtp_is_login_refused() {
    assert_wrong_code_refused(
        Protocol::Smtp,
        Security::Tls,
        "535 5.7.8 Authentication failed",
    );
}

// ---------------------------------------------------------------------------------------------
// TLS failures.

#[test]
fn unknown_ca_is_secure_failed() {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    for (protocol, security) in [
        (Protocol::Imap, Security::Tls),
        (Protocol::Smtp, Security::Starttls),
    ] {
        // No extra root: the test CA is unknown to the system.
        let req = request(protocol, dovecot.endpoint(protocol, security), CODE, &[]);
        let result = probe(&req);
        assert_eq!(result.outcome, Outcome::SecureFailed, "{result:#?}");
        let last = result.stages.last().expect("stages");
        assert_eq!((last.stage, last.ok), (Stage::Secure, false));
        assert!(
            last.detail.contains("certificate verify failed"),
            "{}",
            last.detail
        );
    }
}

#[test]
fn implicit_tls_to_starttls_port_is_secure_failed() {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    for protocol in PROTOCOLS {
        let mut endpoint = dovecot.endpoint(protocol, Security::Starttls);
        endpoint.security = Security::Tls;
        let result = probe(&request(protocol, endpoint, CODE, &[dovecot.ca_pem()]));
        // The plain-text greeting arrives where the TLS handshake expects a ServerHello.
        assert_eq!(result.outcome, Outcome::SecureFailed, "{result:#?}");
        assert_ne!(result.outcome, Outcome::Ok);
        assert_eq!(
            stage_list(&result),
            [(Stage::Connect, true), (Stage::Secure, false)]
        );
    }
}

fn tls_greeter(cert: common::certs::ServerCert) -> scripted::Scripted {
    let acceptor = native_tls::TlsAcceptor::new(cert.identity()).expect("acceptor");
    scripted::serve(Some(acceptor), |peer| {
        peer.send("* OK [CAPABILITY IMAP4rev1] ready\r\n");
        while let Some(line) = peer.line() {
            let tag = line.split(' ').next().unwrap_or_default().to_owned();
            peer.send(&format!("{tag} NO go away\r\n"));
        }
    })
}

#[test]
fn certificate_for_another_name_is_secure_failed() {
    let ca = TestCa::new("mailwiz name test CA");
    let server = tls_greeter(ca.server_cert(&["mail.other.example"]));
    let req = request(
        Protocol::Imap,
        endpoint(server.port, Security::Tls),
        CODE,
        &[ca.ca_pem()],
    );
    let result = probe(&req);
    assert_eq!(result.outcome, Outcome::SecureFailed, "{result:#?}");
    assert!(
        result.stages[1].detail.contains("verify failed"),
        "{result:#?}"
    );
}

#[test]
fn expired_certificate_is_secure_failed() {
    let ca = TestCa::new("mailwiz expiry test CA");
    let server = tls_greeter(ca.expired_server_cert(SERVER_NAMES));
    let req = request(
        Protocol::Imap,
        endpoint(server.port, Security::Tls),
        CODE,
        &[ca.ca_pem()],
    );
    let result = probe(&req);
    assert_eq!(result.outcome, Outcome::SecureFailed, "{result:#?}");
    assert!(result.stages[1].detail.contains("expired"), "{result:#?}");
    // Control: the same server set-up with a valid certificate is accepted.
    let good = tls_greeter(ca.server_cert(SERVER_NAMES));
    let mut req = req;
    req.endpoint.port = good.port;
    let result = probe(&req);
    assert_eq!(result.outcome, Outcome::LoginRefused, "{result:#?}");
    assert!(result.stages[1].ok, "{result:#?}");
}

// ---------------------------------------------------------------------------------------------
// The secret never travels unencrypted: proven on the wire with a recording proxy.

/// Forwards one connection from 127.0.0.2:<port> to `target`, recording what the client sent.
struct RecordingProxy {
    port: u16,
    sent_by_client: Arc<Mutex<Vec<u8>>>,
    done: Option<thread::JoinHandle<()>>,
}

impl RecordingProxy {
    fn start(target_port: u16) -> Self {
        let listener = TcpListener::bind((HOST, 0)).expect("bind proxy");
        let port = listener.local_addr().expect("proxy addr").port();
        let sent_by_client = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&sent_by_client);
        let done = thread::spawn(move || {
            let (client, _) = listener.accept().expect("proxy accept");
            let server = TcpStream::connect((HOST, target_port)).expect("proxy connect");
            let (mut client_in, mut server_out) =
                (client.try_clone().unwrap(), server.try_clone().unwrap());
            let upstream = thread::spawn(move || {
                let mut buf = [0u8; 4096];
                loop {
                    match client_in.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            record.lock().unwrap().extend_from_slice(&buf[..n]);
                            if server_out.write_all(&buf[..n]).is_err() {
                                break;
                            }
                        }
                    }
                }
                let _ = server_out.shutdown(Shutdown::Write);
            });
            let (mut server_in, mut client_out) = (server, client);
            let _ = std::io::copy(&mut server_in, &mut client_out);
            let _ = client_out.shutdown(Shutdown::Write);
            upstream.join().unwrap();
        });
        Self {
            port,
            sent_by_client,
            done: Some(done),
        }
    }

    /// Everything the client sent, once both directions are closed.
    fn finish(mut self) -> Vec<u8> {
        if let Some(done) = self.done.take() {
            done.join().expect("proxy thread");
        }
        self.sent_by_client.lock().unwrap().clone()
    }
}

fn assert_never_sent(captured: &[u8], secret: &str) {
    for form in secret_forms(USER, secret) {
        assert!(
            !contains(captured, &form),
            "the secret (form {:?}) went over the wire",
            String::from_utf8_lossy(&form)
        );
    }
}

#[test]
fn security_none_stops_before_login_and_sends_no_secret() {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    for protocol in PROTOCOLS {
        let proxy = RecordingProxy::start(dovecot.port(protocol, Security::Starttls));
        let req = request(
            protocol,
            endpoint(proxy.port, Security::None),
            CODE,
            &[dovecot.ca_pem()],
        );
        let result = probe(&req);
        let captured = proxy.finish();
        assert_eq!(result.outcome, Outcome::NotEncrypted, "{result:#?}");
        assert_eq!(
            stage_list(&result),
            [
                (Stage::Connect, true),
                (Stage::Greeting, true),
                (Stage::Secure, false)
            ]
        );
        assert_never_sent(&captured, CODE);
        // The capture is real: the polite goodbye went through the proxy.
        let goodbye: &[u8] = match protocol {
            Protocol::Imap => b"LOGOUT",
            _ => b"QUIT",
        };
        assert!(
            contains(&captured, goodbye),
            "{:?}",
            String::from_utf8_lossy(&captured)
        );
    }
}

#[test]
fn starttls_sends_the_secret_only_inside_tls() {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    for protocol in PROTOCOLS {
        let proxy = RecordingProxy::start(dovecot.port(protocol, Security::Starttls));
        let req = request(
            protocol,
            endpoint(proxy.port, Security::Starttls),
            CODE,
            &[dovecot.ca_pem()],
        );
        let result = probe(&req);
        let captured = proxy.finish();
        assert_eq!(
            result.outcome,
            Outcome::Ok,
            "{result:#?}\n{}",
            dovecot.log()
        );
        assert_never_sent(&captured, CODE);
        // Plain text up to the STARTTLS command, then a TLS handshake record (0x16 0x03).
        let command: &[u8] = if protocol == Protocol::Pop3 {
            b"STLS\r\n"
        } else {
            b"STARTTLS\r\n"
        };
        let at = captured
            .windows(command.len())
            .position(|w| w == command)
            .expect("STARTTLS in the capture");
        assert_eq!(
            &captured[at + command.len()..at + command.len() + 2],
            [0x16, 0x03]
        );
    }
}

#[test]
fn starttls_not_offered_is_secure_failed_and_sends_no_secret() {
    let server = scripted::serve(None, |peer: &mut Peer| {
        // One script speaks enough of all three protocols to be told apart by the first command.
        peer.send("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\r\n");
        while let Some(line) = peer.line() {
            let upper = line.to_ascii_uppercase();
            if upper.starts_with("A") && upper.contains("LOGOUT") {
                peer.send("* BYE\r\na2 OK bye\r\n");
                return;
            }
        }
    });
    let req = request(
        Protocol::Imap,
        endpoint(server.port, Security::Starttls),
        CODE,
        &[],
    );
    let result = probe(&req);
    assert_eq!(result.outcome, Outcome::SecureFailed, "{result:#?}");
    assert_eq!(result.stages[2].detail, "starttls not offered");

    let smtp = scripted::serve(None, |peer: &mut Peer| {
        peer.send("220 hi ESMTP\r\n");
        while let Some(line) = peer.line() {
            if line.starts_with("EHLO") {
                peer.send("250-hi\r\n250 AUTH PLAIN LOGIN\r\n");
            } else {
                peer.send("221 bye\r\n");
                return;
            }
        }
    });
    let req = request(
        Protocol::Smtp,
        endpoint(smtp.port, Security::Starttls),
        CODE,
        &[],
    );
    let result = probe(&req);
    assert_eq!(result.outcome, Outcome::SecureFailed, "{result:#?}");
    assert_eq!(result.stages[2].detail, "starttls not offered");

    let pop3 = scripted::serve(None, |peer: &mut Peer| {
        peer.send("+OK hi\r\n");
        while let Some(line) = peer.line() {
            if line == "CAPA" {
                peer.send("+OK\r\nUSER\r\nSASL PLAIN\r\n.\r\n");
            } else {
                peer.send("+OK bye\r\n");
                return;
            }
        }
    });
    let req = request(
        Protocol::Pop3,
        endpoint(pop3.port, Security::Starttls),
        CODE,
        &[],
    );
    let result = probe(&req);
    assert_eq!(result.outcome, Outcome::SecureFailed, "{result:#?}");
    assert_eq!(result.stages[2].detail, "starttls not offered");

    for received in [server.received(), smtp.received(), pop3.received()] {
        assert!(!received.is_empty());
        assert_never_sent(&received, CODE);
    }
}

// ---------------------------------------------------------------------------------------------
// Stalls, garbage, closed ports, cancel.

#[test]
fn cancel_during_a_stall_returns_at_once() {
    let server = scripted::silent();
    // Implicit TLS stalls in the handshake, STARTTLS in reading the greeting.
    for security in [Security::Tls, Security::Starttls] {
        let mut req = request(Protocol::Imap, endpoint(server.port, security), CODE, &[]);
        req.timeouts = timeouts(Duration::from_secs(30));
        let cancel = CancelToken::new();
        let canceller = cancel.clone();
        let cancelled_at = Arc::new(Mutex::new(None));
        let stamp = Arc::clone(&cancelled_at);
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(300));
            *stamp.lock().unwrap() = Some(Instant::now());
            canceller.cancel();
        });
        let result = probe_with(&req, &cancel);
        let returned = Instant::now();
        assert_eq!(result.outcome, Outcome::Cancelled, "{result:#?}");
        let cancelled_at = cancelled_at.lock().unwrap().expect("cancel ran");
        let reaction = returned.duration_since(cancelled_at);
        eprintln!(
            "cancel ({security:?}) took effect after {} ms",
            reaction.as_millis()
        );
        assert!(reaction < Duration::from_secs(1), "{reaction:?}");
        assert_eq!(result.server_message, None);
    }
}

#[test]
fn cancel_before_start_touches_nothing() {
    let cancel = CancelToken::new();
    cancel.cancel();
    let req = request(Protocol::Imap, endpoint(1, Security::Tls), CODE, &[]);
    let result = probe_with(&req, &cancel);
    assert_eq!(result.outcome, Outcome::Cancelled);
    assert!(result.stages.is_empty());
}

#[test]
fn silent_server_is_server_problem_after_reply_timeout() {
    let server = scripted::silent();
    let mut req = request(
        Protocol::Imap,
        endpoint(server.port, Security::Starttls),
        CODE,
        &[],
    );
    req.timeouts = timeouts(Duration::from_secs(1));
    let started = Instant::now();
    let result = probe(&req);
    let elapsed = started.elapsed();
    assert_eq!(result.outcome, Outcome::ServerProblem, "{result:#?}");
    assert_eq!(result.stages[1].detail, "no reply within 1 s");
    assert!(
        elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );

    // The same silence during a TLS handshake counts as a failed secure connection.
    req.endpoint.security = Security::Tls;
    let result = probe(&req);
    assert_eq!(result.outcome, Outcome::SecureFailed, "{result:#?}");
}

#[test]
fn slow_drip_is_bounded_by_reply_and_total_deadlines() {
    // A byte every 200 ms never lets one read time out; the deadlines must still hold.
    let server = scripted::serve(None, |peer: &mut Peer| {
        for _ in 0..100 {
            if !peer.send_bytes(b"*") {
                return;
            }
            thread::sleep(Duration::from_millis(200));
        }
    });
    let mut req = request(
        Protocol::Imap,
        endpoint(server.port, Security::Starttls),
        CODE,
        &[],
    );
    for (reply, total, detail) in [
        (1, 20, "no reply within 1 s"),
        (5, 1, "time limit of 1 s reached"),
    ] {
        req.timeouts = Timeouts {
            connect: Duration::from_secs(1),
            reply: Duration::from_secs(reply),
            total: Duration::from_secs(total),
        };
        let started = Instant::now();
        let result = probe(&req);
        let elapsed = started.elapsed();
        assert_eq!(result.outcome, Outcome::ServerProblem, "{result:#?}");
        assert_eq!(result.stages[1].detail, detail);
        assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
    }
}

#[test]
fn endless_line_is_server_problem_without_hanging() {
    let server = scripted::endless_line();
    for protocol in PROTOCOLS {
        let req = request(
            protocol,
            endpoint(server.port, Security::Starttls),
            CODE,
            &[],
        );
        let started = Instant::now();
        let result = probe(&req);
        assert_eq!(result.outcome, Outcome::ServerProblem, "{result:#?}");
        assert!(
            result.stages[1].detail.contains("longer than 8 KiB"),
            "{result:#?}"
        );
        assert!(started.elapsed() < Duration::from_secs(2));
    }
}

#[test]
fn garbage_and_early_close_are_server_problems() {
    let garbage = scripted::greets_and_closes("HTTP/1.1 400 Bad Request\r\n\r\n");
    let silent_close = scripted::greets_and_closes("");
    for protocol in PROTOCOLS {
        let result = probe(&request(
            protocol,
            endpoint(garbage.port, Security::Starttls),
            CODE,
            &[],
        ));
        assert_eq!(result.outcome, Outcome::ServerProblem, "{result:#?}");
        assert_eq!(
            result.server_message.as_deref(),
            Some("HTTP/1.1 400 Bad Request"),
            "{result:#?}"
        );
        let result = probe(&request(
            protocol,
            endpoint(silent_close.port, Security::Tls),
            CODE,
            &[],
        ));
        // Closing during the handshake is a TLS failure; closing before the greeting a server one.
        assert_eq!(result.outcome, Outcome::SecureFailed, "{result:#?}");
        let result = probe(&request(
            protocol,
            endpoint(silent_close.port, Security::Starttls),
            CODE,
            &[],
        ));
        assert_eq!(result.outcome, Outcome::ServerProblem, "{result:#?}");
        assert_eq!(result.stages[1].detail, "connection closed by the server");
    }
}

#[test]
fn closed_port_and_unknown_host_cannot_reach() {
    let port = {
        let listener = TcpListener::bind((HOST, 0)).unwrap();
        listener.local_addr().unwrap().port()
    };
    let result = probe(&request(
        Protocol::Imap,
        endpoint(port, Security::Tls),
        CODE,
        &[],
    ));
    assert_eq!(result.outcome, Outcome::CannotReach, "{result:#?}");
    assert_eq!(stage_list(&result), [(Stage::Connect, false)]);
    assert_eq!(result.stages[0].detail, format!("{HOST}:{port} refused"));

    let mut req = request(Protocol::Smtp, endpoint(465, Security::Tls), CODE, &[]);
    req.endpoint.host = "no-such-host.invalid".into();
    let result = probe(&req);
    assert_eq!(result.outcome, Outcome::CannotReach, "{result:#?}");
    assert!(
        result.stages[0].detail.contains("DNS lookup"),
        "{result:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// NetEase (163.com) quirk: EXAMINE/SELECT are refused with "Unsafe Login" unless the client sent
// ID first. Replayed by a scripted IMAP server in TLS with the test CA.

const NETEASE_UNSAFE: &str = "NO SELECT Unsafe Login. Please contact kefu@188.com for help";

fn netease_like(ca: &TestCa, always_refuse: bool) -> scripted::Scripted {
    let acceptor = native_tls::TlsAcceptor::new(ca.server_cert(SERVER_NAMES).identity()).unwrap();
    let expected_login = format!("LOGIN \"{USER}\" \"{CODE}\"");
    scripted::serve(Some(acceptor), move |peer: &mut Peer| {
        peer.send("* OK Coremail System IMap Server Ready(NetEase)\r\n");
        let mut identified = false;
        let mut logged_in = false;
        while let Some(line) = peer.line() {
            let Some((tag, command)) = line.split_once(' ') else {
                return;
            };
            let verb = command
                .split(' ')
                .next()
                .unwrap_or_default()
                .to_ascii_uppercase();
            let reply = match verb.as_str() {
                "CAPABILITY" => format!(
                    "* CAPABILITY IMAP4rev1 XLIST SPECIAL-USE ID LITERAL+ STARTTLS \
                     XAPPLEPUSHSERVICE UIDPLUS X-CM-EXT-1 SASL-IR AUTH=XOAUTH2\r\n\
                     {tag} OK CAPABILITY completed\r\n"
                ),
                "LOGIN" if command == expected_login => {
                    logged_in = true;
                    format!("{tag} OK LOGIN completed\r\n")
                }
                "LOGIN" => format!("{tag} NO LOGIN Login error password error\r\n"),
                "ID" => {
                    identified = true;
                    format!("* ID (\"name\" \"Coremail Imap\")\r\n{tag} OK ID completed\r\n")
                }
                "EXAMINE" | "SELECT" if logged_in && identified && !always_refuse => format!(
                    "* 3 EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 1] UIDs valid\r\n\
                     {tag} OK [READ-ONLY] EXAMINE completed\r\n"
                ),
                "EXAMINE" | "SELECT" => format!("{tag} {NETEASE_UNSAFE}\r\n"),
                "LOGOUT" => {
                    peer.send(&format!(
                        "* BYE IMAP4rev1 Server logging out\r\n{tag} OK LOGOUT completed\r\n"
                    ));
                    return;
                }
                _ => format!("{tag} BAD command not support\r\n"),
            };
            peer.send(&reply);
        }
    })
}

#[test]
fn netease_like_server_opens_inbox_because_we_send_id() {
    let ca = TestCa::new("mailwiz netease test CA");
    let server = netease_like(&ca, false);
    let req = request(
        Protocol::Imap,
        endpoint(server.port, Security::Tls),
        CODE,
        &[ca.ca_pem()],
    );
    let result = probe(&req);
    assert_eq!(result.outcome, Outcome::Ok, "{result:#?}");
    assert_eq!(result.stages[3].detail, "LOGIN ok");
    assert_eq!(result.stages[4].detail, "INBOX: 3 messages");
    let received = String::from_utf8_lossy(&server.received()).into_owned();
    let id_at = received.find(" ID (\"name\" \"mailwiz\"").expect("ID sent");
    let examine_at = received.find(" EXAMINE INBOX").expect("EXAMINE sent");
    assert!(id_at < examine_at, "{received}");
    assert!(received.contains(&format!("\"version\" \"{}\")", env!("CARGO_PKG_VERSION"))));
    assert!(received.contains("LOGOUT"));
}

#[test]
fn netease_like_refusal_is_mailbox_refused_with_server_words() {
    let ca = TestCa::new("mailwiz netease test CA");
    let server = netease_like(&ca, true);
    let req = request(
        Protocol::Imap,
        endpoint(server.port, Security::Tls),
        CODE,
        &[ca.ca_pem()],
    );
    let result = probe(&req);
    assert_eq!(result.outcome, Outcome::MailboxRefused, "{result:#?}");
    assert_eq!(result.server_message.as_deref(), Some(NETEASE_UNSAFE));
    assert_eq!(
        stage_list(&result),
        [
            (Stage::Connect, true),
            (Stage::Secure, true),
            (Stage::Greeting, true),
            (Stage::Login, true),
            (Stage::Mailbox, false)
        ]
    );
    // Even after a refusal the probe says goodbye.
    assert!(String::from_utf8_lossy(&server.received()).contains("LOGOUT"));
}

#[test]
fn server_text_echoing_the_secret_is_redacted() {
    let ca = TestCa::new("mailwiz redaction test CA");
    let acceptor = native_tls::TlsAcceptor::new(ca.server_cert(SERVER_NAMES).identity()).unwrap();
    // A careless server that repeats the login line in its refusal.
    let server = scripted::serve(Some(acceptor), |peer: &mut Peer| {
        peer.send("* OK [CAPABILITY IMAP4rev1] hi\r\n");
        while let Some(line) = peer.line() {
            let Some((tag, command)) = line.split_once(' ') else {
                return;
            };
            if command.starts_with("LOGIN") {
                peer.send(&format!("{tag} NO you said: {command}\r\n"));
            } else {
                peer.send(&format!("{tag} OK\r\n"));
                if command.starts_with("LOGOUT") {
                    return;
                }
            }
        }
    });
    let req = request(
        Protocol::Imap,
        endpoint(server.port, Security::Tls),
        CODE,
        &[ca.ca_pem()],
    );
    let result = probe(&req);
    assert_eq!(result.outcome, Outcome::LoginRefused, "{result:#?}");
    let message = result.server_message.clone().unwrap();
    assert!(message.contains("[redacted]"), "{message}");
    assert_secret_free(&result, CODE);
}
