//! The TLS backend on Linux and the other Unix systems: OpenSSL, set up the way native-tls sets
//! it up there (the same options and cipher list as openssl's `SslConnector`, TLS 1.2 at least,
//! the peer's chain verified, the host name or address checked without partial wildcards, SNI),
//! trusting the same roots: OpenSSL's default file and directory (or `SSL_CERT_FILE` /
//! `SSL_CERT_DIR`), the file and directories openssl-probe finds, and the extra roots.
//!
//! Why not native-tls itself here: it has the system bundle parsed for every connector, twice
//! (OpenSSL's default file, then the same file again as found by openssl-probe), and OpenSSL 3
//! parses a PEM bundle slowly — about 30 ms for Debian's 144 roots each time: 60 ms before the
//! first handshake could start. Here:
//! - the system's roots are loaded once per process, on a background thread started early
//!   ([`prepare`]): each bundle file read once, its blocks decoded from base64 here and parsed as
//!   DER (half OpenSSL's PEM cost) on up to four threads; directories are still looked up lazily
//!   by OpenSSL. When a file holds anything but plain `CERTIFICATE` blocks (CRLs, `TRUSTED
//!   CERTIFICATE`, headers, a block that does not parse), or `SSL_CERT_URI` is set, OpenSSL's own
//!   loaders do it, for each connection, exactly as native-tls does;
//! - a handshake does not wait for them before it starts: the ClientHello goes out at once, and
//!   only the server's answer — which holds the certificate to verify — waits until the roots
//!   are there ([`Gate`]). Each connection gets its own verification store (system roots, extra
//!   roots, directories), set before a single byte of the answer is read.

use std::collections::HashSet;
use std::ffi::{CStr, OsString, c_char};
use std::io::{self, Read, Write};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Once, OnceLock};
use std::thread;

use foreign_types::{ForeignType, ForeignTypeRef};
use openssl::error::ErrorStack;
use openssl::ssl::{
    HandshakeError, Ssl, SslContext, SslContextBuilder, SslFiletype, SslMethod, SslMode,
    SslOptions, SslRef, SslStream, SslVerifyMode, SslVersion,
};
use openssl::x509::store::{X509Lookup, X509Store, X509StoreBuilder};
use openssl::x509::verify::X509CheckFlags;
use openssl::x509::{X509, X509VerifyResult};

use super::failure::HandshakeFailure;
use crate::core::net::pem::{self, PEM_BEGIN, PEM_END};

/// An extra root certificate, parsed.
pub(crate) type Root = X509;

/// A client configuration: the extra roots; the rest is shared by the whole process.
#[derive(Clone, Debug)]
pub(crate) struct Connector {
    extra_roots: Vec<X509>,
}

/// Most threads that parse the system's roots.
const PARSE_THREADS_MAX: usize = 4;
/// Longest base64 line accepted on the fast path (PEM writes 64; OpenSSL's reader takes more,
/// but anything unusual goes to OpenSSL's own loader).
const BASE64_LINE_MAX: usize = 76;

/// The system's roots, as loaded once.
enum SystemRoots {
    /// Parsed here: the certificates of the bundle files, and the directories to look in.
    Parsed { roots: Vec<X509>, dirs: Vec<String> },
    /// Out of the ordinary: OpenSSL's default paths and openssl-probe's file and directories,
    /// loaded by OpenSSL for each connection.
    Loaders {
        file: Option<PathBuf>,
        dirs: Vec<PathBuf>,
    },
}

static SYSTEM_ROOTS: OnceLock<SystemRoots> = OnceLock::new();
static CONTEXT: OnceLock<Result<SslContext, String>> = OnceLock::new();

/// Starts loading the system's roots (and setting OpenSSL up) on a background thread, once per
/// process; returns at once.
pub(super) fn prepare() {
    static STARTED: Once = Once::new();
    STARTED.call_once(|| {
        // Without the thread, the first handshake loads them itself.
        let _ = thread::Builder::new()
            .name("mailwiz-tls-roots".into())
            .spawn(|| {
                let _ = context();
                let _ = system_roots();
            });
    });
}

