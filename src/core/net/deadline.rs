//! Time bounds for network work: one deadline per operation, a watchdog that cancels at it, and
//! helper threads for the steps that cannot be interrupted (name lookup, connect).
//!
//! An operation (a probe, a discovery fetch, a server check) starts a [`Watchdog`] for its
//! deadline and registers its socket with the watchdog's token beside the user's cancel tokens
//! ([`super::cancel`]), so passing the deadline shuts the socket like a cancel does: the one bound
//! that also holds inside a TLS handshake fed byte by byte. [`interrupted`] tells, cancel first,
//! whether the operation must stop now. [`on_helper`] runs a blocking step on a helper thread and
//! waits for it while looking at the caller's stop condition; the helper is left to finish alone
//! when the caller stops waiting.

use std::io;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use super::cancel::CancelToken;

/// How often a thread waiting for a helper looks at cancel and the deadline.
const HELPER_POLL: Duration = Duration::from_millis(20);

/// Why an operation must stop before it is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Interruption {
    /// One of the caller's cancel tokens was cancelled.
    Cancelled,
    /// The deadline passed (or the watchdog fired at it).
    TimeUp,
}

/// Whether the operation must stop now: any of `cancels` first, then `watchdog` or `deadline`.
pub(crate) fn interrupted<'a>(
    cancels: impl IntoIterator<Item = &'a CancelToken>,
    watchdog: &CancelToken,
    deadline: Instant,
) -> Option<Interruption> {
    if cancels.into_iter().any(CancelToken::is_cancelled) {
        Some(Interruption::Cancelled)
    } else if watchdog.is_cancelled() || Instant::now() >= deadline {
        Some(Interruption::TimeUp)
    } else {
        None
    }
}

/// Cancels its token when the deadline passes, unless dropped first.
#[derive(Debug)]
pub(crate) struct Watchdog {
    token: CancelToken,
    /// Dropping this wakes the watchdog thread, which then ends without cancelling.
    _stop: Option<mpsc::Sender<()>>,
}

impl Watchdog {
    /// Starts the watchdog thread (named `name`) for `deadline`.
    pub fn start(name: &str, deadline: Instant) -> Self {
        let token = CancelToken::new();
        let (stop, stopped) = mpsc::channel::<()>();
        let fire = token.clone();
        let spawned = thread::Builder::new().name(name.into()).spawn(move || {
            let wait = deadline.saturating_duration_since(Instant::now());
            // Dropping the sender (operation over) wakes this with `Disconnected`.
            if stopped.recv_timeout(wait) == Err(RecvTimeoutError::Timeout) {
                fire.cancel();
            }
        });
        // Without the thread, the socket timeouts alone still bound every read and write.
        Self {
            token,
            _stop: spawned.ok().map(|_| stop),
        }
    }

    /// The token cancelled at the deadline.
    pub fn token(&self) -> &CancelToken {
        &self.token
    }
}

/// Why a helper thread gave no answer.
#[derive(Debug)]
pub(crate) enum HelperLost {
    /// The thread could not be started.
    NotStarted(io::Error),
    /// The thread ended without sending its result.
    Died,
}

/// Runs `work` on a helper thread named `name` (name lookup and connect cannot be interrupted)
/// and waits for it, returning early with `stop`'s error as soon as it has one; the helper then
/// finishes alone and its result is dropped. `lost` makes the error for a helper that never
/// answers.
pub(crate) fn on_helper<T: Send + 'static, E: Send + 'static>(
    name: &str,
    stop: impl Fn() -> Option<E>,
    work: impl FnOnce() -> Result<T, E> + Send + 'static,
    lost: impl FnOnce(HelperLost) -> E,
) -> Result<T, E> {
    let (tx, rx) = mpsc::sync_channel(1);
    if let Err(e) = thread::Builder::new().name(name.into()).spawn(move || {
        let _ = tx.send(work());
    }) {
        return Err(lost(HelperLost::NotStarted(e)));
    }
    loop {
        match rx.recv_timeout(HELPER_POLL) {
            Ok(result) => return result,
            Err(RecvTimeoutError::Timeout) => {
                if let Some(stopped) = stop() {
                    return Err(stopped);
                }
            }
            Err(RecvTimeoutError::Disconnected) => return Err(lost(HelperLost::Died)),
        }
    }
}

/// Formats a duration for details: "15 s" or "250 ms".
pub(crate) fn secs(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_comes_before_the_deadline() {
        let cancel = CancelToken::new();
        let watchdog = CancelToken::new();
        let later = Instant::now() + Duration::from_secs(60);
        assert_eq!(interrupted([&cancel], &watchdog, later), None);
        watchdog.cancel();
        assert_eq!(
            interrupted([&cancel], &watchdog, later),
            Some(Interruption::TimeUp)
        );
        cancel.cancel();
        assert_eq!(
            interrupted([&cancel], &watchdog, later),
            Some(Interruption::Cancelled)
        );
    }

    #[test]
    fn the_watchdog_fires_at_the_deadline_and_not_after_a_drop() {
        let fired = Watchdog::start("test-deadline", Instant::now() + Duration::from_millis(30));
        let token = fired.token().clone();
        let until = Instant::now() + Duration::from_secs(5);
        while !token.is_cancelled() && Instant::now() < until {
            thread::sleep(Duration::from_millis(5));
        }
        assert!(token.is_cancelled());
        let dropped = Watchdog::start("test-deadline", Instant::now() + Duration::from_millis(30));
        let token = dropped.token().clone();
        drop(dropped);
        thread::sleep(Duration::from_millis(80));
        assert!(!token.is_cancelled());
    }

    #[test]
    fn a_helper_answers_or_is_left_behind() {
        let answered: Result<u8, &str> = on_helper("test-helper", || None, || Ok(7), |_| "lost");
        assert_eq!(answered, Ok(7));
        let stopped: Result<u8, &str> = on_helper(
            "test-helper",
            || Some("stopped"),
            || {
                thread::sleep(Duration::from_secs(2));
                Ok(7)
            },
            |_| "lost",
        );
        assert_eq!(stopped, Err("stopped"));
        assert_eq!(secs(Duration::from_secs(15)), "15 s");
        assert_eq!(secs(Duration::from_millis(250)), "250 ms");
    }
}
