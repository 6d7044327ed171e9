//! The one canonical model of "what the person must type where", and the texts made from it.
//!
//! [`AccountSettings`] is built from a provider entry (or manual entry) plus the chosen protocol.
//! [`summary`] walks the chosen client's screens in order and fills each field with its value in
//! that client's own words, giving numbered steps; [`summary_text`] and [`helpdesk_text`] are the
//! plain-text forms that the Copy buttons put on the clipboard. The secret is not an input to any
//! of these functions, so it cannot appear in their output.

use serde::{Deserialize, Serialize};

use crate::core::address::Address;
use crate::core::client::model::{Client, FieldKind, Label, SecurityStyle};
use crate::core::discovery::Found;
use crate::core::i18n::{Arg, Lang, tr, tr_args};
use crate::core::probe::{ProbeResult, Protocol, StageRecord};
use crate::core::provider::model::{
    Endpoint, PasswordKind, Provider, ProviderKind, Security, UsernameForm,
};

/// The incoming protocol the person chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Incoming {
    /// Mail stays on the server, in sync on every device.
    #[default]
    Imap,
    /// Mail is downloaded to this device.
    Pop3,
}

impl Incoming {
    /// The probe protocol for this choice.
    pub fn protocol(self) -> Protocol {
        match self {
            Incoming::Imap => Protocol::Imap,
            Incoming::Pop3 => Protocol::Pop3,
        }
    }

    /// "IMAP" or "POP3", as every client writes it.
    pub fn name(self) -> &'static str {
        match self {
            Incoming::Imap => "IMAP",
            Incoming::Pop3 => "POP3",
        }
    }

    /// The code used in data files ("imap", "pop3").
    pub fn code(self) -> &'static str {
        self.protocol().code()
    }

    /// Both choices, in the order the protocol step shows them.
    pub const ALL: [Incoming; 2] = [Incoming::Imap, Incoming::Pop3];

    /// Message id of the choice's title on the protocol step.
    pub fn title_id(self) -> &'static str {
        match self {
            Incoming::Imap => "protocol-imap-title",
            Incoming::Pop3 => "protocol-pop3-title",
        }
    }

    /// Message id of the reason this choice cannot be used: the provider offers no such server.
    pub fn not_offered_id(self) -> &'static str {
        match self {
            Incoming::Imap => "blocker-no-imap",
            Incoming::Pop3 => "blocker-no-pop3",
        }
    }

    /// Message id of the protocol step's button that picks this choice.
    pub fn use_button_id(self) -> &'static str {
        match self {
            Incoming::Imap => "protocol-use-imap",
            Incoming::Pop3 => "protocol-use-pop3",
        }
    }
}

/// Everything the mail program needs, except the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSettings {
    /// The address as shown (Unicode domain).
    pub address: String,
    /// The provider id, when known.
    pub provider_id: Option<String>,
    /// The incoming protocol.
    pub incoming_protocol: Incoming,
    /// Incoming server.
    pub incoming: Endpoint,
    /// Outgoing (SMTP) server.
    pub outgoing: Endpoint,
    /// Login name for both servers.
    pub username: String,
    /// What goes into the password field.
    pub password_kind: PasswordKind,
}

impl AccountSettings {
    /// The settings a provider entry gives for a protocol (`None` when it lacks that protocol or
    /// SMTP). Whether they apply to an address is decided by [`resolve`].
    pub fn from_provider(
        address: &Address,
        provider: &Provider,
        incoming: Incoming,
    ) -> Option<Self> {
        let incoming_endpoint = match incoming {
            Incoming::Imap => provider.preferred_imap(),
            Incoming::Pop3 => provider.preferred_pop3(),
        }?;
        Some(Self {
            address: address.display(),
            provider_id: Some(provider.id.clone()),
            incoming_protocol: incoming,
            incoming: incoming_endpoint.clone(),
            outgoing: provider.preferred_smtp()?.clone(),
            username: provider.username_for(address),
            password_kind: provider.password_kind,
        })
    }
}

