//! What each protocol module supplies to the driver: a [`Dialect`] knows its own commands for
//! every stage (greeting, capabilities, STARTTLS, login, mailbox, test message, goodbye) and
//! speaks them over the transport's [`Conn`]; the driver (`run.rs`) owns the order. The login is
//! handed in as [`Credentials`].

use super::fail::Fail;
use super::model::{Failure, TestMessage};
use super::transport::Conn;
use crate::core::secret::Secret;

/// The login a dialect sends.
pub(super) struct Credentials<'a> {
    pub username: &'a str,
    pub secret: &'a Secret,
}

/// One protocol's commands. Each method returns the stage detail on success.
pub(super) trait Dialect {
    /// Reads the greeting (and the capabilities when it carries them).
    fn greet(&mut self, conn: &mut Conn) -> Result<String, Fail>;
    /// Learns the capabilities, without a round trip when the greeting had them.
    fn capabilities(&mut self, conn: &mut Conn) -> Result<String, Fail>;
    /// Asks for STARTTLS: `StarttlsNotOffered` when not advertised, `StarttlsRefused` when the
    /// server says no.
    fn request_tls(&mut self, conn: &mut Conn) -> Result<(), Fail>;
    /// Learns the capabilities again on the encrypted connection.
    fn after_tls(&mut self, conn: &mut Conn) -> Result<(), Fail>;
    /// Logs in. Only called on an encrypted connection.
    fn login(&mut self, conn: &mut Conn, login: &Credentials<'_>) -> Result<String, Fail>;
    /// On a connection that stays unencrypted: whether the capabilities already say the server
    /// refuses any password login without encryption (IMAP `LOGINDISABLED` with no usable
    /// `AUTH=`, SMTP `STARTTLS` with no `AUTH`, POP3 `STLS` with neither `USER` nor a usable
    /// `SASL`). `Some((reason, server words))` then; `None` when a login would be accepted or the
    /// capabilities do not tell.
    fn plaintext_login_refused(&self) -> Option<(&'static str, String)>;
    /// Whether the protocol has a Mailbox stage (SMTP has none).
    fn has_mailbox(&self) -> bool;
    /// Opens the mailbox read-only.
    fn open_mailbox(&mut self, conn: &mut Conn) -> Result<String, Fail>;
    /// Whether the protocol can send the test message (SMTP only).
    fn sends_mail(&self) -> bool {
        false
    }
    /// Sends the test message after the login; the detail is the server's reply to it. Only
    /// called when [`sends_mail`](Self::sends_mail) says so.
    fn send_test_message(
        &mut self,
        _conn: &mut Conn,
        _message: &TestMessage,
    ) -> Result<String, Fail> {
        Err(Fail::new(
            Failure::ProtocolViolation,
            "this protocol sends no mail",
        ))
    }
    /// Sends the goodbye (LOGOUT / QUIT) without waiting for the answer; errors are ignored.
    fn logout(&mut self, conn: &mut Conn);
}
