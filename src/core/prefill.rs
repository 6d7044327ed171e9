//! Answers given before the wizard opens (on the command line, or by a help desk's shortcut):
//! language, address, mail program, protocol, hand-typed servers, step, help-desk mode. The
//! command line fills this plain struct; the wizard reads it and ignores values it does not know.
//! It lives in `core` so that neither front end imports the other.

use crate::core::i18n::Lang;

/// Answers given on the command line for the wizard to start with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefill {
    /// Language.
    pub lang: Option<Lang>,
    /// Address.
    pub address: Option<String>,
    /// Client id.
    pub client: Option<String>,
    /// "imap" or "pop3".
    pub protocol: Option<String>,
    /// Step name.
    pub step: Option<String>,
    /// Incoming server typed by hand, HOST:PORT:SECURITY.
    pub incoming: Option<String>,
    /// Outgoing server typed by hand, HOST:PORT:SECURITY.
    pub outgoing: Option<String>,
    /// Help-desk mode.
    pub helpdesk: bool,
}
