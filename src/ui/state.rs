//! The wizard's state: what is persisted between runs, what lives only while the window is open,
//! the steps, and the actions a step can ask for.
//!
//! Persisted state ([`Persisted`]) holds language, client, address, provider choice, protocol and
//! at most a [`KeyringRef`] — never the code. The code and every test result are runtime-only
//! fields of [`Wizard`]. What a test proved ([`TestState::Finished`]) remembers the settings and
//! code it ran with; when either changes, the result no longer applies and is cleared.
//!
//! Which settings apply is not decided here: [`Wizard::settings`] asks
//! [`crate::core::settings::resolve`], as every command does, and a [`Blocker`] wraps its typed
//! reason. Every update of this state lives here too, answers from the background included.

use serde::{Deserialize, Serialize};

use crate::core::client::{catalog, model::Client};
use crate::core::discovery::{Found, NetConfig, Progress};
use crate::core::i18n::{Arg, Lang, tr_args};
use crate::core::ports::standard_port;
use crate::core::probe::{ProbeEvent, ProbeResult, Protocol, Stage};
use crate::core::provider::model::{Endpoint, PasswordKind, Provider, Security};
use crate::core::provider::{Lookup, database};
use crate::core::secret::{KeyringRef, Secret};
use crate::core::settings::{
    self, AccountSettings, Incoming, ManualEntry, ServerChoice, Unresolved,
};
use crate::ui::worker::WorkerEvent;

/// The six steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Step {
    /// Which mail program.
    #[default]
    Client,
    /// The address and the provider.
    Address,
    /// IMAP or POP3.
    Protocol,
    /// The authorization code.
    Code,
    /// The test connection.
    Test,
    /// The settings to copy.
    Summary,
}

impl Step {
    /// The step's name on the command line (`--step`).
    pub fn code(self) -> &'static str {
        match self {
            Step::Client => "client",
            Step::Address => "address",
            Step::Protocol => "protocol",
            Step::Code => "code",
            Step::Test => "test",
            Step::Summary => "summary",
        }
    }

    /// The step with this name.
    pub fn from_code(code: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|step| step.code() == code)
    }

    /// All steps in order.
    pub const ALL: [Step; 6] = [
        Step::Client,
        Step::Address,
        Step::Protocol,
        Step::Code,
        Step::Test,
        Step::Summary,
    ];

    /// The next step, if any.
    pub fn next(self) -> Option<Step> {
        match self {
            Step::Client => Some(Step::Address),
            Step::Address => Some(Step::Protocol),
            Step::Protocol => Some(Step::Code),
            Step::Code => Some(Step::Test),
            Step::Test => Some(Step::Summary),
            Step::Summary => None,
        }
    }

    /// The previous step, if any.
    pub fn prev(self) -> Option<Step> {
        match self {
            Step::Client => None,
            Step::Address => Some(Step::Client),
            Step::Protocol => Some(Step::Address),
            Step::Code => Some(Step::Protocol),
            Step::Test => Some(Step::Code),
            Step::Summary => Some(Step::Test),
        }
    }

    /// 1-based position.
    pub fn number(self) -> usize {
        match self {
            Step::Client => 1,
            Step::Address => 2,
            Step::Protocol => 3,
            Step::Code => 4,
            Step::Test => 5,
            Step::Summary => 6,
        }
    }

    /// Message id of the step's title.
    pub fn title_id(self) -> &'static str {
        match self {
            Step::Client => "step-client",
            Step::Address => "step-address",
            Step::Protocol => "step-protocol",
            Step::Code => "step-code",
            Step::Test => "step-test",
            Step::Summary => "step-summary",
        }
    }
}

/// How the provider was settled on step 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ProviderChoice {
    /// Whatever the address's domain says.
    #[default]
    Detected,
    /// Picked from the list (by id).
    Picked(String),
    /// Servers typed by hand.
    Manual,
    /// Servers found by automatic discovery (see [`Persisted::found`]).
    Found,
}

/// Automatic discovery while the window is open.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Discovery {
    /// Not started for the current address.
    #[default]
    Idle,
    /// Searching.
    Searching {
        /// Domain (ASCII).
        domain: String,
        /// The job.
        job: u64,
        /// Each source's status.
        progress: Vec<Progress>,
    },
    /// Done.
    Finished {
        /// Domain (ASCII).
        domain: String,
        /// Whether something was found.
        found: bool,
        /// Each source's final status, with why it found nothing.
        statuses: Vec<Progress>,
    },
}