fn system_roots() -> &'static SystemRoots {
    SYSTEM_ROOTS.get_or_init(|| {
        let probe = openssl_probe::probe();
        load_fast(&probe).unwrap_or(SystemRoots::Loaders {
            file: probe.cert_file,
            dirs: probe.cert_dir,
        })
    })
}

/// Parses one PEM certificate block (as native-tls's `Certificate::from_pem`).
pub(super) fn parse_root(pem_block: &[u8]) -> Result<Root, String> {
    X509::from_pem(pem_block).map_err(|e| e.to_string())
}

/// The configuration with these extra roots (cheap: the shared part is made once).
pub(super) fn build(roots: Vec<Root>) -> Result<Connector, String> {
    context()?;
    Ok(Connector { extra_roots: roots })
}

/// The context every connection starts from: openssl's `SslConnector::builder` (what
/// native-tls uses), but for its `set_default_verify_paths` — each connection gets its store of
/// roots in [`connect`] — and with native-tls's default protocol range.
fn context() -> Result<&'static SslContext, String> {
    let made = CONTEXT.get_or_init(|| {
        let setup = || -> Result<SslContext, ErrorStack> {
            let mut ctx = SslContextBuilder::new(SslMethod::tls())?;
            let mut options = SslOptions::ALL
                | SslOptions::NO_COMPRESSION
                | SslOptions::NO_SSLV2
                | SslOptions::NO_SSLV3
                | SslOptions::SINGLE_DH_USE
                | SslOptions::SINGLE_ECDH_USE;
            options &= !SslOptions::DONT_INSERT_EMPTY_FRAGMENTS;
            ctx.set_options(options);
            let mut mode = SslMode::AUTO_RETRY
                | SslMode::ACCEPT_MOVING_WRITE_BUFFER
                | SslMode::ENABLE_PARTIAL_WRITE;
            // OpenSSL 1.0.1h and newer, as openssl's SslConnector checks.
            if openssl::version::number() >= 0x1000_1080 {
                mode |= SslMode::RELEASE_BUFFERS;
            }
            ctx.set_mode(mode);
            ctx.set_cipher_list(
                "DEFAULT:!aNULL:!eNULL:!MD5:!3DES:!DES:!RC4:!IDEA:!SEED:!aDSS:!SRP:!PSK",
            )?;
            ctx.set_verify(SslVerifyMode::PEER);
            // native-tls's default range: TLS 1.2 and newer.
            ctx.set_min_proto_version(Some(SslVersion::TLS1_2))?;
            ctx.set_max_proto_version(None)?;
            Ok(ctx.build())
        };
        setup().map_err(|e| e.to_string())
    });
    made.as_ref().map_err(Clone::clone)
}

/// The roots one connection verifies against: the system's, the directories, the extra ones.
fn verify_store(extra_roots: &[X509]) -> Result<X509Store, ErrorStack> {
    let mut store = X509StoreBuilder::new()?;
    match system_roots() {
        SystemRoots::Parsed { roots, dirs } => {
            for root in roots {
                let _ = store.add_cert(root.clone());
            }
            let lookup = store.add_lookup(X509Lookup::hash_dir())?;
            for dir in dirs {
                // OpenSSL splits a list of directories (`a:b`) itself.
                let _ = lookup.add_dir(dir, SslFiletype::PEM);
            }
        }
        SystemRoots::Loaders { file, dirs } => {
            // What native-tls does: OpenSSL's defaults, then openssl-probe's finds.
            store.set_default_paths()?;
            if let Some(file) = file {
                let lookup = store.add_lookup(X509Lookup::file())?;
                let _ = lookup.load_cert_file(file, SslFiletype::PEM);
            }
            let lookup = store.add_lookup(X509Lookup::hash_dir())?;
            for dir in dirs.iter().filter_map(|d| d.to_str()) {
                let _ = lookup.add_dir(dir, SslFiletype::PEM);
            }
        }
    }
    for root in extra_roots {
        // As native-tls: a root already there (added twice) is no error worth stopping for.
        let _ = store.add_cert(root.clone());
    }
    Ok(store.build())
}