/// Where the servers come from: what the person (or the address's domain) chose.
#[derive(Debug, Clone)]
pub enum ServerChoice<'a> {
    /// The built-in entry for the address's domain (the command line's only choice).
    Detected,
    /// A provider from the built-in list, picked by the person.
    Picked(&'a Provider),
    /// Servers found by automatic discovery for the address's domain; `None` when there are
    /// none for this domain.
    Discovered(Option<&'a Found>),
    /// Servers typed by hand.
    Manual(ManualEntry<'a>),
}

impl ServerChoice<'_> {
    /// The provider whose guidance applies (how to get the code, quirks): the detected or picked
    /// one, the one a manual entry started from, or the one discovery recognised.
    pub fn guidance_provider(&self, address: &str) -> Option<&'static Provider> {
        let database = crate::core::provider::database();
        match self {
            // Own files only: they carry the how-to; the ISPDB's copy has servers, no steps.
            ServerChoice::Detected => {
                let address = crate::core::address::parse(address).ok()?;
                database.by_domain(&address.domain_ascii)
            }
            ServerChoice::Picked(provider) => database.get(&provider.id),
            ServerChoice::Discovered(found) => found
                .and_then(|f| f.discovered.provider_id.as_deref())
                .and_then(|id| database.get(id)),
            ServerChoice::Manual(entry) => entry.based_on.and_then(|p| database.get(&p.id)),
        }
    }

    /// What goes into the password field: the guidance provider's kind, else what discovery or
    /// the built-in copy of the ISPDB said, else an ordinary password.
    pub fn password_kind(&self, address: &str) -> PasswordKind {
        if let Some(provider) = self.guidance_provider(address) {
            return provider.password_kind;
        }
        match self {
            ServerChoice::Discovered(Some(found)) => found.discovered.password_kind,
            ServerChoice::Detected => crate::core::address::parse(address)
                .ok()
                .and_then(|a| crate::core::discovery::built_in(&a.domain_ascii))
                .map_or(PasswordKind::Password, |(p, _)| p.password_kind),
            _ => PasswordKind::Password,
        }
    }
}

/// Servers typed by hand; an endpoint is `None` while its fields are incomplete or invalid.
#[derive(Debug, Clone)]
pub struct ManualEntry<'a> {
    /// The incoming server.
    pub incoming: Option<Endpoint>,
    /// The outgoing (SMTP) server.
    pub outgoing: Option<Endpoint>,
    /// The login name; empty means the address itself.
    pub username: &'a str,
    /// The provider the entry started from, whose password kind and guidance still apply.
    pub based_on: Option<&'a Provider>,
}

/// Why no settings apply yet: each front end words it (see [`Unresolved::message_id`]); the
/// command line also picks its exit code from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// The address is malformed.
    Address(crate::core::address::AddressError),
    /// The address's domain is not in the built-in list (and nothing else was chosen).
    NotInList {
        /// The domain as typed (Unicode).
        domain: String,
    },
    /// Discovery servers were chosen but there are none for this domain.
    NothingFound,
    /// Company mail: only the company's IT knows the servers.
    CompanyManual,
    /// The provider is recognised but has no verified servers.
    ProviderUnverified,
    /// The provider (or what was found) offers no server for the chosen incoming protocol.
    NoIncoming(Incoming),
    /// Discovered servers from an untrusted source, not yet confirmed by the person.
    ConfirmServers,
    /// The hand-typed incoming server is incomplete.
    ManualIncoming,
    /// The hand-typed outgoing server is incomplete, or no SMTP server is known.
    NoOutgoing,
}

impl Unresolved {
    /// The message that explains it.
    pub fn message_id(&self) -> &'static str {
        match self {
            Unresolved::Address(e) => e.message_id(),
            Unresolved::NotInList { .. } | Unresolved::NothingFound => "blocker-pick-provider",
            Unresolved::CompanyManual => "blocker-company-manual",
            Unresolved::ProviderUnverified => "blocker-provider-unverified",
            Unresolved::NoIncoming(incoming) => incoming.not_offered_id(),
            Unresolved::ConfirmServers => "blocker-confirm-servers",
            Unresolved::ManualIncoming => "blocker-manual-incoming",
            Unresolved::NoOutgoing => "blocker-manual-outgoing",
        }
    }
}