impl Discovery {
    /// The domain this state is about.
    pub fn domain(&self) -> Option<&str> {
        match self {
            Discovery::Idle => None,
            Discovery::Searching { domain, .. } | Discovery::Finished { domain, .. } => {
                Some(domain)
            }
        }
    }
}

/// One server typed by hand. The port is text while being edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualServer {
    /// Host name as typed.
    pub host: String,
    /// Port as typed.
    pub port: String,
    /// Security.
    pub security: Security,
}

impl ManualServer {
    fn new(protocol: Protocol) -> Self {
        Self {
            host: String::new(),
            port: standard_port(protocol, Security::Tls).to_string(),
            security: Security::Tls,
        }
    }

    /// The form's values for a known endpoint (host, port and security as they are).
    pub fn from_endpoint(e: &Endpoint) -> Self {
        Self {
            host: e.host.clone(),
            port: e.port.to_string(),
            security: e.security,
        }
    }

    /// The endpoint, if host and port are valid.
    pub fn endpoint(&self) -> Option<Endpoint> {
        let port: u16 = self.port.trim().parse().ok().filter(|p| *p > 0)?;
        Some(Endpoint {
            host: crate::core::address::server_host(&self.host)?,
            port,
            security: self.security,
        })
    }
}

/// The servers typed by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualServers {
    /// Incoming (IMAP or POP3, as chosen on step 3).
    pub incoming: ManualServer,
    /// Outgoing SMTP.
    pub outgoing: ManualServer,
    /// Login name; empty = the address.
    pub username: String,
}

impl Default for ManualServers {
    fn default() -> Self {
        Self {
            incoming: ManualServer::new(Protocol::Imap),
            outgoing: ManualServer::new(Protocol::Smtp),
            username: String::new(),
        }
    }
}

/// What survives a restart. Never the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Persisted {
    /// Chosen language (None = follow the OS).
    pub lang: Option<Lang>,
    /// Chosen client id.
    pub client_id: Option<String>,
    /// The address as typed.
    pub address: String,
    /// How the provider was chosen.
    pub provider_choice: ProviderChoice,
    /// Manually typed servers.
    pub manual: ManualServers,
    /// Servers found by automatic discovery.
    pub found: Option<Found>,
    /// With manual entry: the provider whose code steps still apply (e.g. 188.com, whose
    /// servers are not verified but whose authorization code is).
    pub manual_based_on: Option<String>,
    /// IMAP or POP3.
    pub incoming: Incoming,
    /// Whether to keep the code in the OS keyring.
    pub remember_code: bool,
    /// Where the code is kept, if it was saved.
    pub keyring_ref: Option<KeyringRef>,
    /// The step the person was on.
    pub step: Step,
    /// Help-desk mode: bigger text, numbered controls, a reference code and "Copy report".
    pub helpdesk: bool,
}

impl Persisted {
    /// Applies the answers the wizard was started with.
    pub fn apply_start(&mut self, start: &StartOptions) {
        if start.lang.is_some() {
            self.lang = start.lang;
        }
        if let Some(address) = &start.address {
            self.address = address.clone();
            self.provider_choice = ProviderChoice::Detected;
        }
        if let Some(client) = &start.client_id {
            self.client_id = Some(client.clone());
        }
        if let Some(incoming) = start.incoming {
            self.incoming = incoming;
        }
        if start.manual_incoming.is_some() || start.manual_outgoing.is_some() {
            if let Some(server) = &start.manual_incoming {
                self.manual.incoming = server.clone();
            }
            if let Some(server) = &start.manual_outgoing {
                self.manual.outgoing = server.clone();
            }
            self.provider_choice = ProviderChoice::Manual;
        }
        if start.helpdesk {
            self.helpdesk = true;
        }
        // Without a step, open just after the last answer given (the app then moves back to the
        // first step still missing an answer).
        let given = if start.incoming.is_some() {
            Some(Step::Code)
        } else if start.address.is_some() {
            Some(Step::Protocol)
        } else if start.client_id.is_some() {
            Some(Step::Address)
        } else {
            None
        };
        if let Some(step) = start.step.or(given) {
            self.step = step;
        }
    }
}

