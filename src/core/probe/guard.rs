//! The one way front ends run a probe: on the caller's thread, with its time limits bounded, and
//! with a probe that dies (a panic: a bug in mailwiz) turned into a failed result of its own —
//! [`Failure::CheckDied`] — so no front end can lose a check and call the rest "all passed".

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use super::model::{
    Direction, Failure, Outcome, ProbeEvent, ProbeOptions, ProbeRequest, ProbeResult, Protocol,
    Timeouts, TranscriptLine,
};
use super::run::run_probe_with;
use crate::core::net::CancelToken;
use crate::core::provider::model::Endpoint;

/// The longest any one probe may take, whatever the caller asked for.
pub const MAX_TOTAL: Duration = Duration::from_secs(600);

impl Timeouts {
    /// These timeouts with every limit between 1 ms and [`MAX_TOTAL`], and the per-step limits no
    /// longer than the whole: a huge value once overflowed `Instant + Duration` in the probe.
    pub fn bounded(self) -> Self {
        let clamp = |d: Duration| d.clamp(Duration::from_millis(1), MAX_TOTAL);
        let total = clamp(self.total);
        Self {
            connect: clamp(self.connect).min(total),
            reply: clamp(self.reply).min(total),
            total,
        }
    }
}

/// Runs one probe like [`run_probe_with`], with bounded timeouts; a probe
/// that panics ends as [`died`]'s failed result instead of taking the thread with it.
pub fn run_probe_guarded(
    req: &ProbeRequest,
    options: &ProbeOptions,
    cancel: &CancelToken,
    on_event: &mut dyn FnMut(ProbeEvent),
) -> ProbeResult {
    guarded(req.protocol, &req.endpoint, || {
        let mut req = req.clone();
        req.timeouts = req.timeouts.bounded();
        run_probe_with(&req, options, cancel, on_event)
    })
}

/// `check()`, or the failed result of a check that died when it panics.
pub fn guarded(
    protocol: Protocol,
    endpoint: &Endpoint,
    check: impl FnOnce() -> ProbeResult,
) -> ProbeResult {
    catch_unwind(AssertUnwindSafe(check)).unwrap_or_else(|_| died(protocol, endpoint))
}

/// The failed result of a check that stopped without a result of its own (its thread panicked
/// or vanished): never a missing row, never a pass.
pub fn died(protocol: Protocol, endpoint: &Endpoint) -> ProbeResult {
    ProbeResult {
        protocol,
        endpoint: endpoint.clone(),
        outcome: Outcome::CheckDied,
        stages: Vec::new(),
        server_message: None,
        failure: Some(Failure::CheckDied),
        transcript: vec![TranscriptLine {
            millis: 0,
            direction: Direction::Note,
            text: "result: the check stopped without a result (a fault in mailwiz)".into(),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::provider::model::Security;

    fn endpoint() -> Endpoint {
        Endpoint {
            host: "imap.example.test".into(),
            port: 993,
            security: Security::Tls,
        }
    }

    #[test]
    fn a_check_that_panics_is_a_failed_result() {
        let result = guarded(Protocol::Imap, &endpoint(), || panic!("a bug"));
        assert_eq!(result.outcome, Outcome::CheckDied);
        assert_eq!(result.failure, Some(Failure::CheckDied));
        assert_eq!(result.protocol, Protocol::Imap);
        assert_eq!(result.endpoint, endpoint());
    }

    #[test]
    fn timeouts_are_bounded() {
        let huge = Timeouts {
            connect: Duration::MAX,
            reply: Duration::from_secs(u64::MAX),
            total: Duration::MAX,
        }
        .bounded();
        assert_eq!(huge.total, MAX_TOTAL);
        assert_eq!(huge.connect, MAX_TOTAL);
        let tiny = Timeouts {
            connect: Duration::from_secs(10),
            reply: Duration::ZERO,
            total: Duration::from_secs(2),
        }
        .bounded();
        assert_eq!(tiny.connect, Duration::from_secs(2));
        assert_eq!(tiny.reply, Duration::from_millis(1));
        assert_eq!(Timeouts::default().bounded(), Timeouts::default());
    }
}
