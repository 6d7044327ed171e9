//! The byte pipe under every protocol: name lookup, TCP connect, the TLS upgrade, and bounded,
//! recorded line I/O.
//!
//! [`resolve`] looks the host up with the caller's resolver (`core::net::dns`: the system's, the
//! one DNS server the caller names — `--dns`, `MAILWIZ_DNS`, a test's loopback server — or a
//! test's function) and [`connect`] tries each address in turn (`core::net::tcp`, each attempt
//! bounded by the connect timeout); both run on a helper thread (`core::net::deadline`) while the
//! probe thread watches for cancel and the total deadline, and both say precisely why they failed
//! (name not found, refused, timed out) in the probe's own [`Failure`] kinds. The resulting [`Conn`] reads lines of at most [`MAX_LINE_BYTES`]; every read waits at
//! most until the current reply's deadline (reply timeout after the last command, never past the
//! total deadline). Sockets are registered with the user's cancel token and the deadline watchdog,
//! so either one unblocks a read or a handshake at once.
//!
//! Every line sent or received is written to the [`Transcript`]. Text that may carry the secret
//! goes out only through [`Conn::send_secret`] / [`Conn::send_all`] with a separate shown form,
//! and they refuse to write on a connection that is not encrypted. Several commands can go out in
//! one write (pipelining) to save round trips.
//!
//! The TLS handshake (`core::net::tls`, the one connector) reads through a tap that keeps the
//! server's first bytes: they tell the negotiated version (ServerHello), and plain text there
//! means implicit TLS to a plain port ([`handshake`] classifies the failure).

use std::cell::RefCell;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::rc::Rc;
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use super::cert::CertFacts;
use super::fail::Fail;
use super::handshake;
use super::model::{Failure, Timeouts};
use super::transcript::Transcript;
use crate::core::net::cancel::{CancelToken, CancellableSocket, Registration};
pub(super) use crate::core::net::deadline::secs;
use crate::core::net::deadline::{self, HelperLost, Interruption};
use crate::core::net::dns::{self, Resolver};
use crate::core::net::tcp::{self, AttemptTime};
use crate::core::net::tls;

/// Longest line accepted from a server, CRLF included.
pub(super) const MAX_LINE_BYTES: usize = 8 * 1024;
/// Most lines accepted in one reply.
pub(super) const MAX_REPLY_LINES: usize = 256;

const READ_CHUNK_BYTES: usize = 4096;
/// Most handshake bytes kept from the server (the ServerHello comes first and is small).
const TAP_MAX_BYTES: usize = 4096;
/// First plain-text bytes kept, to recognise a TLS record where a greeting was due.
const FIRST_BYTES_KEPT: usize = 8;
/// How long to wait for the rest of a plain-text greeting that broke a TLS handshake.
const PLAIN_GREETING_WAIT: Duration = Duration::from_millis(500);

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
        match deadline::interrupted([&self.cancel], &self.watchdog, self.deadline)? {
            Interruption::Cancelled => Some(Fail::cancelled()),
            Interruption::TimeUp => Some(Fail::new(
                Failure::Timeout,
                format!("time limit of {} reached", secs(self.timeouts.total)),
            )),
        }
    }
}

/// Runs `work` on a helper thread (name lookup and connect cannot be interrupted) and waits for
/// it, stopping early on cancel or when `limit` passes; the helper is then left to finish alone.
fn on_helper<T: Send + 'static>(
    name: &str,
    limits: &Limits,
    limit: Instant,
    on_limit: impl Fn() -> Fail,
    work: impl FnOnce() -> Result<T, Fail> + Send + 'static,
) -> Result<T, Fail> {
    deadline::on_helper(
        name,
        || match deadline::interrupted([&limits.cancel], &limits.watchdog, limit) {
            Some(Interruption::Cancelled) => Some(Fail::cancelled()),
            Some(Interruption::TimeUp) => Some(on_limit()),
            None => None,
        },
        work,
        |lost| match lost {
            HelperLost::NotStarted(e) => {
                Fail::new(Failure::ConnectOther, format!("cannot start {name}: {e}"))
            }
            HelperLost::Died => Fail::new(Failure::ConnectOther, format!("{name} failed")),
        },
    )
}

