//! The byte pipe under every protocol: DNS and TCP connect, the TLS upgrade, and bounded line I/O.
//!
//! [`connect`] resolves the host and tries each address in turn (each attempt bounded by the
//! connect timeout) on a helper thread, while the probe thread watches for cancel and the total
//! deadline. The resulting [`Conn`] reads lines of at most [`MAX_LINE_BYTES`]; every read waits at
//! most until the current reply's deadline (reply timeout after the last command, never past the
//! total deadline). Sockets are registered with the user's cancel token and the deadline watchdog,
//! so either one unblocks a read or a handshake at once.
//!
//! Text that may carry the secret goes out only through [`Conn::send_secret`], which refuses to
//! write on a connection that is not encrypted.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use native_tls::{HandshakeError, TlsConnector, TlsStream};

use super::cancel::{CancelToken, Registration};
use super::run::Fail;
use super::text::Redactor;
use super::{Outcome, Timeouts};

/// Longest line accepted from a server, CRLF included.
pub(super) const MAX_LINE_BYTES: usize = 8 * 1024;
/// Most lines accepted in one reply.
pub(super) const MAX_REPLY_LINES: usize = 256;

const READ_CHUNK_BYTES: usize = 4096;
const CONNECT_POLL: Duration = Duration::from_millis(20);

/// What bounds a probe in time: its timeouts, its deadline, the user's cancel token and the
/// watchdog's token (cancelled when the deadline passes).
#[derive(Clone, Debug)]
pub(super) struct Limits {
    /// The caller's timeouts.
    pub timeouts: Timeouts,
    /// When the whole probe must be over.
    pub deadline: Instant,
    /// The user's cancel token.
    pub cancel: CancelToken,
    /// Cancelled by the watchdog when the deadline passes.
    pub watchdog: CancelToken,
}

impl Limits {
    /// The failure to report when an operation was cut short from outside: the user's cancel
    /// first, then the total deadline. `None` when neither happened.
    pub fn interrupted(&self) -> Option<Fail> {
        if self.cancel.is_cancelled() {
            Some(Fail::cancelled())
        } else if self.watchdog.is_cancelled() || Instant::now() >= self.deadline {
            Some(Fail::new(
                Outcome::ServerProblem,
                format!("time limit of {} reached", secs(self.timeouts.total)),
            ))
        } else {
            None
        }
    }
}

/// Formats a duration for details: "15 s" or "250 ms".
pub(super) fn secs(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// Resolves `host` and connects to the first address that answers.
pub(super) fn connect(
    host: &str,
    port: u16,
    limits: &Limits,
) -> Result<(TcpStream, SocketAddr), Fail> {
    let (tx, rx) = mpsc::sync_channel(1);
    let target = (host.to_owned(), port);
    let per_address = limits.timeouts.connect;
    let deadline = limits.deadline;
    let cancel = limits.cancel.clone();
    // Name lookup has no timeout of its own, and connect cannot be interrupted, so both run on a
    // helper thread; the probe thread stops waiting on cancel or deadline and lets it finish.
    thread::Builder::new()
        .name("mailwiz-connect".into())
        .spawn(move || {
            let result = resolve_and_connect(&target.0, target.1, per_address, deadline, &cancel);
            let _ = tx.send(result);
        })
        .map_err(|e| {
            Fail::new(
                Outcome::CannotReach,
                format!("cannot start connecting: {e}"),
            )
        })?;
    loop {
        match rx.recv_timeout(CONNECT_POLL) {
            Ok(result) => return result.map_err(|detail| Fail::new(Outcome::CannotReach, detail)),
            Err(RecvTimeoutError::Timeout) => {
                if limits.cancel.is_cancelled() {
                    return Err(Fail::cancelled());
                }
                if limits.watchdog.is_cancelled() || Instant::now() >= deadline {
                    return Err(Fail::new(
                        Outcome::CannotReach,
                        format!(
                            "no connection within the time limit of {}",
                            secs(limits.timeouts.total)
                        ),
                    ));
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(Fail::new(Outcome::CannotReach, "connecting failed"));
            }
        }
    }
}

fn resolve_and_connect(
    host: &str,
    port: u16,
    per_address: Duration,
    deadline: Instant,
    cancel: &CancelToken,
) -> Result<(TcpStream, SocketAddr), String> {
    let addresses: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|e| format!("DNS lookup of {host} failed: {e}"))?
        .collect();
    if addresses.is_empty() {
        return Err(format!("DNS lookup of {host} found no address"));
    }
    let mut errors = Vec::new();
    for address in addresses {
        let limit = per_address.min(deadline.saturating_duration_since(Instant::now()));
        if cancel.is_cancelled() || limit.is_zero() {
            break;
        }
        match TcpStream::connect_timeout(&address, limit) {
            Ok(stream) => return Ok((stream, address)),
            Err(e) => errors.push(match e.kind() {
                io::ErrorKind::ConnectionRefused => format!("{address} refused"),
                io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => {
                    format!("{address} timed out after {}", secs(limit))
                }
                _ => format!("{address}: {e}"),
            }),
        }
    }
    if errors.is_empty() {
        errors.push("no address tried within the time limit".into());
    }
    errors.truncate(4);
    Err(errors.join("; "))
}

enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
    /// Only while the TLS handshake owns the socket, or after it failed.
    Closed,
}

