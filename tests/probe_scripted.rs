//! Test connections against scripted peers, for what no real server on this machine does:
//! real providers' refusals replayed word for word (QQ, NetEase, Gmail, Outlook.com, Microsoft 365's
//! SMTP AUTH switches, a school's or company's own Coremail server), Proton Mail Bridge's own
//! certificate on 127.0.0.1, busy servers, hidden or refused STARTTLS, silence, slow drips,
//! endless lines, garbage, dropped connections, certificate problems, and the IMAP/POP3 corners
//! Dovecot does not reach (LOGIN literals, USER/PASS, no SASL-IR). Each test asserts the precise
//! `failure`, the provider's exact words in `server_message`, and that the secret appears nowhere.
//!
//! Provider peers speak TLS with a throwaway CA the probe trusts as an extra root.

mod common;

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::certs::{SERVER_NAMES, TestCa};
use common::probing::{
    CODE, PROTOCOLS, USER, WRONG_CODE, assert_never_sent, assert_secret_free, endpoint, last_stage,
    probe, probe_with, request, stage, stage_list, timeouts, transcript,
};
use common::scripted::{self, Peer, Scripted};
use mailwiz::core::probe::{
    CancelToken, Direction, Failure, Outcome, ProbeResult, Protocol, Stage, Timeouts,
};
use mailwiz::core::provider::model::Security;

fn acceptor(ca: &TestCa) -> native_tls::TlsAcceptor {
    native_tls::TlsAcceptor::new(ca.server_cert(SERVER_NAMES).identity()).expect("acceptor")
}

/// Probes a TLS peer signed by `ca` with the right code.
fn probe_tls(protocol: Protocol, server: &Scripted, ca: &TestCa, code: &str) -> ProbeResult {
    let result = probe(&request(
        protocol,
        endpoint(server.port, Security::Tls),
        code,
        &[ca.ca_pem()],
    ));
    assert_secret_free(&result, code);
    result
}

/// Tag and upper-case verb of an IMAP command line.
fn imap_command(line: &str) -> (String, String) {
    let mut words = line.split(' ');
    let tag = words.next().unwrap_or_default().to_owned();
    let verb = words.next().unwrap_or_default().to_ascii_uppercase();
    (tag, verb)
}

/// An IMAP peer that greets with `greeting`, lists `capabilities` when asked, and answers any
/// login (AUTHENTICATE with or without an initial response, or LOGIN) with `<tag> <refusal>`,
/// then sends `after` (e.g. a BYE) and closes when `after` is given.
fn imap_refusing(
    ca: &TestCa,
    greeting: &'static str,
    capabilities: &'static str,
    refusal: &'static str,
    after: Option<&'static str>,
) -> Scripted {
    scripted::serve(Some(acceptor(ca)), move |peer: &mut Peer| {
        peer.send(&format!("{greeting}\r\n"));
        while let Some(line) = peer.line() {
            let (tag, verb) = imap_command(&line);
            match verb.as_str() {
                "CAPABILITY" => peer.send(&format!(
                    "* CAPABILITY {capabilities}\r\n{tag} OK CAPABILITY completed\r\n"
                )),
                "AUTHENTICATE" | "LOGIN" => {
                    if line.ends_with("AUTHENTICATE PLAIN") {
                        peer.send("+ \r\n");
                        let _response = peer.line();
                    }
                    peer.send(&format!("{tag} {refusal}\r\n"));
                    if let Some(after) = after {
                        peer.send(&format!("{after}\r\n"));
                        return;
                    }
                }
                "LOGOUT" => {
                    peer.send(&format!(
                        "* BYE logging out\r\n{tag} OK LOGOUT completed\r\n"
                    ));
                    return;
                }
                _ => peer.send(&format!("{tag} OK\r\n")),
            }
        }
    })
}

/// An SMTP peer that greets, answers EHLO with `ehlo` (complete reply lines, CRLF included) and
/// AUTH with `refusal`, sent as raw bytes (a provider may not speak UTF-8). AUTH LOGIN gets its
/// two 334 prompts first.
fn smtp_refusing(
    ca: &TestCa,
    greeting: &'static str,
    ehlo: &'static str,
    refusal: Vec<u8>,
) -> Scripted {
    scripted::serve(Some(acceptor(ca)), move |peer: &mut Peer| {
        peer.send(&format!("{greeting}\r\n"));
        while let Some(line) = peer.line() {
            let upper = line.to_ascii_uppercase();
            if upper.starts_with("EHLO") {
                peer.send(ehlo);
            } else if upper.starts_with("AUTH") {
                if upper == "AUTH LOGIN" {
                    for prompt in ["334 VXNlcm5hbWU6\r\n", "334 UGFzc3dvcmQ6\r\n"] {
                        peer.send(prompt);
                        let _answer = peer.line();
                    }
                }
                peer.send_bytes(&refusal);
            } else if upper == "QUIT" {
                peer.send("221 2.0.0 Bye\r\n");
                return;
            } else {
                peer.send("250 ok\r\n");
            }
        }
    })
}

fn assert_refused(result: &ProbeResult, failure: Failure, message: &str) {
    assert_eq!(result.failure, Some(failure), "{result:#?}");
    assert_eq!(result.outcome, failure.outcome());
    assert_eq!(
        result.server_message.as_deref(),
        Some(message),
        "{result:#?}"
    );
    assert_eq!(last_stage(result), (Stage::Login, false));
    // The provider's words are in the transcript too, as received (the start of them: a
    // multi-line SMTP reply is one line in the message, several in the transcript).
    let received = transcript(result, Direction::Received);
    let words = message.split_once(' ').map_or(message, |(_, rest)| rest);
    let start: String = words.chars().take(30).collect();
    assert!(
        received.iter().any(|l| l.contains(&start)),
        "{start:?} not in {received:#?}"
    );
}

/// Whether a scripted server has received `needle` within a moment: the probe sends its goodbye
/// without waiting, so the server may read it just after the probe returned.
fn eventually_received(server: &Scripted, needle: &str) -> bool {
    let until = Instant::now() + Duration::from_secs(3);
    while Instant::now() < until {
        if String::from_utf8_lossy(&server.received()).contains(needle) {
            return true;
        }
        thread::sleep(Duration::from_millis(10));
    }
    false
}

// ---------------------------------------------------------------------------------------------
// QQ Mail (clients.md §11.1).

const QQ_IMAP_FAIL: &str = "Login fail. Account is abnormal, service is not open, password is \
                            incorrect, login frequency limited, or system is busy.";
const QQ_AUTH_CODE_URL: &str =
    "http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=28&&no=1001256";
const QQ_EHLO: &str = "250-newxmesmtplogicsvrsza1.qq.com\r\n250-PIPELINING\r\n250-SIZE 73400320\r\n\
                       250-AUTH LOGIN PLAIN XOAUTH XOAUTH2\r\n250-AUTH=LOGIN\r\n\
                       250-MAILCOMPRESS\r\n250 8BITMIME\r\n";
const QQ_SMTP_GREETING: &str = "220 newxmesmtplogicsvrsza1.qq.com XMail Esmtp QQ Mail Server.";

#[test]
fn qq_imap_generic_login_failure_is_auth_rejected_with_its_words() {
    let ca = TestCa::new("mailwiz qq test CA");
    let server = imap_refusing(
        &ca,
        "* OK [CAPABILITY IMAP4 IMAP4rev1 ID AUTH=PLAIN AUTH=LOGIN NAMESPACE] QQMail XMIMAP4Server ready",
        "",
        "NO Login fail. Account is abnormal, service is not open, password is incorrect, login \
         frequency limited, or system is busy.",
        None,
    );
    let result = probe_tls(Protocol::Imap, &server, &ca, CODE);
    // Despite "system is busy" and "frequency limited" in the words: a refused login.
    assert_refused(
        &result,
        Failure::AuthRejected,
        &format!("NO {QQ_IMAP_FAIL}"),
    );
    // QQ offers no SASL-IR: the response went after the "+" prompt, shown as [redacted].
    let sent = transcript(&result, Direction::Sent);
    assert_eq!(
        sent[..2],
        ["a1 AUTHENTICATE PLAIN", "[redacted]"],
        "{sent:#?}"
    );
}