/// Looks `host` up with `resolver` (the system's, one DNS server only, or a test's function).
/// An address literal needs no lookup.
pub(super) fn resolve(
    host: &str,
    port: u16,
    limits: &Limits,
    resolver: &Resolver,
) -> Result<Vec<SocketAddr>, Fail> {
    if let Some(address) = dns::literal_address(host, port) {
        return Ok(vec![address]);
    }
    let limit = limits
        .deadline
        .min(Instant::now() + limits.timeouts.connect);
    let target = host.to_owned();
    let resolver = resolver.clone();
    let wait = secs(limits.timeouts.connect.min(limits.timeouts.total));
    on_helper(
        "mailwiz-dns",
        limits,
        limit,
        || {
            // No DNS answer is no way to the network's name service — not a blocked port
            // (connect_timeout's words): diagnosed as the network offering no way there.
            Fail::new(
                Failure::ConnectOther,
                format!("DNS lookup of {host} gave no answer within {wait}"),
            )
        },
        move || dns::lookup(&resolver, &target, port, limit).map_err(lookup_failure),
    )
}

/// A failed lookup as the probe reports it: a name that does not exist is `DnsNotFound`; no
/// answer (no network, no DNS server, a server that failed) is a reachability problem.
fn lookup_failure(e: dns::LookupError) -> Fail {
    let failure = if e.not_found {
        Failure::DnsNotFound
    } else {
        Failure::ConnectOther
    };
    Fail::new(failure, e.detail)
}

/// Connects to the first of `addresses` that answers, each within the connect timeout.
pub(super) fn connect(
    addresses: &[SocketAddr],
    limits: &Limits,
) -> Result<(TcpStream, SocketAddr), Fail> {
    let addresses = addresses.to_vec();
    let per_address = AttemptTime::Each(limits.timeouts.connect);
    let deadline = limits.deadline;
    let cancel = limits.cancel.clone();
    let total = secs(limits.timeouts.total);
    on_helper(
        "mailwiz-connect",
        limits,
        deadline,
        || {
            Fail::new(
                Failure::ConnectTimeout,
                format!("no connection within the time limit of {total}"),
            )
        },
        move || {
            tcp::connect_first(&addresses, per_address, deadline, &[cancel]).map_err(|e| {
                // "Refused" is the most telling: something answered. Then a timeout (blocked or
                // dropped).
                let failure = if e.refused {
                    Failure::ConnectRefused
                } else if e.timed_out {
                    Failure::ConnectTimeout
                } else {
                    Failure::ConnectOther
                };
                Fail::new(failure, e.attempts.join("; "))
            })
        },
    )
}

/// The socket under a TLS session; keeps the server's first handshake bytes while `keep` is on.
struct Tap {
    tcp: CancellableSocket,
    kept: Rc<RefCell<Vec<u8>>>,
    keep: bool,
}

impl Read for Tap {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.tcp.read(buf)?;
        if self.keep {
            let mut kept = self.kept.borrow_mut();
            let room = TAP_MAX_BYTES.saturating_sub(kept.len()).min(n);
            kept.extend_from_slice(&buf[..room]);
        }
        Ok(n)
    }
}

impl Write for Tap {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tcp.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tcp.flush()
    }
}

enum Stream {
    Plain(CancellableSocket),
    Tls(Box<tls::Session<Tap>>),
    /// Only while the TLS handshake owns the socket, or after it failed.
    Closed,
}

