//! IMAP4rev1 probe: greeting and capabilities, STARTTLS, login, then `ID` and `EXAMINE INBOX`.
//!
//! The server greets with `* OK`, usually with a `[CAPABILITY …]` code, which then serves as the
//! capabilities without a round trip; otherwise we ask `CAPABILITY`. STARTTLS needs the
//! `STARTTLS` capability, and after the handshake the capabilities are asked again: what was said
//! in plain text no longer counts, and servers often offer login mechanisms only on the encrypted
//! connection (`LOGINDISABLED` before, gone after). Login prefers `AUTHENTICATE PLAIN` (with the
//! initial response on the same line when `SASL-IR` is offered: one round trip), else `LOGIN`
//! with quoted strings, or literals for text that cannot be quoted, else `AUTHENTICATE LOGIN` when
//! the LOGIN command is disabled but that mechanism is offered. Then `ID` — NetEase
//! (163/126/yeah.net) refuses to open a mailbox for clients that have not identified themselves
//! ("Unsafe Login") — and `EXAMINE INBOX`, which opens it read-only and changes nothing; both go
//! out in one write and their replies are read in order. Every reply is read up to its tagged
//! status line; literals inside untagged lines are skipped within fixed bounds.
//!
//! Lines carrying credentials reach the transcript as `[redacted]` (SASL responses entirely).

use zeroize::Zeroizing;

use super::dialect::{Credentials, Dialect};
use super::fail::{Fail, refusal};
use super::model::Failure;
use super::text::{base64, imap_quote, sasl_plain, secret_line};
use super::transport::{Conn, Line, MAX_REPLY_LINES};

/// Largest literal accepted inside an untagged reply line.
const MAX_LITERAL_BYTES: usize = 64 * 1024;
/// Most literals accepted in one reply line.
const MAX_LITERALS_PER_LINE: usize = 16;
/// What the transcript shows for a line that carries credentials.
const REDACTED: &str = "[redacted]";

/// The IMAP dialect.
pub(super) struct Imap {
    last_tag: u32,
    /// Upper-case capability names.
    capabilities: Vec<String>,
    /// Whether the greeting carried the capabilities.
    capabilities_in_greeting: bool,
}

/// Status of a tagged reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Ok,
    No,
    Bad,
}

/// A complete tagged reply.
struct Tagged {
    status: Status,
    /// The line after the tag, e.g. `NO [AUTHENTICATIONFAILED] Authentication failed.`
    text: String,
    untagged: Vec<String>,
}

enum Reply {
    Tagged(Tagged),
    /// `+ …`: the server waits for more from us.
    Continuation,
}

impl Imap {
    pub(super) fn new() -> Self {
        Self {
            last_tag: 0,
            capabilities: Vec::new(),
            capabilities_in_greeting: false,
        }
    }

    fn tag(&mut self) -> String {
        self.last_tag += 1;
        format!("a{}", self.last_tag)
    }

    fn has(&self, capability: &str) -> bool {
        self.capabilities
            .iter()
            .any(|c| c.eq_ignore_ascii_case(capability))
    }

    /// Sends `<tag> <command>` and reads its tagged reply.
    fn command(&mut self, conn: &mut Conn, command: &str) -> Result<Tagged, Fail> {
        let tag = self.tag();
        conn.send(&format!("{tag} {command}"))?;
        read_tagged(conn, &tag)
    }

    fn ask_capabilities(&mut self, conn: &mut Conn) -> Result<(), Fail> {
        let reply = self.command(conn, "CAPABILITY")?;
        if reply.status != Status::Ok {
            return Err(Fail::with_message(
                Failure::ProtocolViolation,
                "CAPABILITY refused",
                conn.clean(&reply.text),
            ));
        }
        self.capabilities = reply
            .untagged
            .iter()
            .chain(std::iter::once(&reply.text))
            .find_map(|line| capabilities_in(line))
            .unwrap_or_default();
        Ok(())
    }