/// What the wizard opens with: answers given before it starts (on the command line, or in a help
/// desk's shortcut) and the network settings. The program's entry builds it from the command line,
/// where every value is checked and a bad one is reported before a window opens; the wizard applies
/// it with [`Persisted::apply_start`].
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

/// Progress of one stage in the live checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageStatus {
    /// Not started.
    Pending,
    /// Running now.
    Running,
    /// Done, fine.
    Ok,
    /// Done, failed.
    Failed,
}

/// The live checklist of one protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checklist {
    /// Protocol.
    pub protocol: Protocol,
    /// Server.
    pub endpoint: Endpoint,
    /// Stage statuses in order.
    pub stages: Vec<(Stage, StageStatus)>,
    /// Final result once done.
    pub result: Option<ProbeResult>,
}

impl Checklist {
    /// Its result; a checklist that ended without one is a check that died — a failed row,
    /// never a missing one and never a pass.
    pub fn final_result(&self) -> ProbeResult {
        self.result
            .clone()
            .unwrap_or_else(|| crate::core::probe::died(self.protocol, &self.endpoint))
    }

    /// A fresh checklist for a protocol, in the order the probe runs the stages: the secure
    /// connection comes first with implicit TLS, after the server's features with STARTTLS.
    pub fn new(protocol: Protocol, endpoint: Endpoint) -> Self {
        Self::with_test_message(protocol, endpoint, false)
    }

    /// The same, with SMTP's last step "send a test message" when one was asked for.
    pub fn with_test_message(protocol: Protocol, endpoint: Endpoint, test_message: bool) -> Self {
        let mut stages = if endpoint.security == Security::Tls {
            vec![
                Stage::Dns,
                Stage::Connect,
                Stage::Secure,
                Stage::Greeting,
                Stage::Capabilities,
            ]
        } else {
            vec![
                Stage::Dns,
                Stage::Connect,
                Stage::Greeting,
                Stage::Capabilities,
                Stage::Secure,
            ]
        };
        stages.push(Stage::Login);
        if protocol != Protocol::Smtp {
            stages.push(Stage::Mailbox);
        } else if test_message {
            stages.push(Stage::TestMessage);
        }
        Self {
            protocol,
            endpoint,
            stages: stages
                .into_iter()
                .map(|s| (s, StageStatus::Pending))
                .collect(),
            result: None,
        }
    }
}

/// The test step's state.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum TestState {
    /// Not run for the current settings.
    #[default]
    NotRun,
    /// Running.
    Running {
        /// The worker's job id; events of other jobs are stale.
        job: u64,
        /// What is being tested (the result belongs to these settings, whatever changes while
        /// the test runs).
        settings: AccountSettings,
        /// One checklist per protocol (incoming, outgoing).
        lists: Vec<Checklist>,
    },
    /// Finished (all protocols) for these settings and this code.
    Finished {
        /// What was tested.
        settings: AccountSettings,
        /// With which code.
        code: Secret,
        /// The checklists with results.
        lists: Vec<Checklist>,
    },
    /// The person skipped it.
    Skipped {
        /// For which settings.
        settings: AccountSettings,
    },
}

/// Whether the OS keyring can be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyringStatus {
    /// Still checking.
    Checking,
    /// Usable.
    Available,
    /// Not usable, with the technical reason.
    Unavailable(String),
}

