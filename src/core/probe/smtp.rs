//! SMTP submission probe: greeting, `EHLO`, `STARTTLS` (then `EHLO` again), `AUTH`, `QUIT`.
//!
//! Replies are a three-digit code per line, `-` after the code on every line but the last. The
//! greeting must be 220; `EHLO` (with our address as an address literal, which needs no DNS name)
//! lists the extensions: `STARTTLS`, and `AUTH` with its mechanisms, which servers often list only
//! on the encrypted connection. Login uses `AUTH PLAIN` with the initial response (one round
//! trip), or `AUTH LOGIN` (user name and code each base64 after a 334 prompt) when only LOGIN is
//! offered. 235 means logged in. A 4xx is a temporary problem on the server's side
//! (`ServerBusy`); 534/535 and other refusals are `AuthRejected` (wrong code, app password
//! required, basic authentication disabled), 504 an unusable mechanism, 500–503 a protocol
//! error, and a refusal that asks for encryption `PlaintextRefused`. SMTP has no Mailbox stage,
//! and `QUIT` is not waited for.
//!
//! Nothing is sent unless the caller asks for a test message ([`TestMessage`]): then, after the
//! login, one short message goes from the address to itself — `MAIL FROM`, `RCPT TO` and `DATA`
//! in one write when the server offers `PIPELINING` (RFC 2920), else one by one — as plain
//! text in UTF-8, base64-encoded (so it passes any server, 8BITMIME or not) with an RFC 2047
//! subject, marked `Auto-Submitted` so that no vacation responder answers it. The server's reply
//! to the message is the stage detail; a 5xx to any of the three is `MessageRejected`, a 4xx
//! `ServerBusy`.

use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use super::dialect::{Credentials, Dialect};
use super::fail::{Fail, refusal};
use super::model::{Failure, TestMessage};
use super::text::{base64, sasl_plain, secret_line};
use super::transport::{Conn, Line, MAX_REPLY_LINES};

/// Longest line of the base64 body (RFC 2045 allows 76).
const BODY_LINE_CHARS: usize = 76;
/// Most UTF-8 bytes in one RFC 2047 encoded word of the subject: 45 bytes are 60 base64
/// characters, 72 with `=?UTF-8?B?…?=`, within the limit of 75.
const SUBJECT_WORD_BYTES: usize = 45;

/// What the transcript shows for a line that carries credentials.
const REDACTED: &str = "[redacted]";

/// The SMTP dialect.
pub(super) struct Smtp {
    /// Upper-case `EHLO` extension lines (without the first, greeting line).
    extensions: Vec<String>,
}

/// A complete reply: its code and the text of each line.
#[derive(Debug, PartialEq, Eq)]
struct Reply {
    code: u16,
    lines: Vec<String>,
}

impl Reply {
    /// The reply as one line, e.g. `535 5.7.8 Error: authentication failed`.
    fn message(&self) -> String {
        let text: Vec<&str> = self.lines.iter().map(|l| l.trim()).collect();
        format!("{} {}", self.code, text.join(" "))
    }
}

impl Smtp {
    pub(super) fn new() -> Self {
        Self {
            extensions: Vec::new(),
        }
    }

    fn has(&self, keyword: &str) -> bool {
        self.extensions
            .iter()
            .any(|line| line.split_ascii_whitespace().next() == Some(keyword))
    }

    /// The mechanisms of `AUTH a b c` (or the old `AUTH=a b c`).
    fn auth_mechanisms(&self) -> Vec<&str> {
        self.extensions
            .iter()
            .filter_map(|line| {
                let rest = line.strip_prefix("AUTH")?;
                rest.strip_prefix(' ').or_else(|| rest.strip_prefix('='))
            })
            .flat_map(str::split_ascii_whitespace)
            .collect()
    }

    fn ehlo(&mut self, conn: &mut Conn) -> Result<(), Fail> {
        conn.send(&format!("EHLO {}", ehlo_name(conn.local_addr())))?;
        let reply = read_reply(conn)?;
        if reply.code != 250 {
            let failure = if (400..500).contains(&reply.code) {
                Failure::ServerBusy
            } else {
                Failure::ProtocolViolation
            };
            return Err(Fail::with_message(
                failure,
                "EHLO refused",
                conn.clean(&reply.message()),
            ));
        }
        self.extensions = reply
            .lines
            .iter()
            .skip(1)
            .map(|line| line.to_ascii_uppercase())
            .collect();
        Ok(())
    }