impl Stream {
    fn tcp(&self) -> Option<&TcpStream> {
        match self {
            Stream::Plain(socket) => Some(&socket.tcp),
            Stream::Tls(tls) => Some(&tls.get_ref().tcp.tcp),
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

/// What an established TLS session tells.
#[derive(Debug, Clone)]
pub(super) struct TlsInfo {
    /// Version and cipher, when the ServerHello could be read.
    pub hello: Option<handshake::Hello>,
    /// The leaf certificate, when the library hands it out.
    pub cert: Option<CertFacts>,
}

impl TlsInfo {
    /// One line for the stage detail and the transcript.
    pub fn summary(&self) -> String {
        let session = match &self.hello {
            Some(hello) => format!("{} ({})", hello.version, hello.cipher),
            None => "TLS (version unknown)".to_owned(),
        };
        match &self.cert {
            Some(cert) => format!("{session}; {}", cert.summary()),
            None => session,
        }
    }
}

/// One line to send: its bytes, and how the transcript shows it.
pub(super) struct Line<'a> {
    /// What goes on the wire (CRLF is added).
    pub bytes: &'a [u8],
    /// What the transcript shows: the same text, or `[redacted]` where credentials are.
    pub shown: &'a str,
    /// Whether the bytes carry credentials (then TLS must be up).
    pub secret: bool,
}

impl<'a> Line<'a> {
    /// A command that carries nothing secret; shown as it is.
    pub fn plain(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            shown: text,
            secret: false,
        }
    }
}

/// One connection to a server: bounded line reads with timeouts, recorded writes, TLS upgrade.
pub(super) struct Conn {
    stream: Stream,
    /// Bytes received but not yet consumed; never more than a line plus one read chunk.
    buf: Vec<u8>,
    limits: Limits,
    reply_timeout: Duration,
    reply_deadline: Instant,
    local: Option<SocketAddr>,
    transcript: Transcript,
    /// Bytes received in plain text, and the first few of them.
    plain_received: usize,
    first_bytes: Vec<u8>,
    _registrations: [Registration; 2],
}

impl Conn {
    /// Wraps a connected socket; the first reply (the greeting) is due within the reply timeout.
    pub fn new(tcp: TcpStream, limits: Limits, transcript: Transcript) -> Result<Self, Fail> {
        let register = |token: &CancelToken| {
            token
                .register(&tcp)
                .map_err(|e| Fail::new(Failure::ConnectOther, format!("socket setup failed: {e}")))
        };
        let registrations = [register(&limits.cancel)?, register(&limits.watchdog)?];
        // Commands are single short lines; sending them at once saves a round trip of delay.
        let _ = tcp.set_nodelay(true);
        let reply_timeout = limits.timeouts.reply;
        Ok(Self {
            local: tcp.local_addr().ok(),
            stream: Stream::Plain(CancellableSocket::new(
                tcp,
                vec![limits.cancel.clone(), limits.watchdog.clone()],
            )),
            buf: Vec::new(),
            reply_deadline: Instant::now() + reply_timeout,
            reply_timeout,
            limits,
            transcript,
            plain_received: 0,
            first_bytes: Vec::new(),
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

    /// Whether nothing at all arrived before TLS (a silent server).
    pub fn heard_nothing(&self) -> bool {
        self.plain_received == 0
    }

    /// Whether the first plain-text bytes were a TLS record (a TLS server answering plain text).
    pub fn heard_tls_record(&self) -> bool {
        handshake::looks_like_tls_record(&self.first_bytes)
    }

    /// Server text fit to keep: redacted and bounded.
    pub fn clean(&self, text: &str) -> String {
        self.transcript.clean(text)
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
                Failure::Timeout,
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
            | io::ErrorKind::NotConnected => Fail::new(
                Failure::ProtocolViolation,
                "connection closed by the server",
            ),
            _ => Fail::new(
                Failure::ProtocolViolation,
                format!("connection failed: {e}"),
            ),
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
                    let got = &chunk[..n];
                    if !self.is_encrypted() {
                        self.plain_received += n;
                        let room = FIRST_BYTES_KEPT.saturating_sub(self.first_bytes.len());
                        self.first_bytes.extend_from_slice(&got[..room.min(n)]);
                    }
                    self.buf.extend_from_slice(got);
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(self.io_fail(&e)),
            }
        }
    }

    /// Reads one line (without its line end), decoded as UTF-8, else GBK/GB18030, else lossily
    /// as UTF-8 ([`Transcript::decode`]), and records it. Fails on
    /// a line longer than [`MAX_LINE_BYTES`], on timeout, and on close; what arrived of an
    /// unfinished line is still recorded.
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
                self.transcript.received(&line);
                return Ok(self.transcript.decode(&line));
            }
            if self.buf.len() >= MAX_LINE_BYTES {
                return Err(self.line_too_long());
            }
            if let Err(fail) = self.fill() {
                if !self.buf.is_empty() {
                    self.transcript.received(&self.buf);
                    self.transcript.note("(line unfinished)");
                }
                return Err(fail);
            }
        }
    }

    fn line_too_long(&self) -> Fail {
        self.transcript.received(&self.buf);
        self.transcript.note("(line too long, cut)");
        Fail::new(
            Failure::ProtocolViolation,
            format!(
                "server sent a line longer than {} KiB",
                MAX_LINE_BYTES / 1024
            ),
        )
    }

    /// Reads and drops `count` bytes (an IMAP literal we do not need); the transcript says so.
    pub fn skip_bytes(&mut self, count: usize) -> Result<(), Fail> {
        self.transcript
            .note(&format!("(literal of {count} bytes not shown)"));
        let mut left = count;
        loop {
            let take = left.min(self.buf.len());
            self.buf.drain(..take);
            left -= take;
            if left == 0 {
                return Ok(());
            }
            self.fill()?;
        }
    }

    /// Sends lines in one write (pipelining when there are several); CRLF is added to each.
    /// Refuses everything when a line carries credentials and TLS is not up: the last guard
    /// behind the rule that the secret never travels unencrypted.
    pub fn send_all(&mut self, lines: &[Line<'_>]) -> Result<(), Fail> {
        if lines.iter().any(|l| l.secret) && !self.is_encrypted() {
            return Err(Fail::new(
                Failure::NotEncrypted,
                "connection not encrypted: code not sent",
            ));
        }
        let size = lines.iter().map(|l| l.bytes.len() + 2).sum();
        // Sized up front, so no copy of the secret is left behind by a reallocation.
        let mut wire = Zeroizing::new(Vec::with_capacity(size));
        for line in lines {
            wire.extend_from_slice(line.bytes);
            wire.extend_from_slice(b"\r\n");
            self.transcript.sent(line.shown);
        }
        let left = self.time_left()?;
        self.set_socket_timeouts(left)?;
        let result = self
            .stream
            .write_all(&wire)
            .and_then(|()| self.stream.flush());
        result.map_err(|e| self.io_fail(&e))?;
        self.start_reply();
        Ok(())
    }

    /// Sends one command line. Never for anything derived from the secret.
    pub fn send(&mut self, line: &str) -> Result<(), Fail> {
        self.send_all(&[Line::plain(line)])
    }

    /// Sends a line that carries credentials; the transcript shows `shown` instead. Refuses
    /// unless TLS is up.
    pub fn send_secret(&mut self, line: &[u8], shown: &str) -> Result<(), Fail> {
        self.send_all(&[Line {
            bytes: line,
            shown,
            secret: true,
        }])
    }

    /// Performs the TLS handshake on this connection, verifying the certificate for `host`.
    pub fn upgrade_tls(&mut self, connector: &tls::Connector, host: &str) -> Result<TlsInfo, Fail> {
        // Bytes that arrived before the handshake were sent in plain text after the server's
        // "go ahead"; accepting them would let an attacker inject replies (cf. CVE-2011-0411).
        if !self.buf.is_empty() {
            return Err(Fail::new(
                Failure::TlsOther,
                "server sent data before the TLS handshake",
            ));
        }
        if !matches!(self.stream, Stream::Plain(_)) {
            return Err(Fail::new(Failure::TlsOther, "TLS is already up"));
        }
        self.start_reply();
        let left = self.time_left()?;
        self.set_socket_timeouts(left)?;
        let Stream::Plain(tcp) = std::mem::replace(&mut self.stream, Stream::Closed) else {
            return Err(Fail::new(Failure::TlsOther, "TLS is already up"));
        };
        // A second handle on the socket, to read the rest of a plain-text answer if the
        // handshake fails on one.
        let spare = tcp.tcp.try_clone().ok();
        let kept = Rc::new(RefCell::new(Vec::new()));
        let tap = Tap {
            tcp,
            kept: Rc::clone(&kept),
            keep: true,
        };
        self.transcript.note(&format!("TLS handshake with {host}"));
        match tls::connect(connector, host, tap) {
            Ok(mut tls) => {
                tls.get_mut().keep = false;
                let hello = handshake::server_hello(&kept.borrow());
                let cert = tls::peer_certificate_der(&tls).map(|der| CertFacts::from_der(&der));
                self.stream = Stream::Tls(Box::new(tls));
                self.start_reply();
                let info = TlsInfo { hello, cert };
                self.transcript
                    .note(&format!("TLS established: {}", info.summary()));
                Ok(info)
            }
            Err(e) => {
                let server_bytes = kept.borrow().clone();
                let fail = self.handshake_fail(e, &server_bytes, spare);
                self.transcript.note(&fail.detail);
                Err(fail)
            }
        }
    }

    fn handshake_fail(
        &self,
        e: tls::HandshakeFailure,
        server_bytes: &[u8],
        spare: Option<TcpStream>,
    ) -> Fail {
        if let Some(fail) = self.limits.interrupted() {
            return fail.in_handshake();
        }
        let tls::HandshakeFailure {
            message,
            codes,
            timed_out,
        } = e;
        let plain = !server_bytes.is_empty() && !handshake::looks_like_tls_record(server_bytes);
        if plain {
            let raw = plain_line(server_bytes, spare);
            self.transcript.received(&raw);
            let line = self.transcript.decode(&raw);
            let detail = if message.is_empty() {
                "TLS handshake failed: the server answered in plain text".to_owned()
            } else {
                format!("TLS handshake failed: the server answered in plain text ({message})")
            };
            return Fail::with_message(Failure::TlsToPlainPort, detail, self.clean(&line));
        }
        // SChannel (Windows) passes a read timeout up as a failure rather than as WouldBlock.
        if message.is_empty() || timed_out {
            return Fail::new(
                Failure::Timeout,
                format!(
                    "TLS handshake: no answer within {}",
                    secs(self.reply_timeout)
                ),
            )
            .in_handshake();
        }
        Fail::new(
            handshake::classify_handshake_error(&format!("{message} {codes}"), server_bytes),
            format!("TLS handshake failed: {message}"),
        )
    }
}

