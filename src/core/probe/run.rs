//! The probe driver: walks the stages in order for any protocol and turns the first failure into
//! the [`Outcome`].
//!
//! Connect → (implicit TLS: Secure) → Greeting → (STARTTLS: Secure) → Login → Mailbox. Each
//! protocol module supplies a [`Dialect`] that knows its own commands; this module owns the order,
//! the stage records and events, the rule that nothing past the greeting happens on an
//! unencrypted connection, the deadline watchdog, and the polite logout at the end.

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::cancel::CancelToken;
use super::text::{Redactor, bounded};
use super::transport::{self, Conn, Limits};
use super::{
    Outcome, ProbeEvent, ProbeRequest, ProbeResult, Protocol, Stage, StageRecord, imap, pop3, smtp,
    tls,
};
use crate::core::provider::model::Security;
use crate::core::secret::Secret;

/// Upper bound of a stage detail, in characters.
const DETAIL_MAX_CHARS: usize = 200;
/// How long the final LOGOUT / QUIT may take.
const LOGOUT_TIMEOUT: Duration = Duration::from_secs(2);

/// Why a probe stopped: the outcome, a short technical detail for the stage record (never the
/// secret), and the server's own words when it said something (already redacted).
#[derive(Debug)]
pub(super) struct Fail {
    pub outcome: Outcome,
    pub detail: String,
    pub server_message: Option<String>,
}

impl Fail {
    /// A failure without server text.
    pub fn new(outcome: Outcome, detail: impl Into<String>) -> Self {
        Self {
            outcome,
            detail: detail.into(),
            server_message: None,
        }
    }

    /// A failure with the server's (cleaned) words.
    pub fn with_message(outcome: Outcome, detail: impl Into<String>, message: String) -> Self {
        Self {
            server_message: Some(message),
            ..Self::new(outcome, detail)
        }
    }

    /// The user cancelled.
    pub fn cancelled() -> Self {
        Self::new(Outcome::Cancelled, "cancelled")
    }

    /// Adds server words if there are none yet (e.g. an IMAP `* BYE` seen before the close).
    pub fn or_message(mut self, message: Option<String>) -> Self {
        if self.server_message.is_none() {
            self.server_message = message;
        }
        self
    }
}

/// The login a dialect sends.
pub(super) struct Credentials<'a> {
    pub username: &'a str,
    pub secret: &'a Secret,
}

