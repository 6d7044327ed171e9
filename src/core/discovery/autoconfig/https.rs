//! A small, strict HTTPS GET client for discovery documents (autoconfig files, the ISPDB).
//!
//! A request goes: parse the URL (only `https://`; an `http://` URL is refused before any name
//! lookup or connection) → resolve the host with the caller's [`Resolver`] (`core::net::dns`: the
//! system's, one DNS server, or a test's function) → TCP connect (`core::net::tcp`) → TLS with
//! the one connector of `core::net::tls`, trusting the system's roots plus the caller's extra PEM
//! roots (chain and host name checks always stay on; nothing here can switch them off) → one
//! HTTP/1.1 `GET` with `Connection: close` → the status line and headers → the
//! body, delimited by `Content-Length`, chunked encoding, or the end of the connection. Redirects
//! (301/302/303/307/308) are followed at most [`MAX_REDIRECTS`] times, each to `https://` only.
//!
//! Every step is bounded: one deadline covers the whole fetch including redirects (name lookup
//! and connect run on helper threads the caller's thread stops waiting for, `core::net::deadline`;
//! reads and writes use socket timeouts no longer than the time left, and a watchdog shuts the
//! socket at the deadline), headers are at most [`MAX_HEAD_BYTES`], and the body at most [`MAX_BODY_BYTES`].
//! The caller's [`CancelToken`] shuts the socket from another thread, so a blocked handshake or
//! read returns at once as [`FetchError::Cancelled`].

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{Ipv6Addr, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use crate::core::net::deadline::{self, HelperLost, Interruption, Watchdog};
use crate::core::net::dns::{self, Resolver};
use crate::core::net::tcp::{self, AttemptTime};
use crate::core::net::tls::{self, Connector, ConnectorError, Session};
use crate::core::net::{CancelToken, Registration};

/// Largest body accepted (1 MiB); larger ones fail with [`FetchError::TooLarge`].
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Most redirects followed before [`FetchError::TooManyRedirects`].
pub const MAX_REDIRECTS: usize = 3;
/// Largest status line plus headers of one response.
pub const MAX_HEAD_BYTES: usize = 32 * 1024;

/// Longest single header line or chunk-size line, line end included.
const MAX_LINE_BYTES: usize = 8 * 1024;
/// Most interim (1xx) responses skipped before the real one.
const MAX_INTERIM_RESPONSES: usize = 4;
const READ_CHUNK_BYTES: usize = 16 * 1024;
const USER_AGENT: &str = concat!("mailwiz/", env!("CARGO_PKG_VERSION"));

/// How discovery fetches reach the network: extra trusted roots, the time limit of one fetch,
/// and where names are looked up. Cheap to clone (a test's resolver is shared).
#[derive(Clone)]
pub struct Http {
    /// Extra root certificates (PEM, one or more certificates per entry) trusted besides the
    /// system's roots. Empty in normal use.
    pub extra_roots_pem: Vec<Vec<u8>>,
    /// The time limit for one whole fetch: name lookup, connect, TLS, request, response and any
    /// redirects.
    pub timeout: Duration,
    /// Where host names are looked up: the system's resolver (the default), one DNS server, or
    /// a test's function.
    pub resolver: Resolver,
}

impl Http {
    /// The system resolver, these extra roots and this time limit.
    pub fn new(extra_roots_pem: &[Vec<u8>], timeout: Duration) -> Self {
        Self {
            extra_roots_pem: extra_roots_pem.to_vec(),
            timeout,
            resolver: Resolver::System,
        }
    }

    /// The same, with `resolve` answering every name lookup instead of the system resolver.
    #[must_use]
    pub fn with_resolver(
        mut self,
        resolve: impl Fn(&str, u16) -> io::Result<Vec<SocketAddr>> + Send + Sync + 'static,
    ) -> Self {
        self.resolver = Resolver::custom(resolve);
        self
    }
}

impl fmt::Debug for Http {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Http")
            .field("extra_roots", &self.extra_roots_pem.len())
            .field("timeout", &self.timeout)
            .field("resolver", &self.resolver)
            .finish()
    }
}