/// Everything the wizard knows while the window is open.
#[derive(Debug)]
pub struct Wizard {
    /// What is persisted.
    pub persisted: Persisted,
    /// The language in use.
    pub lang: Lang,
    /// The code as typed (runtime only).
    pub code: Secret,
    /// Show the code in clear.
    pub show_code: bool,
    /// Spaces were removed from the last paste.
    pub code_cleaned: bool,
    /// Search text of the provider list.
    pub provider_query: String,
    /// Whether the provider list is open.
    pub provider_list_open: bool,
    /// The test.
    pub test: TestState,
    /// The keyring.
    pub keyring: KeyringStatus,
    /// Last keyring operation's message id (and whether it went well).
    pub keyring_note: Option<(bool, String)>,
    /// A short confirmation ("Copied").
    pub notice: Option<String>,
    /// The step's main control should take the keyboard focus (set when a step is entered).
    pub focus_pending: bool,
    /// The address (ASCII) whose saved code is in `code`, when it came from the keyring.
    pub code_loaded_for: Option<String>,
    /// Automatic discovery for the address's domain.
    pub discovery: Discovery,
    /// The help-desk check of what every mail program finds for the address's domain.
    pub domain_check: DomainCheck,
    /// When the address was last edited (egui time, seconds), for starting discovery once the
    /// person stops typing.
    pub address_edited_at: Option<f64>,
    /// Whether step 2 starts discovery by itself once the person stops typing an address of an
    /// unknown domain (the real app; tests start it explicitly).
    pub auto_discover: bool,
    /// The last save's outcome, in words (and whether it went well).
    pub save_note: Option<(bool, String)>,
    /// This session's reference code (help-desk mode shows it).
    pub reference: String,
    /// Help-desk numbering: the last number given out in this frame.
    pub helpdesk_counter: std::cell::Cell<u32>,
    /// The person asked the test to send one message to their own address (off by default:
    /// nothing is sent unless asked). Not remembered between runs.
    pub send_test_message: bool,
    /// Help-desk numbering: how many numbers the step's content used in the last frame (the
    /// Back/Next buttons, drawn first, continue from there so their numbers stay put).
    pub helpdesk_content_count: u32,
}

/// Why Next is disabled on the current step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocker {
    /// No settings apply yet.
    Settings(Unresolved),
    /// No mail program chosen.
    ChooseClient,
    /// The chosen mail program no longer works.
    ClientDiscontinued,
    /// Discovery is still searching.
    Searching,
    /// POP3 chosen for a program that cannot use it.
    ClientNoPop3,
    /// The code field is empty; the kind says what to type.
    EnterCode(PasswordKind),
    /// The test is running.
    TestRunning,
    /// The test was neither run nor skipped.
    TestOrSkip,
}

impl Blocker {
    /// The message shown next to the disabled button.
    pub fn message_id(&self) -> &'static str {
        match self {
            Blocker::Settings(unresolved) => unresolved.message_id(),
            Blocker::ChooseClient => "blocker-choose-client",
            Blocker::ClientDiscontinued => "blocker-client-discontinued",
            Blocker::Searching => "blocker-searching",
            Blocker::ClientNoPop3 => "blocker-client-no-pop3",
            // A code is never asked for where OAuth2 is the only way in.
            Blocker::EnterCode(kind) => kind
                .enter_code_blocker_id()
                .unwrap_or("blocker-enter-password"),
            Blocker::TestRunning => "blocker-test-running",
            Blocker::TestOrSkip => "blocker-test-or-skip",
        }
    }
}

/// What a step asks the app to do after the frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Go to a step.
    Goto(Step),
    /// Change the language.
    SetLang(Lang),
    /// Start the test connection.
    StartTest,
    /// Cancel it.
    CancelTest,
    /// Skip it.
    SkipTest,
    /// Put text on the clipboard, with the notice to show.
    Copy {
        /// The text.
        text: String,
        /// Message id of the confirmation.
        notice: String,
    },
    /// Open a web page in the browser.
    OpenUrl(String),
    /// Forget the code kept in the keyring.
    ForgetSavedCode,
    /// Tick or untick "remember in the keychain" (unticking removes a saved code at once).
    SetRemember(bool),
    /// Start again from step 1 (keeps the language).
    StartOver,
    /// Look for the settings of the address's domain automatically.
    StartDiscovery,
    /// Save an export to a file the person picks.
    Save(crate::core::export::Format),
    /// Turn help-desk mode on or off.
    SetHelpdesk(bool),
    /// Stop looking.
    CancelDiscovery,
    /// Check what every mail program finds for the address's domain (help-desk mode).
    CheckDomain,
    /// Stop that check.
    CancelDomainCheck,
}

/// The help-desk domain check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainCheck {
    /// Not asked for.
    NotRun,
    /// Running for this domain (ASCII).
    Running(String),
    /// The report.
    Done(crate::core::domain::CheckReport),
    /// The check for this domain died (a fault in mailwiz).
    Died(String),
}

impl DomainCheck {
    /// The domain it is about, if any.
    pub fn domain(&self) -> Option<&str> {
        match self {
            DomainCheck::NotRun => None,
            DomainCheck::Running(d) | DomainCheck::Died(d) => Some(d),
            DomainCheck::Done(report) => Some(&report.domain),
        }
    }
}

