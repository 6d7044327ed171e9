//! The mail-client data model: what one file in `assets/clients/` says about a mail program.
//!
//! A client file describes how to reach the program's manual setup, the screens in the order the
//! program shows them, and each field's label in the program's own words. Every label carries how
//! sure we are of its wording (`confidence`), so the summary can say "may read slightly
//! differently" where the label was never verified on a real device.

use serde::{Deserialize, Serialize};

use crate::core::i18n::Lang;
use crate::core::provider::model::Localized;

/// How sure we are of a label's exact wording (the marks from the research notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// [V] Copied from the client's shipped strings or another primary source.
    Verified,
    /// [S] From a third-party how-to, vendor KB or bug report quoting the UI.
    Secondary,
    /// [M] No source found; the wording may differ on a real device.
    Unverified,
}

/// A piece of client UI text with how sure we are of it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    /// The text in the client's own words, per language.
    pub text: Localized,
    /// How sure we are of the wording.
    pub confidence: Confidence,
    /// Languages whose wording is unverified although `confidence` says otherwise: a vendor page
    /// may name a field in Simplified Chinese while the program's English wording was never found.
    #[serde(default)]
    pub unverified_in: Vec<Lang>,
}

impl Label {
    /// Whether the wording in `lang` is unverified (the summary marks it with `*`).
    pub fn is_unverified_in(&self, lang: Lang) -> bool {
        self.confidence == Confidence::Unverified || self.unverified_in.contains(&lang)
    }
}

/// Whether something limited to `providers` (empty = every provider) applies to the provider
/// with this id; with no known provider only the unlimited things apply.
pub fn applies_to_provider(providers: &[String], provider_id: Option<&str>) -> bool {
    providers.is_empty() || provider_id.is_some_and(|id| providers.iter().any(|p| p == id))
}

/// One step on the way to the manual setup screens, in the client's words.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NavigationStep {
    /// What to do, per language.
    pub text: Localized,
    /// How sure we are of the wording of the client's words quoted in it.
    pub confidence: Confidence,
    /// Languages whose wording is unverified although `confidence` says otherwise.
    #[serde(default)]
    pub unverified_in: Vec<Lang>,
    /// Only for these providers' ids (empty = all), like [`Pitfall::providers`]: Foxmail's
    /// WeChat-scan choice is only offered for Tencent addresses.
    #[serde(default)]
    pub providers: Vec<String>,
}

impl NavigationStep {
    /// Whether the wording in `lang` is unverified (the summary marks it with `*`).
    pub fn is_unverified_in(&self, lang: Lang) -> bool {
        self.confidence == Confidence::Unverified || self.unverified_in.contains(&lang)
    }

    /// Whether this step is shown for the provider with this id.
    pub fn applies_to(&self, provider_id: Option<&str>) -> bool {
        applies_to_provider(&self.providers, provider_id)
    }
}

/// How the client lets the user choose the connection security.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityLabels {
    /// `"choice"`: a drop-down/list with one option per kind; `"checkbox"`: one box/toggle that is
    /// on for implicit TLS (Foxmail's "SSL", iPhone's "Use SSL", Mac Mail's "Use TLS/SSL").
    pub style: SecurityStyle,
    /// The option (or box) for implicit TLS (993/995/465).
    pub tls: Label,
    /// The option for STARTTLS (143/110/587). For checkbox clients: what to do instead, e.g.
    /// "leave “SSL” unticked and tick “use STARTTLS if the server supports it”".
    pub starttls: Label,
    /// The option for no encryption, if the client offers one.
    #[serde(default)]
    pub none: Option<Label>,
    /// Whether the checkbox also stays ticked for STARTTLS (Mac Mail derives the kind from the port).
    #[serde(default)]
    pub checkbox_on_for_starttls: bool,
}

/// The two ways clients present the security choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SecurityStyle {
    /// A list of named options.
    Choice,
    /// A single on/off box or toggle.
    Checkbox,
}