/// Why a fetch failed. Messages never contain the request URL's query (it may hold the address).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The URL (or a redirect) is not `https://`; nothing was fetched from it.
    #[error("only https:// addresses are fetched")]
    NotHttps,
    /// The URL is not one this client can request (no host, user info, spaces, bad port…).
    #[error("not a valid https URL")]
    InvalidUrl,
    /// The host name was not found (or the resolver failed).
    #[error("host name not found")]
    Dns,
    /// No connection could be made (refused, unreachable).
    #[error("could not connect")]
    Connect,
    /// The TLS handshake failed (untrusted or mismatched certificate, protocol error), or an
    /// extra root certificate was unreadable.
    #[error("TLS failed: {0}")]
    Tls(String),
    /// The time limit passed.
    #[error("no complete answer within the time limit")]
    Timeout,
    /// HTTP 404.
    #[error("not found (HTTP 404)")]
    NotFound,
    /// Any other status than 200, 404 or a followed redirect.
    #[error("HTTP status {0}")]
    Status(u16),
    /// The body is larger than [`MAX_BODY_BYTES`].
    #[error("response larger than 1 MiB")]
    TooLarge,
    /// The response is not valid HTTP/1.x (or the body is not UTF-8, or a redirect has no usable
    /// `Location`).
    #[error("malformed HTTP response")]
    Malformed,
    /// More than [`MAX_REDIRECTS`] redirects.
    #[error("too many redirects")]
    TooManyRedirects,
    /// The server closed or broke the connection before the response was complete.
    #[error("connection closed before the response was complete")]
    ConnectionLost,
    /// The caller's cancel token was cancelled.
    #[error("cancelled")]
    Cancelled,
}

/// Fetches `url` (https only) with the system resolver and returns the body of its 200 response.
/// `timeout` bounds the whole fetch; `extra_roots_pem` are trusted besides the system's roots.
pub fn https_get(
    url: &str,
    extra_roots_pem: &[Vec<u8>],
    timeout: Duration,
    cancel: &CancelToken,
) -> Result<String, FetchError> {
    https_get_with(url, &Http::new(extra_roots_pem, timeout), cancel)
}

/// [`https_get`] with everything about the network taken from `http` (resolver included).
pub fn https_get_with(url: &str, http: &Http, cancel: &CancelToken) -> Result<String, FetchError> {
    get(url, http, std::slice::from_ref(cancel))
}

/// A fetched body and the host that finally served it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The 200 response's body.
    pub body: String,
    /// The host name (lowercase) or IP address of the URL that answered with the body: the
    /// requested one, or the last redirect's. Who vouches for the document is this host, not
    /// the first one asked.
    pub final_host: String,
}

/// The fetch; any of `cancels` stops it (the caller's token, and a race token when two fetches
/// compete).
pub(super) fn get(url: &str, http: &Http, cancels: &[CancelToken]) -> Result<String, FetchError> {
    get_located(url, http, cancels).map(|fetched| fetched.body)
}

/// [`get`], also telling which host the body finally came from (after any redirects).
pub(super) fn get_located(
    url: &str,
    http: &Http,
    cancels: &[CancelToken],
) -> Result<Fetched, FetchError> {
    request_located(url, None, http, cancels)
}

/// POSTs `body` (`text/xml`) to `url` (https only) and returns the 200 response and the host
/// that finally served it: Outlook's Autodiscover request. Redirects are followed with the same
/// POST, as Autodiscover clients do; every limit of [`https_get_with`] applies.
pub fn https_post_located(
    url: &str,
    body: &str,
    http: &Http,
    cancel: &CancelToken,
) -> Result<Fetched, FetchError> {
    request_located(url, Some(body), http, std::slice::from_ref(cancel))
}

/// One GET (`post` = None) or POST, with redirects.
fn request_located(
    url: &str,
    post: Option<&str>,
    http: &Http,
    cancels: &[CancelToken],
) -> Result<Fetched, FetchError> {
    // Refuse before anything touches the network.
    let mut target = HttpsUrl::parse(url)?;
    let deadline = Instant::now()
        .checked_add(http.timeout)
        .unwrap_or_else(|| Instant::now() + Duration::from_secs(24 * 60 * 60));
    let watchdog = Watchdog::start("mailwiz-https-deadline", deadline);
    let limits = Limits {
        cancels,
        watchdog: watchdog.token(),
        deadline,
    };
    if let Some(stop) = limits.interrupted() {
        return Err(stop);
    }
    tls::prepare_tls();
    let connector = connector(&http.extra_roots_pem)?;
    let mut redirects = 0;
    loop {
        match fetch_once(&target, post, http, &connector, &limits)? {
            Reply::Body(body) => {
                return Ok(Fetched {
                    body,
                    final_host: target.host,
                });
            }
            Reply::Redirect(location) => {
                if redirects == MAX_REDIRECTS {
                    return Err(FetchError::TooManyRedirects);
                }
                redirects += 1;
                target = target.join(&location)?;
            }
        }
    }
}

/// What one request ended with, when it did not fail.
enum Reply {
    Body(String),
    Redirect(String),
}