/// The stream under a handshake: reads wait ("would block") until the connection's roots are
/// set, so that nothing of the server's answer — and so no certificate — is looked at before.
#[derive(Debug)]
pub(crate) struct Gate<S> {
    stream: S,
    open: bool,
}

impl<S: Read> Read for Gate<S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.open {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        self.stream.read(buf)
    }
}

impl<S: Write> Write for Gate<S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.stream.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

/// A TLS session over `S`.
#[derive(Debug)]
pub(crate) struct Session<S>(SslStream<Gate<S>>);

impl<S> Session<S> {
    /// The stream underneath.
    pub fn get_ref(&self) -> &S {
        &self.0.get_ref().stream
    }

    /// The stream underneath.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.0.get_mut().stream
    }
}

impl<S: Read + Write> Read for Session<S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl<S: Read + Write> Write for Session<S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Performs the handshake with `host` over `stream`, verifying its certificate; a failure reads
/// as native-tls words it ("…certificate verify failed… (unable to get local issuer
/// certificate)").
pub(super) fn connect<S: Read + Write>(
    connector: &Connector,
    host: &str,
    stream: S,
) -> Result<Session<S>, HandshakeFailure> {
    let setup_failed = |e: ErrorStack| HandshakeFailure {
        message: format!("TLS setup failed: {e}"),
        codes: format!("{e:?}"),
        timed_out: false,
    };
    let context = context().map_err(|e| HandshakeFailure {
        message: format!("TLS setup failed: {e}"),
        ..HandshakeFailure::default()
    })?;
    let ssl = configure(context, host).map_err(setup_failed)?;
    let gate = Gate {
        stream,
        open: false,
    };
    let result = match ssl.connect(gate) {
        // The ClientHello is out; the gate stopped the first read. Now the roots are needed.
        Err(HandshakeError::WouldBlock(mut mid)) if !mid.get_ref().open => {
            let store = verify_store(&connector.extra_roots).map_err(setup_failed)?;
            set_verify_store(mid.ssl(), store).map_err(setup_failed)?;
            mid.get_mut().open = true;
            mid.handshake()
        }
        other => other,
    };
    result.map(Session).map_err(|e| match e {
        HandshakeError::SetupFailure(e) => setup_failed(e),
        HandshakeError::Failure(mid) => {
            let verify = mid.ssl().verify_result();
            let error = mid.into_error();
            let timed_out = error.io_error().is_some_and(|io| {
                matches!(
                    io.kind(),
                    io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
                )
            });
            let message = if verify == X509VerifyResult::OK {
                error.to_string()
            } else {
                format!("{error} ({verify})")
            };
            HandshakeFailure {
                message,
                codes: format!("{error:?} {verify:?}"),
                timed_out,
            }
        }
        // A socket read that timed out (the gate is open by now).
        HandshakeError::WouldBlock(_) => HandshakeFailure::default(),
    })
}

/// Makes `store` the roots this connection's peer is verified against (what openssl's
/// `SslRef::set_verify_cert_store` does, which a handshake under way does not reach).
fn set_verify_store(ssl: &SslRef, store: X509Store) -> Result<(), ErrorStack> {
    // SAFETY: the SSL belongs to the handshake this thread holds by value, which is not running:
    // nothing else uses it meanwhile. On success `set0` has taken over our reference to the
    // store (so it is not freed here; the SSL frees it); on failure it took nothing.
    let set = unsafe { openssl_sys::SSL_set0_verify_cert_store(ssl.as_ptr(), store.as_ptr()) };
    if set > 0 {
        std::mem::forget(store);
        Ok(())
    } else {
        Err(ErrorStack::get())
    }
}

/// One connection's settings, as openssl's `ConnectConfiguration::into_ssl`: SNI for a name,
/// and the name (or address) checked against the certificate.
fn configure(context: &SslContext, host: &str) -> Result<Ssl, ErrorStack> {
    let mut ssl = Ssl::new(context)?;
    let address = host.parse::<IpAddr>();
    if address.is_err() {
        ssl.set_hostname(host)?;
    }
    let param = ssl.param_mut();
    param.set_hostflags(X509CheckFlags::NO_PARTIAL_WILDCARDS);
    match address {
        Ok(ip) => param.set_ip(ip)?,
        Err(_) => param.set_host(host)?,
    }
    Ok(ssl)
}

