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

    /// Every security choice.
    pub const ALL: [Security; 3] = [Security::Tls, Security::Starttls, Security::None];

    /// Message id of the security's name ("SSL/TLS", "STARTTLS", "None").
    pub fn message_id(self) -> &'static str {
        match self {
            Security::Tls => "security-tls",
            Security::Starttls => "security-starttls",
            Security::None => "security-none",
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

    /// Every password kind.
    pub const ALL: [PasswordKind; 4] = [
        PasswordKind::AuthorizationCode,
        PasswordKind::AppPassword,
        PasswordKind::Password,
        PasswordKind::Oauth2Only,
    ];

    /// Message id of the sentence on the address step saying what this provider needs.
    pub fn needs_id(self) -> &'static str {
        match self {
            PasswordKind::AuthorizationCode => "needs-authorization-code",
            PasswordKind::AppPassword => "needs-app-password",
            PasswordKind::Password => "needs-password",
            PasswordKind::Oauth2Only => "needs-oauth2-only",
        }
    }

    /// Message id of what goes into the password field, as a settings value.
    pub fn value_id(self) -> &'static str {
        match self {
            PasswordKind::AuthorizationCode => "value-password-authorization-code",
            PasswordKind::AppPassword => "value-password-app-password",
            PasswordKind::Password => "value-password-password",
            PasswordKind::Oauth2Only => "value-password-oauth2-only",
        }
    }

    /// Message id of the code step's heading.
    pub fn code_heading_id(self) -> &'static str {
        match self {
            PasswordKind::AuthorizationCode => "code-heading-authorization-code",
            PasswordKind::AppPassword => "code-heading-app-password",
            PasswordKind::Password => "code-heading-password",
            PasswordKind::Oauth2Only => "code-heading-oauth2-only",
        }
    }

    /// Message id of the code step's introduction.
    pub fn code_intro_id(self) -> &'static str {
        match self {
            PasswordKind::AuthorizationCode => "code-intro-authorization-code",
            PasswordKind::AppPassword => "code-intro-app-password",
            PasswordKind::Password => "code-intro-password",
            PasswordKind::Oauth2Only => "code-intro-oauth2-only",
        }
    }

    /// Message id of the code field's label; `None` for [`PasswordKind::Oauth2Only`], which has
    /// no field.
    pub fn code_field_id(self) -> Option<&'static str> {
        match self {
            PasswordKind::AuthorizationCode => Some("code-field-authorization-code"),
            PasswordKind::AppPassword => Some("code-field-app-password"),
            PasswordKind::Password => Some("code-field-password"),
            PasswordKind::Oauth2Only => None,
        }
    }

    /// Message id of the reason Next is disabled while the code field is empty; `None` for
    /// [`PasswordKind::Oauth2Only`], where nothing is typed.
    pub fn enter_code_blocker_id(self) -> Option<&'static str> {
        match self {
            PasswordKind::AuthorizationCode => Some("blocker-enter-authorization-code"),
            PasswordKind::AppPassword => Some("blocker-enter-app-password"),
            PasswordKind::Password => Some("blocker-enter-password"),
            PasswordKind::Oauth2Only => None,
        }
    }
}

/// A known quirk of a provider: a warning shown on the address and code steps, in the HTML guide
/// and by `mailwiz lookup`. Written in the provider files as its snake_case code
/// (`quirks = ["qq_code_only"]`); a file naming an unknown quirk does not load (and the provider
/// data test fails on it), so every quirk a file names has words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quirk {
    /// mailwiz has no verified server settings for this mailbox yet: servers are typed by hand.
    ServersUnverified,
    /// The server names come from other mail programs' lists, not from the provider.
    ServersFromClientLists,
    /// NetEase wants the mail program to identify itself (IMAP `ID`) when it connects.
    NeteaseNeedsImapId,
    /// IMAP/POP3/SMTP must be switched on in the webmail settings first.
    ServiceMustBeEnabled,
    /// Mail can only be sent from the address that logs in.
    SenderMustMatchLogin,
    /// Free NetEase mailboxes allow only a few authorization codes at a time.
    NeteaseAuthCodeLimit,
    /// Tencent Exmail is not personal QQ Mail (other servers, full address as login).
    ExmailNotPersonalQq,
    /// With WeChat security login on, Exmail needs a client-specific password.
    ExmailClientPassword,
    /// Alibaba Mail's third-party client security password replaces the normal one when on.
    AliyunThirdPartyPassword,
    /// The website password may be refused; the webmail may offer a code for mail programs.
    MayNeedClientCode,
    /// QQ Mail accepts only the 16-letter authorization code in mail programs.
    QqCodeOnly,
    /// Changing the QQ password stops every older authorization code.
    QqCodeRevokedOnPasswordChange,
    /// A QQ authorization code works until it is revoked or the password changes.
    QqNoFixedLifetime,
    /// QQ may hold logins from a new place or network for safety (异地登录保护) with the same
    /// words as a wrong code: sign in on the web and confirm before making a new code.
    QqLoginProtection,
    /// Microsoft refuses typed passwords and app passwords: only the mail program's own sign-in.
    OutlookBasicAuthDisabled,
    /// The organisation decides whether IMAP, POP or SMTP sending may be used (Microsoft 365).
    M365AdminMayDisable,
    /// Gmail needs an app password, offered only with 2-Step Verification on.
    #[serde(rename = "gmail_app_password_needs_2sv")]
    GmailAppPasswordNeeds2sv,
    /// Gmail's POP must be switched on in its web settings first.
    GmailPopMustBeEnabled,
    /// Google Workspace: the organisation's admin decides whether IMAP, POP and app passwords
    /// are allowed.
    WorkspaceAdminMayDisable,
    /// An app-specific password is needed, and only possible with two-factor sign-in on.
    #[serde(rename = "app_password_needs_2fa")]
    AppPasswordNeeds2fa,
    /// The normal password is refused in mail programs: an app password is needed.
    AppPasswordRequired,
    /// The provider may refuse to create an app password in a browser it does not know.
    AppPasswordTrustedBrowser,
    /// The normal password works until two-factor sign-in is on; then an app password is needed.
    #[serde(rename = "app_password_if_2fa")]
    AppPasswordIf2fa,
    /// iCloud IMAP may want only the part before the @ as user name.
    IcloudImapUsernameNamePart,
    /// Fastmail's Basic plan has no IMAP/SMTP access at all.
    FastmailBasicPlanNoImap,
    /// Proton Mail reaches mail programs only through the Proton Mail Bridge app on the person's
    /// own computer, which needs a paid plan.
    ProtonBridgeRequired,
    /// Zoho's server names depend on the region the account is in.
    ZohoRegionHosts,
    /// Company mail servers differ at every company: the IT department knows them.
    CompanyAskIt,
}