#[test]
fn qq_smtp_authorization_code_required_is_auth_rejected_with_its_words() {
    let ca = TestCa::new("mailwiz qq test CA");
    let words = format!(
        "535 Login Fail. Please enter your authorization code to login. More information in \
         {QQ_AUTH_CODE_URL}"
    );
    let server = smtp_refusing(
        &ca,
        QQ_SMTP_GREETING,
        QQ_EHLO,
        format!("{words}\r\n").into_bytes(),
    );
    let result = probe_tls(Protocol::Smtp, &server, &ca, CODE);
    assert_refused(&result, Failure::AuthRejected, &words);
}

/// "请使用授权码登录。详情请看: " in GBK (Python: '…'.encode('gbk')), as QQ sends it.
const QQ_GBK_USE_AUTH_CODE: &[u8] = &[
    0xc7, 0xeb, 0xca, 0xb9, 0xd3, 0xc3, 0xca, 0xda, 0xc8, 0xa8, 0xc2, 0xeb, 0xb5, 0xc7, 0xc2, 0xbc,
    0xa1, 0xa3, 0xcf, 0xea, 0xc7, 0xe9, 0xc7, 0xeb, 0xbf, 0xb4, 0x3a, 0x20,
];

/// `text` encoded as GBK (encoding_rs's encoder; the decoder under test is a separate path).
fn gbk(text: &str) -> Vec<u8> {
    let mut encoder = encoding_rs::GBK.new_encoder();
    let mut out = vec![0u8; text.len() * 2 + 16];
    let (result, read, written) =
        encoder.encode_from_utf8_without_replacement(text, &mut out, true);
    assert_eq!(result, encoding_rs::EncoderResult::InputEmpty, "{text}");
    assert_eq!(read, text.len());
    out.truncate(written);
    out
}

/// QQ sends this refusal GBK-encoded (clients.md §11.1). The probe reads a line that is not
/// UTF-8 as GBK/GB18030, so the Chinese words reach the result and the transcript intact, and
/// the diagnosis is the authorization code, not a generic refusal.
#[test]
fn qq_smtp_gbk_refusal_is_decoded_and_diagnosed_auth_code_required() {
    use mailwiz::core::diagnosis::{Code, diagnose};
    use mailwiz::core::provider::database;

    assert_eq!(gbk("请使用授权码登录。详情请看: "), QQ_GBK_USE_AUTH_CODE);
    let ca = TestCa::new("mailwiz qq test CA");
    let mut refusal = b"535 Error: ".to_vec();
    refusal.extend_from_slice(QQ_GBK_USE_AUTH_CODE);
    refusal.extend_from_slice(QQ_AUTH_CODE_URL.as_bytes());
    refusal.extend_from_slice(b"\r\n");
    // The bytes on the wire are not UTF-8: this is the case being tested.
    assert!(std::str::from_utf8(&refusal).is_err());
    let server = smtp_refusing(&ca, QQ_SMTP_GREETING, QQ_EHLO, refusal);
    let result = probe_tls(Protocol::Smtp, &server, &ca, CODE);
    let words = format!("535 Error: 请使用授权码登录。详情请看: {QQ_AUTH_CODE_URL}");
    assert_refused(&result, Failure::AuthRejected, &words);
    assert!(
        transcript(&result, Direction::Received).contains(&words.as_str()),
        "{result:#?}"
    );
    assert!(!format!("{result:?}").contains('\u{fffd}'), "{result:#?}");
    let qq = database().get("qq");
    assert_eq!(diagnose(&result, qq).code, Code::AuthCodeRequired);
    // Without knowing the provider, the words alone say the same.
    assert_eq!(diagnose(&result, None).code, Code::AuthCodeRequired);
}

