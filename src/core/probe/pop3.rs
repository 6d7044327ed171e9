//! POP3 probe: greeting, `CAPA`, `STLS`, login, then `STAT`.
//!
//! Every reply starts with `+OK` or `-ERR`; `CAPA` answers with a multi-line list ended by a lone
//! `.`. STARTTLS is POP3's `STLS` and must be listed by `CAPA`; after the handshake `CAPA` is asked
//! again. Login prefers `AUTH PLAIN` with the initial response (RFC 5034: one round trip) when
//! `SASL PLAIN` is listed, then `AUTH LOGIN`, else `USER` / `PASS`. `STAT` then proves the mailbox
//! opens (POP3 servers lock it at login, so a busy mailbox shows up there or as `-ERR [IN-USE]` at
//! login). When the server lists `PIPELINING` (RFC 2449), `STAT` goes out in the same write as
//! `AUTH PLAIN`, saving a round trip; its answer is read after the login's.
//!
//! A `-ERR` to the login is `AuthRejected`, except the RFC 3206 codes `[IN-USE]` and `[SYS/…]`,
//! which say the code was fine but the server could not serve the mailbox: `ServerBusy`.

use super::dialect::{Credentials, Dialect};
use super::fail::{Fail, refusal};
use super::model::Failure;
use super::text::{base64, sasl_plain, secret_line};
use super::transport::{Conn, Line, MAX_REPLY_LINES};

/// What the transcript shows for a line that carries credentials.
const REDACTED: &str = "[redacted]";

/// The POP3 dialect.
pub(super) struct Pop3 {
    /// Upper-case `CAPA` lines.
    capabilities: Vec<String>,
    /// Whether `CAPA` was answered at all.
    capa_answered: bool,
    /// `STAT` went out with the login; its answer is still to be read.
    stat_sent: bool,
}

impl Pop3 {
    pub(super) fn new() -> Self {
        Self {
            capabilities: Vec::new(),
            capa_answered: false,
            stat_sent: false,
        }
    }

    /// Whether a `CAPA` line starts with this word.
    fn has(&self, word: &str) -> bool {
        self.capabilities
            .iter()
            .any(|line| line.split_ascii_whitespace().next() == Some(word))
    }

    /// Whether `SASL` lists this mechanism.
    fn has_sasl(&self, mechanism: &str) -> bool {
        self.capabilities.iter().any(|line| {
            let mut words = line.split_ascii_whitespace();
            words.next() == Some("SASL") && words.any(|m| m == mechanism)
        })
    }

    fn ask_capabilities(&mut self, conn: &mut Conn) -> Result<(), Fail> {
        conn.send("CAPA")?;
        let (ok, _) = read_status(conn)?;
        // A server without CAPA answers -ERR: it then offers nothing we could rely on.
        self.capa_answered = ok;
        self.capabilities = if ok {
            read_multiline(conn)?
                .iter()
                .map(|line| line.to_ascii_uppercase())
                .collect()
        } else {
            Vec::new()
        };
        Ok(())
    }

    fn auth_plain(&mut self, conn: &mut Conn, login: &Credentials<'_>) -> Result<String, Fail> {
        let response = base64(&sasl_plain(login.username, login.secret.expose()));
        let auth = secret_line(&["AUTH PLAIN ", &response]);
        let shown = format!("AUTH PLAIN {REDACTED}");
        let mut lines = vec![Line {
            bytes: &auth,
            shown: &shown,
            secret: true,
        }];
        // RFC 2449 PIPELINING: the server takes commands in a batch. A refused login makes the
        // STAT a harmless -ERR.
        if self.has("PIPELINING") {
            lines.push(Line::plain("STAT"));
            self.stat_sent = true;
        }
        conn.send_all(&lines)?;
        // If the initial response was ignored and the server asks again: abort, don't guess.
        let line = conn.read_line()?;
        auth_result(conn, &line, "AUTH PLAIN")
    }

    /// `AUTH LOGIN`: user name and code, each base64 after a `+` prompt.
    fn auth_login(&mut self, conn: &mut Conn, login: &Credentials<'_>) -> Result<String, Fail> {
        conn.send("AUTH LOGIN")?;
        for answer in [
            base64(login.username.as_bytes()),
            base64(login.secret.expose().as_bytes()),
        ] {
            let line = conn.read_line()?;
            if !is_continuation(&line) {
                return login_status(conn, &line, "AUTH LOGIN");
            }
            conn.send_secret(answer.as_bytes(), REDACTED)?;
        }
        let line = conn.read_line()?;
        auth_result(conn, &line, "AUTH LOGIN")
    }

