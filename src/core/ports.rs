//! The standard ports of the mail protocols, and the security each implies: the facts the
//! manual form, the test command and the diagnosis of a wrong port all rely on.

use crate::core::probe::Protocol;
use crate::core::provider::model::Security;

/// The standard port for a protocol and security (what the manual form fills in).
pub fn standard_port(protocol: Protocol, security: Security) -> u16 {
    match (protocol, security) {
        (Protocol::Imap, Security::Tls) => 993,
        (Protocol::Imap, _) => 143,
        (Protocol::Pop3, Security::Tls) => 995,
        (Protocol::Pop3, _) => 110,
        (Protocol::Smtp, Security::Tls) => 465,
        (Protocol::Smtp, _) => 587,
    }
}

/// The security a standard port implies, if the port is a standard one for the protocol.
pub fn security_for_port(protocol: Protocol, port: u16) -> Option<Security> {
    match (protocol, port) {
        (Protocol::Imap, 993) | (Protocol::Pop3, 995) | (Protocol::Smtp, 465) => {
            Some(Security::Tls)
        }
        (Protocol::Imap, 143) | (Protocol::Pop3, 110) | (Protocol::Smtp, 587) => {
            Some(Security::Starttls)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_ports_pair_with_security() {
        assert_eq!(standard_port(Protocol::Smtp, Security::Starttls), 587);
        assert_eq!(security_for_port(Protocol::Smtp, 465), Some(Security::Tls));
        assert_eq!(
            security_for_port(Protocol::Imap, 143),
            Some(Security::Starttls)
        );
        assert_eq!(security_for_port(Protocol::Imap, 995), None);
    }
}
