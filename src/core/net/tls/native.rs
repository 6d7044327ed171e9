//! The TLS backend on Windows (SChannel) and macOS (Security framework): native-tls, which
//! trusts the system's certificate store; extra roots are added to it.

use std::io::{Read, Write};

use native_tls::{Certificate, HandshakeError, TlsConnector, TlsStream};

use super::failure::HandshakeFailure;

/// An extra root certificate, parsed.
pub(crate) type Root = Certificate;

/// A TLS session over `S`.
pub(crate) type Session<S> = TlsStream<S>;

/// A client configuration: the system's roots and the extra ones, verification on.
#[derive(Clone, Debug)]
pub(crate) struct Connector(TlsConnector);

/// Nothing to get going: the system's certificate store is the operating system's.
pub(super) fn prepare() {}

/// Parses one PEM certificate block.
pub(super) fn parse_root(pem_block: &[u8]) -> Result<Root, String> {
    Certificate::from_pem(pem_block).map_err(|e| e.to_string())
}

/// Builds the configuration.
pub(super) fn build(roots: Vec<Root>) -> Result<Connector, String> {
    let mut builder = TlsConnector::builder();
    for root in roots {
        builder.add_root_certificate(root);
    }
    builder.build().map(Connector).map_err(|e| e.to_string())
}

/// Performs the handshake with `host` over `stream`, verifying its certificate.
pub(super) fn connect<S: Read + Write>(
    connector: &Connector,
    host: &str,
    stream: S,
) -> Result<Session<S>, HandshakeFailure> {
    connector.0.connect(host, stream).map_err(|e| match e {
        // The text, and the debug form too: on macOS only the latter carries the OSStatus code.
        HandshakeError::Failure(e) => HandshakeFailure {
            message: e.to_string(),
            codes: format!("{e:?}"),
            timed_out: io_timed_out(&e),
        },
        HandshakeError::WouldBlock(_) => HandshakeFailure::default(),
    })
}

/// The server's certificate (DER), when the library hands it out.
pub(crate) fn peer_certificate_der<S: Read + Write>(session: &Session<S>) -> Option<Vec<u8>> {
    session
        .peer_certificate()
        .ok()
        .flatten()
        .and_then(|c| c.to_der().ok())
}

/// Whether a handshake failure is, underneath, a socket read or write that timed out.
fn io_timed_out(e: &native_tls::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return matches!(
                io.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            );
        }
        source = cause.source();
    }
    false
}
