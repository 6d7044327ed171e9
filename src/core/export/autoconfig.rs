//! Thunderbird autoconfig: the settings as a `clientConfig` v1.1 document for the address's
//! domain, written by [`to_client_config_xml`] (the same writer that exports embedded providers),
//! so the format has exactly one writer and one reader ([`parse_client_config`]).
//!
//! The document holds the chosen incoming server and the outgoing server, nothing else: the
//! settings model has one incoming server, and adding the provider's other protocol would put a
//! server first that the person did not choose (Thunderbird lists IMAP before POP3). The user
//! name becomes the `%EMAILADDRESS%` or `%EMAILLOCALPART%` template, because the file describes
//! the whole domain; a fixed login name cannot be written that way and is refused.
//!
//! [`parse_client_config`]: crate::core::clientconfig::parse_client_config

use super::common::{ExportError, parsed_address};
use crate::core::clientconfig::to_client_config_xml;
use crate::core::i18n::{Arg, Lang, tr_args};
use crate::core::provider::database;
use crate::core::provider::model::{
    Localized, LocalizedList, Provider, ProviderKind, UsernameForm,
};
use crate::core::settings::{AccountSettings, Incoming};

/// A `clientConfig` v1.1 document for these settings (see the module comment for what it holds).
pub fn autoconfig_xml(settings: &AccountSettings) -> Result<String, ExportError> {
    let address = parsed_address(settings)?;
    let username = if settings.username == address.ascii() || settings.username == address.display()
    {
        UsernameForm::FullAddress
    } else if settings.username == address.local {
        UsernameForm::LocalPart
    } else {
        return Err(ExportError::UsernameNotTemplatable);
    };
    let known = settings
        .provider_id
        .as_deref()
        .and_then(|id| database().get(id));
    // The writer takes a provider entry: make one that holds exactly these settings.
    let name = known
        .map(|p| p.display_name.en.clone())
        .unwrap_or_else(|| address.domain_ascii.clone());
    let (imap, pop3) = match settings.incoming_protocol {
        Incoming::Imap => (vec![settings.incoming.clone()], Vec::new()),
        Incoming::Pop3 => (Vec::new(), vec![settings.incoming.clone()]),
    };
    let entry = Provider {
        id: address.domain_ascii.clone(),
        kind: ProviderKind::Personal,
        display_name: Localized {
            en: name.clone(),
            zh_cn: name.clone(),
            zh_tw: name,
        },
        domains: vec![address.domain_ascii.clone()],
        imap,
        pop3,
        smtp: vec![settings.outgoing.clone()],
        username,
        password_kind: settings.password_kind,
        code_shape: None,
        help_url: known.map(|p| p.help_url.clone()).unwrap_or_default(),
        setup_steps: LocalizedList::default(),
        quirks: Vec::new(),
        mx_patterns: Vec::new(),
        sources: Vec::new(),
        decisions: Vec::new(),
        last_checked: String::new(),
    };
    Ok(to_client_config_xml(&entry))
}

/// The file name Thunderbird looks for: `DOMAIN.xml`, with the domain in ASCII (punycode).
pub fn autoconfig_file_name(settings: &AccountSettings) -> Result<String, ExportError> {
    Ok(format!("{}.xml", parsed_address(settings)?.domain_ascii))
}

/// Where to put the file, in words: `isp/DOMAIN.xml` in Thunderbird's installation folder for one
/// computer, or `https://autoconfig.DOMAIN/mail/config-v1.1.xml` for everyone on the domain.
pub fn autoconfig_instructions(
    settings: &AccountSettings,
    lang: Lang,
) -> Result<String, ExportError> {
    let file = autoconfig_file_name(settings)?;
    let domain = parsed_address(settings)?.domain_ascii;
    Ok(tr_args(
        lang,
        "export-autoconfig-where",
        &[("file", Arg::Str(&file)), ("domain", Arg::Str(&domain))],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::provider::Lookup;
    use crate::core::provider::model::{Endpoint, PasswordKind, Security};

    fn manual(username: &str) -> AccountSettings {
        AccountSettings {
            address: "jo@例子.中国".into(),
            provider_id: None,
            incoming_protocol: Incoming::Pop3,
            incoming: Endpoint {
                host: "mail.xn--fsqu00a.xn--fiqs8s".into(),
                port: 110,
                security: Security::Starttls,
            },
            outgoing: Endpoint {
                host: "mail.xn--fsqu00a.xn--fiqs8s".into(),
                port: 587,
                security: Security::Starttls,
            },
            username: username.into(),
            password_kind: PasswordKind::Password,
        }
    }

    #[test]
    fn idn_domain_is_written_in_ascii() {
        let s = manual("jo");
        assert_eq!(
            autoconfig_file_name(&s).unwrap(),
            "xn--fsqu00a.xn--fiqs8s.xml"
        );
        let xml = autoconfig_xml(&s).unwrap();
        assert!(
            xml.contains("<domain>xn--fsqu00a.xn--fiqs8s</domain>"),
            "{xml}"
        );
        assert!(xml.contains("%EMAILLOCALPART%"), "{xml}");
        assert!(!xml.contains("type=\"imap\""), "{xml}");
        let where_to = autoconfig_instructions(&s, Lang::En).unwrap();
        assert!(
            where_to.contains("isp/xn--fsqu00a.xn--fiqs8s.xml"),
            "{where_to}"
        );
        assert!(
            where_to.contains("https://autoconfig.xn--fsqu00a.xn--fiqs8s/mail/config-v1.1.xml"),
            "{where_to}"
        );
    }

    #[test]
    fn a_fixed_login_name_is_refused() {
        assert_eq!(
            autoconfig_xml(&manual("DOMAIN\\jo")),
            Err(ExportError::UsernameNotTemplatable)
        );
        assert!(autoconfig_xml(&manual("jo@例子.中国")).is_ok());
    }

    #[test]
    fn oauth2_only_is_written_as_oauth2() {
        let Lookup::Found { address, provider } = database().lookup("a@outlook.com") else {
            panic!()
        };
        let s = AccountSettings::from_provider(&address, provider, Incoming::Imap).unwrap();
        let xml = autoconfig_xml(&s).unwrap();
        assert!(
            xml.contains("<authentication>OAuth2</authentication>"),
            "{xml}"
        );
        assert!(!xml.contains("password-cleartext"), "{xml}");
    }
}