    /// `MAIL FROM`, `RCPT TO`, `DATA` (pipelined when offered), then the message and its end.
    fn send_message(&mut self, conn: &mut Conn, message: &TestMessage) -> Result<String, Fail> {
        let address = message.address.trim();
        if address.is_empty()
            || !address.contains('@')
            || address.contains(|c: char| c.is_whitespace() || c.is_control() || "<>".contains(c))
        {
            return Err(Fail::new(
                Failure::MessageRejected,
                "test message not sent: the address cannot be written in MAIL FROM",
            ));
        }
        // A non-ASCII local part needs SMTPUTF8 (RFC 6531); the domain is already ASCII.
        let utf8 = !address.is_ascii();
        if utf8 && !self.has("SMTPUTF8") {
            return Err(Fail::new(
                Failure::MessageRejected,
                "test message not sent: the address is not ASCII and the server does not \
                 offer SMTPUTF8",
            ));
        }
        let mail = format!(
            "MAIL FROM:<{address}>{}",
            if utf8 { " SMTPUTF8" } else { "" }
        );
        let rcpt = format!("RCPT TO:<{address}>");
        let envelope = [mail.as_str(), rcpt.as_str(), "DATA"];
        let mut replies = Vec::with_capacity(envelope.len());
        if self.has("PIPELINING") {
            let lines: Vec<Line<'_>> = envelope.iter().map(|l| Line::plain(l)).collect();
            conn.send_all(&lines)?;
            for _ in envelope {
                replies.push(read_reply(conn)?);
            }
        } else {
            for command in envelope {
                conn.send(command)?;
                let reply = read_reply(conn)?;
                // One by one, stop at the first refusal (DATA would only be refused too).
                let refused = !expected(command, reply.code);
                replies.push(reply);
                if refused {
                    break;
                }
            }
        }
        let refused = envelope
            .iter()
            .zip(&replies)
            .find(|(command, reply)| !expected(command, reply.code));
        if let Some((command, reply)) = refused {
            let verb = command.split(':').next().unwrap_or(command);
            let fail = send_fail(conn, reply, verb);
            // After a refused MAIL or RCPT, a server that still said 354 to DATA waits for the
            // message: end it empty (RFC 2920 §3.1) rather than leave it hanging.
            if replies.get(2).is_some_and(|r| r.code == 354) {
                conn.send(".")?;
                let _ = read_reply(conn);
            }
            return Err(fail);
        }
        let lines = message_lines(message, address, SystemTime::now());
        let mut wire: Vec<Line<'_>> = lines.iter().map(|l| Line::plain(l)).collect();
        wire.push(Line::plain("."));
        conn.send_all(&wire)?;
        let reply = read_reply(conn)?;
        if reply.code / 100 != 2 {
            return Err(send_fail(conn, &reply, "message"));
        }
        Ok(conn.clean(&reply.message()))
    }

    fn auth_login(&mut self, conn: &mut Conn, login: &Credentials<'_>) -> Result<String, Fail> {
        conn.send("AUTH LOGIN")?;
        for answer in [
            base64(login.username.as_bytes()),
            base64(login.secret.expose().as_bytes()),
        ] {
            let reply = read_reply(conn)?;
            if reply.code != 334 {
                return auth_status(conn, &reply, "AUTH LOGIN");
            }
            conn.send_secret(answer.as_bytes(), REDACTED)?;
        }
        let reply = read_reply(conn)?;
        auth_status(conn, &reply, "AUTH LOGIN")
    }
}

impl Dialect for Smtp {
    fn greet(&mut self, conn: &mut Conn) -> Result<String, Fail> {
        let greeting = read_reply(conn)?;
        if greeting.code != 220 {
            // 421 (busy) or 554 (no service for you): either way the server will not serve us.
            return Err(Fail::with_message(
                Failure::ServerBusy,
                format!("greeting {}", greeting.code),
                conn.clean(&greeting.message()),
            ));
        }
        Ok(conn.clean(&greeting.message()))
    }