    fn authenticate_plain(
        &mut self,
        conn: &mut Conn,
        login: &Credentials<'_>,
    ) -> Result<String, Fail> {
        let what = "AUTHENTICATE PLAIN";
        let tag = self.tag();
        let response = base64(&sasl_plain(login.username, login.secret.expose()));
        let reply = if self.has("SASL-IR") {
            let shown = format!("{tag} AUTHENTICATE PLAIN {REDACTED}");
            conn.send_secret(
                &secret_line(&[&tag, " AUTHENTICATE PLAIN ", &response]),
                &shown,
            )?;
            read_reply(conn, &tag)
        } else {
            conn.send(&format!("{tag} AUTHENTICATE PLAIN"))?;
            match read_reply(conn, &tag).map_err(closed_after_refusal)? {
                Reply::Continuation => {
                    conn.send_secret(response.as_bytes(), REDACTED)?;
                    read_reply(conn, &tag)
                }
                refused => Ok(refused),
            }
        };
        // PLAIN is one message; a further challenge makes no sense.
        authenticate_result(conn, &tag, reply.map_err(closed_after_refusal)?, what)
    }

    /// `AUTHENTICATE LOGIN`: user name and code, each base64 after a `+` prompt. Only used when
    /// the server offers neither PLAIN nor the LOGIN command.
    fn authenticate_login(
        &mut self,
        conn: &mut Conn,
        login: &Credentials<'_>,
    ) -> Result<String, Fail> {
        let what = "AUTHENTICATE LOGIN";
        let tag = self.tag();
        conn.send(&format!("{tag} AUTHENTICATE LOGIN"))?;
        for answer in [
            base64(login.username.as_bytes()),
            base64(login.secret.expose().as_bytes()),
        ] {
            match read_reply(conn, &tag).map_err(closed_after_refusal)? {
                Reply::Continuation => conn.send_secret(answer.as_bytes(), REDACTED)?,
                Reply::Tagged(tagged) => return login_status(conn, &tagged, what),
            }
        }
        let reply = read_reply(conn, &tag).map_err(closed_after_refusal)?;
        authenticate_result(conn, &tag, reply, what)
    }

    /// `LOGIN user secret`, each as a quoted string when possible, else as a literal: the line
    /// up to `{n}` goes out, the server answers `+`, then the raw bytes follow.
    fn login_command(&mut self, conn: &mut Conn, login: &Credentials<'_>) -> Result<String, Fail> {
        let what = "LOGIN";
        let tag = self.tag();
        let mut pending = Zeroizing::new(format!("{tag} LOGIN ").into_bytes());
        // The transcript's view of `pending`: the user name as sent, the code as [redacted].
        let mut shown = format!("{tag} LOGIN ");
        for (index, argument) in [login.username, login.secret.expose()]
            .into_iter()
            .enumerate()
        {
            let is_secret = index > 0;
            if is_secret {
                pending.push(b' ');
                shown.push(' ');
            }
            if let Some(quoted) = imap_quote(argument) {
                pending.extend_from_slice(quoted.as_bytes());
                shown.push_str(if is_secret { REDACTED } else { &quoted });
                continue;
            }
            let marker = format!("{{{}}}", argument.len());
            pending.extend_from_slice(marker.as_bytes());
            shown.push_str(&marker);
            conn.send_secret(&pending, &shown)?;
            match read_reply(conn, &tag).map_err(closed_after_refusal)? {
                Reply::Continuation => {}
                Reply::Tagged(tagged) => return login_status(conn, &tagged, what),
            }
            pending.clear();
            pending.extend_from_slice(argument.as_bytes());
            shown = if is_secret {
                REDACTED.to_owned()
            } else {
                argument.to_owned()
            };
        }
        conn.send_secret(&pending, &shown)?;
        match read_reply(conn, &tag).map_err(closed_after_refusal)? {
            Reply::Tagged(tagged) => login_status(conn, &tagged, what),
            Reply::Continuation => Err(Fail::new(
                Failure::ProtocolViolation,
                "unexpected continuation after LOGIN",
            )),
        }
    }

    fn capability_list(&self) -> String {
        if self.capabilities.is_empty() {
            "none listed".to_owned()
        } else {
            self.capabilities.join(" ")
        }
    }
}

impl Dialect for Imap {
    fn greet(&mut self, conn: &mut Conn) -> Result<String, Fail> {
        let line = conn.read_line()?;
        let (failure, detail) = match greeting_kind(&line) {
            Greeting::Ok => {
                if let Some(capabilities) = capabilities_in(&line) {
                    self.capabilities = capabilities;
                    self.capabilities_in_greeting = true;
                }
                return Ok(conn.clean(&without_capability_code(&line)));
            }
            Greeting::Bye => (Failure::ServerBusy, "server said BYE"),
            Greeting::Preauth => (Failure::ProtocolViolation, "unexpected PREAUTH greeting"),
            Greeting::Other => (Failure::ProtocolViolation, "not an IMAP greeting"),
        };
        Err(Fail::with_message(failure, detail, conn.clean(&line)))
    }

