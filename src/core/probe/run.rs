//! The probe driver: walks the stages in order for any protocol and turns the first failure into
//! the precise [`Failure`] and the coarse [`Outcome`].
//!
//! Dns → Connect → (implicit TLS: Secure) → Greeting → Capabilities → (STARTTLS: Secure, which
//! learns the capabilities again) → Login → Mailbox, or for SMTP, when the caller asked for it,
//! TestMessage. Each protocol module supplies a [`Dialect`]
//! that knows its own commands; this module owns the order, the stage records and events, the
//! transcript's notes, the rule that nothing past the capabilities happens on an unencrypted
//! connection, the deadline watchdog, and the goodbye at the end (sent, not waited for).
//!
//! A failure is classified where it is seen (transport: DNS, connect, TLS, timeouts, closes;
//! dialects: the server's replies). One rule needs the whole picture and lives here: on a plain
//! connection, a greeting that never comes or comes as a TLS record means the port expects TLS at
//! once ([`Failure::PlainToTlsPort`]).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::dialect::{Credentials, Dialect};
use super::fail::Fail;
use super::handshake;
use super::model::{
    Failure, Outcome, ProbeEvent, ProbeOptions, ProbeRequest, ProbeResult, Protocol, Stage,
    StageRecord, Timeouts,
};
use super::text::Redactor;
use super::transcript::Transcript;
use super::transport::{self, Conn, Limits};
use super::{imap, pop3, smtp};
use crate::core::net::deadline::Watchdog;
use crate::core::net::{CancelToken, Resolver, prepare_tls};
use crate::core::provider::model::Security;

/// Upper bound of a stage detail, in characters (the Secure detail carries the certificate).
const DETAIL_MAX_CHARS: usize = 400;
/// Most resolved addresses named in the Dns detail.
const ADDRESSES_SHOWN: usize = 4;

/// Runs one probe to its end with the default options (the login test and nothing more).
/// Blocking; call it on a background thread. Never panics on server input; every network wait is
/// bounded by `req.timeouts`, and `cancel` stops it at once.
pub fn run_probe(
    req: &ProbeRequest,
    cancel: &CancelToken,
    on_event: &mut dyn FnMut(ProbeEvent),
) -> ProbeResult {
    run_probe_with(req, &ProbeOptions::default(), cancel, on_event)
}

/// Like [`run_probe`], with the optional parts in `options` (e.g. the SMTP test message).
pub fn run_probe_with(
    req: &ProbeRequest,
    options: &ProbeOptions,
    cancel: &CancelToken,
    on_event: &mut dyn FnMut(ProbeEvent),
) -> ProbeResult {
    let transcript = Transcript::new(
        Instant::now(),
        Redactor::new(&req.username, req.secret.expose()),
    );
    let mut session = Session {
        cancel,
        on_event,
        stages: Vec::new(),
        transcript: transcript.clone(),
    };
    let result = drive(req, options, cancel, &mut session);
    let (outcome, failure, server_message) = match result {
        Ok(()) => (Outcome::Ok, None, None),
        // A failure while cancelling is the cancel's doing (e.g. the shut-down socket).
        Err(_) if cancel.is_cancelled() => (Outcome::Cancelled, Some(Failure::Cancelled), None),
        Err(fail) => (fail.outcome, Some(fail.failure), fail.server_message),
    };
    transcript.note(&match failure {
        None => "result: ok".to_owned(),
        Some(failure) => format!("result: {outcome:?} ({failure:?})"),
    });
    ProbeResult {
        protocol: req.protocol,
        endpoint: req.endpoint.clone(),
        outcome,
        stages: session.stages,
        server_message,
        failure,
        transcript: transcript.lines(),
    }
}