impl Wizard {
    /// A wizard starting from persisted state.
    pub fn new(p: Persisted, os_lang: Lang) -> Self {
        let lang = p.lang.unwrap_or(os_lang);
        Self {
            persisted: p,
            lang,
            code: Secret::default(),
            show_code: false,
            code_cleaned: false,
            provider_query: String::new(),
            provider_list_open: false,
            test: TestState::NotRun,
            keyring: KeyringStatus::Checking,
            keyring_note: None,
            notice: None,
            focus_pending: true,
            code_loaded_for: None,
            discovery: Discovery::Idle,
            domain_check: DomainCheck::NotRun,
            address_edited_at: None,
            auto_discover: false,
            save_note: None,
            reference: crate::core::report::session_reference(),
            helpdesk_counter: std::cell::Cell::new(0),
            send_test_message: false,
            helpdesk_content_count: 0,
        }
    }

    /// A control's text, numbered in help-desk mode ("【3】 Next") so the help desk can say
    /// "press 3"; unchanged otherwise.
    pub fn control_label(&self, text: &str) -> String {
        if !self.persisted.helpdesk {
            return text.to_owned();
        }
        let n = self.helpdesk_counter.get() + 1;
        self.helpdesk_counter.set(n);
        self.with_helpdesk_number(n, text)
    }

    /// `text` with help-desk number `n`.
    pub fn with_helpdesk_number(&self, n: u32, text: &str) -> String {
        let number = crate::core::i18n::tr_args(
            self.lang,
            "helpdesk-number",
            &[("n", crate::core::i18n::Arg::Num(i64::from(n)))],
        );
        format!("{number} {text}")
    }