/// A server that echoes the code inside a GBK-encoded refusal: the line is decoded, then the
/// code is redacted from the server's words and from the transcript.
#[test]
fn a_code_echoed_in_a_gbk_refusal_is_redacted() {
    let ca = TestCa::new("mailwiz gbk echo CA");
    let mut refusal = b"535 Error: ".to_vec();
    refusal.extend_from_slice(&gbk(&format!("授权码 {CODE} 错误，请使用授权码登录")));
    refusal.extend_from_slice(b"\r\n");
    assert!(std::str::from_utf8(&refusal).is_err());
    let server = smtp_refusing(&ca, QQ_SMTP_GREETING, QQ_EHLO, refusal);
    let result = probe_tls(Protocol::Smtp, &server, &ca, CODE);
    let words = "535 Error: 授权码 [redacted] 错误，请使用授权码登录";
    assert_refused(&result, Failure::AuthRejected, words);
    assert!(
        transcript(&result, Direction::Received).contains(&words),
        "{result:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The SMTP test message refused after a good login (only sent when asked for).

/// An SMTP peer that accepts the login, offers PIPELINING or not, and answers MAIL FROM,
/// RCPT TO and the end of the message with the given replies (DATA gets 354 unless the
/// envelope was refused).
fn smtp_sending(
    ca: &TestCa,
    pipelining: bool,
    mail: &'static str,
    rcpt: &'static str,
    end: &'static str,
) -> Scripted {
    scripted::serve(Some(acceptor(ca)), move |peer: &mut Peer| {
        peer.send(&format!("{QQ_SMTP_GREETING}\r\n"));
        let mut envelope_ok = true;
        while let Some(line) = peer.line() {
            let upper = line.to_ascii_uppercase();
            let reply = if upper.starts_with("EHLO") {
                if pipelining {
                    QQ_EHLO.to_owned()
                } else {
                    "250-smtp.example.test\r\n250 AUTH PLAIN\r\n".to_owned()
                }
            } else if upper.starts_with("AUTH") {
                "235 Authentication successful\r\n".to_owned()
            } else if upper.starts_with("MAIL FROM:") {
                envelope_ok &= mail.starts_with('2');
                format!("{mail}\r\n")
            } else if upper.starts_with("RCPT TO:") {
                envelope_ok &= rcpt.starts_with('2');
                format!("{rcpt}\r\n")
            } else if upper == "DATA" {
                if !envelope_ok {
                    peer.send("503 Error: need RCPT command\r\n");
                    continue;
                }
                peer.send("354 End data with <CR><LF>.<CR><LF>\r\n");
                while let Some(data) = peer.line() {
                    if data == "." {
                        break;
                    }
                }
                format!("{end}\r\n")
            } else if upper == "QUIT" {
                peer.send("221 Bye\r\n");
                return;
            } else {
                "502 Error: command not implemented\r\n".to_owned()
            };
            peer.send(&reply);
        }
    })
}

fn ask_for_test_message(server: &Scripted, ca: &TestCa) -> ProbeResult {
    let req = request(
        Protocol::Smtp,
        endpoint(server.port, Security::Tls),
        CODE,
        &[ca.ca_pem()],
    );
    let options = mailwiz::core::probe::ProbeOptions {
        test_message: Some(mailwiz::core::probe::TestMessage {
            address: USER.to_owned(),
            subject: "mailwiz test".to_owned(),
            body: "test".to_owned(),
        }),
        ..Default::default()
    };
    let result = common::probing::probe_with_options(&req, &options);
    assert_secret_free(&result, CODE);
    result
}

/// QQ refuses a message whose sender is not the logged-in address with these words
/// (clients.md §11.1); here at the end of the message, pipelined envelope accepted.
#[test]
fn a_refused_test_message_is_message_rejected_with_the_servers_words() {
    use mailwiz::core::diagnosis::{Code, diagnose};
    const QQ_INVALID_INPUT: &str =
        "550 Invalid input from 192.0.2.7 to newxmesmtplogicsvrszb1.qq.com.";
    let ca = TestCa::new("mailwiz send test CA");
    let server = smtp_sending(&ca, true, "250 OK", "250 OK", QQ_INVALID_INPUT);
    let result = ask_for_test_message(&server, &ca);
    assert_eq!(
        result.failure,
        Some(Failure::MessageRejected),
        "{result:#?}"
    );
    assert_eq!(result.outcome, Outcome::MessageRefused);
    assert_eq!(result.server_message.as_deref(), Some(QQ_INVALID_INPUT));
    assert_eq!(last_stage(&result), (Stage::TestMessage, false));
    assert_eq!(
        stage(&result, Stage::TestMessage).detail,
        "message refused (550)"
    );
    assert_eq!(stage(&result, Stage::Login).detail, "AUTH PLAIN ok");
    assert_eq!(
        diagnose(&result, mailwiz::core::provider::database().get("qq")).code,
        Code::TestMessageRejected
    );
    // The goodbye is still said.
    assert!(eventually_received(&server, "QUIT"));
}

/// Without PIPELINING the envelope goes one command at a time and stops at the first refusal:
/// no DATA after a refused recipient. A 4xx is the server's trouble, not a refused message.
#[test]
fn a_refused_recipient_stops_before_data_and_4xx_is_server_busy() {
    let ca = TestCa::new("mailwiz send test CA");
    let server = smtp_sending(
        &ca,
        false,
        "250 OK",
        "550 5.1.1 Recipient address rejected: access denied",
        "250 OK",
    );
    let result = ask_for_test_message(&server, &ca);
    assert_eq!(
        result.failure,
        Some(Failure::MessageRejected),
        "{result:#?}"
    );
    assert_eq!(
        stage(&result, Stage::TestMessage).detail,
        "RCPT TO refused (550)"
    );
    let sent = transcript(&result, Direction::Sent);
    assert!(!sent.contains(&"DATA"), "{sent:#?}");
    assert_eq!(
        sent[sent.len() - 3..],
        [
            format!("MAIL FROM:<{USER}>").as_str(),
            format!("RCPT TO:<{USER}>").as_str(),
            "QUIT"
        ]
    );

    let busy = smtp_sending(&ca, true, "451 4.7.1 Try again later", "250 OK", "250 OK");
    let result = ask_for_test_message(&busy, &ca);
    assert_eq!(result.failure, Some(Failure::ServerBusy), "{result:#?}");
    assert_eq!(
        result.server_message.as_deref(),
        Some("451 4.7.1 Try again later")
    );
    assert_eq!(
        stage(&result, Stage::TestMessage).detail,
        "MAIL FROM refused (451)"
    );
    // Pipelined: all three went out, and the DATA refusal (503) was read, not left behind.
    let received = transcript(&result, Direction::Received);
    assert!(
        received.iter().any(|l| l.starts_with("503 ")),
        "{received:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// NetEase 163/126/yeah.net (Coremail, §11.2): LOGIN refusal, and "Unsafe Login" on EXAMINE unless
// the client sent ID first.

/// NetEase's refusal as quoted in pimalaya/himalaya#651 (to SELECT).
const NETEASE_UNSAFE: &str = "NO SELECT Unsafe Login. Please contact kefu@188.com for help";
/// The same refusal to EXAMINE, which is what mailwiz sends, as quoted in rustmailer/bichon#25.
const NETEASE_UNSAFE_EXAMINE: &str =
    "NO EXAMINE Unsafe Login. Please contact kefu@188.com for help";

fn netease_like(ca: &TestCa, always_refuse: bool) -> Scripted {
    netease_like_saying(ca, always_refuse, NETEASE_UNSAFE)
}

/// A NetEase-like peer that refuses the inbox with `unsafe` (without the tag).
fn netease_like_saying(ca: &TestCa, always_refuse: bool, unsafe_words: &'static str) -> Scripted {
    let expected_login = format!("LOGIN \"{USER}\" \"{CODE}\"");
    scripted::serve(Some(acceptor(ca)), move |peer: &mut Peer| {
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
                "EXAMINE" | "SELECT" => format!("{tag} {unsafe_words}\r\n"),
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
    let result = probe_tls(Protocol::Imap, &server, &ca, CODE);
    assert_eq!(result.outcome, Outcome::Ok, "{result:#?}");
    assert_eq!(stage(&result, Stage::Login).detail, "LOGIN ok");
    assert_eq!(stage(&result, Stage::Mailbox).detail, "INBOX: 3 messages");
    // No capabilities in the greeting: asked with one CAPABILITY.
    assert!(
        stage(&result, Stage::Capabilities)
            .detail
            .starts_with("IMAP4REV1 XLIST"),
        "{result:#?}"
    );
    let received = String::from_utf8_lossy(&server.received()).into_owned();
    let id_at = received.find(" ID (\"name\" \"mailwiz\"").expect("ID sent");
    let examine_at = received.find(" EXAMINE INBOX").expect("EXAMINE sent");
    assert!(id_at < examine_at, "{received}");
    assert!(received.contains(&format!("\"version\" \"{}\")", env!("CARGO_PKG_VERSION"))));
    assert!(eventually_received(&server, "LOGOUT"));
    assert!(
        transcript(&result, Direction::Sent)
            .contains(&format!("a2 LOGIN \"{USER}\" [redacted]").as_str())
    );
}

#[test]
fn netease_like_unsafe_login_is_mailbox_rejected_with_server_words() {
    let ca = TestCa::new("mailwiz netease test CA");
    let server = netease_like(&ca, true);
    let result = probe_tls(Protocol::Imap, &server, &ca, CODE);
    assert_eq!(result.outcome, Outcome::MailboxRefused, "{result:#?}");
    assert_eq!(result.failure, Some(Failure::MailboxRejected));
    assert_eq!(result.server_message.as_deref(), Some(NETEASE_UNSAFE));
    let netease = mailwiz::core::provider::database().get("netease-163");
    assert_eq!(
        mailwiz::core::diagnosis::diagnose(&result, netease).code,
        mailwiz::core::diagnosis::Code::UnsafeLogin
    );
    assert_eq!(
        stage_list(&result),
        [
            (Stage::Dns, true),
            (Stage::Connect, true),
            (Stage::Secure, true),
            (Stage::Greeting, true),
            (Stage::Capabilities, true),
            (Stage::Login, true),
            (Stage::Mailbox, false)
        ]
    );
    // Even after a refusal the probe says goodbye.
    assert!(eventually_received(&server, "LOGOUT"));
}

/// The refusal to EXAMINE as rustmailer/bichon#25 quotes it: the inbox refused, the code fine,
/// the diagnosis "unsafe login" whether or not the provider is known.
#[test]
fn netease_unsafe_login_to_examine_is_unsafe_login_with_its_words() {
    use mailwiz::core::diagnosis::{Code, diagnose};
    let ca = TestCa::new("mailwiz netease test CA");
    let server = netease_like_saying(&ca, true, NETEASE_UNSAFE_EXAMINE);
    let result = probe_tls(Protocol::Imap, &server, &ca, CODE);
    assert_eq!(
        result.failure,
        Some(Failure::MailboxRejected),
        "{result:#?}"
    );
    assert_eq!(
        result.server_message.as_deref(),
        Some(NETEASE_UNSAFE_EXAMINE)
    );
    assert_eq!(stage(&result, Stage::Login).detail, "LOGIN ok");
    let netease = mailwiz::core::provider::database().get("netease-163");
    assert_eq!(diagnose(&result, netease).code, Code::UnsafeLogin);
    assert_eq!(diagnose(&result, None).code, Code::UnsafeLogin);
}

#[test]
fn netease_like_login_error_is_auth_rejected_with_server_words() {
    let ca = TestCa::new("mailwiz netease test CA");
    let server = netease_like(&ca, false);
    let result = probe_tls(Protocol::Imap, &server, &ca, WRONG_CODE);
    assert_refused(
        &result,
        Failure::AuthRejected,
        "NO LOGIN Login error password error",
    );
}

// ---------------------------------------------------------------------------------------------
// Gmail (§11.3).

const GMAIL_GREETING: &str = "* OK Gimap ready for requests from 192.0.2.7 a1b2c3d4e5f6mb12345";
const GMAIL_CAPABILITIES: &str = "IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN \
                                  X-GM-EXT-1 XYZZY SASL-IR AUTH=XOAUTH2 AUTH=PLAIN \
                                  AUTH=PLAIN-CLIENTTOKEN AUTH=OAUTHBEARER AUTH=XOAUTH";

#[test]
fn gmail_imap_app_password_required_is_auth_rejected_with_its_words() {
    let ca = TestCa::new("mailwiz gmail test CA");
    let refusal = "NO [ALERT] Application-specific password required: \
                   https://support.google.com/accounts/answer/185833 (Failure)";
    let server = imap_refusing(&ca, GMAIL_GREETING, GMAIL_CAPABILITIES, refusal, None);
    let result = probe_tls(Protocol::Imap, &server, &ca, CODE);
    assert_refused(&result, Failure::AuthRejected, refusal);
    // The fix is 2-Step Verification and an app password, with or without the provider known
    // (a Google Workspace address on a company's own domain may not be recognised).
    for provider in [mailwiz::core::provider::database().get("gmail"), None] {
        assert_eq!(
            mailwiz::core::diagnosis::diagnose(&result, provider).code,
            mailwiz::core::diagnosis::Code::AppPasswordRequired
        );
    }
    // Gmail offers SASL-IR: one line, the initial response [redacted].
    let sent = transcript(&result, Direction::Sent);
    assert_eq!(
        sent[..2],
        ["a1 CAPABILITY", "a2 AUTHENTICATE PLAIN [redacted]"]
    );
}

#[test]
fn gmail_imap_invalid_credentials_is_auth_rejected_with_its_words() {
    let ca = TestCa::new("mailwiz gmail test CA");
    let refusal = "NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)";
    let server = imap_refusing(&ca, GMAIL_GREETING, GMAIL_CAPABILITIES, refusal, None);
    let result = probe_tls(Protocol::Imap, &server, &ca, CODE);
    assert_refused(&result, Failure::AuthRejected, refusal);
}

#[test]
fn gmail_smtp_app_password_required_is_auth_rejected_with_its_words() {
    let ca = TestCa::new("mailwiz gmail test CA");
    let server = smtp_refusing(
        &ca,
        "220 smtp.gmail.com ESMTP a1b2c3d4e5f6.12 - gsmtp",
        "250-smtp.gmail.com at your service, [192.0.2.7]\r\n250-SIZE 35882577\r\n\
         250-8BITMIME\r\n250-AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH\r\n\
         250-ENHANCEDSTATUSCODES\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 SMTPUTF8\r\n",
        b"534-5.7.9 Application-specific password required. For more information, go to\r\n\
          534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor \
          a1b2c3d4e5f6.12 - gsmtp\r\n"
            .to_vec(),
    );
    let result = probe_tls(Protocol::Smtp, &server, &ca, CODE);
    // A multi-line reply, joined into one line.
    assert_refused(
        &result,
        Failure::AuthRejected,
        "534 5.7.9 Application-specific password required. For more information, go to \
         5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor a1b2c3d4e5f6.12 - gsmtp",
    );
    for provider in [mailwiz::core::provider::database().get("gmail"), None] {
        assert_eq!(
            mailwiz::core::diagnosis::diagnose(&result, provider).code,
            mailwiz::core::diagnosis::Code::AppPasswordRequired
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Outlook.com (§11.4): basic authentication is disabled.

const OUTLOOK_GREETING: &str = "* OK The Microsoft Exchange IMAP4 service is ready. \
                                [UABSADEAUAAyADYANAA=]";
const OUTLOOK_CAPABILITIES: &str = "IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS \
                                    MOVE ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+";
const OUTLOOK_BYE: &str = "* BYE Microsoft Exchange Server IMAP4 server signing off.";

#[test]
fn outlook_imap_basic_auth_disabled_then_bye_is_auth_rejected_with_its_words() {
    let ca = TestCa::new("mailwiz outlook test CA");
    let server = imap_refusing(
        &ca,
        OUTLOOK_GREETING,
        OUTLOOK_CAPABILITIES,
        "NO Basic authentication is disabled.",
        Some(OUTLOOK_BYE),
    );
    let result = probe_tls(Protocol::Imap, &server, &ca, CODE);
    assert_refused(
        &result,
        Failure::AuthRejected,
        "NO Basic authentication is disabled.",
    );
}

/// The same refusal as an untagged `* NO`, then BYE and a closed connection, no tagged reply.
#[test]
fn outlook_imap_untagged_refusal_then_bye_is_still_auth_rejected() {
    let ca = TestCa::new("mailwiz outlook test CA");
    let server = scripted::serve(Some(acceptor(&ca)), |peer: &mut Peer| {
        peer.send(&format!("{OUTLOOK_GREETING}\r\n"));
        while let Some(line) = peer.line() {
            let (tag, verb) = imap_command(&line);
            if verb == "CAPABILITY" {
                peer.send(&format!(
                    "* CAPABILITY {OUTLOOK_CAPABILITIES}\r\n{tag} OK CAPABILITY completed.\r\n"
                ));
            } else {
                peer.send(&format!(
                    "* NO Basic authentication is disabled.\r\n{OUTLOOK_BYE}\r\n"
                ));
                return;
            }
        }
    });
    let result = probe_tls(Protocol::Imap, &server, &ca, CODE);
    assert_eq!(result.failure, Some(Failure::AuthRejected), "{result:#?}");
    assert_eq!(
        result.server_message.as_deref(),
        Some("NO Basic authentication is disabled.")
    );
}

#[test]
fn outlook_smtp_basic_auth_disabled_is_auth_rejected_with_its_words() {
    let ca = TestCa::new("mailwiz outlook test CA");
    let words = "535 5.7.139 Authentication unsuccessful, basic authentication is disabled.";
    let server = smtp_refusing(
        &ca,
        "220 PR1P264CA0038.outlook.office365.com Microsoft ESMTP MAIL Service ready",
        "250-PR1P264CA0038.outlook.office365.com Hello [192.0.2.7]\r\n250-SIZE 157286400\r\n\
         250-PIPELINING\r\n250-AUTH LOGIN XOAUTH2\r\n250 SMTPUTF8\r\n",
        format!("{words}\r\n").into_bytes(),
    );
    let result = probe_tls(Protocol::Smtp, &server, &ca, CODE);
    assert_refused(&result, Failure::AuthRejected, words);
    // Only AUTH LOGIN offered: both answers to its prompts show as [redacted].
    let sent = transcript(&result, Direction::Sent);
    assert_eq!(
        sent[1..4],
        ["AUTH LOGIN", "[redacted]", "[redacted]"],
        "{sent:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Microsoft 365: SMTP AUTH switched off by the organisation's administrator. Not "no password can
// work" (basic_auth_disabled) but a switch only IT can turn, so the diagnosis names it.

const M365_SMTP_GREETING: &str =
    "220 PR1P264CA0038.outlook.office365.com Microsoft ESMTP MAIL Service ready";
const M365_EHLO: &str = "250-PR1P264CA0038.outlook.office365.com Hello [192.0.2.7]\r\n\
                         250-SIZE 157286400\r\n250-PIPELINING\r\n250-AUTH LOGIN XOAUTH2\r\n\
                         250 SMTPUTF8\r\n";

/// Replays Microsoft 365's refusal `words` to AUTH and returns the diagnosis, the same whether or
/// not the address was recognised as Microsoft 365 (whose entry says passwords never work): the
/// server named the administrator's switch, and that is the fix.
fn microsoft_smtp_refusal(words: &str) -> mailwiz::core::diagnosis::Code {
    let ca = TestCa::new("mailwiz m365 test CA");
    let server = smtp_refusing(
        &ca,
        M365_SMTP_GREETING,
        M365_EHLO,
        format!("{words}\r\n").into_bytes(),
    );
    let result = probe_tls(Protocol::Smtp, &server, &ca, CODE);
    assert_refused(&result, Failure::AuthRejected, words);
    let db = mailwiz::core::provider::database();
    let known = mailwiz::core::diagnosis::diagnose(&result, db.get("microsoft-365")).code;
    let unknown = mailwiz::core::diagnosis::diagnose(&result, None).code;
    assert_eq!(known, unknown, "{words}");
    assert!(!known.fix_is_provider_steps(), "{words}");
    known
}

/// SMTP AUTH off for the tenant, word for word as nodemailer/nodemailer#1484 logged it (also
/// simonrob/email-oauth2-proxy#193, MicrosoftDocs/OfficeDocs-Exchange#3124).
#[test]
fn microsoft_smtp_auth_disabled_for_the_tenant_is_smtp_auth_disabled() {
    let words = "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for \
                 the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. \
                 [TY1PR01CA0183.jpnprd01.prod.outlook.com]";
    assert_eq!(
        microsoft_smtp_refusal(words),
        mailwiz::core::diagnosis::Code::SmtpAuthDisabled
    );
}

/// Basic authentication for client submission retired: the reply Microsoft announced for it
/// (MC786329), as OpenCTI-Platform/opencti#12069 quotes it, sent to AUTH.
#[test]
fn microsoft_basic_auth_not_supported_for_client_submission_is_smtp_basic_auth_off() {
    let words = "550 5.7.30 Basic authentication is not supported for Client Submission.";
    assert_eq!(
        microsoft_smtp_refusal(words),
        mailwiz::core::diagnosis::Code::SmtpBasicAuthOff
    );
}

// ---------------------------------------------------------------------------------------------
// A school's or company's own Coremail server: recognised by what it says, not by its name.

/// Coremail's IMAP greeting as MailCore/mailcore2#1036 logged it, and the capabilities of a
/// Coremail IMAP server as the same server listed them to CAPABILITY.
const COREMAIL_GREETING: &str =
    "* OK Coremail System IMap Server Ready(163com[726cd87d72d896a1ac393507346040fa])";
const COREMAIL_CAPABILITIES: &str =
    "IMAP4rev1 XLIST SPECIAL-USE ID LITERAL+ STARTTLS XAPPLEPUSHSERVICE UIDPLUS X-CM-EXT-1";

/// A refused login on a Coremail server of an address no provider entry knows (a university's
/// own domain): the diagnosis is what to ask IT, not the generic "wrong code". The same refusal
/// from NetEase (a known provider on Coremail) keeps NetEase's own diagnosis and steps.
#[test]
fn coremail_login_refusal_on_an_own_domain_says_what_to_ask_it() {
    use mailwiz::core::diagnosis::{Code, diagnose};
    let ca = TestCa::new("mailwiz coremail test CA");
    // Coremail's LOGIN refusal as NetEase's servers send it (clients.md §11.2).
    let refusal = "NO LOGIN Login error password error";
    let server = imap_refusing(&ca, COREMAIL_GREETING, COREMAIL_CAPABILITIES, refusal, None);
    let result = probe_tls(Protocol::Imap, &server, &ca, CODE);
    assert_refused(&result, Failure::AuthRejected, refusal);
    assert!(
        stage(&result, Stage::Greeting).detail.contains("Coremail"),
        "{result:#?}"
    );
    let db = mailwiz::core::provider::database();
    let d = diagnose(&result, None);
    assert_eq!(d.code, Code::CoremailAskIt);
    assert_eq!(d.code.as_str(), "coremail_ask_it");
    assert!(!d.code.fix_is_provider_steps());
    assert_eq!(
        diagnose(&result, db.get("company-it")).code,
        Code::CoremailAskIt
    );
    assert_eq!(
        diagnose(&result, db.get("netease-163")).code,
        Code::AuthFailed
    );
    // No AUTH= offered: the code went out once, with LOGIN.
    let sent = transcript(&result, Direction::Sent);
    assert!(sent.iter().any(|l| l.starts_with("a2 LOGIN ")), "{sent:#?}");
}

// ---------------------------------------------------------------------------------------------
// Proton Mail Bridge: IMAP and SMTP on 127.0.0.1 with its own self-signed certificate for that
// address (ProtonMail/proton-bridge internal/certs/tls.go: a self-signed CA certificate for an
// IP address, no DNS name).

/// Untrusted at first: the diagnosis says to trust Bridge's exported certificate, never to switch
/// the check off. Handing that certificate over as an extra root (what `--ca-file` does) is the
/// fix, and with it the same server's certificate is accepted.
#[test]
fn bridge_self_signed_certificate_on_127_0_0_1_says_how_to_trust_it() {
    use mailwiz::core::diagnosis::{Code, diagnose};
    let cert = common::certs::self_signed_cert(&["127.0.0.1"]);
    let cert_pem = cert.cert_pem.clone().into_bytes();
    let acceptor = native_tls::TlsAcceptor::new(cert.identity()).expect("acceptor");
    let bridge = scripted::serve_on("127.0.0.1", Some(acceptor), |peer| {
        peer.send("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n");
        while let Some(line) = peer.line() {
            let tag = line.split(' ').next().unwrap_or_default().to_owned();
            peer.send(&format!("{tag} NO no such user\r\n"));
        }
    });
    let mut endpoint = endpoint(bridge.port, Security::Tls);
    endpoint.host = "127.0.0.1".to_owned();
    let result = probe(&request(Protocol::Imap, endpoint.clone(), CODE, &[]));
    assert_eq!(
        result.failure,
        Some(Failure::CertificateUntrusted),
        "{result:#?}"
    );
    let d = diagnose(&result, None);
    assert_eq!(d.code, Code::LocalCertificateUntrusted);
    assert_eq!(d.code.as_str(), "local_certificate_untrusted");
    // The words name Bridge's own export button and --ca-file, and never "accept anyway".
    for lang in mailwiz::core::i18n::Lang::ALL {
        let fix = mailwiz::core::diagnosis::fix_text(&d, lang);
        assert!(fix.contains("Export TLS certificates"), "{fix}");
        assert!(fix.contains("--ca-file"), "{fix}");
    }
    // The same failure from a server out on the internet keeps the ordinary diagnosis.
    let mut elsewhere = result.clone();
    elsewhere.endpoint.host = "mail.example.org".to_owned();
    assert_eq!(diagnose(&elsewhere, None).code, Code::CertificateUntrusted);
    // Trusting the exported certificate is enough: the handshake passes and the login is tried.
    let trusted = probe(&request(Protocol::Imap, endpoint, CODE, &[cert_pem]));
    assert!(stage(&trusted, Stage::Secure).ok, "{trusted:#?}");
    assert_eq!(trusted.failure, Some(Failure::AuthRejected), "{trusted:#?}");
}

// ---------------------------------------------------------------------------------------------
// Busy servers: 4xx, BYE, [SYS/…], [IN-USE], [UNAVAILABLE].

#[test]
fn busy_servers_are_server_busy() {
    let ca = TestCa::new("mailwiz busy test CA");
    let imap_bye = scripted::serve(Some(acceptor(&ca)), |peer: &mut Peer| {
        peer.send("* BYE Too many connections, try again later\r\n");
    });
    let imap_unavailable = imap_refusing(
        &ca,
        "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] ready",
        "",
        "NO [UNAVAILABLE] Temporary authentication failure",
        None,
    );
    let smtp_421 = scripted::serve(Some(acceptor(&ca)), |peer: &mut Peer| {
        peer.send("421 4.7.0 Too many connections, try again later\r\n");
    });
    let smtp_454 = smtp_refusing(
        &ca,
        "220 ready",
        "250-hi\r\n250 AUTH PLAIN\r\n",
        b"454 4.7.0 Temporary authentication failure\r\n".to_vec(),
    );
    let pop3 = |refusal: &'static str| {
        scripted::serve(Some(acceptor(&ca)), move |peer: &mut Peer| {
            peer.send("+OK ready\r\n");
            while let Some(line) = peer.line() {
                match line.split(' ').next().unwrap_or_default() {
                    "CAPA" => peer.send("+OK\r\nSASL PLAIN\r\nUSER\r\n.\r\n"),
                    "AUTH" => peer.send(&format!("{refusal}\r\n")),
                    "QUIT" => return,
                    _ => peer.send("-ERR what?\r\n"),
                }
            }
        })
    };
    let pop3_in_use = pop3("-ERR [IN-USE] Unable to lock maildrop");
    let pop3_sys = pop3("-ERR [SYS/TEMP] System error, try again later");
    let cases = [
        (
            Protocol::Imap,
            &imap_bye,
            Stage::Greeting,
            "* BYE Too many connections, try again later",
        ),
        (
            Protocol::Imap,
            &imap_unavailable,
            Stage::Login,
            "NO [UNAVAILABLE] Temporary authentication failure",
        ),
        (
            Protocol::Smtp,
            &smtp_421,
            Stage::Greeting,
            "421 4.7.0 Too many connections, try again later",
        ),
        (
            Protocol::Smtp,
            &smtp_454,
            Stage::Login,
            "454 4.7.0 Temporary authentication failure",
        ),
        (
            Protocol::Pop3,
            &pop3_in_use,
            Stage::Login,
            "-ERR [IN-USE] Unable to lock maildrop",
        ),
        (
            Protocol::Pop3,
            &pop3_sys,
            Stage::Login,
            "-ERR [SYS/TEMP] System error, try again later",
        ),
    ];
    for (protocol, server, failed_at, words) in cases {
        let result = probe_tls(protocol, server, &ca, CODE);
        assert_eq!(result.failure, Some(Failure::ServerBusy), "{result:#?}");
        assert_eq!(result.outcome, Outcome::ServerProblem);
        assert_eq!(last_stage(&result), (failed_at, false));
        assert_eq!(result.server_message.as_deref(), Some(words));
    }
}

// ---------------------------------------------------------------------------------------------
// Round trips: the probe pipelines where the protocol allows it. Each peer below refuses to
// answer until the second command has arrived, so a probe that waited would time out.

#[test]
fn imap_sends_id_and_examine_together() {
    let ca = TestCa::new("mailwiz pipelining test CA");
    let server = scripted::serve(Some(acceptor(&ca)), |peer: &mut Peer| {
        peer.send("* OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR] ready\r\n");
        while let Some(line) = peer.line() {
            let (tag, verb) = imap_command(&line);
            match verb.as_str() {
                "ID" => {
                    let Some(next) = peer.line() else { return };
                    let (examine_tag, examine) = imap_command(&next);
                    assert_eq!(examine, "EXAMINE");
                    peer.send(&format!(
                        "{tag} OK ID done\r\n* 7 EXISTS\r\n{examine_tag} OK [READ-ONLY] done\r\n"
                    ));
                }
                "LOGOUT" => return,
                _ => peer.send(&format!("{tag} OK done\r\n")),
            }
        }
    });
    let mut req = request(
        Protocol::Imap,
        endpoint(server.port, Security::Tls),
        CODE,
        &[ca.ca_pem()],
    );
    req.timeouts = timeouts(Duration::from_secs(2));
    let result = probe(&req);
    assert_eq!(result.outcome, Outcome::Ok, "{result:#?}");
    assert_eq!(stage(&result, Stage::Mailbox).detail, "INBOX: 7 messages");
}

#[test]
fn pop3_sends_stat_with_the_login_when_pipelining_is_listed() {
    let ca = TestCa::new("mailwiz pipelining test CA");
    let server = scripted::serve(Some(acceptor(&ca)), |peer: &mut Peer| {
        peer.send("+OK ready\r\n");
        while let Some(line) = peer.line() {
            match line.split(' ').next().unwrap_or_default() {
                "CAPA" => peer.send("+OK\r\nPIPELINING\r\nSASL PLAIN\r\n.\r\n"),
                "AUTH" => {
                    let Some(next) = peer.line() else { return };
                    assert_eq!(next, "STAT");
                    peer.send("+OK logged in\r\n+OK 4 2048\r\n");
                }
                "QUIT" => return,
                _ => peer.send("-ERR what?\r\n"),
            }
        }
    });
    let mut req = request(
        Protocol::Pop3,
        endpoint(server.port, Security::Tls),
        CODE,
        &[ca.ca_pem()],
    );
    req.timeouts = timeouts(Duration::from_secs(2));
    let result = probe(&req);
    assert_eq!(result.outcome, Outcome::Ok, "{result:#?}");
    assert_eq!(stage(&result, Stage::Mailbox).detail, "STAT: 4 messages");
    assert_secret_free(&result, CODE);
}

// ---------------------------------------------------------------------------------------------
// Login corners Dovecot does not reach.

/// An IMAP server without AUTH=PLAIN gets the LOGIN command: quoted strings with `\` and `"`
/// escaped, and literals for what cannot be quoted (non-ASCII, line breaks). The scripted server
/// handles literals the way RFC 3501 says (answer `+`, then read exactly n bytes) and records
/// the bytes, which are compared exactly. The transcript shows the code as `[redacted]` only.
#[test]
fn imap_login_command_quotes_and_uses_literals() {
    let ca = TestCa::new("mailwiz login test CA");
    let server = scripted::serve(Some(acceptor(&ca)), |peer: &mut Peer| {
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
            vec![format!("a1 LOGIN \"{USER}\" [redacted]")],
        ),
        (
            "josé@example.com",
            CODE,
            format!("LOGIN {{17}}\r\njosé@example.com \"{CODE}\"\r\n"),
            vec![
                "a1 LOGIN {17}".to_owned(),
                "josé@example.com [redacted]".to_owned(),
            ],
        ),
        (
            USER,
            "ab\r\ncd",
            format!("LOGIN \"{USER}\" {{6}}\r\nab\r\ncd\r\n"),
            vec![
                format!("a1 LOGIN \"{USER}\" {{6}}"),
                "[redacted]".to_owned(),
            ],
        ),
    ];
    for (username, code, expected, shown) in cases {
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
        assert_eq!(stage(&result, Stage::Login).detail, "LOGIN ok");
        let received = server.received();
        let sent = String::from_utf8_lossy(&received[before..]).into_owned();
        assert!(
            sent.contains(&format!("a1 {expected}")),
            "{sent:?} lacks {expected:?}"
        );
        let lines = transcript(&result, Direction::Sent);
        assert_eq!(lines[..shown.len()], shown, "{lines:#?}");
        if username == USER {
            assert_secret_free(&result, code);
        }
    }
}

/// A POP3 server without SASL gets USER/PASS; the transcript shows `PASS [redacted]`.
#[test]
fn pop3_user_pass_when_no_sasl() {
    let ca = TestCa::new("mailwiz pop3 test CA");
    let server = scripted::serve(Some(acceptor(&ca)), |peer: &mut Peer| {
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
    let result = probe_tls(Protocol::Pop3, &server, &ca, CODE);
    assert_eq!(result.outcome, Outcome::Ok, "{result:#?}");
    assert_eq!(stage(&result, Stage::Capabilities).detail, "USER, UIDL");
    assert_eq!(stage(&result, Stage::Login).detail, "USER/PASS ok");
    assert_eq!(stage(&result, Stage::Mailbox).detail, "STAT: 2 messages");
    assert_eq!(
        transcript(&result, Direction::Sent),
        [
            "CAPA",
            &format!("USER {USER}"),
            "PASS [redacted]",
            "STAT",
            "QUIT"
        ]
    );
}

#[test]
fn server_text_echoing_the_secret_is_redacted() {
    let ca = TestCa::new("mailwiz redaction test CA");
    // A careless server that repeats the login line in its refusal.
    let server = scripted::serve(Some(acceptor(&ca)), |peer: &mut Peer| {
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
    let result = probe_tls(Protocol::Imap, &server, &ca, CODE);
    assert_eq!(result.outcome, Outcome::LoginRefused, "{result:#?}");
    assert_eq!(result.failure, Some(Failure::AuthRejected));
    let message = result.server_message.clone().unwrap();
    assert!(message.contains("[redacted]"), "{message}");
    let received = transcript(&result, Direction::Received);
    assert!(
        received.contains(&format!("a1 NO you said: LOGIN \"{USER}\" [redacted]").as_str()),
        "{received:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// STARTTLS hidden or refused: never falls back to plain text, never sends the secret.

#[test]
fn starttls_not_offered_is_named_and_sends_no_secret() {
    let imap = scripted::serve(None, |peer: &mut Peer| {
        peer.send("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\r\n");
        while let Some(line) = peer.line() {
            if line.to_ascii_uppercase().contains("LOGOUT") {
                peer.send("* BYE\r\na1 OK bye\r\n");
                return;
            }
        }
    });
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
    for (protocol, server) in [
        (Protocol::Imap, &imap),
        (Protocol::Smtp, &smtp),
        (Protocol::Pop3, &pop3),
    ] {
        let req = request(
            protocol,
            endpoint(server.port, Security::Starttls),
            CODE,
            &[],
        );
        let result = probe(&req);
        assert_eq!(result.outcome, Outcome::SecureFailed, "{result:#?}");
        assert_eq!(result.failure, Some(Failure::StarttlsNotOffered));
        assert_eq!(last_stage(&result), (Stage::Secure, false));
        assert_eq!(stage(&result, Stage::Secure).detail, "starttls not offered");
        assert_secret_free(&result, CODE);
    }
    for server in [imap, smtp, pop3] {
        let received = server.received();
        assert!(!received.is_empty());
        assert_never_sent(&received, CODE);
    }
}

#[test]
fn starttls_refused_is_named() {
    let smtp = scripted::serve(None, |peer: &mut Peer| {
        peer.send("220 hi ESMTP\r\n");
        while let Some(line) = peer.line() {
            if line.starts_with("EHLO") {
                peer.send("250-hi\r\n250 STARTTLS\r\n");
            } else if line == "STARTTLS" {
                peer.send("454 4.7.0 TLS not available due to temporary reason\r\n");
            } else {
                return;
            }
        }
    });
    let result = probe(&request(
        Protocol::Smtp,
        endpoint(smtp.port, Security::Starttls),
        CODE,
        &[],
    ));
    assert_eq!(
        result.failure,
        Some(Failure::StarttlsRefused),
        "{result:#?}"
    );
    assert_eq!(result.outcome, Outcome::SecureFailed);
    assert_eq!(
        result.server_message.as_deref(),
        Some("454 4.7.0 TLS not available due to temporary reason")
    );
    // The plain session was still in order: the probe said goodbye.
    assert!(eventually_received(&smtp, "QUIT"));
    // Offered, then refused: its own diagnosis, not "not offered".
    let diagnosis = mailwiz::core::diagnosis::diagnose(&result, None);
    assert_eq!(
        diagnosis.code,
        mailwiz::core::diagnosis::Code::StarttlsRefused
    );
}

/// STARTTLS accepted ("OK Begin TLS"), then plain text where the server's TLS handshake was due,
/// a moment later: the port is right (it just agreed to STARTTLS), so this is a failed or
/// tampered TLS set-up, not implicit TLS on a STARTTLS port; nothing secret is sent.
#[test]
fn plain_text_after_starttls_was_accepted_is_a_failed_handshake_not_a_wrong_port() {
    use mailwiz::core::diagnosis::{Code, diagnose};
    let imap = scripted::serve(None, |peer: &mut Peer| {
        peer.send("* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] hi\r\n");
        while let Some(line) = peer.line() {
            let (tag, verb) = imap_command(&line);
            if verb == "STARTTLS" {
                peer.send(&format!("{tag} OK Begin TLS negotiation now\r\n"));
                thread::sleep(Duration::from_millis(300));
                peer.send("* OK still plain text\r\n");
                peer.wait_for_close();
                return;
            }
            peer.send(&format!("{tag} BAD unexpected\r\n"));
        }
    });
    let result = probe(&request(
        Protocol::Imap,
        endpoint(imap.port, Security::Starttls),
        CODE,
        &[],
    ));
    assert_eq!(result.failure, Some(Failure::TlsOther), "{result:#?}");
    assert_eq!(result.outcome, Outcome::SecureFailed);
    assert_eq!(last_stage(&result), (Stage::Secure, false));
    let detail = &stage(&result, Stage::Secure).detail;
    assert!(
        detail.contains("after the server agreed to STARTTLS"),
        "{detail}"
    );
    let diagnosis = diagnose(&result, None);
    assert_eq!(diagnosis.code, Code::TlsFailed);
    assert_eq!(diagnosis.use_instead, None);
    assert_secret_free(&result, CODE);
    assert_never_sent(&imap.received(), CODE);
}

// ---------------------------------------------------------------------------------------------
// Certificates.

fn tls_greeter(cert: common::certs::ServerCert) -> Scripted {
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
fn certificate_for_another_name_is_name_mismatch() {
    let ca = TestCa::new("mailwiz name test CA");
    let server = tls_greeter(ca.server_cert(&["mail.other.example"]));
    let result = probe(&request(
        Protocol::Imap,
        endpoint(server.port, Security::Tls),
        CODE,
        &[ca.ca_pem()],
    ));
    assert_eq!(result.outcome, Outcome::SecureFailed, "{result:#?}");
    assert_eq!(result.failure, Some(Failure::CertificateNameMismatch));
    assert!(
        stage(&result, Stage::Secure)
            .detail
            .contains("verify failed"),
        "{result:#?}"
    );
}

#[test]
fn expired_certificate_is_expired_and_a_valid_one_passes() {
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
    assert_eq!(result.failure, Some(Failure::CertificateExpired));
    assert!(
        stage(&result, Stage::Secure).detail.contains("expired"),
        "{result:#?}"
    );
    // Control: the same server set-up with a valid certificate is accepted.
    let good = tls_greeter(ca.server_cert(SERVER_NAMES));
    let mut req = req;
    req.endpoint.port = good.port;
    let result = probe(&req);
    assert_eq!(result.failure, Some(Failure::AuthRejected), "{result:#?}");
    assert!(stage(&result, Stage::Secure).ok, "{result:#?}");
    assert!(
        stage(&result, Stage::Secure)
            .detail
            .contains("issuer CN=mailwiz expiry test CA"),
        "{result:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Servers that misbehave: silence, drips, endless lines, garbage, dropped connections, TLS bytes
// where text was due.

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
        assert_eq!(result.failure, Some(Failure::Cancelled));
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
fn server_that_never_answers() {
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
    // In plain text, a silent server is what an implicit-TLS port looks like.
    assert_eq!(result.failure, Some(Failure::PlainToTlsPort), "{result:#?}");
    assert_eq!(result.outcome, Outcome::ServerProblem);
    assert_eq!(
        stage(&result, Stage::Greeting).detail,
        "no reply within 1 s: no greeting; the server may be waiting for TLS (an implicit-TLS \
         port)"
    );
    assert!(
        elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );

    // The same silence during a TLS handshake: a timeout, and the secure connection failed.
    req.endpoint.security = Security::Tls;
    let result = probe(&req);
    assert_eq!(result.failure, Some(Failure::Timeout), "{result:#?}");
    assert_eq!(result.outcome, Outcome::SecureFailed);
    assert_eq!(
        stage(&result, Stage::Secure).detail,
        "TLS handshake: no answer within 1 s"
    );
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
        // Something arrived, so not a silent TLS port: a plain timeout.
        assert_eq!(result.failure, Some(Failure::Timeout), "{result:#?}");
        assert_eq!(result.outcome, Outcome::ServerProblem);
        assert_eq!(stage(&result, Stage::Greeting).detail, detail);
        assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
    }
}

#[test]
fn endless_line_is_a_protocol_violation_without_hanging() {
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
        assert_eq!(
            result.failure,
            Some(Failure::ProtocolViolation),
            "{result:#?}"
        );
        assert_eq!(result.outcome, Outcome::ServerProblem);
        assert!(
            stage(&result, Stage::Greeting)
                .detail
                .contains("longer than 8 KiB"),
            "{result:#?}"
        );
        assert!(started.elapsed() < Duration::from_secs(2));
        // The transcript keeps a bounded piece of it.
        let received = transcript(&result, Direction::Received);
        assert!(received[0].starts_with("xxxx") && received[0].chars().count() <= 300);
    }
}

#[test]
fn garbage_and_early_close_are_protocol_violations() {
    let garbage = scripted::greets_and_closes("HTTP/1.1 400 Bad Request\r\n\r\n");
    let silent_close = scripted::greets_and_closes("");
    for protocol in PROTOCOLS {
        let result = probe(&request(
            protocol,
            endpoint(garbage.port, Security::Starttls),
            CODE,
            &[],
        ));
        assert_eq!(
            result.failure,
            Some(Failure::ProtocolViolation),
            "{result:#?}"
        );
        assert_eq!(result.outcome, Outcome::ServerProblem);
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
        assert_eq!(result.failure, Some(Failure::TlsOther), "{result:#?}");
        assert_eq!(result.outcome, Outcome::SecureFailed);
        // Not the certificate's fault: it never arrived.
        assert_eq!(
            mailwiz::core::diagnosis::diagnose(&result, None).code,
            mailwiz::core::diagnosis::Code::TlsFailed
        );
        let result = probe(&request(
            protocol,
            endpoint(silent_close.port, Security::Starttls),
            CODE,
            &[],
        ));
        assert_eq!(
            result.failure,
            Some(Failure::ProtocolViolation),
            "{result:#?}"
        );
        assert_eq!(
            stage(&result, Stage::Greeting).detail,
            "connection closed by the server"
        );
    }
}

/// A server that offers only TLS 1.1 and older, which this computer no longer accepts: the
/// handshake fails on the protocol version, with a valid, trusted certificate. The diagnosis
/// is a TLS failure, not an untrusted certificate.
#[test]
fn an_old_tls_version_only_is_tls_failed_not_a_certificate_problem() {
    use mailwiz::core::diagnosis::{Code, diagnose};
    let ca = TestCa::new("mailwiz old tls CA");
    let old_only = native_tls::TlsAcceptor::builder(ca.server_cert(SERVER_NAMES).identity())
        .max_protocol_version(Some(native_tls::Protocol::Tlsv11))
        .build()
        .expect("acceptor");
    let server = scripted::serve(Some(old_only), |peer: &mut Peer| {
        peer.send("* OK ready\r\n");
        peer.wait_for_close();
    });
    let result = probe_tls(Protocol::Imap, &server, &ca, CODE);
    assert_eq!(result.failure, Some(Failure::TlsOther), "{result:#?}");
    assert_eq!(result.outcome, Outcome::SecureFailed);
    assert_eq!(last_stage(&result), (Stage::Secure, false));
    let detail = &stage(&result, Stage::Secure).detail;
    assert!(detail.starts_with("TLS handshake failed: "), "{detail}");
    assert!(!detail.contains("certificate"), "{detail}");
    assert_eq!(diagnose(&result, None).code, Code::TlsFailed);
    assert_never_sent(&server.received(), CODE);
}

#[test]
fn connection_dropped_right_after_the_greeting() {
    let ca = TestCa::new("mailwiz drop test CA");
    let greeter = |greeting: &'static str| {
        scripted::serve(Some(acceptor(&ca)), move |peer: &mut Peer| {
            peer.send(greeting);
        })
    };
    for (protocol, server, failed_at) in [
        // The greeting carries the capabilities: the drop shows at login.
        (
            Protocol::Imap,
            greeter("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] hi\r\n"),
            Stage::Login,
        ),
        (Protocol::Pop3, greeter("+OK hi\r\n"), Stage::Capabilities),
        (
            Protocol::Smtp,
            greeter("220 hi ESMTP\r\n"),
            Stage::Capabilities,
        ),
    ] {
        let result = probe_tls(protocol, &server, &ca, CODE);
        assert_eq!(
            result.failure,
            Some(Failure::ProtocolViolation),
            "{result:#?}"
        );
        assert_eq!(last_stage(&result), (failed_at, false));
        assert!(stage(&result, Stage::Greeting).ok);
    }
}

/// A TLS server answering a plain-text client with a TLS alert: plain text to a TLS port.
#[test]
fn tls_record_instead_of_a_greeting_is_plain_to_tls_port() {
    let server = scripted::serve(None, |peer: &mut Peer| {
        peer.send_bytes(&[0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46]);
        peer.wait_for_close();
    });
    for protocol in PROTOCOLS {
        let mut req = request(
            protocol,
            endpoint(server.port, Security::Starttls),
            CODE,
            &[],
        );
        req.timeouts = timeouts(Duration::from_millis(500));
        let result = probe(&req);
        assert_eq!(result.failure, Some(Failure::PlainToTlsPort), "{result:#?}");
        assert_eq!(last_stage(&result), (Stage::Greeting, false));
        assert_eq!(
            transcript(&result, Direction::Received),
            ["[binary, 7 bytes] \\x15\\x03\\x01\\x00\\x02\\x02F"]
        );
    }
}

/// The same GBK refusal through `mailwiz test --json` for a QQ address: the code is
/// auth_code_required, the server's Chinese words arrive intact, and the fix carries QQ Mail's
/// own steps and help page (the provider is known from the address).
#[test]
fn cli_json_names_the_providers_own_steps_for_qqs_gbk_refusal() {
    use mailwiz::core::provider::database;
    use std::io::Write as _;
    let ca = TestCa::new("mailwiz qq cli CA");
    let mut refusal = b"535 Error: ".to_vec();
    refusal.extend_from_slice(QQ_GBK_USE_AUTH_CODE);
    refusal.extend_from_slice(QQ_AUTH_CODE_URL.as_bytes());
    refusal.extend_from_slice(b"\r\n");
    let server = smtp_refusing(&ca, QQ_SMTP_GREETING, QQ_EHLO, refusal);
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca.ca_pem()).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mailwiz"))
        .args([
            "--lang",
            "zh-CN",
            "test",
            "someone@qq.com",
            "--protocol",
            "smtp",
        ])
        .args([
            "--host",
            common::dovecot::HOST,
            "--port",
            &server.port.to_string(),
        ])
        .args([
            "--security",
            "tls",
            "--json",
            "--password-stdin",
            "--timeout",
            "8",
        ])
        .arg("--ca-file")
        .arg(&ca_file)
        .env_remove("MAILWIZ_PASSWORD")
        .env_remove("MAILWIZ_DNS")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{CODE}").unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(!stdout.contains(CODE), "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let result = &json["results"][0];
    assert_eq!(result["diagnosis"], "auth_code_required", "{stdout}");
    assert!(
        result["server_message"]
            .as_str()
            .unwrap()
            .contains("请使用授权码登录"),
        "{stdout}"
    );
    let qq = database().get("qq").unwrap();
    let fix = &result["provider_fix"];
    assert_eq!(fix["provider_id"], "qq");
    assert_eq!(fix["help_url"], qq.help_url.as_str());
    assert_eq!(
        fix["steps"],
        serde_json::json!(qq.setup_steps.get(mailwiz::core::i18n::Lang::ZhCn))
    );
}
