//! Stopping network work from another thread: a probe, a discovery fetch, a guess.
//!
//! Whoever opens a TCP socket registers it with the token (a `try_clone` of it).
//! [`CancelToken::cancel`] sets a flag and shuts every registered socket down, so on Linux and
//! macOS a blocked TLS handshake or read returns at once and the caller reports a cancel; name
//! lookup and connect run on helper threads whose waiter polls the flag
//! ([`super::deadline::on_helper`]). Windows does not wake a `recv` blocked in another thread when
//! the socket is shut down (seen under Wine; Winsock documents only `closesocket` as aborting it),
//! so every probe read goes through [`CancellableSocket`], which waits in slices of at most
//! [`POLL_SLICE`] and looks at the flags between them. One token may be shared by several
//! operations running in parallel (incoming and outgoing test together, racing fetches).

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The longest a read waits before looking at the cancel flags again.
pub(crate) const POLL_SLICE: Duration = Duration::from_millis(100);

/// Cancels the network work it is handed to. Cheap to clone; all clones share one flag.
#[derive(Clone, Default)]
pub struct CancelToken {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    cancelled: AtomicBool,
    next_id: AtomicU64,
    sockets: Mutex<Vec<(u64, TcpStream)>>,
}

impl Inner {
    fn sockets(&self) -> MutexGuard<'_, Vec<(u64, TcpStream)>> {
        // A panic while holding this lock cannot leave the list inconsistent; keep using it.
        self.sockets.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl CancelToken {
    /// A fresh token that is not cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancels: every operation holding this token stops as soon as possible. Idempotent.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::SeqCst);
        for (_, socket) in self.inner.sockets().iter() {
            // The socket may already be closed; nothing more can be done then.
            let _ = socket.shutdown(Shutdown::Both);
        }
    }

    /// Whether [`cancel`](Self::cancel) was called.
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::SeqCst)
    }

    /// Registers a socket to be shut down on cancel, until the returned guard is dropped. A socket
    /// registered after cancelling is shut down at once.
    pub fn register(&self, socket: &TcpStream) -> io::Result<Registration> {
        let clone = socket.try_clone()?;
        let id = self.inner.next_id.fetch_add(1, Ordering::Relaxed);
        let mut sockets = self.inner.sockets();
        // `cancel` sets the flag before taking the lock, so checking it under the lock means
        // either `cancel` sees this socket or this sees the flag.
        if self.is_cancelled() {
            let _ = clone.shutdown(Shutdown::Both);
        }
        sockets.push((id, clone));
        Ok(Registration {
            inner: Arc::clone(&self.inner),
            id,
        })
    }
}

impl fmt::Debug for CancelToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CancelToken")
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

/// Keeps a socket registered with a [`CancelToken`]; dropping it unregisters the socket.
#[must_use = "the socket is unregistered when this is dropped"]
pub struct Registration {
    inner: Arc<Inner>,
    id: u64,
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.inner.sockets().retain(|(id, _)| *id != self.id);
    }
}

impl fmt::Debug for Registration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registration")
            .field("id", &self.id)
            .finish()
    }
}

/// A probe's socket whose reads end soon after any of its tokens is cancelled, on every
/// platform, and otherwise behave like the socket's own: the read timeout set on the socket is
/// the whole wait, cut into slices of at most [`POLL_SLICE`]. Data is returned the moment it
/// arrives; only waiting is sliced. Writes go straight to the socket.
#[derive(Debug)]
pub(crate) struct CancellableSocket {
    /// The socket (its read timeout is the budget of one read).
    pub tcp: TcpStream,
    stops: Vec<CancelToken>,
}

impl CancellableSocket {
    /// Wraps a socket; a cancel of any of `stops` ends a waiting read.
    pub fn new(tcp: TcpStream, stops: Vec<CancelToken>) -> Self {
        Self { tcp, stops }
    }

    fn stopped(&self) -> bool {
        self.stops.iter().any(CancelToken::is_cancelled)
    }

    fn read_sliced(&mut self, buf: &mut [u8], budget: Option<Duration>) -> io::Result<usize> {
        let until = budget.map(|b| Instant::now() + b);
        loop {
            if self.stopped() {
                return Err(io::Error::new(
                    io::ErrorKind::ConnectionAborted,
                    "cancelled",
                ));
            }
            let slice = match until {
                Some(until) => {
                    let left = until.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return Err(io::Error::from(io::ErrorKind::TimedOut));
                    }
                    left.min(POLL_SLICE)
                }
                None => POLL_SLICE,
            };
            self.tcp.set_read_timeout(Some(slice))?;
            match self.tcp.read(buf) {
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
                    ) => {}
                other => return other,
            }
        }
    }
}

impl Read for CancellableSocket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let budget = self.tcp.read_timeout()?;
        let result = self.read_sliced(buf, budget);
        // The caller's timeout stays what it set, for the next read.
        let _ = self.tcp.set_read_timeout(budget);
        result
    }
}

impl Write for CancellableSocket {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tcp.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tcp.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    impl CancellableSocket {
        fn set_read_timeout_for_test(&self, timeout: Option<Duration>) {
            self.tcp.set_read_timeout(timeout).unwrap();
        }
    }

    /// Holds on every platform (Windows too: run under Wine by scripts/windows.sh test), through
    /// the socket every probe reads from.
    #[test]
    fn cancel_unblocks_a_blocked_read() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (_server, _) = listener.accept().unwrap();
        client
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let token = CancelToken::new();
        let _registration = token.register(&client).unwrap();
        let mut client = CancellableSocket::new(client, vec![CancelToken::new(), token.clone()]);
        let canceller = token.clone();
        let started = Instant::now();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            canceller.cancel();
        });
        let mut buf = [0u8; 16];
        let read = client.read(&mut buf);
        assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(token.is_cancelled());
        assert_eq!(
            client.tcp.read_timeout().unwrap(),
            Some(Duration::from_secs(10)),
            "the caller's timeout is kept"
        );
    }

    #[test]
    fn sliced_reads_keep_the_whole_timeout_and_return_data_at_once() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (mut server, _) = listener.accept().unwrap();
        client
            .set_read_timeout(Some(Duration::from_millis(350)))
            .unwrap();
        let mut client = CancellableSocket::new(client, vec![CancelToken::new()]);
        let started = Instant::now();
        let mut buf = [0u8; 16];
        let read = client.read(&mut buf);
        assert_eq!(read.map_err(|e| e.kind()), Err(io::ErrorKind::TimedOut));
        assert!(
            started.elapsed() >= Duration::from_millis(340),
            "waited the whole timeout"
        );
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(250));
            server.write_all(b"* OK").unwrap();
            std::thread::sleep(Duration::from_secs(1));
        });
        client.set_read_timeout_for_test(Some(Duration::from_secs(5)));
        let started = Instant::now();
        assert_eq!(client.read(&mut buf).unwrap(), 4);
        assert_eq!(&buf[..4], b"* OK");
        assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn registering_after_cancel_shuts_down_at_once() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (_server, _) = listener.accept().unwrap();
        client
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let token = CancelToken::default();
        token.cancel();
        let _registration = token.register(&client).unwrap();
        let started = Instant::now();
        let mut buf = [0u8; 16];
        assert!(matches!(client.read(&mut buf), Ok(0) | Err(_)));
        assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn dropping_the_registration_unregisters() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let token = CancelToken::new();
        let registration = token.register(&client).unwrap();
        assert_eq!(token.inner.sockets().len(), 1);
        drop(registration);
        assert!(token.inner.sockets().is_empty());
    }
}
