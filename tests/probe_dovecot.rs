//! Test connections against a real Dovecot (IMAP, POP3, submission) on loopback: logins that
//! work, wrong codes, certificate and port/security mix-ups, what the transcript shows, and what
//! goes over the wire. Scripted peers (provider replies, stalls, garbage) are in
//! `probe_scripted.rs`.
//!
//! Each test starts its own Dovecot (~40 ms), so a failed login in one test cannot slow another
//! down through Dovecot's auth penalty. Tests connect to 127.0.0.2, where Dovecot does not treat
//! the connection as secure and so behaves as a remote server would (LOGINDISABLED before TLS).

mod common;

use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use common::Dovecot;
use common::contains;
use common::dnsmasq::{Dnsmasq, Records};
use common::dovecot::{CertKind, HOST, Options};
use common::probing::{
    CODE, PROTOCOLS, USER, WRONG_CODE, assert_never_sent, assert_secret_free, endpoint, last_stage,
    probe, probe_with, probe_with_options, request, stage, stage_list, timeouts, transcript,
};
use common::proxy::RecordingProxy;
use mailwiz::core::net::Resolver;
use mailwiz::core::probe::{
    CancelToken, Direction, Failure, Outcome, ProbeOptions, ProbeResult, Protocol, Stage,
    TestMessage,
};
use mailwiz::core::provider::model::Security;

fn expected_ok_stages(protocol: Protocol, security: Security) -> Vec<(Stage, bool)> {
    let mut stages = match security {
        Security::Tls => vec![
            Stage::Dns,
            Stage::Connect,
            Stage::Secure,
            Stage::Greeting,
            Stage::Capabilities,
            Stage::Login,
        ],
        _ => vec![
            Stage::Dns,
            Stage::Connect,
            Stage::Greeting,
            Stage::Capabilities,
            Stage::Secure,
            Stage::Login,
        ],
    };
    if protocol != Protocol::Smtp {
        stages.push(Stage::Mailbox);
    }
    stages.into_iter().map(|s| (s, true)).collect()
}

/// What the transcript shows for the login: the command with the credentials as `[redacted]`.
fn expected_login_line(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Imap => "AUTHENTICATE PLAIN [redacted]",
        Protocol::Pop3 | Protocol::Smtp => "AUTH PLAIN [redacted]",
    }
}

fn assert_logs_in(dovecot: &Dovecot, protocol: Protocol, security: Security) -> ProbeResult {
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
    assert_eq!(result.failure, None);
    assert_eq!(stage_list(&result), expected_ok_stages(protocol, security));
    assert_eq!(result.server_message, None);
    assert_eq!(result.protocol, protocol);
    assert_eq!(result.endpoint, req.endpoint);
    assert_secret_free(&result, CODE);
    let sent = transcript(&result, Direction::Sent);
    assert!(
        sent.iter()
            .any(|l| l.ends_with(expected_login_line(protocol))),
        "{sent:#?}"
    );
    // The goodbye is sent and not waited for: it is the last line sent.
    let goodbye = if protocol == Protocol::Imap {
        "LOGOUT"
    } else {
        "QUIT"
    };
    assert!(sent.last().unwrap().ends_with(goodbye), "{sent:#?}");
    result
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
    let result = assert_logs_in(&dovecot, Protocol::Imap, Security::Starttls);
    // Capabilities asked again inside TLS.
    let sent = transcript(&result, Direction::Sent);
    assert_eq!(
        sent.iter().filter(|l| l.ends_with(" CAPABILITY")).count(),
        1
    );
    assert!(
        stage(&result, Stage::Secure)
            .detail
            .starts_with("STARTTLS; TLSv1.")
    );
}

