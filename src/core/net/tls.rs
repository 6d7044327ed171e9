//! The one TLS connector of mailwiz: the system's roots plus any extra roots the caller hands in
//! (PEM, one or more certificates per entry), certificate chain and host name always verified.
//!
//! Data flows: extra roots (PEM bytes) → [`parse_roots`] (blocks found by [`super::pem`], each
//! parsed by the backend) → [`Connector::new`] → [`connect`] runs the handshake over any stream
//! (the probe's recording socket, the HTTPS client's plain one) → a [`Session`], or a
//! [`HandshakeFailure`] in the library's own words for the caller to classify. The costly shared
//! part (the system's roots) is made once per process and early ([`prepare_tls`]).
//!
//! The library underneath: OpenSSL on Linux and the other Unix systems ([`openssl`]: set up as
//! native-tls sets it up, but with the system's roots loaded in a fraction of the time), native-tls
//! on Windows (SChannel) and macOS (Security framework) ([`native`]). Nothing here can switch
//! verification off.

use std::io::{Read, Write};

mod failure;
#[cfg(any(windows, target_vendor = "apple"))]
mod native;
#[cfg(any(windows, target_vendor = "apple"))]
use self::native as backend;
#[cfg(not(any(windows, target_vendor = "apple")))]
mod openssl;
#[cfg(not(any(windows, target_vendor = "apple")))]
use self::openssl as backend;

pub(crate) use self::backend::{Session, peer_certificate_der};
pub(crate) use self::failure::HandshakeFailure;
use super::pem;

/// Gets the TLS set-up going in the background, once per process, and returns at once: on Linux
/// and the other Unix systems, the system's roots take tens of milliseconds to load, and started
/// first thing they load while the name is looked up and the connection is made (and a handshake
/// waits for them only once the server's answer is in). The CLI calls this as soon as it starts
/// a test, the wizard when it opens, and every probe and fetch when it starts.
pub fn prepare_tls() {
    backend::prepare();
}

/// Why the extra roots cannot be used. Entries and blocks count from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootsError {
    /// Entry `entry` holds no PEM certificate block.
    NoCertificate {
        /// Which entry of the extra roots.
        entry: usize,
    },
    /// Block `block` of entry `entry` is not a certificate the TLS library can read.
    Unreadable {
        /// Which entry of the extra roots.
        entry: usize,
        /// Which certificate block of that entry.
        block: usize,
        /// The library's words.
        why: String,
    },
}

impl RootsError {
    /// The entry (from 1) that could not be used.
    pub fn entry(&self) -> usize {
        match self {
            Self::NoCertificate { entry } | Self::Unreadable { entry, .. } => *entry,
        }
    }
}

/// Why no connector could be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ConnectorError {
    /// An extra root is unusable.
    Roots(RootsError),
    /// The TLS library could not be set up (its words).
    Setup(String),
}

/// Every certificate of every entry of `extra_roots_pem`, parsed; each entry must hold at least
/// one, and every one must parse.
pub(crate) fn parse_roots(extra_roots_pem: &[Vec<u8>]) -> Result<Vec<backend::Root>, RootsError> {
    let mut roots = Vec::new();
    for (index, pem) in extra_roots_pem.iter().enumerate() {
        let entry = index + 1;
        let blocks = pem::certificate_blocks(pem);
        if blocks.is_empty() {
            return Err(RootsError::NoCertificate { entry });
        }
        for (block_index, block) in blocks.into_iter().enumerate() {
            let root = backend::parse_root(block).map_err(|why| RootsError::Unreadable {
                entry,
                block: block_index + 1,
                why,
            })?;
            roots.push(root);
        }
    }
    Ok(roots)
}

/// A client configuration: the system's roots and the extra ones, verification on. Cheap to
/// make and to clone: what is shared is made once per process.
#[derive(Clone, Debug)]
pub(crate) struct Connector(backend::Connector);

impl Connector {
    /// The connector trusting the system's roots plus `extra_roots_pem`.
    pub fn new(extra_roots_pem: &[Vec<u8>]) -> Result<Self, ConnectorError> {
        let roots = parse_roots(extra_roots_pem).map_err(ConnectorError::Roots)?;
        backend::build(roots)
            .map(Self)
            .map_err(ConnectorError::Setup)
    }
}

/// Performs the TLS handshake with `host` over `stream`, verifying its certificate chain and name.
pub(crate) fn connect<S: Read + Write>(
    connector: &Connector,
    host: &str,
    stream: S,
) -> Result<Session<S>, HandshakeFailure> {
    backend::connect(&connector.0, host, stream)
}