fn drive(
    req: &ProbeRequest,
    options: &ProbeOptions,
    cancel: &CancelToken,
    s: &mut Session<'_>,
) -> Result<(), Fail> {
    let deadline = Instant::now() + req.timeouts.total;
    let watchdog = Watchdog::start("mailwiz-probe-deadline", deadline);
    let limits = Limits {
        timeouts: req.timeouts,
        deadline,
        cancel: cancel.clone(),
        watchdog: watchdog.token().clone(),
    };
    let host = req.endpoint.host.as_str();
    let port = req.endpoint.port;
    let security = req.endpoint.security;
    s.transcript.note(&format!(
        "{} test of {host}:{port}, security {}",
        req.protocol.code().to_uppercase(),
        security.code()
    ));

    if security != Security::None {
        // Loaded while the name is looked up and the connection is made (usually begun already).
        prepare_tls();
    }
    let addresses = s.stage(Stage::Dns, || {
        let found = transport::resolve(host, port, &limits, &options.resolver)?;
        let shown = address_list(&found);
        Ok((found, shown))
    })?;
    let transcript = s.transcript.clone();
    let mut conn = s.stage(Stage::Connect, || {
        let (tcp, peer) = transport::connect(&addresses, &limits)?;
        Ok((
            Conn::new(tcp, limits.clone(), transcript)?,
            peer.to_string(),
        ))
    })?;
    let mut dialect = dialect_for(req.protocol);

    if security == Security::Tls {
        s.stage(Stage::Secure, || {
            let info = conn.upgrade_tls(&handshake::connector(&req.extra_roots_pem)?, host)?;
            Ok(((), info.summary()))
        })?;
    }
    s.stage(Stage::Greeting, || {
        let greeted = dialect.greet(&mut conn);
        Ok(((), greeted.map_err(|fail| greeting_failure(fail, &conn))?))
    })?;
    s.stage(Stage::Capabilities, || {
        Ok(((), dialect.capabilities(&mut conn)?))
    })?;
    match security {
        Security::Tls => {}
        Security::Starttls => {
            let mut asked = false;
            let secured = s.stage(Stage::Secure, || {
                dialect.request_tls(&mut conn)?;
                asked = true;
                let info = conn
                    .upgrade_tls(&handshake::connector(&req.extra_roots_pem)?, host)
                    .map_err(plain_after_starttls)?;
                dialect.after_tls(&mut conn)?;
                Ok(((), format!("STARTTLS; {}", info.summary())))
            });
            let plain_session_intact = matches!(
                &secured,
                Err(f) if matches!(f.failure, Failure::StarttlsNotOffered | Failure::StarttlsRefused)
            );
            if plain_session_intact && !asked {
                // STARTTLS not offered or refused: the plain-text session is still in order.
                dialect.logout(&mut conn);
            }
            secured?;
        }
        Security::None => {
            // The code is never sent here. Whether the server would have taken it tells the
            // user which fix is right: "the server requires encryption" or "mailwiz will not".
            let refused = s.stage(Stage::Secure, || {
                Err::<((), String), _>(match dialect.plaintext_login_refused() {
                    Some((reason, words)) => {
                        Fail::plaintext_refused_unsent(reason, conn.clean(&words))
                    }
                    None => Fail::new(Failure::NotEncrypted, "not encrypted: code not sent"),
                })
            });
            dialect.logout(&mut conn);
            return refused;
        }
    }

    let login = Credentials {
        username: &req.username,
        secret: &req.secret,
    };
    let result = login_and_open(s, dialect.as_mut(), &mut conn, &login, options);
    let polite = match &result {
        Ok(()) => true,
        Err(fail) => matches!(
            fail.failure,
            Failure::AuthRejected
                | Failure::MailboxRejected
                | Failure::MessageRejected
                | Failure::NoPasswordMechanism
                | Failure::PlaintextRefused
        ),
    };
    if polite {
        dialect.logout(&mut conn);
    }
    result
}

/// Plain text in a handshake that followed the server's "go ahead" to STARTTLS is no port mix-up
/// (this port speaks STARTTLS: the server just agreed to it) but a TLS set-up that failed, or
/// that something on the way tampered with.
fn plain_after_starttls(fail: Fail) -> Fail {
    if fail.failure != Failure::TlsToPlainPort {
        return fail;
    }
    let detail = format!("{}, after the server agreed to STARTTLS", fail.detail);
    Fail { detail, ..fail }.becomes(Failure::TlsOther)
}

/// On a plain connection, a greeting that never came or came as a TLS record means the server
/// waits for a TLS handshake: implicit TLS is wanted on this port.
fn greeting_failure(fail: Fail, conn: &Conn) -> Fail {
    if conn.is_encrypted() || fail.failure == Failure::Cancelled {
        return fail;
    }
    if conn.heard_tls_record() {
        let detail = "the server answered with TLS data: this port expects TLS at once";
        return Fail::new(Failure::PlainToTlsPort, detail);
    }
    if fail.failure == Failure::Timeout && conn.heard_nothing() {
        let detail = format!(
            "{}: no greeting; the server may be waiting for TLS (an implicit-TLS port)",
            fail.detail
        );
        return Fail::new(Failure::PlainToTlsPort, detail);
    }
    fail
}

fn login_and_open(
    s: &mut Session<'_>,
    dialect: &mut dyn Dialect,
    conn: &mut Conn,
    login: &Credentials<'_>,
    options: &ProbeOptions,
) -> Result<(), Fail> {
    if !conn.is_encrypted() {
        // Unreachable by construction (Security::None returned above); kept as a second lock.
        return Err(Fail::new(
            Failure::NotEncrypted,
            "not encrypted: code not sent",
        ));
    }
    s.stage(Stage::Login, || Ok(((), dialect.login(conn, login)?)))?;
    if dialect.has_mailbox() {
        s.stage(Stage::Mailbox, || Ok(((), dialect.open_mailbox(conn)?)))?;
    }
    if let Some(message) = options
        .test_message
        .as_ref()
        .filter(|_| dialect.sends_mail())
    {
        s.stage(Stage::TestMessage, || {
            Ok(((), dialect.send_test_message(conn, message)?))
        })?;
    }
    Ok(())
}

/// "192.0.2.1, 2001:db8::1" (at most a few, then "…").
fn address_list(addresses: &[SocketAddr]) -> String {
    let mut shown: Vec<String> = addresses
        .iter()
        .take(ADDRESSES_SHOWN)
        .map(|a| a.ip().to_string())
        .collect();
    if addresses.len() > ADDRESSES_SHOWN {
        shown.push(format!("… ({} in all)", addresses.len()));
    }
    shown.join(", ")
}

