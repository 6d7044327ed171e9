//! Issue 11 §1.1: a server that echoes the code back, inside a line with control bytes, must not
//! get any of it shown — in any rendering of that line: the result itself (Debug), its JSON,
//! the printable transcript, the help-desk text, and `mailwiz test`'s text and JSON output.
//! Before the fix, such a line was shown as an unredacted hex dump of its first 16 bytes.
//!
//! Checked for every rendering: neither the code nor any run of 4 or more of its bytes, as text
//! or as hex.

mod common;

use std::process::{Command, Stdio};

use common::certs::{SERVER_NAMES, TestCa};
use common::probing::{USER, endpoint, probe, request};
use common::scripted::{self, Peer, Scripted};
use mailwiz::core::client::catalog;
use mailwiz::core::diagnosis::transcript_lines;
use mailwiz::core::i18n::Lang;
use mailwiz::core::probe::{ProbeResult, Protocol};
use mailwiz::core::provider::model::{PasswordKind, Security};
use mailwiz::core::settings::{AccountSettings, Incoming, TestReport, helpdesk_text};

/// 15 bytes, as in the report: 13 of them were shown.
const CODE: &str = "qwertASDFGzxcvb";

fn acceptor(ca: &TestCa) -> native_tls::TlsAcceptor {
    native_tls::TlsAcceptor::new(ca.server_cert(SERVER_NAMES).identity()).expect("acceptor")
}

/// An IMAP server that answers any login with `* \0<code>` and then a refusal.
fn imap_echoing(ca: &TestCa) -> Scripted {
    scripted::serve(Some(acceptor(ca)), |peer: &mut Peer| {
        peer.send("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] ready\r\n");
        while let Some(line) = peer.line() {
            let tag = line.split(' ').next().unwrap_or("a").to_owned();
            let verb = line.split(' ').nth(1).unwrap_or("").to_ascii_uppercase();
            match verb.as_str() {
                "AUTHENTICATE" | "LOGIN" => {
                    peer.send_bytes(format!("* \0{CODE}\r\n").as_bytes());
                    peer.send(&format!("{tag} NO [AUTHENTICATIONFAILED] \0{CODE}\r\n"));
                }
                "LOGOUT" => return,
                _ => peer.send(&format!("{tag} BAD what\r\n")),
            }
        }
    })
}

/// A POP3 server that echoes the decoded SASL PLAIN message (`\0user\0code`) in its refusal.
fn pop3_echoing(ca: &TestCa) -> Scripted {
    scripted::serve(Some(acceptor(ca)), |peer: &mut Peer| {
        peer.send("+OK ready\r\n");
        while let Some(line) = peer.line() {
            let verb = line.split(' ').next().unwrap_or("").to_ascii_uppercase();
            match verb.as_str() {
                "CAPA" => peer.send("+OK\r\nSASL PLAIN\r\nUSER\r\n.\r\n"),
                "AUTH" => {
                    if !line.contains("PLAIN ") {
                        peer.send("+ \r\n");
                        let _ = peer.line();
                    }
                    peer.send_bytes(format!("-ERR bad \0{USER}\0{CODE}\r\n").as_bytes());
                }
                "USER" => peer.send("+OK\r\n"),
                "PASS" => {
                    peer.send_bytes(format!("-ERR bad \0{USER}\0{CODE}\r\n").as_bytes());
                }
                "QUIT" => return,
                _ => peer.send("-ERR what\r\n"),
            }
        }
    })
}

/// Fails when `shown` holds the code or a run of 4+ of its bytes, as text or as hex.
fn assert_nothing_of_the_code(what: &str, shown: &str) {
    let code = CODE.as_bytes();
    for len in 4..=code.len() {
        for part in code.windows(len) {
            let text = std::str::from_utf8(part).unwrap();
            let hex: String = part.iter().map(|b| format!("{b:02x}")).collect();
            let spaced: Vec<String> = part.iter().map(|b| format!("{b:02x}")).collect();
            for form in [text.to_owned(), hex, spaced.join(" ")] {
                assert!(
                    !shown.to_lowercase().contains(&form.to_lowercase()),
                    "{what}: {form:?} of the code is shown in:\n{shown}"
                );
            }
        }
    }
}

fn settings(port: u16, protocol: Incoming) -> AccountSettings {
    AccountSettings {
        address: USER.into(),
        provider_id: None,
        incoming_protocol: protocol,
        incoming: endpoint(port, Security::Tls),
        outgoing: endpoint(port, Security::Tls),
        username: USER.into(),
        password_kind: PasswordKind::Password,
    }
}

