//! Test connections: a real login to an IMAP, POP3 or SMTP-submission server.
//!
//! A probe runs on a background thread, blocking, with explicit timeouts on every network step.
//! It walks the stages in order — name lookup, connect, secure connection (implicit TLS),
//! greeting, capabilities, secure connection (STARTTLS), login, mailbox, and for SMTP, only when
//! the caller asks for it ([`ProbeOptions::test_message`]), one test message to the user's own
//! address — reports each stage's
//! start and end through a callback (the UI's live checklist), and ends with a [`ProbeResult`]:
//! a coarse [`Outcome`], the precise [`Failure`] cause, the server's own words and a redacted,
//! timed [transcript](TranscriptLine) of what was said on the wire.
//!
//! Rules every protocol module keeps:
//! - TLS certificates are always verified (system roots plus any extra roots the caller adds).
//! - The secret is never sent before the connection is encrypted: with `Security::None` the probe
//!   stops before login and reports [`Outcome::NotEncrypted`] — as [`Failure::PlaintextRefused`]
//!   when the server's capabilities say it would refuse a login anyway, else
//!   [`Failure::NotEncrypted`]; with STARTTLS, a server that does
//!   not offer STARTTLS ends the probe — it never falls back to plain text.
//! - Server replies kept in the result, and every transcript line, are redacted of the secret
//!   (raw, base64, SASL PLAIN, IMAP-quoted) and bounded in size; lines that carry credentials are
//!   written to the transcript as `[redacted]` and never passed through it in clear.
//! - Cancelling ([`CancelToken::cancel`]) shuts the socket down, so a blocked read returns at once.
//! - Few round trips: capabilities from the greeting when present, SASL initial responses,
//!   pipelined commands where the protocol allows it, and no waiting for the goodbye.

pub use self::guard::{died, run_probe_guarded};
pub use self::model::{
    Direction, Failure, Outcome, ProbeEvent, ProbeOptions, ProbeRequest, ProbeResult, Protocol,
    Stage, StageRecord, TestMessage, Timeouts, TranscriptLine,
};
pub use self::run::{check_server_reason, run_probe, run_probe_with};
pub use crate::core::net::{CancelToken, Registration, Resolver, prepare_tls};

mod cert;
mod dialect;
mod fail;
mod guard;
mod handshake;
mod imap;
mod model;
mod pop3;
#[cfg(test)]
mod props;
mod run;
mod smtp;
mod text;
mod transcript;
mod transport;