/// The one place that decides which settings apply to an address: the wizard, `mailwiz test`,
/// `guide` and `export` all ask here, so they cannot disagree.
///
/// `address` is what was typed; `incoming` the chosen protocol; `choice` where the servers come
/// from. The password kind follows the provider whose guidance applies (the detected or picked
/// one, the one a manual entry started from, the one discovery recognised), else what discovery
/// said, else an ordinary password.
pub fn resolve(
    address: &str,
    incoming: Incoming,
    choice: ServerChoice<'_>,
) -> Result<AccountSettings, Unresolved> {
    let address = crate::core::address::parse(address).map_err(Unresolved::Address)?;
    let provider = match choice {
        ServerChoice::Detected => match crate::core::discovery::built_in(&address.domain_ascii) {
            Some((provider, _)) => provider,
            None => {
                return Err(Unresolved::NotInList {
                    domain: address.domain_unicode.clone(),
                });
            }
        },
        ServerChoice::Picked(provider) => provider,
        ServerChoice::Discovered(found) => return from_found(&address, incoming, found),
        ServerChoice::Manual(entry) => return from_manual(&address, incoming, entry),
    };
    let provider: &Provider = provider;
    if provider.kind == ProviderKind::Company {
        return Err(Unresolved::CompanyManual);
    }
    if provider.imap.is_empty() && provider.pop3.is_empty() {
        return Err(Unresolved::ProviderUnverified);
    }
    if provider.preferred_smtp().is_none() {
        return Err(Unresolved::NoOutgoing);
    }
    AccountSettings::from_provider(&address, provider, incoming)
        .ok_or(Unresolved::NoIncoming(incoming))
}

fn from_manual(
    address: &Address,
    incoming: Incoming,
    entry: ManualEntry<'_>,
) -> Result<AccountSettings, Unresolved> {
    let incoming_endpoint = entry.incoming.ok_or(Unresolved::ManualIncoming)?;
    let outgoing = entry.outgoing.ok_or(Unresolved::NoOutgoing)?;
    let password_kind = ServerChoice::Manual(ManualEntry {
        incoming: None,
        outgoing: None,
        ..entry
    })
    .password_kind(&address.ascii());
    let username = match entry.username.trim() {
        "" => address.ascii(),
        typed => typed.to_owned(),
    };
    Ok(AccountSettings {
        address: address.display(),
        provider_id: entry.based_on.map(|p| p.id.clone()),
        incoming_protocol: incoming,
        incoming: incoming_endpoint,
        outgoing,
        username,
        password_kind,
    })
}

/// Settings from discovered servers — only once they may be used (trusted or confirmed).
fn from_found(
    address: &Address,
    incoming: Incoming,
    found: Option<&Found>,
) -> Result<AccountSettings, Unresolved> {
    let found = found
        .filter(|f| f.domain == address.domain_ascii)
        .ok_or(Unresolved::NothingFound)?;
    if !found.usable() {
        return Err(Unresolved::ConfirmServers);
    }
    let servers = &found.discovered;
    let incoming_endpoint = match incoming {
        Incoming::Imap => servers.imap.first(),
        Incoming::Pop3 => servers.pop3.first(),
    }
    .ok_or(Unresolved::NoIncoming(incoming))?;
    let outgoing = servers.smtp.first().ok_or(Unresolved::NoOutgoing)?;
    Ok(AccountSettings {
        address: address.display(),
        provider_id: servers.provider_id.clone(),
        incoming_protocol: incoming,
        incoming: incoming_endpoint.clone(),
        outgoing: outgoing.clone(),
        username: match servers.username {
            UsernameForm::FullAddress => address.ascii(),
            UsernameForm::LocalPart => address.local.clone(),
        },
        password_kind: ServerChoice::Discovered(Some(found)).password_kind(&address.ascii()),
    })
}

/// One numbered step of the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryStep {
    /// The instruction ("Open Thunderbird…", "On “Incoming server”:").
    pub heading: String,
    /// Field lines under it ("“Port:” 993").
    pub lines: Vec<String>,
    /// The button to press at the end, if any.
    pub then_press: Option<String>,
}

/// The whole summary for one client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Title line.
    pub title: String,
    /// Numbered steps.
    pub steps: Vec<SummaryStep>,
    /// Warnings for this client and provider.
    pub warnings: Vec<String>,
    /// True when some label's exact wording is unverified (a footnote explains the mark).
    pub has_unverified: bool,
}