    /// The chosen client.
    pub fn client(&self) -> Option<&'static Client> {
        self.persisted
            .client_id
            .as_deref()
            .and_then(|id| catalog().get(id))
    }

    /// What the address field says right now.
    pub fn lookup(&self) -> Lookup<'static> {
        database().lookup(&self.persisted.address)
    }

    /// The provider in effect (detected or picked), if any.
    pub fn provider(&self) -> Option<&'static Provider> {
        match self.persisted.provider_choice {
            ProviderChoice::Manual => None,
            _ => self.guidance_provider(),
        }
    }

    /// The discovered settings, when they belong to the address's domain.
    pub fn found(&self) -> Option<&Found> {
        let domain = crate::core::address::parse(&self.persisted.address)
            .ok()?
            .domain_ascii;
        self.persisted.found.as_ref().filter(|f| f.domain == domain)
    }

    /// Where the servers come from, in the terms of [`settings::resolve`].
    pub fn server_choice(&self) -> ServerChoice<'_> {
        match &self.persisted.provider_choice {
            ProviderChoice::Detected => ServerChoice::Detected,
            ProviderChoice::Picked(id) => database()
                .get(id)
                .map_or(ServerChoice::Discovered(None), ServerChoice::Picked),
            ProviderChoice::Found => ServerChoice::Discovered(self.found()),
            ProviderChoice::Manual => ServerChoice::Manual(ManualEntry {
                incoming: self.persisted.manual.incoming.endpoint(),
                outgoing: self.persisted.manual.outgoing.endpoint(),
                username: &self.persisted.manual.username,
                based_on: self
                    .persisted
                    .manual_based_on
                    .as_deref()
                    .and_then(|id| database().get(id)),
            }),
        }
    }

    /// The provider whose guidance applies (code steps, quirks): the provider in effect, or the
    /// one manual entry started from.
    pub fn guidance_provider(&self) -> Option<&'static Provider> {
        self.server_choice()
            .guidance_provider(&self.persisted.address)
    }

    /// The password kind in effect.
    pub fn password_kind(&self) -> PasswordKind {
        self.server_choice().password_kind(&self.persisted.address)
    }

    /// The settings in effect, or why there are none yet (decided by [`settings::resolve`]).
    pub fn settings(&self) -> Result<AccountSettings, Blocker> {
        settings::resolve(
            &self.persisted.address,
            self.persisted.incoming,
            self.server_choice(),
        )
        .map_err(Blocker::Settings)
    }

    /// Applies a discovery event: progress per source, then the result — as found servers, or as
    /// the known provider hosting the domain when its MX records named one.
    fn apply_discovery_event(&mut self, event: WorkerEvent) {
        let w = self;
        let Discovery::Searching {
            domain,
            job,
            progress,
        } = &mut w.discovery
        else {
            return;
        };
        match event {
            WorkerEvent::DiscoveryProgress {
                job: j,
                progress: p,
            } if j == *job => match progress.iter_mut().find(|x| x.source == p.source) {
                Some(entry) => *entry = p,
                None => progress.push(p),
            },
            WorkerEvent::DiscoveryFinished {
                job: j,
                found,
                statuses,
            } if j == *job => {
                let domain = domain.clone();
                w.discovery = Discovery::Finished {
                    domain: domain.clone(),
                    found: found.is_some(),
                    statuses,
                };
                if let Some(d) = found {
                    w.persisted.found = Some(Found::new(&domain, d));
                    // Only when the person has not chosen meanwhile (servers by hand, a provider
                    // from the list): a late answer must not replace their choice.
                    if w.persisted.provider_choice == ProviderChoice::Detected {
                        w.persisted.provider_choice = ProviderChoice::Found;
                        w.provider_list_open = false;
                    }
                }
            }
            _ => {}
        }
    }

    /// Applies one answer from the background: a test's progress and result, discovery's
    /// progress and result, a saved file's outcome. Stale answers (of a replaced job) are dropped.
    pub fn apply_worker_event(&mut self, event: WorkerEvent) {
        let w = self;
        match event {
            WorkerEvent::KeyringChecked(checked) => {
                w.keyring = match checked {
                    Ok(()) => KeyringStatus::Available,
                    Err(reason) => KeyringStatus::Unavailable(reason),
                };
                return;
            }
            WorkerEvent::DomainChecked { domain, report } => {
                // Only the answer for the check still asked for.
                if w.domain_check == DomainCheck::Running(domain.clone()) {
                    w.domain_check = match report {
                        Some(report) => DomainCheck::Done(report),
                        None => DomainCheck::Died(domain),
                    };
                }
                return;
            }
            WorkerEvent::Saved(saved) => {
                let lang = w.lang;
                w.save_note = match saved {
                    None => None, // the person closed the dialog
                    Some(Ok(path)) => Some((
                        true,
                        tr_args(lang, "save-done", &[("path", Arg::Str(&path))]),
                    )),
                    Some(Err(reason)) => Some((
                        false,
                        tr_args(lang, "save-failed", &[("reason", Arg::Str(&reason))]),
                    )),
                };
                return;
            }
            _ => {}
        }
        if matches!(
            event,
            WorkerEvent::DiscoveryProgress { .. } | WorkerEvent::DiscoveryFinished { .. }
        ) {
            w.apply_discovery_event(event);
            return;
        }
        let TestState::Running { job, lists, .. } = &mut w.test else {
            return;
        };
        let (event_job, index) = match &event {
            WorkerEvent::Progress { job, index, .. } | WorkerEvent::Finished { job, index, .. } => {
                (*job, *index)
            }
            _ => return,
        };
        if event_job != *job {
            return; // stale
        }
        let Some(list) = lists.get_mut(index) else {
            return;
        };
        match event {
            WorkerEvent::Progress {
                event: ProbeEvent::StageStarted(stage),
                ..
            } => {
                if let Some(entry) = list.stages.iter_mut().find(|(s, _)| *s == stage) {
                    entry.1 = StageStatus::Running;
                }
            }
            WorkerEvent::Progress {
                event: ProbeEvent::StageFinished(record),
                ..
            } => {
                if let Some(entry) = list.stages.iter_mut().find(|(s, _)| *s == record.stage) {
                    entry.1 = if record.ok {
                        StageStatus::Ok
                    } else {
                        StageStatus::Failed
                    };
                }
            }
            WorkerEvent::Finished { result, .. } => {
                for entry in list.stages.iter_mut() {
                    if entry.1 == StageStatus::Running {
                        entry.1 = StageStatus::Failed;
                    }
                }
                list.result = Some(result);
            }
            _ => {}
        }
        if lists.iter().all(|l| l.result.is_some()) {
            let lists = std::mem::take(lists);
            let cancelled = lists.iter().any(|l| {
                l.result
                    .as_ref()
                    .is_some_and(|r| r.outcome == crate::core::probe::Outcome::Cancelled)
            });
            if cancelled {
                w.test = TestState::NotRun;
                w.notice = Some("test-cancelled".into());
                return;
            }
            // The result belongs to the settings that were tested; if they changed meanwhile (a
            // late discovery, an edit), the staleness check turns it into "not run".
            let TestState::Running { settings, .. } = std::mem::take(&mut w.test) else {
                return;
            };
            w.test = TestState::Finished {
                settings,
                code: w.code.clone(),
                lists,
            };
        }
    }

    /// Why Next is disabled on the current step, if it is.
    pub fn blocker(&self) -> Option<Blocker> {
        match self.persisted.step {
            Step::Client => match self.client() {
                None => Some(Blocker::ChooseClient),
                Some(c) if c.discontinued => Some(Blocker::ClientDiscontinued),
                Some(_) => None,
            },
            Step::Address
                if matches!(self.discovery, Discovery::Searching { .. })
                    && self.persisted.provider_choice == ProviderChoice::Detected =>
            {
                Some(Blocker::Searching)
            }
            Step::Address => match self.settings() {
                Err(Blocker::Settings(Unresolved::NoIncoming(_))) => {
                    // Resolved on the next step, where the protocol is chosen.
                    None
                }
                Err(b) => Some(b),
                Ok(_) => None,
            },
            Step::Protocol => {
                if let Err(b) = self.settings() {
                    return Some(b);
                }
                let pop_unsupported = self.persisted.incoming == Incoming::Pop3
                    && self.client().is_some_and(|c| !c.supports_pop3);
                pop_unsupported.then_some(Blocker::ClientNoPop3)
            }
            Step::Code => {
                if self.password_kind() == PasswordKind::Oauth2Only {
                    None
                } else if self.code.is_empty() {
                    Some(Blocker::EnterCode(self.password_kind()))
                } else {
                    None
                }
            }
            Step::Test => match &self.test {
                TestState::Running { .. } => Some(Blocker::TestRunning),
                TestState::NotRun => Some(Blocker::TestOrSkip),
                _ => None,
            },
            Step::Summary => None,
        }
    }

    /// Clears the test result when the settings or the code it was made with changed, and
    /// discovery results that belong to another domain.
    pub fn drop_stale_results(&mut self) {
        let domain = crate::core::address::parse(&self.persisted.address)
            .ok()
            .map(|a| a.domain_ascii);
        if self
            .persisted
            .found
            .as_ref()
            .is_some_and(|f| Some(&f.domain) != domain.as_ref())
        {
            self.persisted.found = None;
        }
        if self.persisted.provider_choice == ProviderChoice::Found && self.persisted.found.is_none()
        {
            self.persisted.provider_choice = ProviderChoice::Detected;
        }
        if self
            .discovery
            .domain()
            .is_some_and(|d| Some(d) != domain.as_deref())
        {
            self.discovery = Discovery::Idle;
        }
        if let Some(loaded_for) = &self.code_loaded_for {
            let current = crate::core::address::parse(&self.persisted.address).map(|a| a.ascii());
            if current.as_deref() != Ok(loaded_for.as_str()) {
                // A code from the keyring belongs to its address only.
                self.code = Secret::default();
                self.code_loaded_for = None;
            }
        }
        let current = self.settings().ok();
        let stale = match &self.test {
            TestState::Finished {
                settings,
                code,
                lists,
            } => {
                // A test message asked for after a test that sent none: that test is not it.
                let message_missing = self.send_test_message
                    && !lists
                        .iter()
                        .any(|l| l.stages.iter().any(|(s, _)| *s == Stage::TestMessage));
                current.as_ref() != Some(settings) || code != &self.code || message_missing
            }
            TestState::Skipped { settings } => current.as_ref() != Some(settings),
            TestState::NotRun | TestState::Running { .. } => false,
        };
        if stale {
            self.test = TestState::NotRun;
        }
    }
}

