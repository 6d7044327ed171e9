//! Outlook Autodiscover: the settings as a "plain old XML" (POX) Autodiscover response, the file
//! Outlook fetches from `https://autodiscover.DOMAIN/autodiscover/autodiscover.xml`.
//!
//! One `<Protocol>` for the chosen incoming server (`IMAP` or `POP3`) and one for `SMTP`, with the
//! login name, `DomainRequired off`, `SPA off` (Secure Password Authentication would make Outlook
//! try NTLM, which these providers do not offer), `AuthRequired on`, and the connection security
//! in two elements:
//!
//! | security      | `<SSL>` | `<Encryption>` |
//! |---------------|---------|----------------|
//! | implicit TLS  | `on`    | `SSL`          |
//! | STARTTLS      | `on`    | `TLS`          |
//! | none          | `off`   | `None`         |
//!
//! What this relies on:
//! - Microsoft's POX reference: the Autodiscover/Response/Account/Protocol hierarchy, the
//!   element names, and `SSL` = "whether secure logon is required", `on`/`off`, default `on`
//!   (<https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/ssl-pox>,
//!   <https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/protocol-pox>,
//!   <https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/authrequired-pox>).
//! - `Encryption` with the values `None`, `SSL`, `TLS` and `Auto`, as listed in Thunderbird's
//!   reader next to its link to Microsoft's page for the element (the page itself could not be
//!   read here). Reading `SSL` as implicit TLS and `TLS` as STARTTLS follows Outlook's own
//!   security choices (older versions: SSL / TLS; current: SSL/TLS / STARTTLS, see
//!   `assets/clients/outlook-classic.toml`) and is the common reading of generated responses.
//! - Thunderbird's reader (comm-central `ExchangeAutoDiscover.sys.mjs`) treats `<SSL>off</SSL>`
//!   as an unencrypted server whatever `Encryption` says, and picks STARTTLS from the standard
//!   ports. So `SSL` stays `on` for STARTTLS: `off` would make such readers send the code in the
//!   clear.

use super::common::{ExportError, xml_escape};
use crate::core::provider::model::{Endpoint, PasswordKind, Security};
use crate::core::settings::AccountSettings;

/// The Autodiscover response namespace (outer element).
pub const AUTODISCOVER_NS: &str =
    "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
/// The Outlook response schema namespace (`Response` and below).
pub const OUTLOOK_RESPONSE_NS: &str =
    "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

/// A POX Autodiscover response for these settings (see the module comment). Refuses providers
/// that accept no password ([`ExportError::NeedsProviderSignIn`]): POX can only describe a
/// password login, which such a provider always refuses.
pub fn autodiscover_xml(settings: &AccountSettings) -> Result<String, ExportError> {
    pox(settings, Some(&settings.username))
}

/// A POX Autodiscover response for every address of the domain, to publish as a static file:
/// without `LoginName`, which a static file cannot fill in for each person, so the program signs
/// in with the address it was asked for. Only for settings whose login is the full address
/// ([`ExportError::UsernameNotTemplatable`] otherwise) and that take a password.
pub fn autodiscover_domain_xml(settings: &AccountSettings) -> Result<String, ExportError> {
    let address = super::common::parsed_address(settings)?;
    let full = settings.username.eq_ignore_ascii_case(&settings.address)
        || settings.username.eq_ignore_ascii_case(&address.ascii());
    if !full {
        return Err(ExportError::UsernameNotTemplatable);
    }
    pox(settings, None)
}

fn pox(settings: &AccountSettings, login: Option<&str>) -> Result<String, ExportError> {
    if settings.password_kind == PasswordKind::Oauth2Only {
        return Err(ExportError::NeedsProviderSignIn);
    }
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!("<Autodiscover xmlns=\"{AUTODISCOVER_NS}\">\n"));
    xml.push_str(&format!("  <Response xmlns=\"{OUTLOOK_RESPONSE_NS}\">\n"));
    xml.push_str("    <Account>\n");
    xml.push_str("      <AccountType>email</AccountType>\n");
    xml.push_str("      <Action>settings</Action>\n");
    protocol(
        &mut xml,
        settings.incoming_protocol.name(),
        &settings.incoming,
        login,
    );
    protocol(&mut xml, "SMTP", &settings.outgoing, login);
    xml.push_str("    </Account>\n  </Response>\n</Autodiscover>\n");
    Ok(xml)
}

fn protocol(xml: &mut String, kind: &str, endpoint: &Endpoint, login: Option<&str>) {
    let (ssl, encryption) = match endpoint.security {
        Security::Tls => ("on", "SSL"),
        Security::Starttls => ("on", "TLS"),
        Security::None => ("off", "None"),
    };
    let element = |name: &str, value: &str| format!("        <{name}>{value}</{name}>\n");
    xml.push_str("      <Protocol>\n");
    xml.push_str(&element("Type", kind));
    xml.push_str(&element("Server", &xml_escape(&endpoint.host)));
    xml.push_str(&element("Port", &endpoint.port.to_string()));
    if let Some(login) = login {
        xml.push_str(&element("LoginName", &xml_escape(login)));
    }
    xml.push_str(&element("DomainRequired", "off"));
    xml.push_str(&element("SPA", "off"));
    xml.push_str(&element("SSL", ssl));
    xml.push_str(&element("Encryption", encryption));
    xml.push_str(&element("AuthRequired", "on"));
    xml.push_str("      </Protocol>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::provider::{Lookup, database};
    use crate::core::settings::Incoming;

    #[test]
    fn login_name_is_escaped_and_oauth2_refused() {
        let Lookup::Found { address, provider } = database().lookup("a@qq.com") else {
            panic!()
        };
        let mut s = AccountSettings::from_provider(&address, provider, Incoming::Imap).unwrap();
        s.username = "a<b>&c".into();
        let xml = autodiscover_xml(&s).unwrap();
        assert!(
            xml.contains("<LoginName>a&lt;b&gt;&amp;c</LoginName>"),
            "{xml}"
        );
        s.password_kind = PasswordKind::Oauth2Only;
        assert_eq!(autodiscover_xml(&s), Err(ExportError::NeedsProviderSignIn));
    }
}