/// One protocol's commands. Each method returns the stage detail on success.
pub(super) trait Dialect {
    /// Reads the greeting and learns the capabilities.
    fn greet(&mut self, conn: &mut Conn) -> Result<String, Fail>;
    /// Asks for STARTTLS. Fails with `SecureFailed` "starttls not offered" when not advertised.
    fn request_tls(&mut self, conn: &mut Conn) -> Result<(), Fail>;
    /// Learns the capabilities again on the encrypted connection.
    fn after_tls(&mut self, conn: &mut Conn) -> Result<(), Fail>;
    /// Logs in. Only called on an encrypted connection.
    fn login(&mut self, conn: &mut Conn, login: &Credentials<'_>) -> Result<String, Fail>;
    /// Whether the protocol has a Mailbox stage (SMTP has none).
    fn has_mailbox(&self) -> bool;
    /// Opens the mailbox read-only.
    fn open_mailbox(&mut self, conn: &mut Conn) -> Result<String, Fail>;
    /// Says goodbye; errors are ignored (the reply timeout is already short).
    fn logout(&mut self, conn: &mut Conn);
}

/// Runs one probe to its end. Blocking; call it on a background thread. Never panics on server
/// input; every network wait is bounded by `req.timeouts`, and `cancel` stops it at once.
pub fn run_probe(
    req: &ProbeRequest,
    cancel: &CancelToken,
    on_event: &mut dyn FnMut(ProbeEvent),
) -> ProbeResult {
    let mut session = Session {
        cancel,
        on_event,
        stages: Vec::new(),
    };
    let result = drive(req, cancel, &mut session);
    let (outcome, server_message) = match result {
        Ok(()) => (Outcome::Ok, None),
        // A failure while cancelling is the cancel's doing (e.g. the shut-down socket).
        Err(_) if cancel.is_cancelled() => (Outcome::Cancelled, None),
        Err(fail) => (fail.outcome, fail.server_message),
    };
    ProbeResult {
        protocol: req.protocol,
        endpoint: req.endpoint.clone(),
        outcome,
        stages: session.stages,
        server_message,
    }
}

fn drive(req: &ProbeRequest, cancel: &CancelToken, s: &mut Session<'_>) -> Result<(), Fail> {
    let watchdog = Watchdog::start(req.timeouts.total);
    let limits = Limits {
        timeouts: req.timeouts,
        deadline: Instant::now() + req.timeouts.total,
        cancel: cancel.clone(),
        watchdog: watchdog.token.clone(),
    };
    let host = req.endpoint.host.as_str();
    let security = req.endpoint.security;

    let mut conn = s.stage(Stage::Connect, || {
        let (tcp, peer) = transport::connect(host, req.endpoint.port, &limits)?;
        let redactor = Redactor::new(&req.username, req.secret.expose());
        Ok((Conn::new(tcp, limits.clone(), redactor)?, peer.to_string()))
    })?;
    let mut dialect: Box<dyn Dialect> = match req.protocol {
        Protocol::Imap => Box::new(imap::Imap::new()),
        Protocol::Pop3 => Box::new(pop3::Pop3::new()),
        Protocol::Smtp => Box::new(smtp::Smtp::new()),
    };

    if security == Security::Tls {
        s.stage(Stage::Secure, || {
            conn.upgrade_tls(&tls::connector(&req.extra_roots_pem)?, host)?;
            Ok(((), "TLS ok".to_owned()))
        })?;
    }
    s.stage(Stage::Greeting, || Ok(((), dialect.greet(&mut conn)?)))?;
    match security {
        Security::Tls => {}
        Security::Starttls => {
            let mut asked = false;
            let secured = s.stage(Stage::Secure, || {
                dialect.request_tls(&mut conn)?;
                asked = true;
                conn.upgrade_tls(&tls::connector(&req.extra_roots_pem)?, host)?;
                dialect.after_tls(&mut conn)?;
                Ok(((), "STARTTLS ok, TLS ok".to_owned()))
            });
            let refused = matches!(&secured, Err(f) if f.outcome == Outcome::SecureFailed);
            if refused && !asked {
                // STARTTLS not offered or refused: the plain-text session is still in order.
                say_goodbye(dialect.as_mut(), &mut conn);
            }
            secured?;
        }
        Security::None => {
            let refused = s.stage(Stage::Secure, || {
                Err::<((), String), _>(Fail::new(
                    Outcome::NotEncrypted,
                    "not encrypted: code not sent",
                ))
            });
            say_goodbye(dialect.as_mut(), &mut conn);
            return refused;
        }
    }

    let login = Credentials {
        username: &req.username,
        secret: &req.secret,
    };
    let result = login_and_open(s, dialect.as_mut(), &mut conn, &login);
    let polite = match &result {
        Ok(()) => true,
        Err(fail) => matches!(
            fail.outcome,
            Outcome::LoginRefused | Outcome::MailboxRefused
        ),
    };
    if polite {
        say_goodbye(dialect.as_mut(), &mut conn);
    }
    result
}

fn login_and_open(
    s: &mut Session<'_>,
    dialect: &mut dyn Dialect,
    conn: &mut Conn,
    login: &Credentials<'_>,
) -> Result<(), Fail> {
    if !conn.is_encrypted() {
        // Unreachable by construction (Security::None returned above); kept as a second lock.
        return Err(Fail::new(
            Outcome::NotEncrypted,
            "not encrypted: code not sent",
        ));
    }
    s.stage(Stage::Login, || Ok(((), dialect.login(conn, login)?)))?;
    if dialect.has_mailbox() {
        s.stage(Stage::Mailbox, || Ok(((), dialect.open_mailbox(conn)?)))?;
    }
    Ok(())
}

fn say_goodbye(dialect: &mut dyn Dialect, conn: &mut Conn) {
    conn.set_reply_timeout(conn.reply_timeout().min(LOGOUT_TIMEOUT));
    dialect.logout(conn);
}

/// Stage bookkeeping: records and events.
struct Session<'a> {
    cancel: &'a CancelToken,
    on_event: &'a mut dyn FnMut(ProbeEvent),
    stages: Vec<StageRecord>,
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
        let record = StageRecord {
            stage,
            ok,
            millis,
            detail: bounded(detail, DETAIL_MAX_CHARS),
        };
        self.stages.push(record.clone());
        (self.on_event)(ProbeEvent::StageFinished(record));
        result.map(|(value, _)| value)
    }
}

/// Cancels its token when the total deadline passes, which shuts the socket down: the one bound
/// that also holds inside a TLS handshake fed byte by byte.
struct Watchdog {
    token: CancelToken,
    _stop: Option<mpsc::Sender<()>>,
}

impl Watchdog {
    fn start(after: Duration) -> Self {
        let token = CancelToken::new();
        let (stop, stopped) = mpsc::channel::<()>();
        let fire = token.clone();
        let spawned = thread::Builder::new()
            .name("mailwiz-probe-deadline".into())
            .spawn(move || {
                // Dropping the sender (probe over) wakes this with `Disconnected`.
                if stopped.recv_timeout(after) == Err(mpsc::RecvTimeoutError::Timeout) {
                    fire.cancel();
                }
            });
        // Without the thread, per-reply timeouts still bound every wait.
        Self {
            token,
            _stop: spawned.ok().map(|_| stop),
        }
    }
}