    fn capabilities(&mut self, conn: &mut Conn) -> Result<String, Fail> {
        if self.capabilities_in_greeting {
            return Ok(format!("from the greeting: {}", self.capability_list()));
        }
        self.ask_capabilities(conn)?;
        Ok(self.capability_list())
    }

    fn request_tls(&mut self, conn: &mut Conn) -> Result<(), Fail> {
        if !self.has("STARTTLS") {
            return Err(Fail::new(
                Failure::StarttlsNotOffered,
                "starttls not offered",
            ));
        }
        let reply = self.command(conn, "STARTTLS")?;
        if reply.status != Status::Ok {
            return Err(Fail::with_message(
                Failure::StarttlsRefused,
                "STARTTLS refused",
                conn.clean(&reply.text),
            ));
        }
        Ok(())
    }

    fn after_tls(&mut self, conn: &mut Conn) -> Result<(), Fail> {
        self.capabilities.clear();
        self.capabilities_in_greeting = false;
        self.ask_capabilities(conn)
    }

    fn login(&mut self, conn: &mut Conn, login: &Credentials<'_>) -> Result<String, Fail> {
        if self.has("AUTH=PLAIN") {
            return self.authenticate_plain(conn, login);
        }
        if !self.has("LOGINDISABLED") {
            return self.login_command(conn, login);
        }
        if self.has("AUTH=LOGIN") {
            return self.authenticate_login(conn, login);
        }
        Err(Fail::with_message(
            Failure::NoPasswordMechanism,
            "no password login offered (LOGINDISABLED after TLS)",
            conn.clean(&format!("CAPABILITY {}", self.capabilities.join(" "))),
        ))
    }

    fn plaintext_login_refused(&self) -> Option<(&'static str, String)> {
        // RFC 3501: LOGINDISABLED forbids LOGIN; a listed AUTH=PLAIN/LOGIN would still work.
        let refused =
            self.has("LOGINDISABLED") && !self.has("AUTH=PLAIN") && !self.has("AUTH=LOGIN");
        refused.then(|| {
            (
                "LOGINDISABLED",
                format!("CAPABILITY {}", self.capabilities.join(" ")),
            )
        })
    }

    fn has_mailbox(&self) -> bool {
        true
    }

    fn open_mailbox(&mut self, conn: &mut Conn) -> Result<String, Fail> {
        // ID and EXAMINE go out together: one round trip. The ID reply does not matter: a server
        // without ID answers BAD and carries on.
        let (id_tag, examine_tag) = (self.tag(), self.tag());
        let id = format!(
            "{id_tag} ID (\"name\" \"mailwiz\" \"version\" \"{}\")",
            env!("CARGO_PKG_VERSION")
        );
        let examine = format!("{examine_tag} EXAMINE INBOX");
        conn.send_all(&[Line::plain(&id), Line::plain(&examine)])?;
        read_tagged(conn, &id_tag)?;
        let reply = read_tagged(conn, &examine_tag)?;
        match reply.status {
            Status::Ok => Ok(match exists_count(&reply.untagged) {
                Some(count) => format!("INBOX: {count} messages"),
                None => "INBOX opened".to_owned(),
            }),
            Status::No => {
                let failure = match refusal(&reply.text) {
                    Failure::ServerBusy => Failure::ServerBusy,
                    _ => Failure::MailboxRejected,
                };
                Err(Fail::with_message(
                    failure,
                    "EXAMINE INBOX refused",
                    conn.clean(&reply.text),
                ))
            }
            Status::Bad => Err(Fail::with_message(
                Failure::ProtocolViolation,
                "EXAMINE INBOX rejected (BAD)",
                conn.clean(&reply.text),
            )),
        }
    }

    fn logout(&mut self, conn: &mut Conn) {
        let tag = self.tag();
        let _ = conn.send(&format!("{tag} LOGOUT"));
    }
}