#[test]
fn pop3_implicit_tls_logs_in_and_stats() {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    let result = assert_logs_in(&dovecot, Protocol::Pop3, Security::Tls);
    // Dovecot lists PIPELINING: STAT goes out with the login, before its answer comes.
    let lines: Vec<(Direction, &str)> = result
        .transcript
        .iter()
        .filter(|l| l.direction != Direction::Note)
        .map(|l| (l.direction, l.text.as_str()))
        .collect();
    let auth = lines
        .iter()
        .position(|l| *l == (Direction::Sent, "AUTH PLAIN [redacted]"))
        .expect("AUTH sent");
    assert_eq!(lines[auth + 1], (Direction::Sent, "STAT"), "{lines:#?}");
    assert_eq!(stage(&result, Stage::Mailbox).detail, "STAT: 0 messages");
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

// ---------------------------------------------------------------------------------------------
// The SMTP test message: only when asked for, through Dovecot's submission service to its relay.

const TEST_SUBJECT: &str = "mailwiz test message / mailwiz 测试邮件";
const TEST_BODY: &str = "Sending works.\n发信正常。";

fn asked_for_test_message() -> ProbeOptions {
    ProbeOptions {
        test_message: Some(TestMessage {
            address: USER.to_owned(),
            subject: TEST_SUBJECT.to_owned(),
            body: TEST_BODY.to_owned(),
        }),
        ..ProbeOptions::default()
    }
}

#[test]
fn smtp_sends_a_test_message_to_itself_when_asked() {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    for security in [Security::Tls, Security::Starttls] {
        let before = dovecot.relayed().len();
        let req = request(
            Protocol::Smtp,
            dovecot.endpoint(Protocol::Smtp, security),
            CODE,
            &[dovecot.ca_pem()],
        );
        let result = probe_with_options(&req, &asked_for_test_message());
        assert_eq!(
            result.outcome,
            Outcome::Ok,
            "{result:#?}\n{}",
            dovecot.log()
        );
        let mut expected = expected_ok_stages(Protocol::Smtp, security);
        expected.push((Stage::TestMessage, true));
        assert_eq!(stage_list(&result), expected);
        // The stage records the server's reply to the message: accepted.
        let detail = &stage(&result, Stage::TestMessage).detail;
        assert!(detail.starts_with("250 "), "{detail}");
        assert_secret_free(&result, CODE);
        // Dovecot offers PIPELINING: the envelope goes out in one write, after the login.
        let sent = transcript(&result, Direction::Sent);
        let mail_from = format!("MAIL FROM:<{USER}>");
        let rcpt_to = format!("RCPT TO:<{USER}>");
        let at = sent
            .iter()
            .position(|l| *l == mail_from)
            .expect("MAIL FROM sent");
        assert_eq!(
            sent[at + 1..at + 3],
            [rcpt_to.as_str(), "DATA"],
            "{sent:#?}"
        );
        assert!(sent[..at].contains(&"AUTH PLAIN [redacted]"));
        assert_eq!(sent[sent.len() - 2..], [".", "QUIT"], "{sent:#?}");
        // The received lines show 250, 250, 354, then the reply that is the stage detail.
        let received = transcript(&result, Direction::Received);
        assert!(
            received.iter().any(|l| l.starts_with("354 ")),
            "{received:#?}"
        );
        assert!(received.contains(&detail.as_str()), "{received:#?}");

        // It arrived where Dovecot relays mail, from and to the address, as it was written.
        let relayed = dovecot.relayed();
        assert_eq!(relayed.len(), before + 1, "{relayed:#?}");
        let message = relayed.last().unwrap();
        assert!(
            message.mail_from.starts_with(&format!("<{USER}>")),
            "{message:#?}"
        );
        assert_eq!(message.rcpt_to.len(), 1, "{message:#?}");
        assert!(message.rcpt_to[0].starts_with(&format!("<{USER}>")));
        let lines: Vec<&str> = message.lines.iter().map(String::as_str).collect();
        let subject = format!(
            "Subject: =?UTF-8?B?{}?=",
            common::base64(TEST_SUBJECT.as_bytes())
        );
        for header in [
            format!("From: <{USER}>"),
            format!("To: <{USER}>"),
            subject,
            "Content-Type: text/plain; charset=UTF-8".to_owned(),
            "Content-Transfer-Encoding: base64".to_owned(),
            "Auto-Submitted: auto-generated".to_owned(),
        ] {
            assert!(
                lines.contains(&header.as_str()),
                "{header} not in {lines:#?}"
            );
        }
        let body = common::base64(TEST_BODY.replace('\n', "\r\n").as_bytes());
        assert_eq!(lines.last(), Some(&body.as_str()), "{lines:#?}");
        let everything = message.lines.join("\n");
        assert_never_sent(everything.as_bytes(), CODE);
    }
}

#[test]
fn smtp_sends_nothing_unless_asked() {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    let result = assert_logs_in(&dovecot, Protocol::Smtp, Security::Tls);
    let sent = transcript(&result, Direction::Sent);
    assert!(
        !sent
            .iter()
            .any(|l| l.starts_with("MAIL") || l.starts_with("RCPT") || *l == "DATA"),
        "{sent:#?}"
    );
    assert!(dovecot.relayed().is_empty());
    // Asking for a test message changes nothing for IMAP and POP3.
    for protocol in [Protocol::Imap, Protocol::Pop3] {
        let req = request(
            protocol,
            dovecot.endpoint(protocol, Security::Tls),
            CODE,
            &[dovecot.ca_pem()],
        );
        let result = probe_with_options(&req, &asked_for_test_message());
        assert_eq!(
            stage_list(&result),
            expected_ok_stages(protocol, Security::Tls)
        );
    }
    assert!(dovecot.relayed().is_empty());
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
    assert_eq!(details[0], HOST);
    assert_eq!(details[1], format!("{HOST}:{}", req.endpoint.port));
    // The certificate the harness made: CN = first name, from the test CA, valid 1975–4096
    // (rcgen's defaults), with the fingerprint of its DER.
    let fingerprint = dovecot_fingerprint(&dovecot);
    assert_eq!(
        details[2],
        format!(
            "TLSv1.3 (TLS_AES_256_GCM_SHA384); subject CN=localhost; issuer CN=mailwiz test CA; \
             valid 1975-01-01T00:00:00Z to 4096-01-01T00:00:00Z; SHA-256 {fingerprint}"
        )
    );
    // Debian's Dovecot says "* OK Dovecot (Debian) ready."; the capability list is left out.
    assert!(
        details[3].starts_with("* OK Dovecot") && details[3].ends_with("ready."),
        "{details:?}"
    );
    // Dovecot's greeting carries the capabilities: no CAPABILITY round trip.
    assert!(
        details[4].starts_with("from the greeting: IMAP4REV1 ")
            && details[4].contains(" SASL-IR ")
            && details[4].contains(" AUTH=PLAIN"),
        "{details:?}"
    );
    assert_eq!(details[5], "AUTHENTICATE PLAIN ok");
    assert_eq!(details[6], "INBOX: 0 messages");
    let sent = transcript(&result, Direction::Sent);
    assert_eq!(
        sent,
        [
            "a1 AUTHENTICATE PLAIN [redacted]",
            &format!(
                "a2 ID (\"name\" \"mailwiz\" \"version\" \"{}\")",
                env!("CARGO_PKG_VERSION")
            ),
            "a3 EXAMINE INBOX",
            "a4 LOGOUT",
        ]
    );
    // Notes: what was tested, the address, the peer, the TLS facts, the result; each stamped.
    let notes = transcript(&result, Direction::Note);
    assert_eq!(
        notes[0],
        format!("IMAP test of {HOST}:{}, security tls", req.endpoint.port)
    );
    assert!(
        notes.contains(&format!("resolved {HOST}").as_str()),
        "{notes:#?}"
    );
    assert!(notes.contains(&format!("connected to {HOST}:{}", req.endpoint.port).as_str()));
    assert!(notes.contains(&format!("TLS established: {}", details[2]).as_str()));
    assert_eq!(*notes.last().unwrap(), "result: ok");
    assert!(
        result
            .transcript
            .windows(2)
            .all(|w| w[0].millis <= w[1].millis)
    );
}

/// SHA-256 of the certificate Dovecot presents, computed here from its PEM (independently of
/// the probe's path: our own decoding, `sha2` directly).
fn dovecot_fingerprint(dovecot: &Dovecot) -> String {
    use sha2::{Digest, Sha256};
    let pem = dovecot.server_cert_pem();
    let der = native_tls::Certificate::from_pem(pem.as_bytes())
        .and_then(|c| c.to_der())
        .expect("server certificate");
    let hex: Vec<String> = Sha256::digest(&der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    hex.join(":")
}

/// With only the LOGIN mechanism offered, Dovecot disables the IMAP LOGIN command and POP3
/// USER/PASS (both are PLAIN inside), so the probe must use AUTHENTICATE LOGIN, POP3 AUTH LOGIN
/// and SMTP AUTH LOGIN. The code has characters IMAP would have to escape. The transcript shows
/// both continuation answers (user name and code) as `[redacted]`.
#[test]
fn login_mechanism_fallbacks_work() {
    let tricky_code = r#"pa"ss\wo rd{1}"#;
    let dovecot = Dovecot::start_with(
        &[(USER, tricky_code)],
        Options {
            auth_mechanisms: "login",
            ..Options::default()
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
            let expected = match protocol {
                Protocol::Imap => "AUTHENTICATE LOGIN ok",
                Protocol::Pop3 | Protocol::Smtp => "AUTH LOGIN ok",
            };
            assert_eq!(stage(&result, Stage::Login).detail, expected);
            assert_secret_free(&result, tricky_code);
            let sent = transcript(&result, Direction::Sent);
            assert_eq!(
                sent.iter().filter(|l| **l == "[redacted]").count(),
                2,
                "{sent:#?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A wrong code is refused, with the server's words kept and the code nowhere in the result.

fn assert_wrong_code_refused(
    protocol: Protocol,
    security: Security,
    mechanisms: &'static str,
    server_words: &str,
) {
    let dovecot = Dovecot::start_with(
        &[(USER, CODE)],
        Options {
            auth_mechanisms: mechanisms,
            ..Options::default()
        },
    );
    let req = request(
        protocol,
        dovecot.endpoint(protocol, security),
        WRONG_CODE,
        &[dovecot.ca_pem()],
    );
    let result = probe(&req);
    assert_eq!(result.outcome, Outcome::LoginRefused, "{result:#?}");
    assert_eq!(result.failure, Some(Failure::AuthRejected));
    assert_eq!(last_stage(&result), (Stage::Login, false));
    let message = result.server_message.clone().expect("server message");
    assert!(message.contains(server_words), "{message}");
    assert_secret_free(&result, WRONG_CODE);
    // The refusal is in the transcript as the server said it, after a note on the failure.
    let received = transcript(&result, Direction::Received);
    assert!(
        received.iter().any(|l| l.contains(server_words)),
        "{received:#?}"
    );
    let notes = transcript(&result, Direction::Note);
    assert!(
        notes.iter().any(|n| n.starts_with("login failed: ")),
        "{notes:#?}"
    );
    assert_eq!(
        *notes.last().unwrap(),
        "result: LoginRefused (AuthRejected)"
    );
}

#[test]
fn wrong_code_imap_is_auth_rejected() {
    assert_wrong_code_refused(
        Protocol::Imap,
        Security::Tls,
        "plain login",
        "NO [AUTHENTICATIONFAILED] Authentication failed.",
    );
}

#[test]
fn wrong_code_pop3_is_auth_rejected() {
    assert_wrong_code_refused(
        Protocol::Pop3,
        Security::Starttls,
        "plain login",
        "-ERR [AUTH] Authentication failed.",
    );
}

#[test]
fn wrong_code_smtp_is_auth_rejected() {
    assert_wrong_code_refused(
        Protocol::Smtp,
        Security::Tls,
        "plain login",
        "535 5.7.8 Authentication failed",
    );
}

/// The same with AUTH LOGIN, whose continuation lines carry the user name and the code.
#[test]
fn wrong_code_with_auth_login_hides_the_secret_everywhere() {
    for (protocol, words) in [
        (
            Protocol::Imap,
            "NO [AUTHENTICATIONFAILED] Authentication failed.",
        ),
        (Protocol::Pop3, "-ERR [AUTH] Authentication failed."),
        (Protocol::Smtp, "535 5.7.8 Authentication failed"),
    ] {
        assert_wrong_code_refused(protocol, Security::Tls, "login", words);
    }
}

// ---------------------------------------------------------------------------------------------
// TLS failures and port/security mix-ups, with the precise cause.

#[test]
fn certificate_problems_are_named_precisely() {
    // No extra root: the test CA is unknown to the system.
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    for (protocol, security) in [
        (Protocol::Imap, Security::Tls),
        (Protocol::Smtp, Security::Starttls),
    ] {
        let req = request(protocol, dovecot.endpoint(protocol, security), CODE, &[]);
        let result = probe(&req);
        assert_eq!(result.outcome, Outcome::SecureFailed, "{result:#?}");
        assert_eq!(result.failure, Some(Failure::CertificateUntrusted));
        assert_eq!(last_stage(&result), (Stage::Secure, false));
        let detail = &stage(&result, Stage::Secure).detail;
        assert!(detail.contains("certificate verify failed"), "{detail}");
    }
    for (kind, failure) in [
        (CertKind::OtherName, Failure::CertificateNameMismatch),
        (CertKind::Expired, Failure::CertificateExpired),
    ] {
        let dovecot = Dovecot::start_with(
            &[(USER, CODE)],
            Options {
                cert: kind,
                ..Options::default()
            },
        );
        for protocol in PROTOCOLS {
            let req = request(
                protocol,
                dovecot.endpoint(protocol, Security::Tls),
                CODE,
                &[dovecot.ca_pem()],
            );
            let result = probe(&req);
            assert_eq!(result.failure, Some(failure), "{result:#?}");
            assert_eq!(result.outcome, Outcome::SecureFailed);
            assert_eq!(last_stage(&result), (Stage::Secure, false));
        }
    }
}

#[test]
fn implicit_tls_to_starttls_port_is_tls_to_plain_port() {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    for protocol in PROTOCOLS {
        let mut endpoint = dovecot.endpoint(protocol, Security::Starttls);
        endpoint.security = Security::Tls;
        let result = probe(&request(protocol, endpoint, CODE, &[dovecot.ca_pem()]));
        // The plain-text greeting arrives where the TLS handshake expects a ServerHello.
        assert_eq!(result.outcome, Outcome::SecureFailed, "{result:#?}");
        assert_eq!(result.failure, Some(Failure::TlsToPlainPort));
        assert_eq!(
            stage_list(&result),
            [
                (Stage::Dns, true),
                (Stage::Connect, true),
                (Stage::Secure, false)
            ]
        );
        // The server's plain greeting, read in full, is kept as its words.
        let message = result.server_message.clone().expect("the plain greeting");
        // (Under load Dovecot may greet with "Waiting for authentication process to respond"
        // instead of "ready": either is its plain greeting.)
        let expected_start = match protocol {
            Protocol::Imap => "* OK ",
            Protocol::Pop3 => "+OK ",
            Protocol::Smtp => "220 localhost",
        };
        assert!(message.starts_with(expected_start), "{message}");
        assert!(
            message.contains("ready") || message.contains("Waiting for authentication"),
            "{message}"
        );
        assert_eq!(transcript(&result, Direction::Received), [message.as_str()]);
    }
}

#[test]
fn starttls_to_implicit_tls_port_is_plain_to_tls_port() {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    for protocol in PROTOCOLS {
        for security in [Security::Starttls, Security::None] {
            let mut endpoint = dovecot.endpoint(protocol, Security::Tls);
            endpoint.security = security;
            let mut req = request(protocol, endpoint, CODE, &[dovecot.ca_pem()]);
            // Dovecot waits for a ClientHello and says nothing: the greeting never comes.
            req.timeouts = timeouts(Duration::from_millis(700));
            let started = Instant::now();
            let result = probe(&req);
            assert!(started.elapsed() < Duration::from_secs(3));
            assert_eq!(result.failure, Some(Failure::PlainToTlsPort), "{result:#?}");
            assert_eq!(result.outcome, Outcome::ServerProblem);
            assert_eq!(last_stage(&result), (Stage::Greeting, false));
            assert_eq!(
                stage(&result, Stage::Greeting).detail,
                "no reply within 700 ms: no greeting; the server may be waiting for TLS \
                 (an implicit-TLS port)"
            );
            assert!(transcript(&result, Direction::Sent).is_empty());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The secret never travels unencrypted: proven on the wire with a recording proxy.

/// With no encryption chosen, a probe through the recording proxy to `target_host`: it stops
/// before login, never sends the code, and still says goodbye through the proxy.
fn assert_stops_before_login(
    dovecot: &Dovecot,
    protocol: Protocol,
    target_host: &'static str,
) -> ProbeResult {
    let proxy = RecordingProxy::start_to(target_host, dovecot.port(protocol, Security::Starttls));
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
            (Stage::Dns, true),
            (Stage::Connect, true),
            (Stage::Greeting, true),
            (Stage::Capabilities, true),
            (Stage::Secure, false)
        ]
    );
    assert_never_sent(&captured, CODE);
    assert_secret_free(&result, CODE);
    // The capture is real: the goodbye went through the proxy.
    let goodbye: &[u8] = match protocol {
        Protocol::Imap => b"LOGOUT",
        _ => b"QUIT",
    };
    assert!(
        contains(&captured, goodbye),
        "{:?}",
        String::from_utf8_lossy(&captured)
    );
    // Nothing that carries a login went out at all.
    for command in [&b"AUTH"[..], b"LOGIN", b"USER", b"PASS"] {
        assert!(
            !contains(&captured, command),
            "{:?}",
            String::from_utf8_lossy(&captured)
        );
    }
    result
}

/// On 127.0.0.2 Dovecot refuses plain-text logins and says so before any login: IMAP lists
/// LOGINDISABLED (and no AUTH=), SMTP keeps AUTH for after STARTTLS, POP3 lists neither USER nor
/// SASL. The probe reports the server's own refusal, without sending anything.
#[test]
fn security_none_stops_before_login_and_sends_no_secret() {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    for protocol in PROTOCOLS {
        let result = assert_stops_before_login(&dovecot, protocol, HOST);
        assert_eq!(
            result.failure,
            Some(Failure::PlaintextRefused),
            "{result:#?}"
        );
        let (reason, words) = match protocol {
            Protocol::Imap => ("(LOGINDISABLED)", "LOGINDISABLED"),
            Protocol::Smtp => ("(STARTTLS offered, AUTH only after it)", "STARTTLS"),
            Protocol::Pop3 => ("(STLS offered, no USER or SASL before it)", "STLS"),
        };
        let detail = &stage(&result, Stage::Secure).detail;
        assert!(
            detail.starts_with("not encrypted, and the server refuses a login without encryption")
                && detail.contains(reason)
                && detail.ends_with("code not sent"),
            "{detail}"
        );
        let message = result.server_message.clone().expect("the capabilities");
        assert!(message.contains(words), "{message}");
        assert_eq!(
            *transcript(&result, Direction::Note).last().unwrap(),
            "result: NotEncrypted (PlaintextRefused)"
        );
    }
}

/// On 127.0.0.1 Dovecot treats the connection as secure and would take a plain-text login (it
/// offers AUTH PLAIN): the probe still sends nothing, and says it is mailwiz that will not.
#[test]
fn security_none_where_the_server_would_accept_plain_is_not_encrypted() {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    for protocol in PROTOCOLS {
        let result = assert_stops_before_login(&dovecot, protocol, "127.0.0.1");
        assert_eq!(result.failure, Some(Failure::NotEncrypted), "{result:#?}");
        assert_eq!(result.server_message, None);
        assert_eq!(
            stage(&result, Stage::Secure).detail,
            "not encrypted: code not sent"
        );
        // The server did offer a plain-text login here.
        let capabilities = &stage(&result, Stage::Capabilities).detail;
        let offered = match protocol {
            Protocol::Imap => "AUTH=PLAIN",
            Protocol::Smtp => "AUTH PLAIN",
            Protocol::Pop3 => "SASL PLAIN",
        };
        assert!(capabilities.contains(offered), "{capabilities}");
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

// ---------------------------------------------------------------------------------------------
// Places that are not mail servers.

#[test]
fn closed_port_is_refused_and_unknown_host_not_found() {
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
    assert_eq!(result.failure, Some(Failure::ConnectRefused));
    assert_eq!(
        stage_list(&result),
        [(Stage::Dns, true), (Stage::Connect, false)]
    );
    assert_eq!(
        stage(&result, Stage::Connect).detail,
        format!("{HOST}:{port} refused")
    );

    // Names are looked up at a DNS server on loopback (dnsmasq, no upstream servers), never
    // through the system's resolver: no query leaves the machine.
    let dns = Dnsmasq::start(&Records::new());
    let only_local_dns = ProbeOptions {
        resolver: Resolver::DnsServer(dns.addr()),
        ..ProbeOptions::default()
    };
    let mut req = request(Protocol::Smtp, endpoint(465, Security::Tls), CODE, &[]);
    req.endpoint.host = "no-such-host.invalid".into();
    let result = probe_with_options(&req, &only_local_dns);
    assert_eq!(result.outcome, Outcome::CannotReach, "{result:#?}");
    assert_eq!(result.failure, Some(Failure::DnsNotFound));
    assert_eq!(stage_list(&result), [(Stage::Dns, false)]);
    assert!(
        stage(&result, Stage::Dns)
            .detail
            .starts_with("DNS lookup of no-such-host.invalid"),
        "{result:#?}"
    );
    // (RFC 6761: the resolver knows .invalid names never exist and does not even ask.) A name
    // under .test is asked, and dnsmasq answers that it does not exist.
    req.endpoint.host = "no-such-host.example.test".into();
    let result = probe_with_options(&req, &only_local_dns);
    assert_eq!(result.failure, Some(Failure::DnsNotFound), "{result:#?}");
    assert_eq!(
        stage(&result, Stage::Dns).detail,
        format!(
            "DNS lookup of no-such-host.example.test at {} failed: the domain does not exist \
             (NXDOMAIN)",
            dns.addr()
        )
    );
    assert!(
        dns.log().contains("no-such-host.example.test"),
        "{}",
        dns.log()
    );
}

/// A name the local DNS server knows leads to the server it names (here Dovecot on 127.0.0.2).
#[test]
fn a_configured_dns_server_is_used_for_the_servers_name() {
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    let dns = Dnsmasq::start(&Records::new().a("imap.example.test", [127, 0, 0, 2].into()));
    let mut req = request(
        Protocol::Imap,
        dovecot.endpoint(Protocol::Imap, Security::None),
        CODE,
        &[],
    );
    req.endpoint.host = "imap.example.test".into();
    let result = probe_with_options(
        &req,
        &ProbeOptions {
            resolver: Resolver::DnsServer(dns.addr()),
            ..ProbeOptions::default()
        },
    );
    assert_eq!(stage(&result, Stage::Dns).detail, HOST, "{result:#?}");
    assert!(stage(&result, Stage::Greeting).ok, "{result:#?}");
    // No encryption chosen: it stops there, as always.
    assert_eq!(result.outcome, Outcome::NotEncrypted);
    assert!(dns.log().contains("imap.example.test"), "{}", dns.log());
}

/// A listener whose accept queue is full drops new connection attempts, as a firewall that
/// drops packets does: the connect times out.
#[test]
fn dropped_connection_attempts_are_connect_timeout() {
    let listener = TcpListener::bind((HOST, 0)).unwrap();
    let address = listener.local_addr().unwrap();
    let mut held = Vec::new();
    let filled = loop {
        match TcpStream::connect_timeout(&address, Duration::from_millis(200)) {
            Ok(stream) => held.push(stream),
            Err(_) => break true,
        }
        if held.len() > 5000 {
            break false;
        }
    };
    assert!(filled, "the accept queue never filled");
    let mut req = request(
        Protocol::Imap,
        endpoint(address.port(), Security::Tls),
        CODE,
        &[],
    );
    req.timeouts.connect = Duration::from_millis(300);
    let result = probe(&req);
    assert_eq!(result.failure, Some(Failure::ConnectTimeout), "{result:#?}");
    assert_eq!(result.outcome, Outcome::CannotReach);
    assert!(
        stage(&result, Stage::Connect)
            .detail
            .ends_with("timed out after 300 ms"),
        "{result:#?}"
    );
    drop(listener);
}

#[test]
fn cancel_before_start_touches_nothing() {
    let cancel = CancelToken::new();
    cancel.cancel();
    let req = request(Protocol::Imap, endpoint(1, Security::Tls), CODE, &[]);
    let result = probe_with(&req, &cancel);
    assert_eq!(result.outcome, Outcome::Cancelled);
    assert_eq!(result.failure, Some(Failure::Cancelled));
    assert!(result.stages.is_empty());
}
