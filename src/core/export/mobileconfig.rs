//! Apple configuration profile (`.mobileconfig`): an XML property list with one
//! `com.apple.mail.managed` payload that adds the account to Mail on iPhone, iPad and Mac.
//!
//! Keys and types follow Apple's Device Management reference for the Mail payload
//! (<https://developer.apple.com/documentation/devicemanagement/mail>): `EmailAccountType`
//! (`EmailTypeIMAP` / `EmailTypePOP`), host names, integer ports, boolean `…UseSSL`,
//! `EmailAuthPassword`, and `OutgoingPasswordSameAsIncomingPassword` so Mail asks for the code
//! once. Both UUIDs are derived from the address and servers (SHA-256, shaped like a version-4
//! UUID), so exporting the same settings again gives a profile that replaces the first one
//! instead of adding a second account.
//!
//! About `…UseSSL` and STARTTLS: Apple's reference only says that `true` "enables SSL" and offers
//! no separate STARTTLS key, and profiles in the wild use `true` with port 587. We write `true`
//! for implicit TLS *and* for STARTTLS, `false` only for unencrypted servers. `true` is the safe
//! side: if a device ever tried implicit TLS on a STARTTLS port, the connection fails visibly,
//! whereas `false` could let the code travel unencrypted. (The manual-setup guide for iOS in
//! `assets/clients/apple-mail-ios.toml` says otherwise for typing it by hand; that wording is
//! marked unverified.)

use sha2::{Digest, Sha256};

use super::common::{ExportError, xml_escape};
use crate::core::i18n::{Arg, Lang, tr_args};
use crate::core::provider::database;
use crate::core::provider::model::{Endpoint, PasswordKind, Security};
use crate::core::secret::Secret;
use crate::core::settings::{AccountSettings, Incoming};

/// Prefix of both payload identifiers (reverse-DNS style, as Apple asks).
const IDENTIFIER_PREFIX: &str = "mailwiz.account";

/// An Apple configuration profile for these settings.
///
/// No password is inside unless `include_password` is given: then the code goes into
/// `IncomingPassword` and `OutgoingPassword`, in clear text in the file. Only pass it after the
/// person has confirmed that they want that. Refuses providers that accept no password at all
/// ([`ExportError::NeedsProviderSignIn`]): the Mail payload can only set up a password login.
pub fn mobileconfig(
    settings: &AccountSettings,
    lang: Lang,
    include_password: Option<&Secret>,
) -> Result<String, ExportError> {
    if settings.password_kind == PasswordKind::Oauth2Only {
        return Err(ExportError::NeedsProviderSignIn);
    }
    let profile_uuid = derived_uuid("profile", settings);
    let payload_uuid = derived_uuid("mail-payload", settings);
    let account_name = settings
        .provider_id
        .as_deref()
        .and_then(|id| database().get(id))
        .map(|p| p.display_name.get(lang).to_owned())
        .unwrap_or_else(|| settings.address.clone());
    let address = Arg::Str(&settings.address);
    let profile_name = tr_args(lang, "export-profile-name", &[("address", address)]);
    let description_id = if include_password.is_some() {
        "export-profile-description-with-code"
    } else {
        "export-profile-description"
    };
    let description = tr_args(lang, description_id, &[("address", address)]);
    let account_type = match settings.incoming_protocol {
        Incoming::Imap => "EmailTypeIMAP",
        Incoming::Pop3 => "EmailTypePOP",
    };

    let mut mail = Plist::new(3);
    mail.string("PayloadType", "com.apple.mail.managed");
    mail.integer("PayloadVersion", 1);
    mail.string(
        "PayloadIdentifier",
        &format!("{IDENTIFIER_PREFIX}.{profile_uuid}.mail"),
    );
    mail.string("PayloadUUID", &payload_uuid);
    mail.string("PayloadDisplayName", &account_name);
    mail.string("EmailAccountDescription", &account_name);
    mail.string("EmailAccountType", account_type);
    mail.string("EmailAddress", &settings.address);
    server_keys(
        &mut mail,
        "Incoming",
        &settings.incoming,
        &settings.username,
    );
    server_keys(
        &mut mail,
        "Outgoing",
        &settings.outgoing,
        &settings.username,
    );
    mail.boolean("OutgoingPasswordSameAsIncomingPassword", true);
    if let Some(secret) = include_password {
        mail.string("IncomingPassword", secret.expose());
        mail.string("OutgoingPassword", secret.expose());
    }

    let mut root = Plist::new(1);
    root.raw("PayloadContent", "<array>");
    root.out.push_str("\t\t<dict>\n");
    root.out.push_str(&mail.out);
    root.out.push_str("\t\t</dict>\n\t</array>\n");
    root.string("PayloadType", "Configuration");
    root.integer("PayloadVersion", 1);
    root.string(
        "PayloadIdentifier",
        &format!("{IDENTIFIER_PREFIX}.{profile_uuid}"),
    );
    root.string("PayloadUUID", &profile_uuid);
    root.string("PayloadDisplayName", &profile_name);
    root.string("PayloadDescription", &description);

    let mut xml = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" ",
        "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n",
        "<plist version=\"1.0\">\n<dict>\n"
    ));
    xml.push_str(&root.out);
    xml.push_str("</dict>\n</plist>\n");
    Ok(xml)
}