/// Removes every kind of space from a pasted code (spaces, tabs, full-width spaces, newlines).
/// Returns true when something was removed.
pub fn clean_code(code: &mut String) -> bool {
    let before = code.len();
    code.retain(|c| !c.is_whitespace() && c != '\u{200b}' && c != '\u{feff}');
    code.len() != before
}

/// What looks wrong with a code for this provider, as a message id.
pub fn code_warning(code: &str, provider: Option<&Provider>) -> Option<&'static str> {
    let shape = provider?.code_shape.as_ref()?;
    if code.is_empty() {
        return None;
    }
    let chars_ok = code.chars().all(|c| match shape.charset.as_str() {
        "lowercase" | "uppercase" | "letters" => c.is_ascii_alphabetic(),
        _ => c.is_ascii_alphanumeric(),
    });
    if !chars_ok {
        return Some("code-warning-looks-like-password");
    }
    if code.chars().count() != shape.length {
        return Some("code-warning-length");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The review after issue 11: ticking "also send a test message" after a test that sent
    /// none must not leave that test standing as if the message had gone.
    #[test]
    fn asking_for_a_test_message_after_the_test_makes_it_not_run() {
        let mut w = Wizard::new(
            Persisted {
                client_id: Some("thunderbird".into()),
                address: "someone@qq.com".into(),
                ..Persisted::default()
            },
            Lang::En,
        );
        let settings = w.settings().expect("qq settings");
        let finished = |message: bool| TestState::Finished {
            settings: settings.clone(),
            code: Secret::default(),
            lists: vec![Checklist::with_test_message(
                Protocol::Smtp,
                settings.outgoing.clone(),
                message,
            )],
        };
        w.test = finished(false);
        w.drop_stale_results();
        assert!(matches!(w.test, TestState::Finished { .. }));
        w.send_test_message = true;
        w.drop_stale_results();
        assert!(matches!(w.test, TestState::NotRun));
        w.test = finished(true);
        w.drop_stale_results();
        assert!(matches!(w.test, TestState::Finished { .. }));
    }

    #[test]
    fn a_checklist_that_ended_without_a_result_is_a_failed_row() {
        use crate::core::diagnosis::{Code, all_passed, diagnose};
        use crate::core::provider::model::Security;
        let list = Checklist::new(
            Protocol::Imap,
            Endpoint {
                host: "imap.example.test".into(),
                port: 993,
                security: Security::Tls,
            },
        );
        let result = list.final_result();
        assert_eq!(diagnose(&result, None).code, Code::CheckDied);
        assert!(!all_passed(&[diagnose(&result, None)]));
        assert!(!all_passed(&[]), "no check at all is no pass");
    }

    #[test]
    fn steps_walk_both_ways() {
        let mut s = Step::Client;
        let mut n = 1;
        while let Some(next) = s.next() {
            assert_eq!(next.prev(), Some(s));
            s = next;
            n += 1;
        }
        assert_eq!(n, 6);
        assert_eq!(s, Step::Summary);
    }

    #[test]
    fn paste_cleanup_removes_all_spaces() {
        let mut code = " abcd efgh\u{3000}ijkl\tmnop\n".to_owned();
        assert!(clean_code(&mut code));
        assert_eq!(code, "abcdefghijklmnop");
        assert!(!clean_code(&mut code));
    }

    #[test]
    fn qq_code_shape_warnings() {
        let qq = database().get("qq");
        assert_eq!(code_warning("abcdefghijklmnop", qq), None);
        assert_eq!(code_warning("abcdefgh", qq), Some("code-warning-length"));
        assert_eq!(
            code_warning("MyPass123!", qq),
            Some("code-warning-looks-like-password")
        );
    }

    #[test]
    fn changing_the_address_clears_the_test() {
        let mut w = Wizard::new(Persisted::default(), Lang::En);
        w.persisted.address = "a@qq.com".into();
        w.code = Secret::new("abcdefghijklmnop");
        let settings = w.settings().unwrap();
        w.test = TestState::Skipped { settings };
        w.drop_stale_results();
        assert!(matches!(w.test, TestState::Skipped { .. }));
        w.persisted.address = "b@qq.com".into();
        w.drop_stale_results();
        assert_eq!(w.test, TestState::NotRun);
    }

    #[test]
    fn manual_endpoint_validation() {
        let mut m = ManualServer::new(Protocol::Imap);
        assert_eq!(m.endpoint(), None);
        m.host = " Mail.Example.COM ".into();
        assert_eq!(
            m.endpoint().map(|e| e.host),
            Some("mail.example.com".into())
        );
        m.port = "99999".into();
        assert_eq!(m.endpoint(), None);
        m.port = "993".into();
        m.host = "bad host".into();
        assert_eq!(m.endpoint(), None);
    }
}
