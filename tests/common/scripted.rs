//! Scripted peers, only for what no real server does: silence, endless lines, early close,
//! garbage, hidden STARTTLS, and replays of real providers' quirks (NetEase's "Unsafe Login").
//!
//! [`serve`] accepts connections on 127.0.0.2 ([`serve_on`]: on another local address, such as
//! 127.0.0.1 where Proton Mail Bridge listens) and runs the script for each one on its own
//! thread, in plain text or wrapped in TLS. Scripts talk through [`Peer`], which reads lines and records
//! everything the client sent.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use super::dovecot::HOST;

/// Anything a script can talk through.
pub trait Io: Read + Write + Send {}
impl<T: Read + Write + Send> Io for T {}

/// The client as a script sees it.
pub struct Peer {
    reader: BufReader<Box<dyn Io>>,
    received: Arc<Mutex<Vec<u8>>>,
}

impl Peer {
    /// Sends raw text (include the CRLF). Errors (client gone) are ignored.
    pub fn send(&mut self, text: &str) {
        let _ = self.reader.get_mut().write_all(text.as_bytes());
        let _ = self.reader.get_mut().flush();
    }

    /// Sends raw bytes; false when the client is gone.
    pub fn send_bytes(&mut self, bytes: &[u8]) -> bool {
        self.reader.get_mut().write_all(bytes).is_ok()
    }

    /// The next line from the client without its line end; `None` when it closed.
    pub fn line(&mut self) -> Option<String> {
        let mut line = Vec::new();
        match self.reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => {
                self.received
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .extend_from_slice(&line);
                let text = String::from_utf8_lossy(&line);
                Some(text.trim_end_matches(['\r', '\n']).to_owned())
            }
        }
    }

    /// Exactly `count` bytes from the client (an IMAP literal); `None` when it closed first.
    pub fn read_exact(&mut self, count: usize) -> Option<Vec<u8>> {
        let mut bytes = vec![0u8; count];
        self.reader.read_exact(&mut bytes).ok()?;
        self.received
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(&bytes);
        Some(bytes)
    }

    /// Reads until the client closes (or 30 s pass), answering nothing.
    pub fn wait_for_close(&mut self) {
        while self.line().is_some() {}
    }
}

/// A running scripted server; stops accepting on drop.
pub struct Scripted {
    pub port: u16,
    host: &'static str,
    received: Arc<Mutex<Vec<u8>>>,
    stop: Arc<AtomicBool>,
}

impl Scripted {
    /// Every line any client sent so far.
    pub fn received(&self) -> Vec<u8> {
        self.received
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

impl Drop for Scripted {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect((self.host, self.port));
    }
}

/// Serves `script` to every client, in TLS when `tls` is given.
pub fn serve(
    tls: Option<native_tls::TlsAcceptor>,
    script: impl Fn(&mut Peer) + Send + Sync + 'static,
) -> Scripted {
    serve_on(HOST, tls, script)
}

/// [`serve`] on another local address.
pub fn serve_on(
    host: &'static str,
    tls: Option<native_tls::TlsAcceptor>,
    script: impl Fn(&mut Peer) + Send + Sync + 'static,
) -> Scripted {
    let listener = TcpListener::bind((host, 0)).expect("bind scripted server");
    let port = listener.local_addr().expect("scripted addr").port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let script = Arc::new(script);
    let tls = tls.map(Arc::new);
    let (stop_flag, sink) = (Arc::clone(&stop), Arc::clone(&received));
    thread::spawn(move || {
        for stream in listener.incoming() {
            if stop_flag.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
            // Like real servers: without this, a reply written right after the TLS session
            // ticket waits ~40 ms for the client's delayed ACK.
            let _ = stream.set_nodelay(true);
            let (script, tls, sink) = (Arc::clone(&script), tls.clone(), Arc::clone(&sink));
            thread::spawn(move || {
                let io: Box<dyn Io> = match tls {
                    Some(acceptor) => match acceptor.accept(stream) {
                        Ok(tls_stream) => Box::new(tls_stream),
                        Err(_) => return,
                    },
                    None => Box::new(stream),
                };
                let mut peer = Peer {
                    reader: BufReader::new(io),
                    received: sink,
                };
                script(&mut peer);
            });
        }
    });
    Scripted {
        port,
        host,
        received,
        stop,
    }
}

/// A server that accepts and never says anything.
pub fn silent() -> Scripted {
    serve(None, |peer| peer.wait_for_close())
}

/// A server that sends one endless line (no line end) until the client goes away.
pub fn endless_line() -> Scripted {
    serve(None, |peer| {
        let chunk = vec![b'x'; 64 * 1024];
        // Bounded so a broken client cannot keep this thread alive forever (~1 GiB).
        for _ in 0..16 * 1024 {
            if !peer.send_bytes(&chunk) {
                return;
            }
        }
    })
}

/// A server that sends `greeting` and then closes the connection.
pub fn greets_and_closes(greeting: &'static str) -> Scripted {
    serve(None, move |peer| peer.send(greeting))
}