fn fetch_once(
    url: &HttpsUrl,
    post: Option<&str>,
    http: &Http,
    connector: &Connector,
    limits: &Limits<'_>,
) -> Result<Reply, FetchError> {
    let addresses = resolve(url, http, limits)?;
    let tcp = connect(addresses, limits)?;
    let _registrations = limits.register(&tcp)?;
    // The request is one short write; no reason to wait for more.
    let _ = tcp.set_nodelay(true);
    let left = limits.remaining()?;
    set_timeouts(&tcp, left)?;
    let tls = match tls::connect(connector, &url.host, tcp) {
        Ok(tls) => tls,
        // A socket timeout during the handshake surfaces as "would block", without words.
        Err(failure) if failure.message.is_empty() => {
            return Err(limits.interrupted().unwrap_or(FetchError::Timeout));
        }
        Err(failure) => {
            return Err(limits
                .interrupted()
                .unwrap_or(FetchError::Tls(failure.message)));
        }
    };
    let mut conn = Conn {
        tls,
        buf: Vec::new(),
        limits,
    };
    let (method, body_headers, body) = match post {
        None => ("GET", String::new(), ""),
        Some(body) => (
            "POST",
            format!(
                "Content-Type: text/xml; charset=utf-8\r\nContent-Length: {}\r\n",
                body.len()
            ),
            body,
        ),
    };
    let request = format!(
        "{method} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: {USER_AGENT}\r\n\
         Accept: application/xml, text/xml;q=0.9, */*;q=0.5\r\nAccept-Encoding: identity\r\n\
         {body_headers}Connection: close\r\n\r\n{body}",
        url.target,
        url.host_header()
    );
    conn.write_all(request.as_bytes())?;
    let head = conn.read_head()?;
    match head.status {
        200 => {
            let body = conn.read_body(&head)?;
            String::from_utf8(body)
                .map(Reply::Body)
                .map_err(|_| FetchError::Malformed)
        }
        301 | 302 | 303 | 307 | 308 => head
            .location
            .map(Reply::Redirect)
            .ok_or(FetchError::Malformed),
        404 => Err(FetchError::NotFound),
        status => Err(FetchError::Status(status)),
    }
}

/// What bounds one fetch: the caller's cancel tokens, the watchdog's token and the deadline.
struct Limits<'a> {
    cancels: &'a [CancelToken],
    watchdog: &'a CancelToken,
    deadline: Instant,
}

impl Limits<'_> {
    /// Why the fetch must stop now, if it must: cancel first, then the deadline.
    fn interrupted(&self) -> Option<FetchError> {
        match deadline::interrupted(self.cancels, self.watchdog, self.deadline)? {
            Interruption::Cancelled => Some(FetchError::Cancelled),
            Interruption::TimeUp => Some(FetchError::Timeout),
        }
    }

    /// The time left, or why there is none.
    fn remaining(&self) -> Result<Duration, FetchError> {
        if let Some(stop) = self.interrupted() {
            return Err(stop);
        }
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(FetchError::Timeout);
        }
        Ok(left)
    }

    /// Registers the socket with every token, so cancel or the deadline shuts it.
    fn register(&self, tcp: &TcpStream) -> Result<Vec<Registration>, FetchError> {
        self.cancels
            .iter()
            .chain(std::iter::once(self.watchdog))
            .map(|token| token.register(tcp).map_err(|_| FetchError::Connect))
            .collect()
    }
}

/// Runs `work` on a helper thread (name lookup and connect cannot be interrupted) and waits for
/// it, returning early on cancel or at the deadline; the helper then finishes alone and its
/// result is dropped. `on_lost` is the error when the helper dies without an answer.
fn on_helper<T: Send + 'static>(
    name: &str,
    limits: &Limits<'_>,
    on_lost: FetchError,
    work: impl FnOnce() -> Result<T, FetchError> + Send + 'static,
) -> Result<T, FetchError> {
    deadline::on_helper(name, || limits.interrupted(), work, |_: HelperLost| on_lost)
}

fn resolve(
    url: &HttpsUrl,
    http: &Http,
    limits: &Limits<'_>,
) -> Result<Vec<SocketAddr>, FetchError> {
    if let Some(address) = dns::literal_address(&url.host, url.port) {
        return Ok(vec![address]);
    }
    let host = url.host.clone();
    let port = url.port;
    let resolver = http.resolver.clone();
    let deadline = limits.deadline;
    on_helper("mailwiz-https-dns", limits, FetchError::Dns, move || {
        dns::lookup(&resolver, &host, port, deadline).map_err(|_| FetchError::Dns)
    })
}

/// Connects to the first address that answers. Each attempt gets an equal share of the time
/// left, so one silent address (say, unreachable IPv6) does not use it all up.
fn connect(addresses: Vec<SocketAddr>, limits: &Limits<'_>) -> Result<TcpStream, FetchError> {
    let deadline = limits.deadline;
    on_helper(
        "mailwiz-https-connect",
        limits,
        FetchError::Connect,
        move || {
            tcp::connect_first(&addresses, AttemptTime::ShareOfTimeLeft, deadline, &[])
                .map(|(tcp, _)| tcp)
                .map_err(|e| {
                    if e.timed_out {
                        FetchError::Timeout
                    } else {
                        FetchError::Connect
                    }
                })
        },
    )
}