/// The mark put after a label whose wording was never verified.
pub const UNVERIFIED_MARK: &str = " *";

fn label_text(label: &Label, lang: Lang, unverified: &mut bool) -> String {
    marked(
        label.text.get(lang),
        label.is_unverified_in(lang),
        unverified,
    )
}

/// The text, with the unverified mark when its wording is unverified (and then noted for the
/// footnote).
fn marked(text: &str, is_unverified: bool, any_unverified: &mut bool) -> String {
    if is_unverified {
        *any_unverified = true;
        format!("{text}{UNVERIFIED_MARK}")
    } else {
        text.to_owned()
    }
}

fn applies(protocols: &[String], incoming: Incoming) -> bool {
    protocols.is_empty() || protocols.iter().any(|p| p == incoming.code())
}

fn password_value(kind: PasswordKind, lang: Lang) -> String {
    tr(lang, kind.value_id())
}

fn security_value(client: &Client, security: Security, lang: Lang, un: &mut bool) -> String {
    let s = &client.security;
    match (s.style, security) {
        (SecurityStyle::Choice, Security::Tls) => label_text(&s.tls, lang, un),
        (SecurityStyle::Choice, Security::Starttls) => label_text(&s.starttls, lang, un),
        (SecurityStyle::Choice, Security::None) => match &s.none {
            Some(none) => label_text(none, lang, un),
            None => tr(lang, "value-security-none"),
        },
        // The field's own label already names the box, so the value only says what to do.
        (SecurityStyle::Checkbox, Security::Tls) => tr(lang, "value-tick-box"),
        (SecurityStyle::Checkbox, Security::Starttls) => label_text(&s.starttls, lang, un),
        (SecurityStyle::Checkbox, Security::None) => tr(lang, "value-leave-unticked"),
    }
}

fn field_value(
    kind: FieldKind,
    settings: &AccountSettings,
    client: &Client,
    lang: Lang,
    un: &mut bool,
) -> String {
    let inc = &settings.incoming;
    let out = &settings.outgoing;
    match kind {
        FieldKind::YourName => tr(lang, "value-your-name"),
        FieldKind::Email => settings.address.clone(),
        FieldKind::Password | FieldKind::OutgoingPassword => {
            password_value(settings.password_kind, lang)
        }
        FieldKind::AccountType => settings.incoming_protocol.name().to_owned(),
        FieldKind::IncomingHost => inc.host.clone(),
        FieldKind::IncomingPort => inc.port.to_string(),
        FieldKind::IncomingSecurity => security_value(client, inc.security, lang, un),
        FieldKind::IncomingUsername | FieldKind::OutgoingUsername => settings.username.clone(),
        FieldKind::OutgoingHost => out.host.clone(),
        FieldKind::OutgoingPort => out.port.to_string(),
        FieldKind::OutgoingSecurity => security_value(client, out.security, lang, un),
        // Outlook.com and the like refuse passwords: the sign-in method, not "normal password".
        FieldKind::IncomingAuth | FieldKind::OutgoingAuth
            if settings.password_kind == PasswordKind::Oauth2Only =>
        {
            tr(lang, "value-auth-oauth2")
        }
        FieldKind::IncomingAuth | FieldKind::OutgoingAuth => tr(lang, "value-select-this"),
        FieldKind::OutgoingAuthRequired | FieldKind::LeaveOnServer => tr(lang, "value-tick-box"),
        FieldKind::Spa => tr(lang, "value-leave-unticked"),
        // Foxmail's STARTTLS box belongs to the outgoing server; the SSL boxes cover the rest.
        FieldKind::StarttlsBox => tr(
            lang,
            if out.security == Security::Starttls {
                "value-tick-box"
            } else {
                "value-leave-unticked"
            },
        ),
    }
}