/// The first line of a plain-text answer that broke a TLS handshake: what the handshake read,
/// completed from the socket for a moment (the rest of the line is usually already there). Raw
/// bytes, without the line end.
fn plain_line(start: &[u8], spare: Option<TcpStream>) -> Vec<u8> {
    let mut bytes = start.to_vec();
    if let Some(mut tcp) = spare {
        let until = Instant::now() + PLAIN_GREETING_WAIT;
        let mut chunk = [0u8; 512];
        while !bytes.contains(&b'\n') && bytes.len() < MAX_LINE_BYTES {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() || tcp.set_read_timeout(Some(left)).is_err() {
                break;
            }
            match tcp.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => bytes.extend_from_slice(&chunk[..n]),
            }
        }
    }
    let end = bytes
        .iter()
        .position(|&b| b == b'\r' || b == b'\n')
        .unwrap_or(bytes.len());
    bytes.truncate(end);
    bytes
}

#[cfg(test)]
mod tests {
    use std::thread;

    use super::*;
    use crate::core::probe::text::Redactor;
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

    fn transcript() -> Transcript {
        Transcript::new(Instant::now(), Redactor::new("u", "secret"))
    }

    /// A connection to a local server that sends `script` and then keeps the socket open.
    fn conn_with(script: Vec<u8>, reply: Duration) -> (Conn, Transcript) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        thread::spawn(move || {
            let (mut socket, _) = listener.accept().unwrap();
            socket.write_all(&script).unwrap();
            thread::sleep(Duration::from_secs(3));
        });
        let tcp = TcpStream::connect(address).unwrap();
        let t = transcript();
        (Conn::new(tcp, limits(reply), t.clone()).unwrap(), t)
    }

    #[test]
    fn reads_lines_with_either_line_end_and_records_them() {
        let (mut conn, t) = conn_with(b"one\r\ntwo\nthree\r\n".to_vec(), Duration::from_secs(2));
        assert_eq!(conn.read_line().unwrap(), "one");
        assert_eq!(conn.read_line().unwrap(), "two");
        assert_eq!(conn.read_line().unwrap(), "three");
        let texts: Vec<String> = t.lines().into_iter().map(|l| l.text).collect();
        assert_eq!(texts, ["one", "two", "three"]);
        assert!(!conn.heard_nothing());
        assert!(!conn.heard_tls_record());
    }

    #[test]
    fn endless_line_is_refused() {
        let (mut conn, t) = conn_with(vec![b'x'; MAX_LINE_BYTES + 10], Duration::from_secs(2));
        let fail = conn.read_line().unwrap_err();
        assert_eq!(fail.failure, Failure::ProtocolViolation);
        assert!(fail.detail.contains("longer than"), "{}", fail.detail);
        let lines = t.lines();
        assert_eq!(
            lines[0].text.chars().count(),
            super::super::transcript::MAX_LINE_CHARS
        );
        assert_eq!(lines[1].text, "(line too long, cut)");
    }

    #[test]
    fn silence_times_out() {
        let (mut conn, _) = conn_with(Vec::new(), Duration::from_millis(300));
        let started = Instant::now();
        let fail = conn.read_line().unwrap_err();
        assert_eq!(fail.failure, Failure::Timeout);
        assert_eq!(fail.detail, "no reply within 300 ms");
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(conn.heard_nothing());
    }

    #[test]
    fn a_tls_record_instead_of_a_greeting_is_noticed_and_shown_escaped() {
        let alert = vec![0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46];
        let (mut conn, t) = conn_with(alert, Duration::from_millis(300));
        let fail = conn.read_line().unwrap_err();
        assert_eq!(fail.failure, Failure::Timeout);
        assert!(conn.heard_tls_record());
        assert_eq!(
            t.lines()[0].text,
            "[binary, 7 bytes] \\x15\\x03\\x01\\x00\\x02\\x02F"
        );
    }

    #[test]
    fn secret_is_not_sent_in_plain_text() {
        let (mut conn, t) = conn_with(Vec::new(), Duration::from_secs(1));
        let fail = conn
            .send_secret(b"PASS secret", "PASS [redacted]")
            .unwrap_err();
        assert_eq!(fail.failure, Failure::NotEncrypted);
        assert_eq!(fail.outcome, crate::core::probe::Outcome::NotEncrypted);
        // Nothing was recorded as sent either.
        assert!(t.lines().is_empty());
        // A batch with one secret line is refused whole.
        let fail = conn
            .send_all(&[
                Line::plain("CAPA"),
                Line {
                    bytes: b"PASS secret",
                    shown: "PASS [redacted]",
                    secret: true,
                },
            ])
            .unwrap_err();
        assert_eq!(fail.failure, Failure::NotEncrypted);
    }

    #[test]
    fn a_batch_goes_out_in_order_and_is_recorded() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let server = thread::spawn(move || {
            let (mut socket, _) = listener.accept().unwrap();
            let mut got = vec![0u8; 12];
            socket.read_exact(&mut got).unwrap();
            got
        });
        let t = transcript();
        let mut conn = Conn::new(
            TcpStream::connect(address).unwrap(),
            limits(Duration::from_secs(1)),
            t.clone(),
        )
        .unwrap();
        conn.send_all(&[Line::plain("STAT"), Line::plain("QUIT")])
            .unwrap();
        assert_eq!(server.join().unwrap(), b"STAT\r\nQUIT\r\n");
        let texts: Vec<String> = t.lines().into_iter().map(|l| l.text).collect();
        assert_eq!(texts, ["STAT", "QUIT"]);
    }

    #[test]
    fn skip_bytes_consumes_exactly() {
        let (mut conn, t) = conn_with(b"{5}\r\nhello rest\r\n".to_vec(), Duration::from_secs(2));
        assert_eq!(conn.read_line().unwrap(), "{5}");
        conn.skip_bytes(5).unwrap();
        assert_eq!(conn.read_line().unwrap(), " rest");
        assert_eq!(t.lines()[1].text, "(literal of 5 bytes not shown)");
    }

    #[test]
    fn closed_port_is_refused() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        drop(listener);
        let fail = connect(&[address], &limits(Duration::from_secs(1))).unwrap_err();
        assert_eq!(fail.failure, Failure::ConnectRefused);
        assert_eq!(fail.outcome, crate::core::probe::Outcome::CannotReach);
        assert!(fail.detail.contains("refused"), "{}", fail.detail);
    }

    /// A DNS server on loopback that answers every query NXDOMAIN and counts the queries: unit
    /// tests never ask the system's resolver, which could send the query off the machine.
    fn nxdomain_server() -> (SocketAddr, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let address = socket.local_addr().unwrap();
        let queries = std::sync::Arc::new(AtomicUsize::new(0));
        let counter = std::sync::Arc::clone(&queries);
        thread::spawn(move || {
            let mut buf = [0u8; 512];
            while let Ok((n, from)) = socket.recv_from(&mut buf) {
                // Header, then the question: a name (length-prefixed labels, then 0), type, class.
                let mut end = 12;
                while end < n && buf[end] != 0 {
                    end += 1 + usize::from(buf[end]);
                }
                end += 5;
                if end > n {
                    continue;
                }
                counter.fetch_add(1, Ordering::SeqCst);
                let mut reply = buf[..end].to_vec();
                reply[2] = 0x80 | (buf[2] & 0x01); // a response; recursion desired as asked
                reply[3] = 0x83; // recursion available; NXDOMAIN
                reply[4..12].copy_from_slice(&[0, 1, 0, 0, 0, 0, 0, 0]); // the question only
                let _ = socket.send_to(&reply, from);
            }
        });
        (address, queries)
    }

    #[test]
    fn address_literals_need_no_lookup_and_unknown_names_are_not_found() {
        use std::sync::atomic::Ordering;
        let l = limits(Duration::from_secs(1));
        let (dns, queries) = nxdomain_server();
        assert_eq!(
            resolve("127.0.0.2", 993, &l, &Resolver::DnsServer(dns)).unwrap(),
            ["127.0.0.2:993".parse().unwrap()]
        );
        assert_eq!(
            resolve("[::1]", 993, &l, &Resolver::System).unwrap(),
            ["[::1]:993".parse().unwrap()]
        );
        assert_eq!(queries.load(Ordering::SeqCst), 0, "literals were looked up");
        // A name that does not exist, answered by the local server.
        let fail = resolve(
            "no-such-host.example.test",
            993,
            &l,
            &Resolver::DnsServer(dns),
        )
        .unwrap_err();
        assert_eq!(fail.failure, Failure::DnsNotFound, "{}", fail.detail);
        assert_eq!(
            fail.detail,
            format!(
                "DNS lookup of no-such-host.example.test at {dns} failed: the domain does not \
                 exist (NXDOMAIN)"
            )
        );
        let asked = queries.load(Ordering::SeqCst);
        assert!(asked >= 1, "the local server was not asked");
        // RFC 6761: names under .invalid never exist, and the resolver says so without asking.
        let fail = resolve("no-such-host.invalid", 993, &l, &Resolver::DnsServer(dns)).unwrap_err();
        assert_eq!(fail.failure, Failure::DnsNotFound, "{}", fail.detail);
        assert!(
            fail.detail
                .starts_with("DNS lookup of no-such-host.invalid"),
            "{}",
            fail.detail
        );
        assert_eq!(queries.load(Ordering::SeqCst), asked);
    }

    #[test]
    fn a_dns_server_that_does_not_answer_is_no_way_there_not_a_wrong_name_or_a_blocked_port() {
        // A UDP socket that never answers.
        let silent = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let mut l = limits(Duration::from_secs(1));
        l.timeouts.connect = Duration::from_millis(300);
        let started = Instant::now();
        let fail = resolve(
            "imap.example.test",
            993,
            &l,
            &Resolver::DnsServer(silent.local_addr().unwrap()),
        )
        .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(2));
        assert_eq!(fail.failure, Failure::ConnectOther, "{}", fail.detail);
        assert!(fail.detail.starts_with("DNS lookup of imap.example.test"));
    }

    #[test]
    fn lookup_errors_are_classified() {
        let gai =
            |text: &str| io::Error::other(format!("failed to lookup address information: {text}"));
        for (text, failure) in [
            ("Name or service not known", Failure::DnsNotFound),
            ("No address associated with hostname", Failure::DnsNotFound),
            (
                "nodename nor servname provided, or not known",
                Failure::DnsNotFound,
            ),
            (
                "Temporary failure in name resolution",
                Failure::ConnectOther,
            ),
            (
                "This is usually a temporary error during hostname resolution",
                Failure::ConnectOther,
            ),
        ] {
            assert_eq!(
                lookup_failure(dns::system_lookup_error("h", &gai(text))).failure,
                failure,
                "{text}"
            );
        }
    }
}