fn set_timeouts(tcp: &TcpStream, left: Duration) -> Result<(), FetchError> {
    tcp.set_read_timeout(Some(left))
        .and_then(|()| tcp.set_write_timeout(Some(left)))
        .map_err(|_| FetchError::ConnectionLost)
}

/// The status line and the headers that matter here.
#[derive(Debug, Default)]
struct Head {
    status: u16,
    content_length: Option<u64>,
    /// `Transfer-Encoding` values joined with ", ", when present.
    transfer_encoding: Option<String>,
    /// `Content-Encoding`, when present.
    content_encoding: Option<String>,
    location: Option<String>,
    /// A header was present but unusable (conflicting lengths, non-ASCII `Location`…); only an
    /// error when the body or the redirect target is needed.
    framing_broken: bool,
}

/// One TLS connection with a read buffer; every read waits at most until the deadline.
struct Conn<'a> {
    tls: Session<TcpStream>,
    /// Received, not yet consumed.
    buf: Vec<u8>,
    limits: &'a Limits<'a>,
}

impl Conn<'_> {
    /// The error for a failed read or write: cancel or deadline when they caused it.
    fn io_error(&self, e: &io::Error) -> FetchError {
        if let Some(stop) = self.limits.interrupted() {
            return stop;
        }
        match e.kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => FetchError::Timeout,
            _ => FetchError::ConnectionLost,
        }
    }

    fn write_all(&mut self, bytes: &[u8]) -> Result<(), FetchError> {
        let left = self.limits.remaining()?;
        set_timeouts(self.tls.get_ref(), left)?;
        self.tls
            .write_all(bytes)
            .and_then(|()| self.tls.flush())
            .map_err(|e| self.io_error(&e))
    }

    /// Reads more into the buffer; `false` at a clean end of the connection.
    fn fill(&mut self) -> Result<bool, FetchError> {
        let left = self.limits.remaining()?;
        set_timeouts(self.tls.get_ref(), left)?;
        let mut chunk = [0u8; READ_CHUNK_BYTES];
        match self.tls.read(&mut chunk) {
            Ok(0) => match self.limits.interrupted() {
                // A shut socket reads as the end; it was cancel or the deadline, not the server.
                Some(stop) => Err(stop),
                None => Ok(false),
            },
            Ok(n) => {
                self.buf.extend_from_slice(&chunk[..n]);
                Ok(true)
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(true),
            Err(e) => Err(self.io_error(&e)),
        }
    }

    /// The next line without its line end; at most `max` bytes including the line end.
    fn read_line(&mut self, max: usize) -> Result<Vec<u8>, FetchError> {
        let mut searched = 0;
        loop {
            if let Some(at) = self.buf[searched..].iter().position(|&b| b == b'\n') {
                let end = searched + at;
                if end + 1 > max {
                    return Err(FetchError::Malformed);
                }
                let mut line: Vec<u8> = self.buf.drain(..=end).collect();
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(line);
            }
            if self.buf.len() >= max {
                return Err(FetchError::Malformed);
            }
            searched = self.buf.len();
            if !self.fill()? {
                return Err(FetchError::ConnectionLost);
            }
        }
    }

    /// Exactly `count` more bytes, appended to `out`.
    fn read_exact_into(&mut self, count: usize, out: &mut Vec<u8>) -> Result<(), FetchError> {
        while self.buf.len() < count {
            if !self.fill()? {
                return Err(FetchError::ConnectionLost);
            }
        }
        out.extend(self.buf.drain(..count));
        Ok(())
    }

    /// The status line and headers of the final response (interim 1xx responses are skipped).
    fn read_head(&mut self) -> Result<Head, FetchError> {
        for _ in 0..=MAX_INTERIM_RESPONSES {
            let mut head_bytes = 0;
            let line = self.read_line(MAX_LINE_BYTES)?;
            head_bytes += line.len() + 2;
            let mut head = Head {
                status: parse_status_line(&line)?,
                ..Head::default()
            };
            loop {
                let line = self.read_line(MAX_LINE_BYTES)?;
                head_bytes += line.len() + 2;
                if head_bytes > MAX_HEAD_BYTES {
                    return Err(FetchError::Malformed);
                }
                if line.is_empty() {
                    break;
                }
                add_header(&mut head, &line)?;
            }
            match head.status {
                // 101 would switch protocols, which a GET without Upgrade never asks for.
                101 => return Err(FetchError::Malformed),
                100..=199 => continue,
                _ => return Ok(head),
            }
        }
        Err(FetchError::Malformed)
    }

    /// The body of a 200 response, by whichever framing the headers give.
    fn read_body(&mut self, head: &Head) -> Result<Vec<u8>, FetchError> {
        if head.framing_broken {
            return Err(FetchError::Malformed);
        }
        // We asked for `identity`; anything compressed is not what we can read.
        if let Some(encoding) = &head.content_encoding
            && !encoding.trim().eq_ignore_ascii_case("identity")
        {
            return Err(FetchError::Malformed);
        }
        if let Some(coding) = &head.transfer_encoding {
            // Transfer-Encoding overrides Content-Length (RFC 9112 §6.3); only plain chunked
            // is accepted.
            if !coding.trim().eq_ignore_ascii_case("chunked") {
                return Err(FetchError::Malformed);
            }
            return self.read_chunked();
        }
        if let Some(length) = head.content_length {
            let length = usize::try_from(length).map_err(|_| FetchError::TooLarge)?;
            if length > MAX_BODY_BYTES {
                return Err(FetchError::TooLarge);
            }
            let mut body = Vec::with_capacity(length);
            self.read_exact_into(length, &mut body)?;
            return Ok(body);
        }
        // Delimited by the end of the connection. The end must be a proper TLS close: a cut
        // connection (no close_notify) is an error, so a truncated body is never taken as whole.
        while self.fill()? {
            if self.buf.len() > MAX_BODY_BYTES {
                return Err(FetchError::TooLarge);
            }
        }
        Ok(std::mem::take(&mut self.buf))
    }

    fn read_chunked(&mut self) -> Result<Vec<u8>, FetchError> {
        let mut body = Vec::new();
        loop {
            let line = self.read_line(MAX_LINE_BYTES)?;
            let size = parse_chunk_size(&line)?;
            if size == 0 {
                break;
            }
            if size > MAX_BODY_BYTES.saturating_sub(body.len()) {
                return Err(FetchError::TooLarge);
            }
            self.read_exact_into(size, &mut body)?;
            if !self.read_line(2)?.is_empty() {
                return Err(FetchError::Malformed);
            }
        }
        // Trailer fields, ignored, up to the empty line.
        let mut trailer_bytes = 0;
        loop {
            let line = self.read_line(MAX_LINE_BYTES)?;
            trailer_bytes += line.len() + 2;
            if trailer_bytes > MAX_HEAD_BYTES {
                return Err(FetchError::Malformed);
            }
            if line.is_empty() {
                return Ok(body);
            }
        }
    }
}