    fn user_pass(&mut self, conn: &mut Conn, login: &Credentials<'_>) -> Result<String, Fail> {
        let secret = login.secret.expose();
        if [login.username, secret]
            .iter()
            .any(|text| text.contains(['\r', '\n', '\0']))
        {
            return Err(Fail::new(
                Failure::NoPasswordMechanism,
                "user name or code contains a line break; USER/PASS cannot send it",
            ));
        }
        conn.send(&format!("USER {}", login.username))?;
        let line = conn.read_line()?;
        match parse_status(&line) {
            Some((true, _)) => {}
            Some((false, _)) => return login_status(conn, &line, "USER"),
            None => return Err(unexpected(conn, &line)),
        }
        conn.send_secret(
            &secret_line(&["PASS ", secret]),
            &format!("PASS {REDACTED}"),
        )?;
        let line = conn.read_line()?;
        login_status(conn, &line, "USER/PASS")
    }
}

impl Dialect for Pop3 {
    fn greet(&mut self, conn: &mut Conn) -> Result<String, Fail> {
        let (ok, line) = read_status(conn)?;
        if !ok {
            // A server that greets with -ERR will not serve us now (too many connections, …).
            return Err(Fail::with_message(
                Failure::ServerBusy,
                "server greeted with -ERR",
                conn.clean(&line),
            ));
        }
        Ok(conn.clean(&line))
    }

    fn capabilities(&mut self, conn: &mut Conn) -> Result<String, Fail> {
        self.ask_capabilities(conn)?;
        Ok(if self.capa_answered {
            self.capabilities.join(", ")
        } else {
            "CAPA not supported".to_owned()
        })
    }

    fn request_tls(&mut self, conn: &mut Conn) -> Result<(), Fail> {
        if !self.has("STLS") {
            return Err(Fail::new(
                Failure::StarttlsNotOffered,
                "starttls not offered",
            ));
        }
        conn.send("STLS")?;
        let (ok, line) = read_status(conn)?;
        if !ok {
            return Err(Fail::with_message(
                Failure::StarttlsRefused,
                "STLS refused",
                conn.clean(&line),
            ));
        }
        Ok(())
    }

    fn after_tls(&mut self, conn: &mut Conn) -> Result<(), Fail> {
        self.capabilities.clear();
        self.ask_capabilities(conn)
    }

    fn login(&mut self, conn: &mut Conn, login: &Credentials<'_>) -> Result<String, Fail> {
        if self.has_sasl("PLAIN") {
            self.auth_plain(conn, login)
        } else if self.has_sasl("LOGIN") {
            self.auth_login(conn, login)
        } else {
            self.user_pass(conn, login)
        }
    }

    fn plaintext_login_refused(&self) -> Option<(&'static str, String)> {
        // RFC 2449: USER is listed when USER/PASS is allowed, SASL with the mechanisms; a server
        // that lists STLS and neither takes no password before STLS.
        let refused = self.capa_answered
            && self.has("STLS")
            && !self.has("USER")
            && !self.has_sasl("PLAIN")
            && !self.has_sasl("LOGIN");
        refused.then(|| {
            (
                "STLS offered, no USER or SASL before it",
                format!("CAPA: {}", self.capabilities.join(", ")),
            )
        })
    }

    fn has_mailbox(&self) -> bool {
        true
    }

    fn open_mailbox(&mut self, conn: &mut Conn) -> Result<String, Fail> {
        if !std::mem::take(&mut self.stat_sent) {
            conn.send("STAT")?;
        }
        let (ok, line) = read_status(conn)?;
        if !ok {
            let failure = match refusal(&line) {
                Failure::ServerBusy => Failure::ServerBusy,
                _ => Failure::MailboxRejected,
            };
            return Err(Fail::with_message(
                failure,
                "STAT refused",
                conn.clean(&line),
            ));
        }
        let count = parse_status(&line)
            .and_then(|(_, text)| text.split(' ').next())
            .and_then(|count| count.parse::<u64>().ok());
        Ok(match count {
            Some(count) => format!("STAT: {count} messages"),
            None => "STAT ok".to_owned(),
        })
    }

    fn logout(&mut self, conn: &mut Conn) {
        let _ = conn.send("QUIT");
    }
}

/// A SASL continuation: `+` or `+ <base64>`.
fn is_continuation(line: &str) -> bool {
    line == "+" || line.starts_with("+ ")
}

/// `+OK text` / `-ERR text` → (ok, text). Anything else is not a POP3 status line.
fn parse_status(line: &str) -> Option<(bool, &str)> {
    for (prefix, ok) in [("+OK", true), ("-ERR", false)] {
        if let Some(rest) = line.strip_prefix(prefix) {
            if rest.is_empty() {
                return Some((ok, rest));
            }
            if let Some(text) = rest.strip_prefix(' ') {
                return Some((ok, text));
            }
        }
    }
    None
}