impl Stream {
    fn tcp(&self) -> Option<&TcpStream> {
        match self {
            Stream::Plain(tcp) => Some(tcp),
            Stream::Tls(tls) => Some(tls.get_ref()),
            Stream::Closed => None,
        }
    }
}

fn closed() -> io::Error {
    io::Error::new(io::ErrorKind::NotConnected, "connection closed")
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(tcp) => tcp.read(buf),
            Stream::Tls(tls) => tls.read(buf),
            Stream::Closed => Err(closed()),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(tcp) => tcp.write(buf),
            Stream::Tls(tls) => tls.write(buf),
            Stream::Closed => Err(closed()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::Plain(tcp) => tcp.flush(),
            Stream::Tls(tls) => tls.flush(),
            Stream::Closed => Err(closed()),
        }
    }
}

/// One connection to a server: bounded line reads with timeouts, plain writes, TLS upgrade.
pub(super) struct Conn {
    stream: Stream,
    /// Bytes received but not yet consumed; never more than a line plus one read chunk.
    buf: Vec<u8>,
    limits: Limits,
    reply_timeout: Duration,
    reply_deadline: Instant,
    local: Option<SocketAddr>,
    redactor: Redactor,
    _registrations: [Registration; 2],
}

impl Conn {
    /// Wraps a connected socket; the first reply (the greeting) is due within the reply timeout.
    pub fn new(tcp: TcpStream, limits: Limits, redactor: Redactor) -> Result<Self, Fail> {
        let register = |token: &CancelToken| {
            token
                .register(&tcp)
                .map_err(|e| Fail::new(Outcome::CannotReach, format!("socket setup failed: {e}")))
        };
        let registrations = [register(&limits.cancel)?, register(&limits.watchdog)?];
        // Commands are single short lines; sending them at once saves a round trip of delay.
        let _ = tcp.set_nodelay(true);
        let reply_timeout = limits.timeouts.reply;
        Ok(Self {
            local: tcp.local_addr().ok(),
            stream: Stream::Plain(tcp),
            buf: Vec::new(),
            reply_deadline: Instant::now() + reply_timeout,
            reply_timeout,
            limits,
            redactor,
            _registrations: registrations,
        })
    }

