//! What a failed TLS handshake leaves behind, in the words of whichever library ran it: the
//! backends ([`super::openssl`], [`super::native`]) fill it in, and each caller above the network
//! layer turns it into its own kind of error (the probe's precise failure, the HTTPS client's
//! `FetchError`).

/// Why a handshake failed, as the library said it: its text (empty when the socket would have
/// blocked, i.e. a read timed out), the text with its numeric codes (macOS puts the OSStatus only
/// there), and whether a socket read or write underneath timed out.
#[derive(Debug, Default)]
pub(crate) struct HandshakeFailure {
    /// The library's text; empty when a socket read or write would have blocked (timed out).
    pub message: String,
    /// The same with the library's numeric codes.
    pub codes: String,
    /// Whether a socket read or write underneath timed out.
    pub timed_out: bool,
}