/// The numbered steps for setting these settings up in this client.
pub fn summary(settings: &AccountSettings, client: &Client, lang: Lang) -> Summary {
    let mut un = false;
    let mut steps = Vec::new();
    let provider_id = settings.provider_id.as_deref();
    for nav in client
        .navigation
        .iter()
        .filter(|n| n.applies_to(provider_id))
    {
        steps.push(SummaryStep {
            heading: marked(nav.text.get(lang), nav.is_unverified_in(lang), &mut un),
            lines: Vec::new(),
            then_press: None,
        });
    }
    for screen in client
        .screens
        .iter()
        .filter(|s| applies(&s.protocols, settings.incoming_protocol))
    {
        let title = label_text(&screen.title, lang, &mut un);
        let mut lines = Vec::new();
        for field in screen
            .fields
            .iter()
            .filter(|f| applies(&f.protocols, settings.incoming_protocol))
        {
            let label = match (&field.label_pop3, settings.incoming_protocol) {
                (Some(pop), Incoming::Pop3) => {
                    marked(pop.get(lang), field.label.is_unverified_in(lang), &mut un)
                }
                _ => label_text(&field.label, lang, &mut un),
            };
            let mut value = match &field.value {
                Some(explicit) => explicit.get(lang).to_owned(),
                None => field_value(field.kind, settings, client, lang, &mut un),
            };
            let bare_label = label.trim_end_matches(UNVERIFIED_MARK);
            if field.kind == FieldKind::AccountType
                && (bare_label.eq_ignore_ascii_case(&value) || bare_label == "POP")
            {
                // The "label" is the tile or tab to click (e.g. "IMAP"): just say to choose it.
                value = tr(lang, "value-select-this");
            }
            // A label that already quotes the client's word (e.g. the “SSL” box next to the
            // server) is a description, not the field's name: quoting it again reads ““SSL” box”.
            let message = if bare_label.contains(['“', '「', '"']) {
                "summary-field-described"
            } else {
                "summary-field-line"
            };
            lines.push(tr_args(
                lang,
                message,
                &[("label", Arg::Str(&label)), ("value", Arg::Str(&value))],
            ));
        }
        let then_press = screen.continue_button.as_ref().map(|b| {
            tr_args(
                lang,
                "summary-then-press",
                &[("button", Arg::Str(&label_text(b, lang, &mut un)))],
            )
        });
        steps.push(SummaryStep {
            heading: tr_args(lang, "summary-on-screen", &[("screen", Arg::Str(&title))]),
            lines,
            then_press,
        });
    }
    let mut warnings = Vec::new();
    if settings.password_kind == PasswordKind::Oauth2Only {
        warnings.push(tr(lang, "summary-warning-oauth2-only"));
    }
    for p in client.pitfalls.iter().filter(|p| p.applies_to(provider_id)) {
        warnings.push(p.text.get(lang).to_owned());
    }
    if settings.incoming.security == Security::None || settings.outgoing.security == Security::None
    {
        warnings.push(tr(lang, "summary-warning-unencrypted"));
    }
    Summary {
        title: tr_args(
            lang,
            "summary-title",
            &[
                ("address", Arg::Str(&settings.address)),
                ("client", Arg::Str(client.name.get(lang))),
                ("protocol", Arg::Str(settings.incoming_protocol.name())),
            ],
        ),
        steps,
        warnings,
        has_unverified: un,
    }
}

/// The summary as plain text, as the Copy button puts it on the clipboard.
pub fn summary_text(settings: &AccountSettings, client: &Client, lang: Lang) -> String {
    let s = summary(settings, client, lang);
    let mut out = format!("{}\n", s.title);
    for (i, step) in s.steps.iter().enumerate() {
        out.push_str(&format!("{}. {}\n", i + 1, step.heading));
        for line in &step.lines {
            out.push_str(&format!("   - {line}\n"));
        }
        if let Some(press) = &step.then_press {
            out.push_str(&format!("   {press}\n"));
        }
    }
    if !s.warnings.is_empty() {
        out.push_str(&format!("{}\n", tr(lang, "summary-warnings-heading")));
        for w in &s.warnings {
            out.push_str(&format!("- {w}\n"));
        }
    }
    if s.has_unverified {
        out.push_str(&format!("*{}\n", tr(lang, "summary-unverified-footnote")));
    }
    out
}

