//! What the wizard opens with: answers given before it starts (on the command line, or in a help
//! desk's shortcut) and the network settings for discovery and test connections.
//!
//! The program's entry builds one [`StartOptions`] from the command line, where every value is
//! checked and a bad one is reported (the same way as for any other command) before a window
//! opens; the wizard applies it to its remembered state with `Persisted::apply_start`.

use crate::core::discovery::NetConfig;
use crate::core::i18n::Lang;
use crate::core::settings::Incoming;
use crate::ui::state::{ManualServer, Step};

/// Checked answers and network settings for the wizard to start with.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// The language, when one was asked for.
    pub lang: Option<Lang>,
    /// The address to fill in (still editable).
    pub address: Option<String>,
    /// A mail program's id from the catalogue.
    pub client_id: Option<String>,
    /// IMAP or POP3.
    pub incoming: Option<Incoming>,
    /// The step to open on; without it, the one after the last answer given.
    pub step: Option<Step>,
    /// The incoming server typed in by hand.
    pub manual_incoming: Option<ManualServer>,
    /// The outgoing server typed in by hand.
    pub manual_outgoing: Option<ManualServer>,
    /// Help-desk mode.
    pub helpdesk: bool,
    /// Where discovery looks and which extra roots the test connections trust.
    pub net: NetConfig,
}
