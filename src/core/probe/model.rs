//! The probe's words: what a probe is asked to do ([`ProbeRequest`], [`ProbeOptions`],
//! [`Timeouts`]), what it reports while it runs ([`ProbeEvent`], [`StageRecord`]) and what it ends
//! with ([`ProbeResult`]: [`Outcome`], [`Failure`], [`TranscriptLine`]s). Plain data with no I/O:
//! every other file of the probe — the driver, the protocol dialects, the transport — builds on
//! these types, and none of them is imported here.

use std::time::Duration;

use crate::core::net::Resolver;
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

    /// Every protocol.
    pub const ALL: [Protocol; 3] = [Protocol::Imap, Protocol::Pop3, Protocol::Smtp];

    /// Message id of the heading over this protocol's test checklist ("Incoming (IMAP) …" or
    /// "Outgoing (SMTP) …"; arguments `protocol`, `host`, `port`).
    pub fn checklist_title_id(self) -> &'static str {
        match self {
            Protocol::Imap | Protocol::Pop3 => "test-incoming",
            Protocol::Smtp => "test-outgoing",
        }
    }
}

/// The stages of a probe. Order on the wire: Dns → Connect → (Secure, implicit TLS) → Greeting →
/// Capabilities → (Secure, STARTTLS) → Login → Mailbox (IMAP, POP3) or TestMessage (SMTP, only
/// when asked for).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Name resolution (detail: the addresses found).
    Dns,
    /// TCP connect to the first address that answers (detail: the peer).
    Connect,
    /// TLS handshake (implicit TLS at once; STARTTLS after the capabilities). Detail: protocol
    /// version, certificate subject and issuer, validity, SHA-256 fingerprint.
    Secure,
    /// The server's greeting.
    Greeting,
    /// What the server offers: IMAP `CAPABILITY` (taken from the greeting when it carries them),
    /// POP3 `CAPA`, SMTP `EHLO`.
    Capabilities,
    /// Authentication with the user name and code.
    Login,
    /// IMAP: ID then EXAMINE INBOX; POP3: STAT. Not run for SMTP.
    Mailbox,
    /// SMTP only, and only when the caller asks for it: one short message from the address to
    /// itself (`MAIL FROM`, `RCPT TO`, `DATA`). Detail: the server's reply to the message.
    TestMessage,
}

impl Stage {
    /// Stable name: "dns", "connect", "secure", "greeting", "capabilities", "login", "mailbox",
    /// "test_message".
    pub fn code(self) -> &'static str {
        match self {
            Stage::Dns => "dns",
            Stage::Connect => "connect",
            Stage::Secure => "secure",
            Stage::Greeting => "greeting",
            Stage::Capabilities => "capabilities",
            Stage::Login => "login",
            Stage::Mailbox => "mailbox",
            Stage::TestMessage => "test_message",
        }
    }

    /// Every stage, in the order they run.
    pub const ALL: [Stage; 8] = [
        Stage::Dns,
        Stage::Connect,
        Stage::Secure,
        Stage::Greeting,
        Stage::Capabilities,
        Stage::Login,
        Stage::Mailbox,
        Stage::TestMessage,
    ];

    /// Message id of the stage's name (the checklist line, the help-desk text).
    pub fn message_id(self) -> &'static str {
        match self {
            Stage::Dns => "stage-dns",
            Stage::Connect => "stage-connect",
            Stage::Secure => "stage-secure",
            Stage::Greeting => "stage-greeting",
            Stage::Capabilities => "stage-capabilities",
            Stage::Login => "stage-login",
            Stage::Mailbox => "stage-mailbox",
            Stage::TestMessage => "stage-test-message",
        }
    }
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
    /// Logged in, but the server refused the test message the caller asked for.
    MessageRefused,
    /// The connection is not encrypted, so the probe did not send the code.
    NotEncrypted,
    /// The server answered something unexpected, closed the connection, or stalled.
    ServerProblem,
    /// The user cancelled.
    Cancelled,
    /// mailwiz's own check stopped without a result (its thread died: a fault in mailwiz).
    CheckDied,
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
    /// The technical cause of a failure (None when the probe succeeded). The diagnosis engine
    /// (`core::diagnosis`) turns it, the server's words and the provider into a plain diagnosis.
    pub failure: Option<Failure>,
    /// What was said on the wire, redacted (the secret and its base64 forms replaced), with
    /// milliseconds since the probe started. Bounded in lines and line length.
    pub transcript: Vec<TranscriptLine>,
}

