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
//! error, and a refusal that asks for encryption `PlaintextRefused`. SMTP has no Mailbox stage;
//! nothing is sent, and `QUIT` is not waited for.

use std::net::SocketAddr;

use super::Failure;
use super::run::{Credentials, Dialect, Fail, refusal};
use super::text::{base64, sasl_plain, secret_line};
use super::transport::{Conn, MAX_REPLY_LINES};

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

    fn has_mailbox(&self) -> bool {
        false
    }

    fn open_mailbox(&mut self, _conn: &mut Conn) -> Result<String, Fail> {
        Ok(String::new())
    }

    fn logout(&mut self, conn: &mut Conn) {
        let _ = conn.send("QUIT");
    }
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
    fn ehlo_names_are_address_literals() {
        assert_eq!(
            ehlo_name(Some("192.0.2.7:5000".parse().unwrap())),
            "[192.0.2.7]"
        );
        assert_eq!(ehlo_name(Some("[::1]:5000".parse().unwrap())), "[IPv6:::1]");
        assert_eq!(ehlo_name(None), "[127.0.0.1]");
    }
}
