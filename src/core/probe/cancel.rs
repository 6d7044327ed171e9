//! Stopping a running probe from another thread.
//!
//! A probe registers its TCP socket with the token (a `try_clone` of it). [`CancelToken::cancel`]
//! sets a flag and shuts every registered socket down, so a blocked TLS handshake or read returns
//! at once and the probe reports `Outcome::Cancelled`; the connect step polls the flag. One token
//! may be shared by several probes running in parallel (incoming and outgoing test together).

use std::fmt;
use std::io;
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Cancels the probes it is handed to. Cheap to clone; all clones share one flag.
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

    /// Cancels: every probe holding this token stops as soon as possible. Idempotent.
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::TcpListener;
    use std::time::{Duration, Instant};

    #[test]
    fn cancel_unblocks_a_blocked_read() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (_server, _) = listener.accept().unwrap();
        client
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let token = CancelToken::new();
        let _registration = token.register(&client).unwrap();
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
