//! The servers a place names, shared by the check and the Autodiscover reader.

use serde::Serialize;

use crate::core::clientconfig::ClientConfig;
use crate::core::discovery::within;
use crate::core::probe::Protocol;
use crate::core::provider::model::{Endpoint, Provider};

/// Servers for the three protocols, preferred first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ServerSet {
    /// IMAP servers.
    pub imap: Vec<Endpoint>,
    /// POP3 servers.
    pub pop3: Vec<Endpoint>,
    /// SMTP submission servers.
    pub smtp: Vec<Endpoint>,
}

impl ServerSet {
    /// Whether a mail program could be set up from it: incoming and outgoing.
    pub fn is_usable(&self) -> bool {
        (!self.imap.is_empty() || !self.pop3.is_empty()) && !self.smtp.is_empty()
    }

    /// The servers a program would use: the first IMAP (else POP3) and the first SMTP server.
    pub fn preferred(&self) -> Vec<(Protocol, &Endpoint)> {
        let incoming = self
            .imap
            .first()
            .map(|e| (Protocol::Imap, e))
            .or_else(|| self.pop3.first().map(|e| (Protocol::Pop3, e)));
        incoming
            .into_iter()
            .chain(self.smtp.first().map(|e| (Protocol::Smtp, e)))
            .collect()
    }

    pub(super) fn from_config(cfg: ClientConfig) -> Self {
        Self {
            imap: cfg.imap,
            pop3: cfg.pop3,
            smtp: cfg.smtp,
        }
    }

    pub(super) fn from_provider(p: &Provider) -> Self {
        Self {
            imap: p.imap.clone(),
            pop3: p.pop3.clone(),
            smtp: p.smtp.clone(),
        }
    }

    pub(super) fn all_within(&self, domain: &str) -> bool {
        self.imap
            .iter()
            .chain(&self.pop3)
            .chain(&self.smtp)
            .all(|e| within(&e.host, domain))
    }
}