/// `HTTP/1.x NNN reason` → NNN.
fn parse_status_line(line: &[u8]) -> Result<u16, FetchError> {
    let rest = line.strip_prefix(b"HTTP/1.").ok_or(FetchError::Malformed)?;
    let [minor, b' ', d1, d2, d3, tail @ ..] = rest else {
        return Err(FetchError::Malformed);
    };
    if !minor.is_ascii_digit() || !(tail.is_empty() || tail[0] == b' ') {
        return Err(FetchError::Malformed);
    }
    let digits = [*d1, *d2, *d3];
    if !digits.iter().all(u8::is_ascii_digit) {
        return Err(FetchError::Malformed);
    }
    let status = digits
        .iter()
        .fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
    if !(100..=599).contains(&status) {
        return Err(FetchError::Malformed);
    }
    Ok(status)
}

/// Records one `name: value` header line in `head`.
fn add_header(head: &mut Head, line: &[u8]) -> Result<(), FetchError> {
    // Obsolete line folding and lines without a colon are not HTTP/1.1 any more.
    if line.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
        return Err(FetchError::Malformed);
    }
    let colon = line
        .iter()
        .position(|&b| b == b':')
        .ok_or(FetchError::Malformed)?;
    let (name, value) = (&line[..colon], &line[colon + 1..]);
    if name.is_empty() || !name.iter().all(|&b| is_token_byte(b)) {
        return Err(FetchError::Malformed);
    }
    let value = value.trim_ascii();
    let text = || std::str::from_utf8(value).ok().map(str::to_owned);
    if name.eq_ignore_ascii_case(b"content-length") {
        let length = parse_content_length(value);
        match (head.content_length, length) {
            (_, None) => head.framing_broken = true,
            (None, Some(n)) => head.content_length = Some(n),
            (Some(old), Some(n)) if old != n => head.framing_broken = true,
            _ => {}
        }
    } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
        let Some(value) = text() else {
            head.framing_broken = true;
            return Ok(());
        };
        head.transfer_encoding = Some(match head.transfer_encoding.take() {
            Some(before) => format!("{before}, {value}"),
            None => value,
        });
    } else if name.eq_ignore_ascii_case(b"content-encoding") {
        head.content_encoding = text();
    } else if name.eq_ignore_ascii_case(b"location") {
        match text() {
            Some(location) if head.location.is_none() => head.location = Some(location),
            _ => head.framing_broken = true,
        }
    }
    Ok(())
}