/// The host, port, SSL, user name and authentication keys of one server.
fn server_keys(plist: &mut Plist, prefix: &str, endpoint: &Endpoint, username: &str) {
    plist.string(&format!("{prefix}MailServerHostName"), &endpoint.host);
    plist.integer(
        &format!("{prefix}MailServerPortNumber"),
        i64::from(endpoint.port),
    );
    // See the module comment: true for implicit TLS and for STARTTLS.
    plist.boolean(
        &format!("{prefix}MailServerUseSSL"),
        endpoint.security != Security::None,
    );
    plist.string(&format!("{prefix}MailServerUsername"), username);
    plist.string(
        &format!("{prefix}MailServerAuthentication"),
        "EmailAuthPassword",
    );
}

/// A UUID-shaped identifier (version 4 and RFC 4122 variant bits set) from SHA-256 of `purpose`,
/// the address and both servers, in Apple's upper-case form.
fn derived_uuid(purpose: &str, settings: &AccountSettings) -> String {
    let mut hasher = Sha256::new();
    for part in [
        "mailwiz",
        purpose,
        &settings.address,
        settings.incoming_protocol.code(),
        &settings.incoming.host,
        &settings.incoming.port.to_string(),
        &settings.outgoing.host,
        &settings.outgoing.port.to_string(),
    ] {
        hasher.update(part.as_bytes());
        // A separator that cannot occur in the parts keeps ("ab", "c") and ("a", "bc") apart.
        hasher.update([0u8]);
    }
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Writes `<key>…</key>` and a value, indented with tabs like Apple's own tools.
struct Plist {
    out: String,
    indent: String,
}

impl Plist {
    fn new(depth: usize) -> Self {
        Self {
            out: String::new(),
            indent: "\t".repeat(depth),
        }
    }

    fn raw(&mut self, key: &str, value: &str) {
        let indent = &self.indent;
        self.out.push_str(&format!(
            "{indent}<key>{}</key>\n{indent}{value}\n",
            xml_escape(key)
        ));
    }

    fn string(&mut self, key: &str, value: &str) {
        self.raw(key, &format!("<string>{}</string>", xml_escape(value)));
    }

    fn integer(&mut self, key: &str, value: i64) {
        self.raw(key, &format!("<integer>{value}</integer>"));
    }

    fn boolean(&mut self, key: &str, value: bool) {
        self.raw(key, if value { "<true/>" } else { "<false/>" });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::export::common::built_in_settings as settings;

    #[test]
    fn uuids_are_stable_distinct_and_v4_shaped() {
        let s = settings("someone@qq.com", Incoming::Imap);
        let a = derived_uuid("profile", &s);
        assert_eq!(a, derived_uuid("profile", &s));
        assert_ne!(a, derived_uuid("mail-payload", &s));
        assert_ne!(
            a,
            derived_uuid("profile", &settings("someone@qq.com", Incoming::Pop3))
        );
        assert_eq!(a.len(), 36);
        let groups: Vec<&str> = a.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(groups[2].starts_with('4'), "{a}");
        assert!(matches!(
            groups[3].chars().next(),
            Some('8' | '9' | 'A' | 'B')
        ));
        assert!(
            a.chars()
                .all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_uppercase())
        );
    }

    #[test]
    fn values_are_escaped() {
        let mut s = settings("someone@qq.com", Incoming::Imap);
        s.username = "a&b<c>\"d'".into();
        let xml = mobileconfig(&s, Lang::En, None).unwrap();
        assert!(xml.contains("<string>a&amp;b&lt;c&gt;&quot;d&apos;</string>"));
        assert!(!xml.contains("a&b<c>"));
    }

    #[test]
    fn oauth2_only_providers_are_refused() {
        let s = settings("someone@outlook.com", Incoming::Imap);
        assert_eq!(
            mobileconfig(&s, Lang::En, None),
            Err(ExportError::NeedsProviderSignIn)
        );
    }
}