/// Stage bookkeeping: records, events and the transcript's stage notes.
struct Session<'a> {
    cancel: &'a CancelToken,
    on_event: &'a mut dyn FnMut(ProbeEvent),
    stages: Vec<StageRecord>,
    transcript: Transcript,
}

impl Session<'_> {
    /// Runs one stage: reports its start, runs `work`, records and reports its end.
    fn stage<T>(
        &mut self,
        stage: Stage,
        work: impl FnOnce() -> Result<(T, String), Fail>,
    ) -> Result<T, Fail> {
        if self.cancel.is_cancelled() {
            return Err(Fail::cancelled());
        }
        let started = Instant::now();
        (self.on_event)(ProbeEvent::StageStarted(stage));
        let result = work();
        let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let (ok, detail) = match &result {
            Ok((_, detail)) => (true, detail.as_str()),
            Err(fail) => (false, fail.detail.as_str()),
        };
        // Redacted like every server line: a detail may quote the server (its capabilities,
        // its reply to the test message).
        let detail = self.transcript.clean_to(detail, DETAIL_MAX_CHARS);
        // The wire shows the rest; name lookups, connects and every failure only show here.
        if !ok {
            self.transcript
                .note(&format!("{} failed: {detail}", stage.code()));
        } else if matches!(stage, Stage::Dns | Stage::Connect) {
            let verb = if stage == Stage::Dns {
                "resolved"
            } else {
                "connected to"
            };
            self.transcript.note(&format!("{verb} {detail}"));
        }
        let record = StageRecord {
            stage,
            ok,
            millis,
            detail,
        };
        self.stages.push(record.clone());
        (self.on_event)(ProbeEvent::StageFinished(record));
        result.map(|(value, _)| value)
    }
}

/// Checks, without logging in, that a server speaks `protocol` at `endpoint` with the security
/// it names: connect, TLS (implicit or STARTTLS, certificate verified), greeting and
/// capabilities, then goodbye. Used by discovery's guessing, which must not send any password to
/// a host the user has not confirmed. `resolver` looks the host up (the system's, one DNS server,
/// or a test's function mapping made-up names to loopback). Bounded by `timeout` as a whole;
/// `cancel` stops it at once. Used by `mailwiz domain check` too, which reports why a server
/// failed ([`Failure::NotEncrypted`] for a server without encryption, never connected to).
pub fn check_server_reason(
    protocol: Protocol,
    endpoint: &crate::core::provider::model::Endpoint,
    extra_roots_pem: &[Vec<u8>],
    timeout: Duration,
    resolver: &Resolver,
    cancel: &CancelToken,
) -> Result<(), Failure> {
    if endpoint.security == Security::None {
        return Err(Failure::NotEncrypted);
    }
    let timeouts = Timeouts {
        connect: timeout,
        reply: timeout,
        total: timeout,
    };
    let deadline = Instant::now() + timeout;
    let watchdog = Watchdog::start("mailwiz-probe-deadline", deadline);
    let limits = Limits {
        timeouts,
        deadline,
        cancel: cancel.clone(),
        watchdog: watchdog.token().clone(),
    };
    let host = endpoint.host.as_str();
    prepare_tls();
    let check = || -> Result<(), Fail> {
        let addresses = transport::resolve(host, endpoint.port, &limits, resolver)?;
        let transcript = Transcript::new(Instant::now(), Redactor::new("", ""));
        let (tcp, _) = transport::connect(&addresses, &limits)?;
        let mut conn = Conn::new(tcp, limits.clone(), transcript)?;
        let mut dialect = dialect_for(protocol);
        if endpoint.security == Security::Tls {
            conn.upgrade_tls(&handshake::connector(extra_roots_pem)?, host)?;
        }
        dialect.greet(&mut conn)?;
        dialect.capabilities(&mut conn)?;
        if endpoint.security == Security::Starttls {
            dialect.request_tls(&mut conn)?;
            conn.upgrade_tls(&handshake::connector(extra_roots_pem)?, host)?;
            dialect.after_tls(&mut conn)?;
        }
        dialect.logout(&mut conn);
        Ok(())
    };
    check().map_err(|fail| fail.failure)
}

fn dialect_for(protocol: Protocol) -> Box<dyn Dialect> {
    match protocol {
        Protocol::Imap => Box::new(imap::Imap::new()),
        Protocol::Pop3 => Box::new(pop3::Pop3::new()),
        Protocol::Smtp => Box::new(smtp::Smtp::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_lists_are_short() {
        let many: Vec<SocketAddr> = (1..=6)
            .map(|i| SocketAddr::from(([192, 0, 2, i], 993)))
            .collect();
        assert_eq!(address_list(&many[..1]), "192.0.2.1");
        assert_eq!(
            address_list(&many),
            "192.0.2.1, 192.0.2.2, 192.0.2.3, 192.0.2.4, … (6 in all)"
        );
    }
}