/// A Content-Length value: digits only; a number too large for u64 is still "too large", not
/// malformed.
fn parse_content_length(value: &[u8]) -> Option<u64> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(value.iter().fold(0u64, |n, d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

/// The size at the start of a chunk line (`1a3f;ext=1`).
fn parse_chunk_size(line: &[u8]) -> Result<usize, FetchError> {
    let end = line.iter().position(|&b| b == b';').unwrap_or(line.len());
    let digits = line[..end].trim_ascii();
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_hexdigit) {
        return Err(FetchError::Malformed);
    }
    let digits = std::str::from_utf8(digits).map_err(|_| FetchError::Malformed)?;
    // Only hex digits are left, so a parse failure means overflow.
    usize::from_str_radix(digits, 16).map_err(|_| FetchError::TooLarge)
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Whether `url` is one this client would fetch (`https://`, a host, a port from 1 to 65535, no
/// user part, no spaces or controls), checked before anything is asked of the network.
pub fn check_url(url: &str) -> Result<(), FetchError> {
    HttpsUrl::parse(url).map(|_| ())
}

/// An `https://` URL split into what a request needs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HttpsUrl {
    /// Lowercase host name, or an IP address (IPv6 without brackets).
    host: String,
    port: u16,
    /// Path and query, starting with `/`.
    target: String,
}

impl HttpsUrl {
    fn parse(url: &str) -> Result<Self, FetchError> {
        let url = url.trim();
        let Some((scheme, rest)) = url.split_once("://") else {
            return Err(FetchError::InvalidUrl);
        };
        if !scheme.eq_ignore_ascii_case("https") {
            return Err(if is_scheme(scheme) {
                FetchError::NotHttps
            } else {
                FetchError::InvalidUrl
            });
        }
        // Callers percent-encode; raw spaces, controls and non-ASCII are refused, never sent.
        if !rest.bytes().all(|b| (0x21..0x7f).contains(&b)) {
            return Err(FetchError::InvalidUrl);
        }
        let rest = rest.split('#').next().unwrap_or_default();
        let split = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, target) = rest.split_at(split);
        if authority.contains('@') {
            return Err(FetchError::InvalidUrl);
        }
        let (host, port) = split_host_port(authority)?;
        let target = match target.as_bytes().first() {
            None => "/".to_owned(),
            Some(b'?') => format!("/{target}"),
            Some(_) => target.to_owned(),
        };
        Ok(Self { host, port, target })
    }

    /// Where a redirect's `Location` points, relative to this URL.
    fn join(&self, location: &str) -> Result<Self, FetchError> {
        let location = location.trim();
        if location.is_empty() {
            return Err(FetchError::Malformed);
        }
        let absolute = |url: &str| {
            Self::parse(url).map_err(|e| match e {
                FetchError::InvalidUrl => FetchError::Malformed,
                other => other,
            })
        };
        if let Some((scheme, _)) = location.split_once(':')
            && is_scheme(scheme)
        {
            if !scheme.eq_ignore_ascii_case("https") {
                return Err(FetchError::NotHttps);
            }
            return absolute(location);
        }
        if location.starts_with("//") {
            return absolute(&format!("https:{location}"));
        }
        if !location.bytes().all(|b| (0x21..0x7f).contains(&b)) {
            return Err(FetchError::Malformed);
        }
        let location = location.split('#').next().unwrap_or_default();
        let path = self.target.split('?').next().unwrap_or("/");
        let target = if location.starts_with('/') {
            location.to_owned()
        } else if location.starts_with('?') {
            format!("{path}{location}")
        } else {
            let directory = path.rfind('/').map_or("/", |at| &path[..=at]);
            format!("{directory}{location}")
        };
        Ok(Self {
            host: self.host.clone(),
            port: self.port,
            target,
        })
    }

    /// The `Host` header: the name (IPv6 in brackets), with the port unless it is 443.
    fn host_header(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == 443 {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }
}

/// RFC 3986 scheme: a letter, then letters, digits, `+`, `-`, `.`.
fn is_scheme(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
}

fn split_host_port(authority: &str) -> Result<(String, u16), FetchError> {
    let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (inside, after) = bracketed.split_once(']').ok_or(FetchError::InvalidUrl)?;
        let ip: Ipv6Addr = inside.parse().map_err(|_| FetchError::InvalidUrl)?;
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':').ok_or(FetchError::InvalidUrl)?),
        };
        (ip.to_string(), port)
    } else {
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        let valid = !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_');
        if !valid {
            return Err(FetchError::InvalidUrl);
        }
        (host.to_ascii_lowercase(), port)
    };
    let port = match port {
        None => 443,
        Some(digits) => {
            if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(FetchError::InvalidUrl);
            }
            match digits.parse::<u16>() {
                Ok(port) if port != 0 => port,
                _ => return Err(FetchError::InvalidUrl),
            }
        }
    };
    Ok((host, port))
}