/// Every value of the settings as (label, value) rows in a language: address, provider, incoming
/// and outgoing server, user name and what goes into the password field. The help-desk text, the
/// settings sheets and the HTML guide all list the settings from here.
pub fn settings_rows(settings: &AccountSettings, lang: Lang) -> Vec<(String, String)> {
    let sec = |s: Security| tr(lang, s.message_id());
    vec![
        (tr(lang, "hd-address"), settings.address.clone()),
        (
            tr(lang, "hd-provider"),
            settings
                .provider_id
                .clone()
                .unwrap_or_else(|| "-".to_owned()),
        ),
        (
            tr(lang, "hd-incoming"),
            format!(
                "{} {}:{} {}",
                settings.incoming_protocol.name(),
                settings.incoming.host,
                settings.incoming.port,
                sec(settings.incoming.security)
            ),
        ),
        (
            tr(lang, "hd-outgoing"),
            format!(
                "SMTP {}:{} {}",
                settings.outgoing.host,
                settings.outgoing.port,
                sec(settings.outgoing.security)
            ),
        ),
        (tr(lang, "hd-username"), settings.username.clone()),
        (
            tr(lang, "hd-password-kind"),
            password_value(settings.password_kind, lang),
        ),
    ]
}

/// The settings block of the help-desk text: every value, one per line.
pub fn settings_text(settings: &AccountSettings, lang: Lang) -> String {
    settings_rows(settings, lang)
        .iter()
        .map(|(label, value)| format!("{label}: {value}\n"))
        .collect()
}

/// How the test step ended, for the help-desk text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestReport {
    /// Never run.
    NotRun,
    /// The person chose to skip it.
    Skipped,
    /// Results per protocol.
    Done(Vec<ProbeResult>),
}

fn stage_line(r: &StageRecord, lang: Lang) -> String {
    format!(
        "    {} {} ({} ms) {}",
        if r.ok { "✓" } else { "×" },
        tr(lang, r.stage.message_id()),
        r.millis,
        r.detail
    )
}

/// The stable name of a stage (JSON `name`; its words: [`crate::core::probe::Stage::message_id`]).
pub fn stage_name(stage: crate::core::probe::Stage) -> &'static str {
    stage.code()
}

/// The test's failures as a person must read them before the settings: a heading ("fix this
/// first") and one line per check that did not pass — the protocol, what is wrong and what to
/// do, in plain words. `None` when the test was not run, skipped, or every check passed. The
/// summary step shows it at the top, and both copy texts begin with it.
pub fn test_failures(
    test: &TestReport,
    provider_id: Option<&str>,
    lang: Lang,
) -> Option<Vec<String>> {
    let TestReport::Done(results) = test else {
        return None;
    };
    let provider = provider_id.and_then(|id| crate::core::provider::database().get(id));
    let mut failed = Vec::new();
    let mut steps_given = false;
    for r in results {
        let d = crate::core::diagnosis::diagnose(r, provider);
        if d.code == crate::core::diagnosis::Code::Ok {
            continue;
        }
        failed.push(format!(
            "{} ({}:{}): {} {}",
            r.protocol.code().to_uppercase(),
            r.endpoint.host,
            r.endpoint.port,
            tr(lang, d.code.message_id()),
            crate::core::diagnosis::fix_text(&d, lang)
        ));
        // The fix says "as shown below": the provider's own steps, once.
        if !steps_given
            && let Some((heading, steps)) =
                crate::core::diagnosis::provider_steps(&d, provider, lang)
                    .as_deref()
                    .and_then(<[String]>::split_first)
        {
            steps_given = true;
            failed.push(heading.clone());
            failed.extend(steps.iter().map(|step| format!("  {step}")));
        }
    }

    // No results at all is no pass either.
    if failed.is_empty() && !results.is_empty() {
        return None;
    }
    let mut lines = vec![tr(lang, "summary-test-failed")];
    lines.extend(failed);
    Some(lines)
}

/// [`test_failures`] as text to put before a copied summary (empty when there is none).
pub fn test_failures_text(test: &TestReport, provider_id: Option<&str>, lang: Lang) -> String {
    test_failures(test, provider_id, lang)
        .map(|lines| {
            let mut text = String::from("!! ");
            text.push_str(&lines.join("\n   "));
            text.push_str("\n\n");
            text
        })
        .unwrap_or_default()
}