/// The server's certificate (DER).
pub(crate) fn peer_certificate_der<S>(session: &Session<S>) -> Option<Vec<u8>> {
    session
        .0
        .ssl()
        .peer_certificate()
        .and_then(|c| c.to_der().ok())
}

/// A string OpenSSL compiled in (`X509_get_default_cert_file` and its kind).
fn openssl_default(get: unsafe extern "C" fn() -> *const c_char) -> Option<String> {
    // SAFETY: these functions take nothing and return a pointer to a constant, NUL-terminated
    // string inside the OpenSSL library (never null, never freed).
    let text = unsafe { CStr::from_ptr(get()) };
    text.to_str().ok().map(str::to_owned)
}

/// OpenSSL's default for a location: the environment variable it names when set (as
/// `X509_STORE_set_default_paths` reads it), else the compiled-in value.
fn default_location(
    env_name: unsafe extern "C" fn() -> *const c_char,
    compiled: unsafe extern "C" fn() -> *const c_char,
) -> Option<OsString> {
    let name = openssl_default(env_name)?;
    std::env::var_os(name).or_else(|| openssl_default(compiled).map(OsString::from))
}

/// The roots OpenSSL's default paths plus openssl-probe's would give, read without OpenSSL's
/// PEM reader; `None` when anything is out of the ordinary.
fn load_fast(probe: &openssl_probe::ProbeResult) -> Option<SystemRoots> {
    if std::env::var_os("SSL_CERT_URI").is_some() {
        return None;
    }
    let default_file = default_location(
        openssl_sys::X509_get_default_cert_file_env,
        openssl_sys::X509_get_default_cert_file,
    )?;
    let default_dir = default_location(
        openssl_sys::X509_get_default_cert_dir_env,
        openssl_sys::X509_get_default_cert_dir,
    )?;
    // The same file under two names (Debian: /usr/lib/ssl/cert.pem is a link to
    // /etc/ssl/certs/ca-certificates.crt, which openssl-probe finds) is read once.
    let mut seen = HashSet::new();
    let mut ders = Vec::new();
    for file in std::iter::once(PathBuf::from(default_file)).chain(probe.cert_file.clone()) {
        let real = std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
        if !seen.insert(real) {
            continue;
        }
        // A file that cannot be read adds nothing under OpenSSL's loader either.
        if let Ok(bundle) = std::fs::read(&file) {
            ders.extend(plain_certificate_blocks(&bundle)?);
        }
    }
    let roots = parse_ders(&ders)?;
    let mut dirs = vec![default_dir.into_string().ok()?];
    for dir in &probe.cert_dir {
        dirs.push(dir.to_str()?.to_owned());
    }
    Some(SystemRoots::Parsed { roots, dirs })
}

/// Parses DER certificates on several threads; `None` if any does not parse.
fn parse_ders(ders: &[Vec<u8>]) -> Option<Vec<X509>> {
    let threads = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, PARSE_THREADS_MAX);
    let share = ders.len().div_ceil(threads).max(1);
    thread::scope(|scope| {
        let parts: Vec<_> = ders
            .chunks(share)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|der| X509::from_der(der).ok())
                        .collect::<Option<Vec<_>>>()
                })
            })
            .collect();
        let mut all = Vec::with_capacity(ders.len());
        for part in parts {
            all.extend(part.join().ok()??);
        }
        Some(all)
    })
}

/// The DER of every block in a PEM bundle, when it holds nothing but plain `CERTIFICATE` blocks
/// with base64 lines of usual length (text between blocks is ignored, as OpenSSL does). The
/// blocks are found by the one PEM reader ([`pem::certificate_blocks`]); a block of another kind,
/// an unterminated one or one with a header makes the count differ, and OpenSSL's loader then
/// reads the file.
fn plain_certificate_blocks(bundle: &[u8]) -> Option<Vec<Vec<u8>>> {
    let text = std::str::from_utf8(bundle).ok()?;
    let blocks = pem::certificate_blocks(bundle);
    if text.matches("-----BEGIN ").count() != blocks.len() {
        return None;
    }
    let mut ders = Vec::with_capacity(blocks.len());
    for block in blocks {
        let inner = block.get(PEM_BEGIN.len()..block.len() - PEM_END.len())?;
        let body = std::str::from_utf8(inner).ok()?;
        if body.contains("-----") {
            return None;
        }
        let mut der = Vec::with_capacity(body.len() * 3 / 4);
        for line in body.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if line.len() > BASE64_LINE_MAX {
                return None;
            }
            der.extend_from_slice(line.as_bytes());
        }
        ders.push(base64_decode(&der)?);
    }
    Some(ders)
}