/// The server's last word on an AUTHENTICATE exchange: its tagged status, or, for one more
/// challenge (which neither PLAIN nor LOGIN ever expects), the exchange aborted with `*` and a
/// protocol violation.
fn authenticate_result(
    conn: &mut Conn,
    tag: &str,
    reply: Reply,
    what: &str,
) -> Result<String, Fail> {
    match reply {
        Reply::Tagged(tagged) => login_status(conn, &tagged, what),
        Reply::Continuation => {
            conn.send("*")?;
            // Only to leave the connection tidy: the verdict is already made.
            let _ = read_reply(conn, tag);
            Err(Fail::new(
                Failure::ProtocolViolation,
                format!("unexpected challenge after {what}"),
            ))
        }
    }
}

fn login_status(conn: &Conn, reply: &Tagged, what: &str) -> Result<String, Fail> {
    match reply.status {
        Status::Ok => Ok(format!("{what} ok")),
        Status::No => Err(Fail::with_message(
            refusal(&reply.text),
            format!("{what} failed"),
            conn.clean(&reply.text),
        )),
        Status::Bad => Err(Fail::with_message(
            Failure::ProtocolViolation,
            format!("{what} rejected (BAD)"),
            conn.clean(&reply.text),
        )),
    }
}

/// A login answered by an untagged `* NO …`, `* BYE` and a closed connection (instead of a
/// tagged NO) was refused all the same: classify it by the NO's words.
fn closed_after_refusal(fail: Fail) -> Fail {
    let refused = fail.failure == Failure::ServerBusy
        && fail
            .server_message
            .as_deref()
            .is_some_and(|m| m.starts_with("NO "));
    if refused {
        let failure = refusal(fail.server_message.as_deref().unwrap_or_default());
        fail.becomes(failure)
    } else {
        fail
    }
}

fn read_tagged(conn: &mut Conn, tag: &str) -> Result<Tagged, Fail> {
    match read_reply(conn, tag)? {
        Reply::Tagged(tagged) => Ok(tagged),
        Reply::Continuation => Err(Fail::new(
            Failure::ProtocolViolation,
            "unexpected continuation request",
        )),
    }
}

/// Reads untagged lines until the tagged status line for `tag`, or a continuation request. A
/// connection that closes after `* BYE` is the server's trouble (`ServerBusy`), with the words of
/// an untagged `* NO` before it when there was one, else the BYE's.
fn read_reply(conn: &mut Conn, tag: &str) -> Result<Reply, Fail> {
    let mut untagged = Vec::new();
    let mut bye = None;
    let mut refused = None;
    for _ in 0..MAX_REPLY_LINES {
        let line = match read_logical_line(conn) {
            Ok(line) => line,
            Err(fail) => {
                let Some(bye) = bye else {
                    return Err(fail);
                };
                if fail.failure != Failure::ProtocolViolation {
                    return Err(fail.or_message(Some(bye)));
                }
                let message = refused.unwrap_or(bye);
                return Err(Fail::with_message(
                    Failure::ServerBusy,
                    "server said BYE and closed the connection",
                    message,
                ));
            }
        };
        if let Some((status, text)) = parse_tagged(&line, tag) {
            return Ok(Reply::Tagged(Tagged {
                status,
                text: text.to_owned(),
                untagged,
            }));
        }
        if line.starts_with('+') {
            return Ok(Reply::Continuation);
        }
        if !line.starts_with("* ") {
            return Err(Fail::with_message(
                Failure::ProtocolViolation,
                "unexpected reply",
                conn.clean(&line),
            ));
        }
        match greeting_kind(&line) {
            Greeting::Bye => bye = Some(conn.clean(&line)),
            Greeting::Other
                if line
                    .get(2..5)
                    .is_some_and(|w| w.eq_ignore_ascii_case("NO ")) =>
            {
                refused.get_or_insert_with(|| conn.clean(&line[2..]));
            }
            _ => {}
        }
        untagged.push(line);
    }
    Err(Fail::new(
        Failure::ProtocolViolation,
        "reply has too many lines",
    ))
}

/// One reply line with any literals (`{n}` at the line end, then n bytes) skipped over.
fn read_logical_line(conn: &mut Conn) -> Result<String, Fail> {
    let mut line = conn.read_line()?;
    // Only the piece read last can announce the next literal: after an empty continuation the
    // whole line still ends in the `{n}` already skipped.
    let mut piece_start = 0;
    for _ in 0..MAX_LITERALS_PER_LINE {
        let Some(size) = literal_size(&line[piece_start..]) else {
            return Ok(line);
        };
        if size > MAX_LITERAL_BYTES {
            return Err(Fail::new(
                Failure::ProtocolViolation,
                "server sent a literal larger than 64 KiB",
            ));
        }
        conn.skip_bytes(size)?;
        piece_start = line.len();
        line.push_str(&conn.read_line()?);
    }
    Err(Fail::new(
        Failure::ProtocolViolation,
        "reply line has too many literals",
    ))
}