/// What a field holds, so the settings model can fill in the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// The person's name as shown to recipients (the user types it; no value from us).
    YourName,
    /// The e-mail address.
    Email,
    /// The password field: the authorization code / app password (never shown by us).
    Password,
    /// Account type / protocol choice: IMAP or POP3.
    AccountType,
    /// Incoming server host name.
    IncomingHost,
    /// Incoming server port.
    IncomingPort,
    /// Incoming server security option.
    IncomingSecurity,
    /// Incoming user name.
    IncomingUsername,
    /// Incoming authentication method (set to "normal password" or similar).
    IncomingAuth,
    /// Outgoing (SMTP) server host name.
    OutgoingHost,
    /// Outgoing server port.
    OutgoingPort,
    /// Outgoing server security option.
    OutgoingSecurity,
    /// Outgoing user name.
    OutgoingUsername,
    /// Outgoing password (same code as incoming).
    OutgoingPassword,
    /// Outgoing authentication method.
    OutgoingAuth,
    /// "Outgoing server requires authentication" style box: tick it.
    OutgoingAuthRequired,
    /// Outlook's "Secure Password Authentication (SPA)" box: leave it unticked.
    Spa,
    /// POP3 only: keep a copy on the server / do not delete from server.
    LeaveOnServer,
    /// A STARTTLS box separate from the SSL box (Foxmail): tick only when STARTTLS is used.
    StarttlsBox,
}

/// One field on a setup screen.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// What the field holds.
    pub kind: FieldKind,
    /// Its label in the client's words.
    pub label: Label,
    /// Only shown for these protocols (`"imap"`, `"pop3"`); empty = both.
    #[serde(default)]
    pub protocols: Vec<String>,
    /// Label to use instead when POP3 is chosen (e.g. "POP server" instead of "IMAP server").
    #[serde(default)]
    pub label_pop3: Option<Localized>,
    /// What to do with this field when the usual value does not fit its control, e.g. "choose
    /// “Never”" for a drop-down, or "untick it" for "Remove copy from server". Only for fields
    /// without a value from the settings (boxes, lists).
    #[serde(default)]
    pub value: Option<Localized>,
}

/// One screen of the client's manual setup, in order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Screen {
    /// The screen's title or a short description of where the user is.
    pub title: Label,
    /// Fields on this screen, top to bottom.
    #[serde(default)]
    pub fields: Vec<Field>,
    /// What to press to go on (e.g. "Next"), if anything.
    #[serde(default)]
    pub continue_button: Option<Label>,
    /// Only shown for these protocols; empty = both.
    #[serde(default)]
    pub protocols: Vec<String>,
}

/// A known trap, shown as a warning in the summary.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pitfall {
    /// Stable id.
    pub id: String,
    /// What to watch out for.
    pub text: Localized,
    /// Only relevant for these providers' ids (empty = all), e.g. Outlook.com sign-in advice.
    #[serde(default)]
    pub providers: Vec<String>,
}

impl Pitfall {
    /// Whether this warning is shown for the provider with this id.
    pub fn applies_to(&self, provider_id: Option<&str>) -> bool {
        applies_to_provider(&self.providers, provider_id)
    }
}

/// One client file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Client {
    /// Stable id, equal to the file name without `.toml`.
    pub id: String,
    /// Order in the picker (small first).
    pub order: u32,
    /// Name shown on the choice button.
    pub name: Localized,
    /// "Which one do I have?" hint: what it looks like, where it is.
    pub hint: Localized,
    /// `"windows"`, `"mac"`, `"ios"`, `"android"`, or `"any"`.
    pub platform: String,
    /// True when the program no longer works for mail (Windows Mail).
    #[serde(default)]
    pub discontinued: bool,
    /// For discontinued clients: the ids of clients to suggest instead.
    #[serde(default)]
    pub suggest_instead: Vec<String>,
    /// Whether POP3 can be set up in it.
    pub supports_pop3: bool,
    /// Steps to reach the manual setup screens; some only for some providers.
    pub navigation: Vec<NavigationStep>,
    /// The screens in order.
    pub screens: Vec<Screen>,
    /// How the security choice is labelled.
    pub security: SecurityLabels,
    /// Known traps.
    #[serde(default)]
    pub pitfalls: Vec<Pitfall>,
    /// Where the labels came from.
    pub sources: Vec<String>,
    /// Date the labels were last checked.
    pub last_checked: String,
}
