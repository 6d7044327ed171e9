//! The provider data model: what one file in `assets/providers/` says about a mail provider.
//!
//! Files are TOML, one provider per file, embedded into the binary at build time and parsed once by
//! [`super::database`]. Everything here is plain data: codes and per-language text that belongs to
//! the provider (its own how-to steps), never UI wording, which lives in the Fluent files.

use serde::{Deserialize, Serialize};

/// Text in the three languages the program speaks. Every field is required: zh-TW never falls back
/// to zh-CN.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Localized {
    /// English.
    pub en: String,
    /// Simplified Chinese (mainland China).
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
    /// Traditional Chinese with Taiwan/Hong Kong wording.
    #[serde(rename = "zh-TW")]
    pub zh_tw: String,
}

/// A list of short lines in the three languages (for example how-to steps).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
pub struct LocalizedList {
    /// English lines.
    #[serde(default)]
    pub en: Vec<String>,
    /// Simplified Chinese lines.
    #[serde(rename = "zh-CN", default)]
    pub zh_cn: Vec<String>,
    /// Traditional Chinese lines.
    #[serde(rename = "zh-TW", default)]
    pub zh_tw: Vec<String>,
}

/// How the connection to a server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// TLS from the first byte (IMAP 993, POP3 995, SMTP 465). Often labelled "SSL" or "SSL/TLS".
    Tls,
    /// Plain connection upgraded with STARTTLS before login (IMAP 143, POP3 110, SMTP 587).
    Starttls,
    /// No encryption at all. Never recommended; only for explicit manual choices.
    None,
}

impl Security {
    /// The stable code used in JSON and data files.
    pub fn code(self) -> &'static str {
        match self {
            Security::Tls => "tls",
            Security::Starttls => "starttls",
            Security::None => "none",
        }
    }
}

/// One server a client can talk to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// Host name, lowercase ASCII (punycode for IDN hosts).
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// How the connection is secured.
    pub security: Security,
}

/// What to type into the "user name" field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UsernameForm {
    /// The whole address, e.g. `someone@qq.com`.
    FullAddress,
    /// Only the part before the @.
    LocalPart,
}

/// What the password field of a mail program must contain for this provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordKind {
    /// A provider-generated authorization code (授权码), e.g. QQ, NetEase.
    AuthorizationCode,
    /// An app-specific password, e.g. Gmail, iCloud, Yahoo.
    AppPassword,
    /// The normal account password.
    Password,
    /// No password works at all; only the mail program's own sign-in (OAuth2).
    Oauth2Only,
}

impl PasswordKind {
    /// The stable code used in JSON.
    pub fn code(self) -> &'static str {
        match self {
            PasswordKind::AuthorizationCode => "authorization_code",
            PasswordKind::AppPassword => "app_password",
            PasswordKind::Password => "password",
            PasswordKind::Oauth2Only => "oauth2_only",
        }
    }
}

/// Which kind of service the entry describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    /// Free or paid personal mailboxes on the provider's own domains.
    Personal,
    /// Hosted business mail on the customer's own domain (recognised by MX, or picked from the list).
    Business,
    /// "Ask your IT department": no endpoints, leads to manual entry with guidance.
    Company,
}

/// What a valid authorization code / app password looks like, for the paste check.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CodeShape {
    /// Exact number of characters after spaces are removed.
    pub length: usize,
    /// Which characters occur: `"letters"` (a–z, A–Z), `"lowercase"`, `"uppercase"`, or
    /// `"alphanumeric"`.
    pub charset: String,
}

/// Where a fact came from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The URL of the authoritative source (ISPDB file, provider-db file, provider help page).
    pub url: String,
    /// Which facts were taken from it.
    pub covers: String,
}

/// One provider file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// Stable id, equal to the file name without `.toml` (lowercase, `[a-z0-9-]`).
    pub id: String,
    /// Personal, business or company entry.
    pub kind: ProviderKind,
    /// Name shown to the user.
    pub display_name: Localized,
    /// Every mail domain the provider serves (lowercase ASCII/punycode). Empty for business/company
    /// entries that only serve customers' own domains.
    #[serde(default)]
    pub domains: Vec<String>,
    /// IMAP servers, preferred first.
    #[serde(default)]
    pub imap: Vec<Endpoint>,
    /// POP3 servers, preferred first.
    #[serde(default)]
    pub pop3: Vec<Endpoint>,
    /// SMTP submission servers, preferred first.
    #[serde(default)]
    pub smtp: Vec<Endpoint>,
    /// What goes into the user-name field.
    pub username: UsernameForm,
    /// What goes into the password field.
    pub password_kind: PasswordKind,
    /// Shape of a valid code, when the provider's codes have a fixed shape.
    #[serde(default)]
    pub code_shape: Option<CodeShape>,
    /// The provider's official help page about client setup / codes.
    pub help_url: String,
    /// Steps to switch IMAP/POP3/SMTP on and generate the code, in the provider's own UI words.
    pub setup_steps: LocalizedList,
    /// Known quirks, as codes; each has a Fluent message `quirk-<code>` in every language.
    #[serde(default)]
    pub quirks: Vec<String>,
    /// MX host patterns that identify mail hosted here (`*.` prefix = any subdomain).
    #[serde(default)]
    pub mx_patterns: Vec<String>,
    /// Where the facts came from.
    pub sources: Vec<Source>,
    /// Where sources disagreed: which value was chosen and why.
    #[serde(default)]
    pub decisions: Vec<String>,
    /// Date (YYYY-MM-DD) the facts were last checked against the sources.
    pub last_checked: String,
}
