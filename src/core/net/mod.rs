//! The network layer under both the probe and discovery: everything about reaching a server that
//! does not depend on what is said to it.
//!
//! An operation (a probe, a discovery fetch, a server check) flows through it like this: a
//! [`CancelToken`] from the caller and a [`deadline`] with its watchdog bound it in time; the host
//! name becomes addresses through the one [`Resolver`] the caller carries ([`dns`]: the system's
//! resolver, one DNS server, or a test's function); [`tcp`] connects to the first address that
//! answers; [`tls`] secures the connection with the one connector (system roots plus extra roots
//! read by the one PEM reader in [`pem`], verification always on). Name lookup and connect run on
//! helper threads the caller stops waiting for on cancel or at the deadline.
//!
//! What the bytes mean is the callers' business: the probe (`core::probe`) speaks IMAP, POP3 and
//! SMTP over these connections and classifies failures into its own kinds, discovery
//! (`core::discovery`) speaks HTTPS and asks DNS for MX and SRV records. This module imports
//! neither.

pub mod cancel;
pub(crate) mod deadline;
pub mod dns;
pub mod pem;
pub(crate) mod tcp;
pub mod tls;

pub use self::cancel::{CancelToken, Registration};
pub use self::dns::Resolver;
pub use self::tls::prepare_tls;
