//! Test connections: a real login to an IMAP, POP3 or SMTP-submission server.
//!
//! A probe runs on a background thread, blocking, with explicit timeouts on every network step.
//! It walks the stages in order — connect, secure connection, greeting, login, mailbox — reports
//! each stage's start and end through a callback (the UI's live checklist), and ends with a
//! [`ProbeResult`] whose [`Outcome`] is a plain classification the UI turns into words.
//!
//! Rules every protocol module keeps:
//! - TLS certificates are always verified (system roots plus any extra roots the caller adds).
//! - The secret is never sent before the connection is encrypted: with `Security::None` the probe
//!   stops before login and reports [`Outcome::NotEncrypted`]; with STARTTLS, a server that does
//!   not offer STARTTLS ends the probe — it never falls back to plain text.
//! - Server replies kept in the result are redacted of the secret and bounded in size.
//! - Cancelling ([`CancelToken::cancel`]) shuts the socket down, so a blocked read returns at once.

use std::time::Duration;

use crate::core::provider::model::Endpoint;
use crate::core::secret::Secret;

/// Which protocol a probe speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// IMAP4rev1 (incoming).
    Imap,
    /// POP3 (incoming).
    Pop3,
    /// SMTP submission (outgoing).
    Smtp,
}

impl Protocol {
    /// Stable code: "imap", "pop3", "smtp".
    pub fn code(self) -> &'static str {
        match self {
            Protocol::Imap => "imap",
            Protocol::Pop3 => "pop3",
            Protocol::Smtp => "smtp",
        }
    }
}

/// The stages of a probe, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// DNS lookup and TCP connect.
    Connect,
    /// TLS handshake (implicit TLS at once; STARTTLS after the greeting/capabilities).
    Secure,
    /// The server's greeting (and capabilities).
    Greeting,
    /// Authentication with the user name and code.
    Login,
    /// IMAP: ID then EXAMINE INBOX; POP3: STAT. Not run for SMTP.
    Mailbox,
}

/// Plain classification of how a probe ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Logged in (and, for IMAP/POP3, the inbox opened).
    Ok,
    /// Name not found, connection refused or timed out.
    CannotReach,
    /// TLS handshake or certificate check failed, or STARTTLS not offered.
    SecureFailed,
    /// The server refused the user name / code.
    LoginRefused,
    /// Logged in, but the server refused to open the inbox (e.g. NetEase "Unsafe Login").
    MailboxRefused,
    /// The connection is not encrypted, so the probe did not send the code.
    NotEncrypted,
    /// The server answered something unexpected, closed the connection, or stalled.
    ServerProblem,
    /// The user cancelled.
    Cancelled,
}

/// What one stage did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StageRecord {
    /// Which stage.
    pub stage: Stage,
    /// Whether it succeeded.
    pub ok: bool,
    /// How long it took.
    pub millis: u64,
    /// Short technical detail (e.g. "TLSv1.3", "993 refused"), never containing the secret.
    pub detail: String,
}

/// Progress reported while a probe runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeEvent {
    /// A stage began.
    StageStarted(Stage),
    /// A stage ended.
    StageFinished(StageRecord),
}

/// The result of one probe.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProbeResult {
    /// The protocol spoken.
    pub protocol: Protocol,
    /// The server tried.
    pub endpoint: Endpoint,
    /// The plain classification.
    pub outcome: Outcome,
    /// Every stage that ran, in order.
    pub stages: Vec<StageRecord>,
    /// The server's own words on failure (last relevant reply line, redacted, ≤ 512 chars).
    pub server_message: Option<String>,
}

/// Timeouts for one probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// TCP connect (per resolved address).
    pub connect: Duration,
    /// Each server reply.
    pub reply: Duration,
    /// The whole probe.
    pub total: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            reply: Duration::from_secs(15),
            total: Duration::from_secs(45),
        }
    }
}

/// Everything a probe needs.
#[derive(Debug, Clone)]
pub struct ProbeRequest {
    /// Which protocol to speak.
    pub protocol: Protocol,
    /// Where to connect and how to secure it.
    pub endpoint: Endpoint,
    /// Login name.
    pub username: String,
    /// The authorization code / password.
    pub secret: Secret,
    /// Extra trusted root certificates (PEM), added to the system roots. Never disables checks.
    pub extra_roots_pem: Vec<Vec<u8>>,
    /// Timeouts.
    pub timeouts: Timeouts,
}

pub use self::cancel::{CancelToken, Registration};
pub use self::run::run_probe;

mod cancel;
mod imap;
mod pop3;
mod run;
mod smtp;
mod text;
mod tls;
mod transport;