/// What "Copy for help desk" puts on the clipboard: settings, client, and the test result.
pub fn helpdesk_text(
    settings: &AccountSettings,
    client: &Client,
    test: &TestReport,
    lang: Lang,
) -> String {
    let mut out = format!("{}\n", tr(lang, "hd-heading"));
    out.push_str(&test_failures_text(
        test,
        settings.provider_id.as_deref(),
        lang,
    ));
    out.push_str(&format!(
        "{}: {}\n",
        tr(lang, "hd-client"),
        client.name.get(lang)
    ));
    out.push_str(&settings_text(settings, lang));
    out.push_str(&format!("{}:\n", tr(lang, "hd-test")));
    match test {
        TestReport::NotRun => out.push_str(&format!("  {}\n", tr(lang, "hd-test-not-run"))),
        TestReport::Skipped => out.push_str(&format!("  {}\n", tr(lang, "hd-test-skipped"))),
        TestReport::Done(results) => {
            let provider = settings
                .provider_id
                .as_deref()
                .and_then(|id| crate::core::provider::database().get(id));
            for r in results {
                let d = crate::core::diagnosis::diagnose(r, provider);
                out.push_str(&format!(
                    "  {} {}:{} — [{}] {}\n",
                    r.protocol.code().to_uppercase(),
                    r.endpoint.host,
                    r.endpoint.port,
                    d.code.as_str(),
                    tr(lang, d.code.message_id())
                ));
                if d.code != crate::core::diagnosis::Code::Ok {
                    out.push_str(&format!(
                        "    {}\n",
                        crate::core::diagnosis::fix_text(&d, lang)
                    ));
                }
                for s in &r.stages {
                    out.push_str(&stage_line(s, lang));
                    out.push('\n');
                }
                if let Some(msg) = &r.server_message {
                    out.push_str(&format!("    {}: {msg}\n", tr(lang, "hd-server-said")));
                }
            }
        }
    }
    out.push_str(&format!("mailwiz {}\n", env!("CARGO_PKG_VERSION")));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::client::catalog;
    use crate::core::provider::{Lookup, database};

    fn settings_for(address: &str, incoming: Incoming) -> AccountSettings {
        let Lookup::Found { address, provider } = database().lookup(address) else {
            panic!("{address} not found")
        };
        AccountSettings::from_provider(&address, provider, incoming).unwrap()
    }

    fn qq_settings(incoming: Incoming) -> AccountSettings {
        settings_for("someone@qq.com", incoming)
    }

    /// Foxmail's WeChat-scan / phone-code / account-and-password choice is offered only for
    /// Tencent addresses: a 163 address must not be told about it (it once was, as step 2).
    #[test]
    fn foxmail_offers_the_qq_login_step_only_for_tencent_addresses() {
        let foxmail = catalog().get("foxmail").unwrap();
        let qq_step = |lang| {
            foxmail
                .navigation
                .iter()
                .find(|n| n.providers.iter().any(|p| p == "qq"))
                .expect("foxmail has a QQ-only step")
                .text
                .get(lang)
                .to_owned()
        };
        for lang in Lang::ALL {
            let step = qq_step(lang);
            let netease = summary(
                &settings_for("someone@163.com", Incoming::Imap),
                foxmail,
                lang,
            );
            assert!(
                netease.steps.iter().all(|s| !s.heading.starts_with(&step)),
                "{lang:?}: 163 got the QQ step"
            );
            let qq = summary(&qq_settings(Incoming::Imap), foxmail, lang);
            assert!(
                qq.steps.iter().any(|s| s.heading.starts_with(&step)),
                "{lang:?}: QQ lacks the QQ step"
            );
            // The step is the only difference before the screens.
            assert_eq!(qq.steps.len(), netease.steps.len() + 1, "{lang:?}");
        }
        let netease_en = summary_text(
            &settings_for("someone@163.com", Incoming::Imap),
            foxmail,
            Lang::En,
        );
        assert!(!netease_en.contains("WeChat scan"), "{netease_en}");
    }

    #[test]
    fn qq_imap_in_thunderbird() {
        let s = qq_settings(Incoming::Imap);
        let tb = catalog().get("thunderbird").unwrap();
        let text = summary_text(&s, tb, Lang::En);
        assert!(text.contains("imap.qq.com"), "{text}");
        assert!(text.contains("993"), "{text}");
        assert!(text.contains("SSL/TLS"), "{text}");
        assert!(text.contains("smtp.qq.com"), "{text}");
        assert!(text.contains("465"), "{text}");
        assert!(!text.contains("pop.qq.com"), "{text}");
    }

    #[test]
    fn labels_that_quote_a_word_are_not_quoted_again() {
        let foxmail = catalog().get("foxmail").unwrap();
        for incoming in [Incoming::Imap, Incoming::Pop3] {
            for lang in [Lang::En, Lang::ZhCn, Lang::ZhTw] {
                let text = summary_text(&qq_settings(incoming), foxmail, lang);
                for doubled in ["““", "「「", "” *”", "」 *」"] {
                    assert!(!text.contains(doubled), "{doubled} in {lang:?}:\n{text}");
                }
                // The box is still named, with what to do with it.
                assert!(text.contains("SSL"), "{text}");
            }
        }
        let en = summary_text(&qq_settings(Incoming::Imap), foxmail, Lang::En);
        assert!(
            en.contains("“SSL” box next to the IMAP server *: tick it"),
            "{en}"
        );
    }

    #[test]
    fn pop3_uses_the_pop_server() {
        let s = qq_settings(Incoming::Pop3);
        assert_eq!(s.incoming.host, "pop.qq.com");
        assert_eq!(s.incoming.port, 995);
    }

    #[test]
    fn every_client_gets_host_port_and_security_in_every_language() {
        for client in catalog().all().iter().filter(|c| !c.discontinued) {
            for incoming in [Incoming::Imap, Incoming::Pop3] {
                if incoming == Incoming::Pop3 && !client.supports_pop3 {
                    continue;
                }
                let s = qq_settings(incoming);
                for lang in Lang::ALL {
                    let text = summary_text(&s, client, lang);
                    assert!(
                        text.contains(&s.incoming.host),
                        "{} {lang:?}: {text}",
                        client.id
                    );
                    assert!(text.contains(&s.outgoing.host), "{} {lang:?}", client.id);
                    // The exact ports of these settings.
                    let incoming_port = if incoming == Incoming::Imap {
                        "993"
                    } else {
                        "995"
                    };
                    assert!(
                        text.contains(incoming_port),
                        "{} {lang:?}: {text}",
                        client.id
                    );
                    assert!(text.contains("465"), "{} {lang:?}: {text}", client.id);
                    assert!(
                        !text.contains("value-"),
                        "{} {lang:?}: untranslated {text}",
                        client.id
                    );
                    assert!(
                        !text.contains("summary-"),
                        "{} {lang:?}: untranslated",
                        client.id
                    );
                }
            }
        }
    }

    /// "Copy for help desk" after a test that sent the test message: every stage is named in
    /// words, the test message's stage included (it once showed the raw `stage-test_message`).
    #[test]
    fn helpdesk_text_names_the_test_message_stage_in_words() {
        use crate::core::probe::{Outcome, Stage};
        let s = qq_settings(Incoming::Imap);
        let tb = catalog().get("thunderbird").unwrap();
        let stage = |stage, ok| StageRecord {
            stage,
            ok,
            millis: 12,
            detail: String::new(),
        };
        let smtp = ProbeResult {
            protocol: Protocol::Smtp,
            endpoint: s.outgoing.clone(),
            outcome: Outcome::Ok,
            stages: vec![
                stage(Stage::Dns, true),
                stage(Stage::Connect, true),
                stage(Stage::Secure, true),
                stage(Stage::Greeting, true),
                stage(Stage::Capabilities, true),
                stage(Stage::Login, true),
                stage(Stage::TestMessage, true),
            ],
            server_message: None,
            failure: None,
            transcript: Vec::new(),
        };
        let test = TestReport::Done(vec![smtp]);
        for lang in Lang::ALL {
            let text = helpdesk_text(&s, tb, &test, lang);
            let words = tr(lang, "stage-test-message");
            assert!(
                text.contains(&format!("✓ {words} (12 ms)")),
                "{lang:?}:\n{text}"
            );
            for raw in ["stage-", "test_message"] {
                assert!(!text.contains(raw), "{raw} in {lang:?}:\n{text}");
            }
        }
    }
}