    fn capabilities(&mut self, conn: &mut Conn) -> Result<String, Fail> {
        self.ehlo(conn)?;
        Ok(self.extensions.join(", "))
    }

    fn request_tls(&mut self, conn: &mut Conn) -> Result<(), Fail> {
        if !self.has("STARTTLS") {
            return Err(Fail::new(
                Failure::StarttlsNotOffered,
                "starttls not offered",
            ));
        }
        conn.send("STARTTLS")?;
        let reply = read_reply(conn)?;
        if reply.code != 220 {
            return Err(Fail::with_message(
                Failure::StarttlsRefused,
                "STARTTLS refused",
                conn.clean(&reply.message()),
            ));
        }
        Ok(())
    }

    fn after_tls(&mut self, conn: &mut Conn) -> Result<(), Fail> {
        self.extensions.clear();
        self.ehlo(conn)
    }

    fn login(&mut self, conn: &mut Conn, login: &Credentials<'_>) -> Result<String, Fail> {
        let mechanisms = self.auth_mechanisms();
        if mechanisms.contains(&"PLAIN") {
            let response = base64(&sasl_plain(login.username, login.secret.expose()));
            conn.send_secret(
                &secret_line(&["AUTH PLAIN ", &response]),
                &format!("AUTH PLAIN {REDACTED}"),
            )?;
            let reply = read_reply(conn)?;
            if reply.code == 334 {
                // The initial response was ignored; abort rather than send it a second time.
                conn.send("*")?;
                let _ = read_reply(conn);
                return Err(Fail::new(
                    Failure::ProtocolViolation,
                    "unexpected challenge after AUTH PLAIN",
                ));
            }
            return auth_status(conn, &reply, "AUTH PLAIN");
        }
        if mechanisms.contains(&"LOGIN") {
            return self.auth_login(conn, login);
        }
        let offered = if mechanisms.is_empty() {
            "AUTH not offered".to_owned()
        } else {
            format!("AUTH {}", mechanisms.join(" "))
        };
        Err(Fail::with_message(
            Failure::NoPasswordMechanism,
            "no password login offered (AUTH PLAIN/LOGIN)",
            conn.clean(&offered),
        ))
    }

    fn plaintext_login_refused(&self) -> Option<(&'static str, String)> {
        // AUTH kept for after STARTTLS (RFC 3207 §4.2): no login here. Without STARTTLS either,
        // the server offers no login at all on this port, which says nothing about encryption.
        let refused = self.has("STARTTLS") && self.auth_mechanisms().is_empty();
        refused.then(|| {
            (
                "STARTTLS offered, AUTH only after it",
                format!("EHLO: {}", self.extensions.join(", ")),
            )
        })
    }

    fn has_mailbox(&self) -> bool {
        false
    }

    fn open_mailbox(&mut self, _conn: &mut Conn) -> Result<String, Fail> {
        Ok(String::new())
    }

    fn sends_mail(&self) -> bool {
        true
    }

    fn send_test_message(
        &mut self,
        conn: &mut Conn,
        message: &TestMessage,
    ) -> Result<String, Fail> {
        self.send_message(conn, message)
    }

    fn logout(&mut self, conn: &mut Conn) {
        let _ = conn.send("QUIT");
    }
}

/// Whether a reply is the one that lets the test message go on: 354 to DATA, 2xx otherwise.
fn expected(command: &str, code: u16) -> bool {
    if command == "DATA" {
        code == 354
    } else {
        code / 100 == 2
    }
}

/// A refusal while sending the test message: 4xx is the server's temporary trouble, anything
/// else a refused message (sender, recipient or content).
fn send_fail(conn: &Conn, reply: &Reply, what: &str) -> Fail {
    let failure = match reply.code {
        400..=499 => Failure::ServerBusy,
        _ => Failure::MessageRejected,
    };
    Fail::with_message(
        failure,
        format!("{what} refused ({})", reply.code),
        conn.clean(&reply.message()),
    )
}