/// The connector trusting the system's roots plus `extra_roots_pem` (`core::net::tls`: the
/// system's roots are loaded once per process). Chain and host name verification stay on.
fn connector(extra_roots_pem: &[Vec<u8>]) -> Result<Connector, FetchError> {
    Connector::new(extra_roots_pem).map_err(|e| match e {
        ConnectorError::Roots(roots) => FetchError::Tls(format!(
            "extra root certificate {} unreadable",
            roots.entry()
        )),
        ConnectorError::Setup(e) => FetchError::Tls(format!("TLS setup failed: {e}")),
    })
}

#[cfg(test)]
mod tests {
    use std::thread;

    use super::*;

    fn url(host: &str, port: u16, target: &str) -> HttpsUrl {
        HttpsUrl {
            host: host.into(),
            port,
            target: target.into(),
        }
    }

    #[test]
    fn urls_are_parsed_strictly() {
        assert_eq!(
            HttpsUrl::parse(
                "https://Autoconfig.Example.COM/mail/config-v1.1.xml?emailaddress=a%40b.c"
            ),
            Ok(url(
                "autoconfig.example.com",
                443,
                "/mail/config-v1.1.xml?emailaddress=a%40b.c"
            ))
        );
        assert_eq!(HttpsUrl::parse("HTTPS://h:8443"), Ok(url("h", 8443, "/")));
        assert_eq!(
            HttpsUrl::parse("https://h?x=1#frag"),
            Ok(url("h", 443, "/?x=1"))
        );
        assert_eq!(
            HttpsUrl::parse("https://[::1]:444/a"),
            Ok(url("::1", 444, "/a"))
        );
        assert_eq!(
            HttpsUrl::parse("https://127.0.0.1/"),
            Ok(url("127.0.0.1", 443, "/"))
        );
        for refused in [
            "http://example.com/",
            "HTTP://example.com",
            "ftp://example.com/",
            "file:///etc/passwd",
        ] {
            assert_eq!(
                HttpsUrl::parse(refused),
                Err(FetchError::NotHttps),
                "{refused}"
            );
        }
        for invalid in [
            "example.com",
            "https://",
            "https:///path",
            "https://user@example.com/",
            "https://exa mple.com/",
            "https://example.com/a b",
            "https://例子.中国/",
            "https://example.com:0/",
            "https://example.com:65536/",
            "https://example.com:x/",
            "https://example.com:/",
            "https://[::1/",
            "https://[nonsense]/",
            "https://example.com\r\nX: y/",
        ] {
            assert_eq!(
                HttpsUrl::parse(invalid),
                Err(FetchError::InvalidUrl),
                "{invalid}"
            );
        }
    }

    #[test]
    fn redirects_resolve_against_the_current_url() {
        let base = url("example.com", 443, "/a/b/config.xml?x=1");
        assert_eq!(
            base.join("https://other.test/c"),
            Ok(url("other.test", 443, "/c"))
        );
        assert_eq!(
            base.join("//other.test:8443/c"),
            Ok(url("other.test", 8443, "/c"))
        );
        assert_eq!(
            base.join("/root.xml#f"),
            Ok(url("example.com", 443, "/root.xml"))
        );
        assert_eq!(
            base.join("next.xml"),
            Ok(url("example.com", 443, "/a/b/next.xml"))
        );
        assert_eq!(
            base.join("?y=2"),
            Ok(url("example.com", 443, "/a/b/config.xml?y=2"))
        );
        assert_eq!(base.join("http://example.com/a"), Err(FetchError::NotHttps));
        assert_eq!(base.join("javascript:alert(1)"), Err(FetchError::NotHttps));
        assert_eq!(base.join(""), Err(FetchError::Malformed));
        assert_eq!(base.join("https://user@x/"), Err(FetchError::Malformed));
        assert_eq!(base.join("/a b"), Err(FetchError::Malformed));
    }

    #[test]
    fn host_header_names_port_and_brackets() {
        assert_eq!(url("h.test", 443, "/").host_header(), "h.test");
        assert_eq!(url("h.test", 8443, "/").host_header(), "h.test:8443");
        assert_eq!(url("::1", 443, "/").host_header(), "[::1]");
    }