/// Standard base64 with padding (RFC 4648), strictly: `None` for anything else.
fn base64_decode(text: &[u8]) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(4) {
        return None;
    }
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let quads = text.len() / 4;
    for (index, quad) in text.chunks(4).enumerate() {
        let padding = quad.iter().rev().take_while(|&&c| c == b'=').count();
        if padding > 2 || (padding > 0 && index + 1 != quads) {
            return None;
        }
        let mut bits = 0u32;
        for &c in &quad[..4 - padding] {
            bits = (bits << 6) | u32::from(value(c)?);
        }
        bits <<= 6 * padding;
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..4 - padding]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_decodes_strictly() {
        assert_eq!(base64_decode(b"").unwrap(), b"");
        assert_eq!(base64_decode(b"Zg==").unwrap(), b"f");
        assert_eq!(base64_decode(b"Zm8=").unwrap(), b"fo");
        assert_eq!(base64_decode(b"Zm9v").unwrap(), b"foo");
        assert_eq!(base64_decode(b"Zm9vYmFy").unwrap(), b"foobar");
        assert_eq!(base64_decode(b"//4A").unwrap(), [0xff, 0xfe, 0x00]);
        for bad in [&b"Zg="[..], b"Zg=a", b"Z===", b"Zg==Zg==", b"Zm9*"] {
            assert_eq!(base64_decode(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn only_plain_certificate_bundles_take_the_fast_path() {
        let plain = "comment\n-----BEGIN CERTIFICATE-----\nZm9v\nYmFy\n-----END CERTIFICATE-----\n\
                     -----BEGIN CERTIFICATE-----\r\nZg==\r\n-----END CERTIFICATE-----\r\n";
        assert_eq!(
            plain_certificate_blocks(plain.as_bytes()).unwrap(),
            [b"foobar".to_vec(), b"f".to_vec()]
        );
        assert_eq!(
            plain_certificate_blocks(b"").unwrap(),
            Vec::<Vec<u8>>::new()
        );
        for other in [
            "-----BEGIN TRUSTED CERTIFICATE-----\nZm9v\n-----END TRUSTED CERTIFICATE-----\n",
            "-----BEGIN X509 CRL-----\nZm9v\n-----END X509 CRL-----\n",
            "-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\nZm9v\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nZm9v\n",
        ] {
            assert_eq!(plain_certificate_blocks(other.as_bytes()), None, "{other}");
        }
    }

    /// The roots loaded here are exactly those OpenSSL's own loaders read from the same files.
    #[test]
    fn the_fast_roots_match_openssls_loader() {
        let probe = openssl_probe::probe();
        // Nothing out of the ordinary is expected on the test machines (Debian).
        let Some(SystemRoots::Parsed { roots, .. }) = load_fast(&probe) else {
            panic!("the fast path was not taken");
        };
        let mut fast: Vec<Vec<u8>> = roots.iter().filter_map(|c| c.to_der().ok()).collect();
        let mut reference = X509StoreBuilder::new().unwrap();
        reference.set_default_paths().unwrap();
        if let Some(file) = &probe.cert_file {
            reference
                .add_lookup(X509Lookup::file())
                .unwrap()
                .load_cert_file(file, SslFiletype::PEM)
                .unwrap();
        }
        let mut slow: Vec<Vec<u8>> = reference
            .build()
            .all_certificates()
            .iter()
            .filter_map(|c| c.to_der().ok())
            .collect();
        fast.sort();
        fast.dedup();
        slow.sort();
        slow.dedup();
        assert!(!fast.is_empty());
        assert_eq!(fast, slow);
    }
}