/// The test message as lines (without CRLF), headers first, the body base64 in UTF-8. No line
/// starts with a dot, so no dot-stuffing is needed.
fn message_lines(message: &TestMessage, address: &str, now: SystemTime) -> Vec<String> {
    let since_epoch = now.duration_since(UNIX_EPOCH).unwrap_or_default();
    let domain = address.rsplit('@').next().unwrap_or("mailwiz.invalid");
    let mut lines = vec![
        format!("Date: {}", rfc5322_date(since_epoch.as_secs())),
        format!("From: <{address}>"),
        format!("To: <{address}>"),
    ];
    let mut subject = encoded_words(&message.subject).into_iter();
    lines.push(format!("Subject: {}", subject.next().unwrap_or_default()));
    lines.extend(subject.map(|word| format!(" {word}")));
    lines.extend([
        format!(
            "Message-ID: <mailwiz-test.{}.{}.{}@{domain}>",
            since_epoch.as_secs(),
            since_epoch.subsec_nanos(),
            std::process::id()
        ),
        "MIME-Version: 1.0".to_owned(),
        "Content-Type: text/plain; charset=UTF-8".to_owned(),
        "Content-Transfer-Encoding: base64".to_owned(),
        // RFC 3834: no vacation responder should answer a test.
        "Auto-Submitted: auto-generated".to_owned(),
        String::new(),
    ]);
    let body = message.body.replace("\r\n", "\n").replace('\n', "\r\n");
    let encoded = base64(body.as_bytes());
    lines.extend(
        encoded
            .as_bytes()
            .chunks(BODY_LINE_CHARS)
            .map(|chunk| String::from_utf8_lossy(chunk).into_owned()),
    );
    lines
}

/// The subject as header text: as it is when it is printable ASCII, else RFC 2047 encoded words
/// (`=?UTF-8?B?…?=`, each within 75 characters, split between characters), one per line of the
/// folded header.
fn encoded_words(subject: &str) -> Vec<String> {
    let subject: String = subject
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if subject.is_ascii() && !subject.contains("=?") && subject.len() <= 900 {
        return vec![subject];
    }
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in subject.chars() {
        if chunk.len() + c.len_utf8() > SUBJECT_WORD_BYTES {
            words.push(format!("=?UTF-8?B?{}?=", *base64(chunk.as_bytes())));
            chunk.clear();
        }
        chunk.push(c);
    }
    if !chunk.is_empty() || words.is_empty() {
        words.push(format!("=?UTF-8?B?{}?=", *base64(chunk.as_bytes())));
    }
    words
}

/// An RFC 5322 date in UTC for seconds since 1970, e.g. "Thu, 1 Jan 1970 00:00:00 +0000".
fn rfc5322_date(secs: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs / 86_400;
    let (hour, minute, second) = (secs % 86_400 / 3600, secs % 3600 / 60, secs % 60);
    let (year, month, day) = crate::core::date::civil_from_days(i64::try_from(days).unwrap_or(0));
    format!(
        "{}, {day} {} {year} {hour:02}:{minute:02}:{second:02} +0000",
        DAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize]
    )
}

/// Our name for EHLO: the local address as an address literal (RFC 5321 §4.1.3).
fn ehlo_name(local: Option<SocketAddr>) -> String {
    match local {
        Some(SocketAddr::V4(a)) => format!("[{}]", a.ip()),
        Some(SocketAddr::V6(a)) => format!("[IPv6:{}]", a.ip()),
        None => "[127.0.0.1]".to_owned(),
    }
}

/// The outcome of the last reply to AUTH.
fn auth_status(conn: &Conn, reply: &Reply, what: &str) -> Result<String, Fail> {
    if reply.code == 235 {
        return Ok(format!("{what} ok"));
    }
    let message = reply.message();
    Err(Fail::with_message(
        auth_failure(reply.code, &message),
        format!("{what} failed ({})", reply.code),
        conn.clean(&message),
    ))
}

/// Why AUTH was refused, by reply code and words.
fn auth_failure(code: u16, message: &str) -> Failure {
    let by_words = refusal(message);
    match code {
        _ if by_words == Failure::PlaintextRefused => Failure::PlaintextRefused,
        400..=499 => Failure::ServerBusy,
        504 => Failure::NoPasswordMechanism,
        500..=503 => Failure::ProtocolViolation,
        505..=599 => Failure::AuthRejected,
        _ => Failure::ProtocolViolation,
    }
}

