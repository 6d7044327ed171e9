//! TCP connect with a deadline: the addresses a name resolved to are tried in order until one
//! answers, each attempt bounded in time, and the failure says what happened to every attempt.
//!
//! Blocking: callers run [`connect_first`] on a helper thread ([`super::deadline::on_helper`])
//! while their own thread watches cancel and the deadline. How long one attempt may take is the
//! caller's choice ([`AttemptTime`]): the probe gives each address its connect timeout, the HTTPS
//! client an equal share of the time left so one silent address does not use it all up.

use std::io;
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use super::cancel::CancelToken;
use super::deadline::secs;

/// Most attempts described in a [`ConnectError`].
const ATTEMPTS_SHOWN: usize = 4;

/// How long one connect attempt may take (never past the deadline).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AttemptTime {
    /// This long for each address.
    Each(Duration),
    /// The time left divided by the addresses not yet tried.
    ShareOfTimeLeft,
}

/// Why no address answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConnectError {
    /// Some address refused (something answered there: nothing listens on the port).
    pub refused: bool,
    /// Some attempt timed out, or the time ran out before every address was tried.
    pub timed_out: bool,
    /// What happened to each attempt ("192.0.2.1:993 refused"), at most four.
    pub attempts: Vec<String>,
}

/// Connects to the first of `addresses` that answers before `deadline`; a cancel of any of
/// `cancels` stops trying further addresses.
pub(crate) fn connect_first(
    addresses: &[SocketAddr],
    attempt_time: AttemptTime,
    deadline: Instant,
    cancels: &[CancelToken],
) -> Result<(TcpStream, SocketAddr), ConnectError> {
    let mut error = ConnectError {
        refused: false,
        timed_out: false,
        attempts: Vec::new(),
    };
    for (index, address) in addresses.iter().enumerate() {
        let left = deadline.saturating_duration_since(Instant::now());
        let limit = match attempt_time {
            AttemptTime::Each(each) => each.min(left),
            AttemptTime::ShareOfTimeLeft => {
                let untried = u32::try_from(addresses.len() - index).unwrap_or(u32::MAX);
                left / untried.max(1)
            }
        };
        let cancelled = cancels.iter().any(CancelToken::is_cancelled);
        if cancelled || limit.is_zero() {
            error.timed_out |= !cancelled;
            break;
        }
        match TcpStream::connect_timeout(address, limit) {
            Ok(stream) => return Ok((stream, *address)),
            Err(e) => error.attempts.push(match e.kind() {
                io::ErrorKind::ConnectionRefused => {
                    error.refused = true;
                    format!("{address} refused")
                }
                io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => {
                    error.timed_out = true;
                    format!("{address} timed out after {}", secs(limit))
                }
                _ => format!("{address}: {e}"),
            }),
        }
    }
    if error.attempts.is_empty() {
        error
            .attempts
            .push("no address tried within the time limit".into());
    }
    error.attempts.truncate(ATTEMPTS_SHOWN);
    Err(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_port_is_refused_and_no_time_is_a_timeout() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        drop(listener);
        let later = Instant::now() + Duration::from_secs(5);
        let error =
            connect_first(&[address], AttemptTime::ShareOfTimeLeft, later, &[]).unwrap_err();
        assert!(error.refused);
        assert_eq!(error.attempts, vec![format!("{address} refused")]);
        let error = connect_first(
            &[address],
            AttemptTime::Each(Duration::from_secs(1)),
            Instant::now(),
            &[],
        )
        .unwrap_err();
        assert!(error.timed_out && !error.refused);
        assert_eq!(
            error.attempts,
            vec!["no address tried within the time limit"]
        );
    }
}