fn unexpected(conn: &Conn, line: &str) -> Fail {
    Fail::with_message(
        Failure::ProtocolViolation,
        "unexpected reply",
        conn.clean(line),
    )
}

/// Reads one status line: whether it was `+OK`, and the whole line.
fn read_status(conn: &mut Conn) -> Result<(bool, String), Fail> {
    let line = conn.read_line()?;
    match parse_status(&line) {
        Some((ok, _)) => Ok((ok, line)),
        None => Err(unexpected(conn, &line)),
    }
}

/// Reads the body of a multi-line reply up to the lone `.`, undoing dot-stuffing.
fn read_multiline(conn: &mut Conn) -> Result<Vec<String>, Fail> {
    let mut lines = Vec::new();
    for _ in 0..MAX_REPLY_LINES {
        let line = conn.read_line()?;
        if line == "." {
            return Ok(lines);
        }
        lines.push(unstuff(line));
    }
    Err(Fail::new(
        Failure::ProtocolViolation,
        "reply has too many lines",
    ))
}

fn unstuff(line: String) -> String {
    match line.strip_prefix('.') {
        Some(rest) => rest.to_owned(),
        None => line,
    }
}

/// The outcome of a login reply line.
/// The server's last word on an AUTH exchange: its status line, or, for one more challenge
/// (which neither PLAIN nor LOGIN ever expects), the exchange aborted with `*` and a protocol
/// violation.
fn auth_result(conn: &mut Conn, line: &str, what: &str) -> Result<String, Fail> {
    if !is_continuation(line) {
        return login_status(conn, line, what);
    }
    conn.send("*")?;
    // Only to leave the connection tidy: the verdict is already made.
    let _ = conn.read_line();
    Err(Fail::new(
        Failure::ProtocolViolation,
        format!("unexpected challenge after {what}"),
    ))
}

fn login_status(conn: &Conn, line: &str, what: &str) -> Result<String, Fail> {
    match parse_status(line) {
        Some((true, _)) => Ok(format!("{what} ok")),
        Some((false, _)) => Err(Fail::with_message(
            refusal(line),
            format!("{what} failed"),
            conn.clean(line),
        )),
        None => Err(unexpected(conn, line)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines_parse() {
        assert_eq!(
            parse_status("+OK Dovecot ready."),
            Some((true, "Dovecot ready."))
        );
        assert_eq!(parse_status("+OK"), Some((true, "")));
        assert_eq!(
            parse_status("-ERR [AUTH] Authentication failed."),
            Some((false, "[AUTH] Authentication failed."))
        );
        assert_eq!(parse_status("-ERR"), Some((false, "")));
        assert_eq!(parse_status("+OKAY"), None);
        assert_eq!(parse_status("* OK imap"), None);
        assert_eq!(parse_status(""), None);
        assert_eq!(parse_status("+ "), None);
        assert!(is_continuation("+ VXNlcm5hbWU6"));
        assert!(is_continuation("+"));
        assert!(!is_continuation("+OK"));
    }

    #[test]
    fn dot_stuffing_is_undone() {
        assert_eq!(unstuff("..hidden".to_owned()), ".hidden");
        assert_eq!(unstuff("USER".to_owned()), "USER");
    }

    #[test]
    fn stls_without_user_or_sasl_refuses_plaintext_login() {
        let with = |answered: bool, caps: &[&str]| Pop3 {
            capa_answered: answered,
            stat_sent: false,
            capabilities: caps.iter().map(|c| (*c).to_owned()).collect(),
        };
        assert_eq!(
            with(true, &["CAPA", "TOP", "STLS", "PIPELINING"]).plaintext_login_refused(),
            Some((
                "STLS offered, no USER or SASL before it",
                "CAPA: CAPA, TOP, STLS, PIPELINING".to_owned()
            ))
        );
        assert_eq!(
            with(true, &["STLS", "USER"]).plaintext_login_refused(),
            None
        );
        assert_eq!(
            with(true, &["STLS", "SASL PLAIN"]).plaintext_login_refused(),
            None
        );
        // No CAPA answer: nothing known.
        assert_eq!(with(false, &[]).plaintext_login_refused(), None);
    }

    #[test]
    fn capability_lookup() {
        let pop = Pop3 {
            capa_answered: true,
            stat_sent: false,
            capabilities: vec![
                "TOP".into(),
                "STLS".into(),
                "SASL PLAIN LOGIN".into(),
                "USER".into(),
            ],
        };
        assert!(pop.has("STLS"));
        assert!(!pop.has("PLAIN"));
        assert!(pop.has_sasl("PLAIN"));
        assert!(pop.has_sasl("LOGIN"));
        assert!(!pop.has_sasl("SASL"));
        assert!(!Pop3::new().has("STLS"));
    }
}

#[cfg(test)]
mod props;