/// One reply line: code, whether it is the last line, text.
fn parse_line(line: &str) -> Option<(u16, bool, &str)> {
    let code = line.get(..3)?;
    if !matches!(code.as_bytes(), [b'2'..=b'5', b'0'..=b'9', b'0'..=b'9']) {
        return None;
    }
    let code = code.parse().ok()?;
    let rest = line.get(3..)?;
    if rest.is_empty() {
        return Some((code, true, ""));
    }
    if let Some(text) = rest.strip_prefix(' ') {
        return Some((code, true, text));
    }
    rest.strip_prefix('-').map(|text| (code, false, text))
}

fn read_reply(conn: &mut Conn) -> Result<Reply, Fail> {
    let mut lines = Vec::new();
    for _ in 0..MAX_REPLY_LINES {
        let line = conn.read_line()?;
        let Some((code, last, text)) = parse_line(&line) else {
            return Err(Fail::with_message(
                Failure::ProtocolViolation,
                "unexpected reply",
                conn.clean(&line),
            ));
        };
        lines.push(text.to_owned());
        if last {
            return Ok(Reply { code, lines });
        }
    }
    Err(Fail::new(
        Failure::ProtocolViolation,
        "reply has too many lines",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_lines_parse() {
        assert_eq!(
            parse_line("220 mail.example ESMTP"),
            Some((220, true, "mail.example ESMTP"))
        );
        assert_eq!(
            parse_line("250-PIPELINING"),
            Some((250, false, "PIPELINING"))
        );
        assert_eq!(parse_line("250"), Some((250, true, "")));
        assert_eq!(
            parse_line("535 5.7.8 Error: authentication failed"),
            Some((535, true, "5.7.8 Error: authentication failed"))
        );
        assert_eq!(parse_line("2500 x"), None);
        assert_eq!(parse_line("25"), None);
        assert_eq!(parse_line("abc def"), None);
        assert_eq!(parse_line("999 nope"), None);
        assert_eq!(parse_line("* OK imap"), None);
        assert_eq!(parse_line("22€ x"), None);
        assert_eq!(parse_line("220€"), None);
        assert_eq!(parse_line(""), None);
    }

    #[test]
    fn reply_message_joins_lines() {
        let reply = Reply {
            code: 535,
            lines: vec![
                "5.7.8 Username and Password not accepted. Learn more at".into(),
                "5.7.8  https://support.google.com/mail/?p=BadCredentials".into(),
            ],
        };
        assert_eq!(
            reply.message(),
            "535 5.7.8 Username and Password not accepted. Learn more at 5.7.8  https://support.google.com/mail/?p=BadCredentials"
        );
    }

    #[test]
    fn extensions_and_mechanisms() {
        let smtp = Smtp {
            extensions: vec![
                "PIPELINING".into(),
                "AUTH PLAIN LOGIN".into(),
                "AUTH=LOGIN".into(),
                "STARTTLS".into(),
                "AUTHX FOO".into(),
            ],
        };
        assert!(smtp.has("STARTTLS"));
        assert!(!smtp.has("AUTH=LOGIN PLAIN"));
        assert_eq!(smtp.auth_mechanisms(), ["PLAIN", "LOGIN", "LOGIN"]);
        assert!(Smtp::new().auth_mechanisms().is_empty());
    }

    #[test]
    fn auth_refusals_are_classified() {
        let cases = [
            (
                535,
                "535 5.7.8 Error: authentication failed",
                Failure::AuthRejected,
            ),
            (
                534,
                "534 5.7.9 Application-specific password required.",
                Failure::AuthRejected,
            ),
            (
                535,
                "535 5.7.139 Authentication unsuccessful, basic authentication is disabled.",
                Failure::AuthRejected,
            ),
            (550, "550 User has no permission", Failure::AuthRejected),
            (
                454,
                "454 4.7.0 Temporary authentication failure",
                Failure::ServerBusy,
            ),
            (
                421,
                "421 4.4.0 Failed to connect to relay server",
                Failure::ServerBusy,
            ),
            (
                530,
                "530 5.7.0 Must issue a STARTTLS command first",
                Failure::PlaintextRefused,
            ),
            (
                530,
                "530 Error: A secure connection is requiered(such as ssl).",
                Failure::PlaintextRefused,
            ),
            (
                451,
                "451 5.7.3 STARTTLS is required to send mail",
                Failure::PlaintextRefused,
            ),
            (
                504,
                "504 5.7.4 Unrecognized authentication type",
                Failure::NoPasswordMechanism,
            ),
            (
                501,
                "501 5.5.2 Cannot decode response",
                Failure::ProtocolViolation,
            ),
        ];
        for (code, message, expected) in cases {
            assert_eq!(auth_failure(code, message), expected, "{message}");
        }
    }

    #[test]
    fn dates_are_rfc5322() {
        assert_eq!(rfc5322_date(0), "Thu, 1 Jan 1970 00:00:00 +0000");
        // 2000-02-29 (a leap day in a century leap year) 12:34:56 UTC.
        assert_eq!(rfc5322_date(951_827_696), "Tue, 29 Feb 2000 12:34:56 +0000");
        // 2024-12-31 23:59:59 UTC.
        assert_eq!(
            rfc5322_date(1_735_689_599),
            "Tue, 31 Dec 2024 23:59:59 +0000"
        );
    }

    #[test]
    fn subjects_are_plain_or_encoded_words() {
        assert_eq!(encoded_words("mailwiz test"), ["mailwiz test"]);
        assert_eq!(encoded_words("a\r\nBcc: x"), ["a  Bcc: x"]);
        // "测试" in UTF-8 is e6 b5 8b e8 af 95.
        assert_eq!(encoded_words("测试"), ["=?UTF-8?B?5rWL6K+V?="]);
        let long = "测".repeat(40);
        let words = encoded_words(&long);
        assert_eq!(words.len(), 3, "{words:?}");
        assert!(words.iter().all(|w| w.len() <= 75), "{words:?}");
    }

    #[test]
    fn the_test_message_is_headers_then_base64() {
        let message = TestMessage {
            address: "me@example.com".into(),
            subject: "mailwiz 测试".into(),
            body: "line one\nline two".into(),
        };
        let lines = message_lines(&message, "me@example.com", UNIX_EPOCH);
        assert_eq!(lines[0], "Date: Thu, 1 Jan 1970 00:00:00 +0000");
        assert_eq!(lines[1], "From: <me@example.com>");
        assert_eq!(lines[2], "To: <me@example.com>");
        assert_eq!(lines[3], "Subject: =?UTF-8?B?bWFpbHdpeiDmtYvor5U=?=");
        assert!(lines[4].starts_with("Message-ID: <mailwiz-test.0.0."));
        assert!(lines[4].ends_with("@example.com>"));
        assert!(lines.contains(&"Auto-Submitted: auto-generated".to_owned()));
        let blank = lines.iter().position(String::is_empty).unwrap();
        // "line one\r\nline two" in base64.
        assert_eq!(lines[blank + 1..], ["bGluZSBvbmUNCmxpbmUgdHdv"]);
        assert!(lines.iter().all(|l| !l.starts_with('.') && l.len() <= 998));
    }

    #[test]
    fn starttls_without_auth_refuses_plaintext_login() {
        let with = |lines: &[&str]| Smtp {
            extensions: lines.iter().map(|l| (*l).to_owned()).collect(),
        };
        let before_tls = with(&["PIPELINING", "STARTTLS", "8BITMIME"]);
        assert_eq!(
            before_tls.plaintext_login_refused(),
            Some((
                "STARTTLS offered, AUTH only after it",
                "EHLO: PIPELINING, STARTTLS, 8BITMIME".to_owned()
            ))
        );
        assert_eq!(
            with(&["STARTTLS", "AUTH PLAIN LOGIN"]).plaintext_login_refused(),
            None
        );
        // No STARTTLS and no AUTH: no login on this port at all, not an encryption matter.
        assert_eq!(with(&["PIPELINING"]).plaintext_login_refused(), None);
    }

    #[test]
    fn ehlo_names_are_address_literals() {
        assert_eq!(
            ehlo_name(Some("192.0.2.7:5000".parse().unwrap())),
            "[192.0.2.7]"
        );
        assert_eq!(ehlo_name(Some("[::1]:5000".parse().unwrap())), "[IPv6:::1]");
        assert_eq!(ehlo_name(None), "[127.0.0.1]");
    }
}

#[cfg(test)]
mod props;