/// The size of a literal announced at the end of a line: `… {12}` or `… {12+}`.
fn literal_size(line: &str) -> Option<usize> {
    let body = line.strip_suffix('}')?;
    let open = body.rfind('{')?;
    let inner = body.get(open + 1..)?;
    let digits = inner.strip_suffix('+').unwrap_or(inner);
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// `<tag> OK|NO|BAD [text]` → status and the text after the tag.
fn parse_tagged<'a>(line: &'a str, tag: &str) -> Option<(Status, &'a str)> {
    let after_tag = line.strip_prefix(tag)?.strip_prefix(' ')?;
    let word = after_tag.split(' ').next().unwrap_or_default();
    let status = if word.eq_ignore_ascii_case("OK") {
        Status::Ok
    } else if word.eq_ignore_ascii_case("NO") {
        Status::No
    } else if word.eq_ignore_ascii_case("BAD") {
        Status::Bad
    } else {
        return None;
    };
    Some((status, after_tag))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Greeting {
    Ok,
    Preauth,
    Bye,
    Other,
}

fn greeting_kind(line: &str) -> Greeting {
    let mut words = line.split(' ');
    if words.next() != Some("*") {
        return Greeting::Other;
    }
    match words.next().map(str::to_ascii_uppercase).as_deref() {
        Some("OK") => Greeting::Ok,
        Some("PREAUTH") => Greeting::Preauth,
        Some("BYE") => Greeting::Bye,
        _ => Greeting::Other,
    }
}

/// Capabilities from `* CAPABILITY …` or from a `[CAPABILITY …]` response code, upper-cased.
fn capabilities_in(line: &str) -> Option<Vec<String>> {
    // ASCII upper-casing keeps byte offsets, so slicing `upper` is safe.
    let upper = line.to_ascii_uppercase();
    let list = if let Some(rest) = upper.strip_prefix("* CAPABILITY ") {
        rest
    } else {
        let start = upper.find("[CAPABILITY ")? + "[CAPABILITY ".len();
        let rest = upper.get(start..)?;
        rest.get(..rest.find(']')?)?
    };
    Some(list.split_ascii_whitespace().map(str::to_owned).collect())
}

/// The greeting without its (long) `[CAPABILITY …]` code, for the stage detail.
fn without_capability_code(line: &str) -> String {
    let upper = line.to_ascii_uppercase();
    let Some(start) = upper.find("[CAPABILITY ") else {
        return line.to_owned();
    };
    let Some(length) = upper.get(start..).and_then(|rest| rest.find(']')) else {
        return line.to_owned();
    };
    let before = line.get(..start).unwrap_or_default().trim_end();
    let after = line
        .get(start + length + 1..)
        .unwrap_or_default()
        .trim_start();
    format!("{before} {after}")
}

/// The message count from `* <n> EXISTS`.
fn exists_count(untagged: &[String]) -> Option<u64> {
    untagged.iter().find_map(|line| {
        let mut words = line.split(' ');
        let (Some("*"), Some(count), Some(word)) = (words.next(), words.next(), words.next())
        else {
            return None;
        };
        if word.eq_ignore_ascii_case("EXISTS") {
            count.parse().ok()
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagged_lines_parse() {
        assert_eq!(
            parse_tagged("a1 OK Logged in", "a1"),
            Some((Status::Ok, "OK Logged in"))
        );
        assert_eq!(
            parse_tagged("a2 NO [AUTHENTICATIONFAILED] Authentication failed.", "a2"),
            Some((
                Status::No,
                "NO [AUTHENTICATIONFAILED] Authentication failed."
            ))
        );
        assert_eq!(parse_tagged("a3 bad", "a3"), Some((Status::Bad, "bad")));
        assert_eq!(parse_tagged("a3 OK", "a3"), Some((Status::Ok, "OK")));
        // Another tag, a prefix of the tag, untagged lines and garbage are not our reply.
        assert_eq!(parse_tagged("a1 OK done", "a11"), None);
        assert_eq!(parse_tagged("a11 OK done", "a1"), None);
        assert_eq!(parse_tagged("* OK still here", "a1"), None);
        assert_eq!(parse_tagged("a1 OKAY", "a1"), None);
        assert_eq!(parse_tagged("", "a1"), None);
        assert_eq!(parse_tagged("a1", "a1"), None);
    }

    #[test]
    fn greetings_are_classified() {
        assert_eq!(greeting_kind("* OK Dovecot ready."), Greeting::Ok);
        assert_eq!(greeting_kind("* ok imap ready"), Greeting::Ok);
        assert_eq!(greeting_kind("* PREAUTH hi"), Greeting::Preauth);
        assert_eq!(greeting_kind("* BYE too many connections"), Greeting::Bye);
        assert_eq!(greeting_kind("+OK POP3 ready"), Greeting::Other);
        assert_eq!(greeting_kind("220 smtp ready"), Greeting::Other);
        assert_eq!(greeting_kind("*"), Greeting::Other);
    }

    #[test]
    fn capabilities_from_line_or_code() {
        let caps = capabilities_in("* CAPABILITY IMAP4rev1 SASL-IR auth=plain STARTTLS").unwrap();
        assert_eq!(caps, ["IMAP4REV1", "SASL-IR", "AUTH=PLAIN", "STARTTLS"]);
        let caps =
            capabilities_in("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] Dovecot ready.")
                .unwrap();
        assert_eq!(caps, ["IMAP4REV1", "STARTTLS", "LOGINDISABLED"]);
        assert_eq!(capabilities_in("* OK Dovecot ready."), None);
        assert_eq!(capabilities_in("* OK [CAPABILITY IMAP4rev1"), None);
        assert_eq!(
            capabilities_in("* OK 中文 [CAPABILITY ID]").unwrap(),
            ["ID"]
        );
    }

    #[test]
    fn logindisabled_without_auth_refuses_plaintext_login() {
        let with = |caps: &[&str]| Imap {
            last_tag: 0,
            capabilities: caps.iter().map(|c| (*c).to_owned()).collect(),
            capabilities_in_greeting: true,
        };
        // Dovecot on a connection it does not consider secure.
        let dovecot = with(&["IMAP4REV1", "SASL-IR", "ID", "STARTTLS", "LOGINDISABLED"]);
        assert_eq!(
            dovecot.plaintext_login_refused(),
            Some((
                "LOGINDISABLED",
                "CAPABILITY IMAP4REV1 SASL-IR ID STARTTLS LOGINDISABLED".to_owned()
            ))
        );
        // LOGIN disabled, but AUTHENTICATE PLAIN offered: a login would be taken.
        let plain = with(&["IMAP4REV1", "STARTTLS", "LOGINDISABLED", "AUTH=PLAIN"]);
        assert_eq!(plain.plaintext_login_refused(), None);
        assert_eq!(
            with(&["IMAP4REV1", "STARTTLS"]).plaintext_login_refused(),
            None
        );
        assert_eq!(with(&[]).plaintext_login_refused(), None);
    }

    #[test]
    fn greeting_detail_drops_capability_code() {
        assert_eq!(
            without_capability_code("* OK [CAPABILITY IMAP4rev1 ID] Dovecot ready."),
            "* OK Dovecot ready."
        );
        assert_eq!(without_capability_code("* OK hi"), "* OK hi");
        assert_eq!(
            without_capability_code("* OK [CAPABILITY x"),
            "* OK [CAPABILITY x"
        );
    }

    #[test]
    fn literal_sizes() {
        assert_eq!(literal_size("* ID (\"name\" {7}"), Some(7));
        assert_eq!(literal_size("* 1 FETCH (BODY {12+}"), Some(12));
        assert_eq!(literal_size("* OK {}"), None);
        assert_eq!(literal_size("* OK {x}"), None);
        assert_eq!(literal_size("* OK {99999999999}"), None);
        assert_eq!(literal_size("* OK done"), None);
        assert_eq!(literal_size("}"), None);
    }

    #[test]
    fn exists_is_found() {
        let lines = [
            "* FLAGS (\\Seen)".to_owned(),
            "* 42 EXISTS".to_owned(),
            "* 0 RECENT".to_owned(),
        ];
        assert_eq!(exists_count(&lines), Some(42));
        assert_eq!(exists_count(&lines[..1]), None);
        assert_eq!(exists_count(&["* x EXISTS".to_owned()]), None);
    }
}

#[cfg(test)]
mod props;