fn check_every_rendering(result: &ProbeResult, incoming: Incoming) {
    // The server did speak, and what it said is in the transcript (else the test proves nothing).
    assert!(
        result
            .transcript
            .iter()
            .any(|l| l.text.contains("[binary,") && l.text.contains("[redacted]")),
        "{result:#?}"
    );
    assert_nothing_of_the_code("Debug", &format!("{result:?}"));
    assert_nothing_of_the_code("JSON", &serde_json::to_string(result).unwrap());
    assert_nothing_of_the_code("transcript", &transcript_lines(result).join("\n"));
    let client = catalog().get("thunderbird").expect("thunderbird");
    let report = TestReport::Done(vec![result.clone()]);
    for lang in Lang::ALL {
        let text = helpdesk_text(
            &settings(result.endpoint.port, incoming),
            client,
            &report,
            lang,
        );
        assert_nothing_of_the_code("help-desk text", &text);
    }
}

/// `mailwiz test` with the code on standard input: text and JSON, both with the transcript.
fn check_cli(protocol: &str, port: u16, ca: &TestCa) {
    let dir = tempfile::tempdir().unwrap();
    let ca_path = dir.path().join("ca.pem");
    std::fs::write(&ca_path, ca.ca_pem()).unwrap();
    for json in [false, true] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mailwiz"));
        cmd.args([
            "--lang",
            "en",
            "test",
            USER,
            "--host",
            common::dovecot::HOST,
        ])
        .args(["--protocol", protocol, "--port", &port.to_string()])
        .args(["--security", "tls", "--password-stdin", "--transcript"])
        .args(["--timeout", "10"])
        .arg("--ca-file")
        .arg(&ca_path)
        .env_remove("MAILWIZ_PASSWORD")
        .env_remove("MAILWIZ_DNS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        if json {
            cmd.arg("--json");
        }
        let mut child = cmd.spawn().expect("run mailwiz");
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{CODE}\n").as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{stdout}");
        assert!(stdout.contains("[redacted]"), "{stdout}");
        assert_nothing_of_the_code("CLI output", &stdout);
        assert_nothing_of_the_code("CLI stderr", &String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn an_imap_server_echoing_the_code_after_a_nul_gets_none_of_it_shown() {
    let ca = TestCa::new("mailwiz echo CA");
    let server = imap_echoing(&ca);
    let result = probe(&request(
        Protocol::Imap,
        endpoint(server.port, Security::Tls),
        CODE,
        &[ca.ca_pem()],
    ));
    check_every_rendering(&result, Incoming::Imap);
    check_cli("imap", server.port, &ca);
}

#[test]
fn a_pop3_server_echoing_the_decoded_plain_message_gets_none_of_it_shown() {
    let ca = TestCa::new("mailwiz echo CA");
    let server = pop3_echoing(&ca);
    let result = probe(&request(
        Protocol::Pop3,
        endpoint(server.port, Security::Tls),
        CODE,
        &[ca.ca_pem()],
    ));
    check_every_rendering(&result, Incoming::Pop3);
    check_cli("pop3", server.port, &ca);
}

/// The review after issue 11: capabilities become a stage detail, and SMTP's are kept
/// upper-cased; a server that lists the code there (in any case) must not get it shown.
#[test]
fn a_code_in_the_capabilities_is_redacted_from_the_stage_detail() {
    let ca = TestCa::new("mailwiz echo CA");
    let server = scripted::serve(Some(acceptor(&ca)), |peer: &mut Peer| {
        peer.send("220 ready\r\n");
        while let Some(line) = peer.line() {
            let verb = line.split(' ').next().unwrap_or("").to_ascii_uppercase();
            match verb.as_str() {
                "EHLO" => peer.send(&format!(
                    "250-hello\r\n250-X-ECHO {}\r\n250 AUTH PLAIN LOGIN\r\n",
                    CODE.to_lowercase()
                )),
                "AUTH" => peer.send("535 5.7.8 no\r\n"),
                "QUIT" => return,
                _ => peer.send("500 what\r\n"),
            }
        }
    });
    let result = probe(&request(
        Protocol::Smtp,
        endpoint(server.port, Security::Tls),
        CODE,
        &[ca.ca_pem()],
    ));
    let shown = format!("{result:?}");
    assert!(
        shown.contains("[REDACTED]") || shown.contains("[redacted]"),
        "{shown}"
    );
    assert_nothing_of_the_code("stage details", &shown);
    assert_nothing_of_the_code("transcript", &transcript_lines(&result).join("\n"));
}
