//! How a probe step fails: [`Fail`] carries the precise [`Failure`], its coarse [`Outcome`], a
//! short technical detail and the server's own words, from the step that saw the failure (the
//! transport, the TLS handshake, a protocol dialect) up to the driver, which ends the probe with
//! it. [`refusal`] reads the cause of a refused login or command from the server's words.

use super::model::{Failure, Outcome};

/// Why a probe stopped: the precise cause and its coarse class, a short technical detail for the
/// stage record (never the secret), and the server's own words when it said something (already
/// redacted).
#[derive(Debug)]
pub(super) struct Fail {
    pub outcome: Outcome,
    pub failure: Failure,
    pub detail: String,
    pub server_message: Option<String>,
}

impl Fail {
    /// A failure without server text; its outcome is the failure's class.
    pub fn new(failure: Failure, detail: impl Into<String>) -> Self {
        Self {
            outcome: failure.outcome(),
            failure,
            detail: detail.into(),
            server_message: None,
        }
    }

    /// A failure with the server's (cleaned) words.
    pub fn with_message(failure: Failure, detail: impl Into<String>, message: String) -> Self {
        Self {
            server_message: Some(message),
            ..Self::new(failure, detail)
        }
    }

    /// The user cancelled.
    pub fn cancelled() -> Self {
        Self::new(Failure::Cancelled, "cancelled")
    }

    /// Adds server words if there are none yet (e.g. an IMAP `* BYE` seen before the close).
    pub fn or_message(mut self, message: Option<String>) -> Self {
        if self.server_message.is_none() {
            self.server_message = message;
        }
        self
    }

    /// The same cause, classified anew (keeps the detail and the server's words).
    pub fn becomes(mut self, failure: Failure) -> Self {
        self.failure = failure;
        self.outcome = failure.outcome();
        self
    }

    /// With no encryption chosen, the server's own capabilities say it refuses a login without
    /// encryption: `PlaintextRefused`, but the outcome stays `NotEncrypted` — no login was tried,
    /// and the code was not sent.
    pub fn plaintext_refused_unsent(reason: &str, message: String) -> Self {
        Self {
            outcome: Outcome::NotEncrypted,
            ..Self::with_message(
                Failure::PlaintextRefused,
                format!(
                    "not encrypted, and the server refuses a login without encryption \
                     ({reason}): code not sent"
                ),
                message,
            )
        }
    }

    /// A timeout inside a TLS handshake: the secure connection is what failed.
    pub fn in_handshake(mut self) -> Self {
        if self.failure == Failure::Timeout {
            self.outcome = Outcome::SecureFailed;
        }
        self
    }
}

/// What a refusal of a login or command says about its cause, from the server's words: a
/// refusal because the connection is not encrypted, a server that is busy or failing (RFC 5530
/// and RFC 3206 response codes, never plain words: QQ's generic failure says "system is busy"
/// even for a wrong code), else a refused login.
pub(super) fn refusal(text: &str) -> Failure {
    let upper = text.to_ascii_uppercase();
    let any = |phrases: &[&str]| phrases.iter().any(|p| upper.contains(p));
    if any(&[
        "[PRIVACYREQUIRED]",
        "PLAINTEXT AUTHENTICATION",
        "SECURE CONNECTION",
        "REQUIERED(SUCH AS SSL)",
        "NON-SECURE",
        "WITHOUT SSL",
        "SSL/TLS REQUIRED",
        "TLS REQUIRED",
        "STARTTLS IS REQUIRED",
        "MUST ISSUE A STARTTLS",
        "ENCRYPTION REQUIRED",
    ]) {
        Failure::PlaintextRefused
    } else if any(&[
        "[UNAVAILABLE]",
        "[INUSE]",
        "[IN-USE]",
        "[SERVERBUG]",
        "[LIMIT]",
        "[SYS/",
    ]) {
        Failure::ServerBusy
    } else {
        Failure::AuthRejected
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_classified_by_codes_not_loose_words() {
        let cases = [
            (
                "NO [AUTHENTICATIONFAILED] Authentication failed.",
                Failure::AuthRejected,
            ),
            // QQ's generic failure mentions "system is busy" and "frequency limited": still a
            // refused login.
            (
                "NO Login fail. Account is abnormal, service is not open, password is incorrect, \
                 login frequency limited, or system is busy.",
                Failure::AuthRejected,
            ),
            (
                "NO [LIMIT] Too many login attempts, try again later",
                Failure::ServerBusy,
            ),
            (
                "NO [UNAVAILABLE] Temporary authentication failure",
                Failure::ServerBusy,
            ),
            ("NO [INUSE] Mailbox in use", Failure::ServerBusy),
            ("-ERR [IN-USE] Mailbox locked", Failure::ServerBusy),
            ("-ERR [SYS/TEMP] try later", Failure::ServerBusy),
            (
                "NO [PRIVACYREQUIRED] Connection is not secure",
                Failure::PlaintextRefused,
            ),
            (
                "-ERR Login fail. A secure connection is requiered(such as ssl).",
                Failure::PlaintextRefused,
            ),
            (
                "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.",
                Failure::PlaintextRefused,
            ),
            (
                "530 5.7.0 Must issue a STARTTLS command first",
                Failure::PlaintextRefused,
            ),
            (
                "NO Basic authentication is disabled.",
                Failure::AuthRejected,
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(refusal(text), expected, "{text}");
        }
    }

    #[test]
    fn every_failure_has_a_consistent_outcome() {
        let fail = Fail::new(Failure::AuthRejected, "x");
        assert_eq!(fail.outcome, Outcome::LoginRefused);
        let fail = Fail::new(Failure::Timeout, "x");
        assert_eq!(fail.outcome, Outcome::ServerProblem);
        assert_eq!(fail.in_handshake().outcome, Outcome::SecureFailed);
        let fail = Fail::new(Failure::AuthRejected, "x").in_handshake();
        assert_eq!(fail.outcome, Outcome::LoginRefused);
        // Refused by the capabilities before any login: nothing was refused, nothing sent.
        let fail = Fail::plaintext_refused_unsent("LOGINDISABLED", "CAPABILITY x".into());
        assert_eq!(
            (fail.failure, fail.outcome),
            (Failure::PlaintextRefused, Outcome::NotEncrypted)
        );
        assert_eq!(
            fail.detail,
            "not encrypted, and the server refuses a login without encryption (LOGINDISABLED): \
             code not sent"
        );
        let fail =
            Fail::with_message(Failure::ServerBusy, "d", "m".into()).becomes(Failure::AuthRejected);
        assert_eq!(
            (
                fail.outcome,
                fail.detail.as_str(),
                fail.server_message.as_deref()
            ),
            (Outcome::LoginRefused, "d", Some("m"))
        );
    }
}