    /// Our side of the connection (for SMTP's EHLO).
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.local
    }

    /// Whether TLS is up.
    pub fn is_encrypted(&self) -> bool {
        matches!(self.stream, Stream::Tls(_))
    }

    /// Server text fit to keep: redacted and bounded.
    pub fn clean(&self, text: &str) -> String {
        self.redactor.clean(text)
    }

    /// The time each reply may take.
    pub fn reply_timeout(&self) -> Duration {
        self.reply_timeout
    }

    /// Changes the time each later reply may take (used for a short logout).
    pub fn set_reply_timeout(&mut self, timeout: Duration) {
        self.reply_timeout = timeout;
        self.start_reply();
    }

    /// Starts the clock for the next reply.
    fn start_reply(&mut self) {
        self.reply_deadline = Instant::now() + self.reply_timeout;
    }

    /// Time left for the current reply, or the failure that ends the probe.
    fn time_left(&self) -> Result<Duration, Fail> {
        if let Some(fail) = self.limits.interrupted() {
            return Err(fail);
        }
        let left = self
            .reply_deadline
            .min(self.limits.deadline)
            .saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(self.timed_out());
        }
        Ok(left)
    }

    fn timed_out(&self) -> Fail {
        self.limits.interrupted().unwrap_or_else(|| {
            Fail::new(
                Outcome::ServerProblem,
                format!("no reply within {}", secs(self.reply_timeout)),
            )
        })
    }

    /// Classifies an I/O error: cancel and deadline first, then what the error says.
    fn io_fail(&self, e: &io::Error) -> Fail {
        if let Some(fail) = self.limits.interrupted() {
            return fail;
        }
        match e.kind() {
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => self.timed_out(),
            io::ErrorKind::UnexpectedEof
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe
            | io::ErrorKind::NotConnected => {
                Fail::new(Outcome::ServerProblem, "connection closed by the server")
            }
            _ => Fail::new(Outcome::ServerProblem, format!("connection failed: {e}")),
        }
    }

    fn set_socket_timeouts(&self, left: Duration) -> Result<(), Fail> {
        let Some(tcp) = self.stream.tcp() else {
            return Err(self.io_fail(&closed()));
        };
        tcp.set_read_timeout(Some(left))
            .and_then(|()| tcp.set_write_timeout(Some(left)))
            .map_err(|e| self.io_fail(&e))
    }

    /// Reads more bytes into the buffer, waiting at most until the reply deadline.
    fn fill(&mut self) -> Result<(), Fail> {
        let mut chunk = [0u8; READ_CHUNK_BYTES];
        loop {
            let left = self.time_left()?;
            self.set_socket_timeouts(left)?;
            match self.stream.read(&mut chunk) {
                Ok(0) => {
                    return Err(self.io_fail(&io::Error::from(io::ErrorKind::UnexpectedEof)));
                }
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(self.io_fail(&e)),
            }
        }
    }

    /// Reads one line (without its line end), decoded lossily as UTF-8. Fails on a line longer
    /// than [`MAX_LINE_BYTES`], on timeout, and on close.
    pub fn read_line(&mut self) -> Result<String, Fail> {
        loop {
            if let Some(end) = self.buf.iter().position(|&b| b == b'\n') {
                if end >= MAX_LINE_BYTES {
                    return Err(self.line_too_long());
                }
                let mut line: Vec<u8> = self.buf.drain(..=end).collect();
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(String::from_utf8_lossy(&line).into_owned());
            }
            if self.buf.len() >= MAX_LINE_BYTES {
                return Err(self.line_too_long());
            }
            self.fill()?;
        }
    }

    fn line_too_long(&self) -> Fail {
        Fail::new(
            Outcome::ServerProblem,
            format!(
                "server sent a line longer than {} KiB",
                MAX_LINE_BYTES / 1024
            ),
        )
    }

    /// Reads and drops `count` bytes (an IMAP literal we do not need).
    pub fn skip_bytes(&mut self, mut count: usize) -> Result<(), Fail> {
        loop {
            let take = count.min(self.buf.len());
            self.buf.drain(..take);
            count -= take;
            if count == 0 {
                return Ok(());
            }
            self.fill()?;
        }
    }

    fn write_line(&mut self, line: &[u8]) -> Result<(), Fail> {
        let left = self.time_left()?;
        self.set_socket_timeouts(left)?;
        let result = self
            .stream
            .write_all(line)
            .and_then(|()| self.stream.write_all(b"\r\n"))
            .and_then(|()| self.stream.flush());
        result.map_err(|e| self.io_fail(&e))?;
        self.start_reply();
        Ok(())
    }

    /// Sends one command line (CRLF is added). Never for anything derived from the secret.
    pub fn send(&mut self, line: &str) -> Result<(), Fail> {
        self.write_line(line.as_bytes())
    }

    /// Sends a line that carries the secret in some form. Refuses unless TLS is up: this is the
    /// last guard behind the rule that the secret never travels unencrypted.
    pub fn send_secret(&mut self, line: &[u8]) -> Result<(), Fail> {
        if !self.is_encrypted() {
            return Err(Fail::new(
                Outcome::NotEncrypted,
                "connection not encrypted: code not sent",
            ));
        }
        self.write_line(line)
    }

    /// Performs the TLS handshake on this connection, verifying the certificate for `host`.
    pub fn upgrade_tls(&mut self, connector: &TlsConnector, host: &str) -> Result<(), Fail> {
        // Bytes that arrived before the handshake were sent in plain text after the server's
        // "go ahead"; accepting them would let an attacker inject replies (cf. CVE-2011-0411).
        if !self.buf.is_empty() {
            return Err(Fail::new(
                Outcome::SecureFailed,
                "server sent data before the TLS handshake",
            ));
        }
        if !matches!(self.stream, Stream::Plain(_)) {
            return Err(Fail::new(Outcome::SecureFailed, "TLS is already up"));
        }
        self.start_reply();
        let left = self.time_left()?;
        self.set_socket_timeouts(left)?;
        let Stream::Plain(tcp) = std::mem::replace(&mut self.stream, Stream::Closed) else {
            return Err(Fail::new(Outcome::SecureFailed, "TLS is already up"));
        };
        match connector.connect(host, tcp) {
            Ok(tls) => {
                self.stream = Stream::Tls(Box::new(tls));
                self.start_reply();
                Ok(())
            }
            Err(e) => Err(self.limits.interrupted().unwrap_or_else(|| match e {
                HandshakeError::Failure(e) => {
                    Fail::new(Outcome::SecureFailed, format!("TLS handshake failed: {e}"))
                }
                HandshakeError::WouldBlock(_) => Fail::new(
                    Outcome::SecureFailed,
                    format!(
                        "TLS handshake: no answer within {}",
                        secs(self.reply_timeout)
                    ),
                ),
            })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    fn limits(reply: Duration) -> Limits {
        let timeouts = Timeouts {
            connect: Duration::from_secs(2),
            reply,
            total: Duration::from_secs(10),
        };
        Limits {
            timeouts,
            deadline: Instant::now() + timeouts.total,
            cancel: CancelToken::new(),
            watchdog: CancelToken::new(),
        }
    }

    /// A connection to a local server that sends `script` and then keeps the socket open.
    fn conn_with(script: Vec<u8>, reply: Duration) -> Conn {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        thread::spawn(move || {
            let (mut socket, _) = listener.accept().unwrap();
            socket.write_all(&script).unwrap();
            thread::sleep(Duration::from_secs(3));
        });
        let tcp = TcpStream::connect(address).unwrap();
        Conn::new(tcp, limits(reply), Redactor::new("u", "secret")).unwrap()
    }

    #[test]
    fn reads_lines_with_either_line_end() {
        let mut conn = conn_with(b"one\r\ntwo\nthree\r\n".to_vec(), Duration::from_secs(2));
        assert_eq!(conn.read_line().unwrap(), "one");
        assert_eq!(conn.read_line().unwrap(), "two");
        assert_eq!(conn.read_line().unwrap(), "three");
    }

    #[test]
    fn endless_line_is_refused() {
        let mut conn = conn_with(vec![b'x'; MAX_LINE_BYTES + 10], Duration::from_secs(2));
        let fail = conn.read_line().unwrap_err();
        assert_eq!(fail.outcome, Outcome::ServerProblem);
        assert!(fail.detail.contains("longer than"), "{}", fail.detail);
    }

    #[test]
    fn silence_times_out() {
        let mut conn = conn_with(Vec::new(), Duration::from_millis(300));
        let started = Instant::now();
        let fail = conn.read_line().unwrap_err();
        assert_eq!(fail.outcome, Outcome::ServerProblem);
        assert_eq!(fail.detail, "no reply within 300 ms");
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn secret_is_not_sent_in_plain_text() {
        let mut conn = conn_with(Vec::new(), Duration::from_secs(1));
        let fail = conn.send_secret(b"PASS secret").unwrap_err();
        assert_eq!(fail.outcome, Outcome::NotEncrypted);
    }

    #[test]
    fn skip_bytes_consumes_exactly() {
        let mut conn = conn_with(b"{5}\r\nhello rest\r\n".to_vec(), Duration::from_secs(2));
        assert_eq!(conn.read_line().unwrap(), "{5}");
        conn.skip_bytes(5).unwrap();
        assert_eq!(conn.read_line().unwrap(), " rest");
    }

    #[test]
    fn closed_port_cannot_be_reached() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let fail = connect("127.0.0.1", port, &limits(Duration::from_secs(1))).unwrap_err();
        assert_eq!(fail.outcome, Outcome::CannotReach);
        assert!(fail.detail.contains("refused"), "{}", fail.detail);
    }
}