/// The technical cause of a failed probe, as precise as the probe can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// The host name does not resolve.
    DnsNotFound,
    /// The host answered "connection refused" (nothing listens on that port).
    ConnectRefused,
    /// Connecting timed out (port blocked, firewall, or provider unreachable from this network).
    ConnectTimeout,
    /// Another connect failure (network unreachable, …).
    ConnectOther,
    /// The certificate is not signed by a trusted authority.
    CertificateUntrusted,
    /// The certificate does not name this host.
    CertificateNameMismatch,
    /// The certificate has expired (or is not yet valid).
    CertificateExpired,
    /// We spoke TLS, the server answered in plain text: implicit TLS on a STARTTLS/plain port.
    TlsToPlainPort,
    /// We spoke plain text, the server expected TLS (or said nothing): plain/STARTTLS on an
    /// implicit-TLS port.
    PlainToTlsPort,
    /// Another TLS handshake failure.
    TlsOther,
    /// STARTTLS was chosen but the server does not offer it (never falls back to plain).
    StarttlsNotOffered,
    /// The server refused the STARTTLS command.
    StarttlsRefused,
    /// The connection is not encrypted, so no login was attempted.
    NotEncrypted,
    /// The server refuses a login before encryption: it said so to a login ("secure
    /// connection required"), or, with no encryption chosen, its capabilities say so
    /// (`LOGINDISABLED`, no `AUTH` before `STARTTLS`), and the code was not sent.
    PlaintextRefused,
    /// The server refused the user name / code.
    AuthRejected,
    /// The server offers no password login mechanism this probe can use.
    NoPasswordMechanism,
    /// Logged in, but the inbox could not be opened.
    MailboxRejected,
    /// Logged in, but the server refused the test message (its sender, its recipient or the
    /// message itself) with a permanent (5xx) reply.
    MessageRejected,
    /// The server said it is busy or failing (4xx, BYE, [SYS/TEMP], [IN-USE]).
    ServerBusy,
    /// A reply did not come in time.
    Timeout,
    /// The server sent something that is not the protocol, or closed the connection.
    ProtocolViolation,
    /// The user cancelled.
    Cancelled,
    /// The check stopped without a result of its own (a fault in mailwiz, not the server).
    CheckDied,
}

impl Failure {
    /// The coarse [`Outcome`] class a failure belongs to. A probe reports this outcome for the
    /// failure, except a TLS handshake that timed out, which stays `SecureFailed`, and a
    /// `PlaintextRefused` read from the capabilities with no encryption chosen, which stays
    /// `NotEncrypted` (no login was tried).
    pub fn outcome(self) -> Outcome {
        match self {
            Failure::DnsNotFound
            | Failure::ConnectRefused
            | Failure::ConnectTimeout
            | Failure::ConnectOther => Outcome::CannotReach,
            Failure::CertificateUntrusted
            | Failure::CertificateNameMismatch
            | Failure::CertificateExpired
            | Failure::TlsToPlainPort
            | Failure::TlsOther
            | Failure::StarttlsNotOffered
            | Failure::StarttlsRefused => Outcome::SecureFailed,
            Failure::NotEncrypted => Outcome::NotEncrypted,
            Failure::PlaintextRefused | Failure::AuthRejected | Failure::NoPasswordMechanism => {
                Outcome::LoginRefused
            }
            Failure::MailboxRejected => Outcome::MailboxRefused,
            Failure::MessageRejected => Outcome::MessageRefused,
            // Plain text to a TLS port shows up as a greeting that never comes (or is binary):
            // the server did not behave as a server of this protocol would.
            Failure::PlainToTlsPort
            | Failure::ServerBusy
            | Failure::Timeout
            | Failure::ProtocolViolation => Outcome::ServerProblem,
            Failure::Cancelled => Outcome::Cancelled,
            Failure::CheckDied => Outcome::CheckDied,
        }
    }
}

/// One line of the redacted transcript.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TranscriptLine {
    /// Milliseconds since the probe started.
    pub millis: u64,
    /// Who spoke.
    pub direction: Direction,
    /// What was said (redacted, bounded, without the line ending). TLS handshakes appear as
    /// `Note` lines.
    pub text: String,
}

/// Who said a transcript line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// mailwiz to the server.
    Sent,
    /// The server to mailwiz.
    Received,
    /// A note from mailwiz (connect, TLS established, certificate facts, timeouts).
    Note,
}

/// Timeouts for one probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Name lookup, and TCP connect to each resolved address.
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

/// Optional parts of a probe; the default is the plain login test and nothing more.
#[derive(Debug, Clone, Default)]
pub struct ProbeOptions {
    /// SMTP only: after a successful login, send this one message from its address to itself, as
    /// the stage [`Stage::TestMessage`]. `None` (the default): nothing is sent; a test message
    /// goes out only when the user asked for one.
    pub test_message: Option<TestMessage>,
    /// Where the server's name is looked up: the system's resolver (the default), one DNS server
    /// only (`--dns HOST:PORT`, `MAILWIZ_DNS`; tests point it at a server on loopback so no query
    /// leaves the machine), or a test's function.
    pub resolver: Resolver,
}

/// The one short message an SMTP probe may send, from `address` to the same address. Its words
/// come from the caller (the UI or the command line, in the user's language); the probe only
/// encodes them (UTF-8, base64 body, RFC 2047 subject).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestMessage {
    /// The sender and the only recipient: the user's own address (ASCII domain; a non-ASCII
    /// local part needs a server that offers SMTPUTF8).
    pub address: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub body: String,
}