    #[test]
    fn status_lines() {
        assert_eq!(parse_status_line(b"HTTP/1.1 200 OK"), Ok(200));
        assert_eq!(parse_status_line(b"HTTP/1.0 404"), Ok(404));
        assert_eq!(parse_status_line(b"HTTP/1.1 302 Found it"), Ok(302));
        for bad in [
            &b""[..],
            b"HTTP/2 200 OK",
            b"HTTP/1.1 20 OK",
            b"HTTP/1.1 2000 OK",
            b"HTTP/1.1 099 x",
            b"http/1.1 200 OK",
            b"HTTP/1.1 20x OK",
            b"SSH-2.0",
        ] {
            assert_eq!(
                parse_status_line(bad),
                Err(FetchError::Malformed),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn headers_and_framing() {
        let mut head = Head::default();
        add_header(&mut head, b"Content-Length: 12").unwrap();
        add_header(&mut head, b"content-length:12").unwrap();
        assert_eq!(head.content_length, Some(12));
        assert!(!head.framing_broken);
        add_header(&mut head, b"Content-Length: 13").unwrap();
        assert!(head.framing_broken);

        let mut head = Head::default();
        add_header(&mut head, b"Transfer-Encoding: gzip").unwrap();
        add_header(&mut head, b"Transfer-Encoding: chunked").unwrap();
        assert_eq!(head.transfer_encoding.as_deref(), Some("gzip, chunked"));
        add_header(&mut head, b"Location:  https://x.test/ ").unwrap();
        assert_eq!(head.location.as_deref(), Some("https://x.test/"));
        add_header(&mut head, b"X-Other: \xff\xfe").unwrap();

        assert_eq!(
            parse_content_length(b"99999999999999999999999"),
            Some(u64::MAX)
        );
        assert_eq!(parse_content_length(b"-1"), None);
        assert_eq!(parse_content_length(b""), None);
        assert_eq!(
            add_header(&mut Head::default(), b" folded"),
            Err(FetchError::Malformed)
        );
        assert_eq!(
            add_header(&mut Head::default(), b"no colon"),
            Err(FetchError::Malformed)
        );
        assert_eq!(
            add_header(&mut Head::default(), b"bad name: x"),
            Err(FetchError::Malformed)
        );
    }

    #[test]
    fn chunk_sizes() {
        assert_eq!(parse_chunk_size(b"1a"), Ok(26));
        assert_eq!(parse_chunk_size(b"0"), Ok(0));
        assert_eq!(parse_chunk_size(b"FF ; name=value"), Ok(255));
        assert_eq!(
            parse_chunk_size(b"fffffffffffffffffffffff"),
            Err(FetchError::TooLarge)
        );
        assert_eq!(parse_chunk_size(b""), Err(FetchError::Malformed));
        assert_eq!(parse_chunk_size(b"-1"), Err(FetchError::Malformed));
        assert_eq!(parse_chunk_size(b"0x10"), Err(FetchError::Malformed));
    }

    #[test]
    fn unreadable_extra_root_is_a_tls_error() {
        assert!(matches!(
            connector(&[b"not a certificate".to_vec()]),
            Err(FetchError::Tls(_))
        ));
        let http = Http::new(&[b"not a certificate".to_vec()], Duration::from_secs(1));
        let got = https_get_with("https://127.0.0.1:9/", &http, &CancelToken::new());
        assert!(matches!(got, Err(FetchError::Tls(_))), "{got:?}");
    }

    #[test]
    fn http_is_refused_without_resolving() {
        let http = Http::new(&[], Duration::from_secs(1))
            .with_resolver(|_, _| panic!("an http:// URL must never be resolved"));
        let got = https_get_with("http://example.test/", &http, &CancelToken::new());
        assert_eq!(got, Err(FetchError::NotHttps));
    }

    #[test]
    fn cancelled_before_start_does_nothing() {
        let cancel = CancelToken::new();
        cancel.cancel();
        let http = Http::new(&[], Duration::from_secs(5))
            .with_resolver(|_, _| panic!("a cancelled fetch must not resolve"));
        assert_eq!(
            https_get_with("https://example.test/", &http, &cancel),
            Err(FetchError::Cancelled)
        );
    }

    #[test]
    fn resolver_failures_are_dns_errors() {
        let http = Http::new(&[], Duration::from_secs(5))
            .with_resolver(|_, _| Err(io::Error::new(io::ErrorKind::NotFound, "no such host")));
        assert_eq!(
            https_get_with("https://nowhere.test/", &http, &CancelToken::new()),
            Err(FetchError::Dns)
        );
        let http = Http::new(&[], Duration::from_secs(5)).with_resolver(|_, _| Ok(Vec::new()));
        assert_eq!(
            https_get_with("https://nowhere.test/", &http, &CancelToken::new()),
            Err(FetchError::Dns)
        );
    }

    #[test]
    fn a_slow_resolver_is_bounded_by_the_timeout() {
        let http = Http::new(&[], Duration::from_millis(300)).with_resolver(|_, _| {
            thread::sleep(Duration::from_secs(3));
            Ok(Vec::new())
        });
        let started = Instant::now();
        assert_eq!(
            https_get_with("https://slow.test/", &http, &CancelToken::new()),
            Err(FetchError::Timeout)
        );
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn refused_connection_is_a_connect_error() {
        // Bind then drop a listener: its port is (almost certainly) closed now.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let got = https_get(
            &format!("https://127.0.0.1:{port}/"),
            &[],
            Duration::from_secs(5),
            &CancelToken::new(),
        );
        assert_eq!(got, Err(FetchError::Connect));
    }
}

#[cfg(test)]
mod props;