impl Quirk {
    /// Every quirk.
    pub const ALL: [Quirk; 28] = [
        Quirk::ServersUnverified,
        Quirk::ServersFromClientLists,
        Quirk::NeteaseNeedsImapId,
        Quirk::ServiceMustBeEnabled,
        Quirk::SenderMustMatchLogin,
        Quirk::NeteaseAuthCodeLimit,
        Quirk::ExmailNotPersonalQq,
        Quirk::ExmailClientPassword,
        Quirk::AliyunThirdPartyPassword,
        Quirk::MayNeedClientCode,
        Quirk::QqCodeOnly,
        Quirk::QqCodeRevokedOnPasswordChange,
        Quirk::QqNoFixedLifetime,
        Quirk::QqLoginProtection,
        Quirk::OutlookBasicAuthDisabled,
        Quirk::M365AdminMayDisable,
        Quirk::GmailAppPasswordNeeds2sv,
        Quirk::GmailPopMustBeEnabled,
        Quirk::WorkspaceAdminMayDisable,
        Quirk::AppPasswordNeeds2fa,
        Quirk::AppPasswordRequired,
        Quirk::AppPasswordTrustedBrowser,
        Quirk::AppPasswordIf2fa,
        Quirk::IcloudImapUsernameNamePart,
        Quirk::FastmailBasicPlanNoImap,
        Quirk::ProtonBridgeRequired,
        Quirk::ZohoRegionHosts,
        Quirk::CompanyAskIt,
    ];

    /// Message id of the quirk's warning (`quirk-<code>`).
    pub fn message_id(self) -> &'static str {
        match self {
            Quirk::ServersUnverified => "quirk-servers-unverified",
            Quirk::ServersFromClientLists => "quirk-servers-from-client-lists",
            Quirk::NeteaseNeedsImapId => "quirk-netease-needs-imap-id",
            Quirk::ServiceMustBeEnabled => "quirk-service-must-be-enabled",
            Quirk::SenderMustMatchLogin => "quirk-sender-must-match-login",
            Quirk::NeteaseAuthCodeLimit => "quirk-netease-auth-code-limit",
            Quirk::ExmailNotPersonalQq => "quirk-exmail-not-personal-qq",
            Quirk::ExmailClientPassword => "quirk-exmail-client-password",
            Quirk::AliyunThirdPartyPassword => "quirk-aliyun-third-party-password",
            Quirk::MayNeedClientCode => "quirk-may-need-client-code",
            Quirk::QqCodeOnly => "quirk-qq-code-only",
            Quirk::QqCodeRevokedOnPasswordChange => "quirk-qq-code-revoked-on-password-change",
            Quirk::QqNoFixedLifetime => "quirk-qq-no-fixed-lifetime",
            Quirk::QqLoginProtection => "quirk-qq-login-protection",
            Quirk::OutlookBasicAuthDisabled => "quirk-outlook-basic-auth-disabled",
            Quirk::M365AdminMayDisable => "quirk-m365-admin-may-disable",
            Quirk::GmailAppPasswordNeeds2sv => "quirk-gmail-app-password-needs-2sv",
            Quirk::GmailPopMustBeEnabled => "quirk-gmail-pop-must-be-enabled",
            Quirk::WorkspaceAdminMayDisable => "quirk-workspace-admin-may-disable",
            Quirk::AppPasswordNeeds2fa => "quirk-app-password-needs-2fa",
            Quirk::AppPasswordRequired => "quirk-app-password-required",
            Quirk::AppPasswordTrustedBrowser => "quirk-app-password-trusted-browser",
            Quirk::AppPasswordIf2fa => "quirk-app-password-if-2fa",
            Quirk::IcloudImapUsernameNamePart => "quirk-icloud-imap-username-name-part",
            Quirk::FastmailBasicPlanNoImap => "quirk-fastmail-basic-plan-no-imap",
            Quirk::ProtonBridgeRequired => "quirk-proton-bridge-required",
            Quirk::ZohoRegionHosts => "quirk-zoho-region-hosts",
            Quirk::CompanyAskIt => "quirk-company-ask-it",
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
    /// Known quirks; each has a Fluent message ([`Quirk::message_id`]) in every language.
    #[serde(default)]
    pub quirks: Vec<Quirk>,
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
