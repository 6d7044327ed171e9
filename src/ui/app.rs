//! The eframe application: owns the wizard state, drains worker events, draws the frame around
//! the current step (language switch, step title, Back/Next with the reason Next is disabled),
//! and applies the actions the step returned — after drawing, never during.

use std::sync::Arc;

use eframe::egui::{self, Key, RichText};

use crate::core::discovery::{NetConfig, SourceStatus};
use crate::core::export::{self, Format};
use crate::core::i18n::{Arg, Lang, tr, tr_args};
use crate::core::net::Resolver;
use crate::core::probe::{ProbeOptions, ProbeRequest, Protocol, TestMessage, Timeouts};
use crate::core::provider::model::PasswordKind;
use crate::core::secret::{KeyringRef, KeyringStore, SecretStore, SecretStoreError};
use crate::ui::state::{
    Action, Checklist, Discovery, KeyringStatus, Persisted, StartOptions, Step, TestState, Wizard,
};
use crate::ui::worker::{Worker, WorkerEvent};
use crate::ui::{fonts, steps, widgets};

/// How much bigger help-desk mode draws everything.
const HELPDESK_ZOOM: f32 = 1.25;

/// The wizard application.
pub struct MailwizApp {
    /// The wizard's state (public for tests).
    pub wizard: Wizard,
    worker: Worker,
    store: Arc<dyn SecretStore>,
    /// Timeouts for test connections.
    pub timeouts: Timeouts,
    /// Where automatic discovery looks and which extra roots the test connections trust (tests
    /// point it at local servers).
    pub net: NetConfig,
    first_frame_reported: bool,
    /// The script of the CJK font installed by the real app (tests install theirs).
    font_script: Option<fonts::Script>,
}

impl MailwizApp {
    /// Builds the app around a state, a secret store and the keyring's status.
    pub fn new(
        persisted: Persisted,
        os_lang: Lang,
        store: Arc<dyn SecretStore>,
        keyring: KeyringStatus,
    ) -> Self {
        let mut wizard = Wizard::new(persisted, os_lang);
        wizard.keyring = keyring;
        let mut app = Self {
            wizard,
            worker: Worker::default(),
            store,
            timeouts: Timeouts::default(),
            net: NetConfig::default(),
            first_frame_reported: false,
            font_script: None,
        };
        app.load_saved_code();
        if app.wizard.keyring != KeyringStatus::Checking {
            app.settle_step();
        }
        app
    }

    /// Adds a trusted root certificate (PEM) for test connections and discovery.
    pub fn add_trusted_root(&mut self, pem: Vec<u8>) {
        self.net.extra_roots_pem.push(pem);
    }

    /// The real app: restores persisted state, installs fonts, checks the OS keyring in the
    /// background.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, start: StartOptions) -> Self {
        let mut persisted: Persisted = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        persisted.apply_start(&start);
        let mut app = Self::new(
            persisted,
            Lang::from_os(),
            Arc::new(KeyringStore),
            KeyringStatus::Checking,
        );
        app.net = start.net;
        app.wizard.auto_discover = true;
        // The TLS set-up takes tens of milliseconds; done now, in the background, the first
        // test does not wait for it.
        crate::core::probe::prepare_tls();
        fonts::install(&cc.egui_ctx, app.wizard.lang);
        app.font_script = Some(fonts::Script::for_lang(app.wizard.lang));
        let ctx = cc.egui_ctx.clone();
        app.worker
            .check_keyring(check_native_keyring, move || ctx.request_repaint());
        app
    }

    fn load_saved_code(&mut self) {
        if self.wizard.keyring != KeyringStatus::Available || !self.wizard.code.is_empty() {
            return;
        }
        let Some(at) = self.wizard.persisted.keyring_ref.clone() else {
            return;
        };
        // Only the code saved for this very address: never another mailbox's code.
        let Ok(address) = crate::core::address::parse(&self.wizard.persisted.address) else {
            return;
        };
        if at.account != address.ascii() {
            return;
        }
        match self.store.load(&at) {
            Ok(secret) => {
                self.wizard.code = secret;
                self.wizard.code_loaded_for = Some(at.account);
                self.wizard.keyring_note = Some((true, "keyring-loaded".into()));
            }
            Err(SecretStoreError::NotFound) => self.wizard.persisted.keyring_ref = None,
            Err(_) => self.wizard.keyring_note = Some((false, "keyring-load-failed".into())),
        }
    }

    /// Moves back to the first step whose answers are missing (a restored or pre-filled step
    /// must not skip the checks of the steps before it).
    fn settle_step(&mut self) {
        let target = self.wizard.persisted.step;
        let mut step = Step::Client;
        while step != target {
            let saved = self.wizard.persisted.step;
            self.wizard.persisted.step = step;
            let blocked = self.wizard.blocker().is_some();
            self.wizard.persisted.step = saved;
            if blocked {
                self.wizard.persisted.step = step;
                return;
            }
            match step.next() {
                Some(next) => step = next,
                None => return,
            }
        }
    }

    /// Draws the whole window and applies what the step asked for.
    pub fn draw(&mut self, ui: &mut egui::Ui) {
        self.receive();
        self.wizard.drop_stale_results();
        // Help-desk mode: everything a quarter bigger, for reading out and for older eyes.
        let zoom = if self.wizard.persisted.helpdesk {
            HELPDESK_ZOOM
        } else {
            1.0
        };
        if (ui.ctx().zoom_factor() - zoom).abs() > f32::EPSILON {
            ui.ctx().set_zoom_factor(zoom);
        }
        let mut actions = Vec::new();
        let w = &mut self.wizard;
        let lang = w.lang;

        egui::Panel::top("top").show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                ui.label(RichText::new("mailwiz").strong().size(18.0));
                ui.label(
                    RichText::new(tr_args(
                        lang,
                        "step-counter",
                        &[
                            ("n", Arg::Num(w.persisted.step.number() as i64)),
                            ("total", Arg::Num(Step::ALL.len() as i64)),
                            ("title", Arg::Str(&tr(lang, w.persisted.step.title_id()))),
                        ],
                    ))
                    .size(16.0),
                );
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    for l in Lang::ALL.iter().rev() {
                        if ui.selectable_label(*l == lang, l.native_name()).clicked() && *l != lang
                        {
                            actions.push(Action::SetLang(*l));
                        }
                    }
                    ui.label(tr(lang, "language-label"));
                    ui.separator();
                    let on = w.persisted.helpdesk;
                    if ui
                        .selectable_label(on, tr(lang, "helpdesk-toggle"))
                        .clicked()
                    {
                        actions.push(Action::SetHelpdesk(!on));
                    }
                });
            });
            if w.persisted.helpdesk {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(tr_args(
                            lang,
                            "helpdesk-reference",
                            &[("code", Arg::Str(&w.reference))],
                        ))
                        .strong()
                        .monospace(),
                    );
                    if ui.button(tr(lang, "helpdesk-copy-report")).clicked() {
                        actions.push(Action::Copy {
                            text: session_report(w),
                            notice: "helpdesk-copied-report".into(),
                        });
                    }
                    if w.notice.as_deref() == Some("helpdesk-copied-report") {
                        ui.label(
                            RichText::new(format!("✓ {}", tr(lang, "helpdesk-copied-report")))
                                .color(widgets::ok_color(ui)),
                        );
                    } else {
                        ui.add(
                            egui::Label::new(RichText::new(tr(lang, "helpdesk-intro")).weak())
                                .wrap(),
                        );
                    }
                });
            }
            ui.add_space(4.0);
        });

        egui::Panel::bottom("nav").show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let step = w.persisted.step;
                // In help-desk mode Back and Next take the numbers after the step's own controls
                // (counted in the last frame, as the step is drawn after this panel).
                let mut nav_number = w.helpdesk_content_count;
                let mut nav_label = |text: String| {
                    if w.persisted.helpdesk {
                        nav_number += 1;
                        w.with_helpdesk_number(nav_number, &text)
                    } else {
                        text
                    }
                };
                let back_text = nav_label(tr(lang, "nav-back"));
                let next_text = if step.next().is_some() {
                    nav_label(tr(lang, "nav-next"))
                } else {
                    nav_label(tr(lang, "nav-start-over"))
                };
                if let Some(prev) = step.prev() {
                    let back = ui.add(egui::Button::new(back_text).min_size([96.0, 32.0].into()));
                    if back.clicked() {
                        actions.push(Action::Goto(prev));
                    }
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if let Some(next) = step.next() {
                        let blocker = w.blocker();
                        let next_button = ui.add_enabled(
                            blocker.is_none(),
                            egui::Button::new(RichText::new(next_text).strong())
                                .min_size([96.0, 32.0].into()),
                        );
                        if next_button.clicked() {
                            actions.push(Action::Goto(next));
                        }
                        if let Some(b) = blocker {
                            widgets::warning(ui, &tr(lang, b.message_id()));
                        }
                    } else {
                        let again =
                            ui.add(egui::Button::new(next_text).min_size([96.0, 32.0].into()));
                        if again.clicked() {
                            actions.push(Action::StartOver);
                        }
                    }
                });
            });
            ui.add_space(6.0);
        });

        egui::CentralPanel::default_margins().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.set_max_width(ui.available_width().min(860.0));
                    w.helpdesk_counter.set(0);
                    let action = match w.persisted.step {
                        Step::Client => steps::client::client_ui(ui, w),
                        Step::Address => steps::address::address_ui(ui, w),
                        Step::Protocol => steps::protocol::protocol_ui(ui, w),
                        Step::Code => steps::code::code_ui(ui, w),
                        Step::Test => steps::test::test_ui(ui, w),
                        Step::Summary => steps::summary::summary_ui(ui, w),
                    };
                    actions.extend(action);
                    w.helpdesk_content_count = w.helpdesk_counter.get();
                });
        });

        // Keyboard: Alt+→ / Alt+← move between steps (Tab and Enter work on every control).
        let (alt_right, alt_left) = ui.input(|i| {
            (
                i.modifiers.alt && i.key_pressed(Key::ArrowRight),
                i.modifiers.alt && i.key_pressed(Key::ArrowLeft),
            )
        });
        if alt_right
            && self.wizard.blocker().is_none()
            && let Some(next) = self.wizard.persisted.step.next()
        {
            actions.push(Action::Goto(next));
        }
        if alt_left && let Some(prev) = self.wizard.persisted.step.prev() {
            actions.push(Action::Goto(prev));
        }

        let ctx = ui.ctx().clone();
        for action in actions {
            self.apply(&ctx, action);
        }
    }

    fn receive(&mut self) {
        for event in self.worker.drain() {
            let keyring_checked = matches!(event, WorkerEvent::KeyringChecked(_));
            self.wizard.apply_worker_event(event);
            if keyring_checked {
                self.load_saved_code();
                self.settle_step();
            }
        }
    }

    /// Applies one action (public so tests can drive what a shortcut would).
    pub fn apply(&mut self, ctx: &egui::Context, action: Action) {
        let w = &mut self.wizard;
        match action {
            Action::Goto(step) => {
                if w.persisted.step == Step::Code && step == Step::Test {
                    self.remember_or_forget_code();
                }
                let w = &mut self.wizard;
                if w.persisted.step == Step::Test
                    && step != Step::Test
                    && let TestState::Running { .. } = w.test
                {
                    self.worker.cancel_running();
                    w.test = TestState::NotRun;
                }
                w.notice = None;
                w.focus_pending = true;
                w.persisted.step = step;
            }
            Action::SetLang(lang) => {
                w.lang = lang;
                w.persisted.lang = Some(lang);
                let script = fonts::Script::for_lang(lang);
                if self
                    .font_script
                    .is_some_and(|installed| installed != script)
                {
                    fonts::install(ctx, lang);
                    self.font_script = Some(script);
                }
            }
            Action::StartTest => self.start_test(ctx),
            Action::CancelTest => {
                self.worker.cancel_running();
            }
            Action::SkipTest => {
                if let Ok(settings) = w.settings() {
                    w.test = TestState::Skipped { settings };
                }
            }
            Action::Copy { text, notice } => {
                ctx.copy_text(text);
                w.notice = Some(notice);
            }
            Action::OpenUrl(url) => ctx.open_url(egui::OpenUrl::new_tab(url)),
            Action::ForgetSavedCode => {
                self.forget_saved_code();
                self.wizard.persisted.remember_code = false;
            }
            Action::StartOver => {
                self.worker.cancel_running();
                self.worker.cancel_discovery();
                let auto_discover = w.auto_discover;
                let lang = w.persisted.lang;
                let keyring = w.keyring.clone();
                // The saved code stays findable (and removable) after starting over.
                let keyring_ref = w.persisted.keyring_ref.clone();
                let remember_code = w.persisted.remember_code;
                *w = Wizard::new(
                    Persisted {
                        lang,
                        keyring_ref,
                        remember_code,
                        ..Persisted::default()
                    },
                    w.lang,
                );
                w.keyring = keyring;
                w.auto_discover = auto_discover;
            }
            Action::SetRemember(on) => {
                w.persisted.remember_code = on;
                if !on {
                    self.forget_saved_code();
                }
            }
            Action::StartDiscovery => self.start_discovery(ctx),
            Action::CancelDomainCheck => {
                self.worker.cancel_domain_check();
                w.domain_check = crate::ui::state::DomainCheck::NotRun;
            }
            Action::CheckDomain => {
                if let Ok(address) = crate::core::address::parse(&w.persisted.address) {
                    let domain = address.domain_ascii;
                    w.domain_check = crate::ui::state::DomainCheck::Running(domain.clone());
                    let ctx = ctx.clone();
                    self.worker
                        .check_domain(domain, self.net.clone(), move || ctx.request_repaint());
                }
            }
            Action::SetHelpdesk(on) => w.persisted.helpdesk = on,
            Action::Save(format) => self.save(ctx, format),
            Action::CancelDiscovery => {
                self.worker.cancel_discovery();
                let w = &mut self.wizard;
                if let Some(domain) = w.discovery.domain().map(str::to_owned) {
                    // What the sources said so far; the ones still looking were stopped.
                    let statuses = match &w.discovery {
                        Discovery::Searching { progress, .. } => progress
                            .iter()
                            .cloned()
                            .map(|mut p| {
                                if p.status == SourceStatus::Running {
                                    p.status = SourceStatus::Cancelled;
                                }
                                p
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    w.discovery = Discovery::Finished {
                        domain,
                        found: false,
                        statuses,
                    };
                }
            }
        }
    }

    /// Saves an export through the system's file dialog, on a background thread (the dialog
    /// blocks). The content is made here, from the settings; the code is never part of it.
    fn save(&mut self, ctx: &egui::Context, format: Format) {
        let w = &mut self.wizard;
        let (Ok(settings), Some(client)) = (w.settings(), w.client()) else {
            return;
        };
        let lang = w.lang;
        let content = match export::export_file(format, &settings, Some(client), lang) {
            Ok(content) => content,
            Err(e) => {
                w.save_note = Some((false, tr(lang, e.message_id())));
                return;
            }
        };
        let name = format.default_file_name(&settings);
        let ctx = ctx.clone();
        self.worker
            .save_file(name, content, move || ctx.request_repaint());
    }

    fn start_discovery(&mut self, ctx: &egui::Context) {
        let Ok(address) = crate::core::address::parse(&self.wizard.persisted.address) else {
            return;
        };
        let domain = address.domain_ascii.clone();
        let ctx = ctx.clone();
        let job = self
            .worker
            .start_discovery(address, self.net.clone(), move || ctx.request_repaint());
        self.wizard.discovery = Discovery::Searching {
            domain,
            job,
            progress: Vec::new(),
        };
    }

    fn forget_saved_code(&mut self) {
        if let Some(at) = self.wizard.persisted.keyring_ref.take() {
            let ok = self.store.delete(&at).is_ok();
            self.wizard.keyring_note = Some((
                ok,
                if ok {
                    "keyring-forgotten"
                } else {
                    "keyring-delete-failed"
                }
                .into(),
            ));
        }
    }

    /// Saves the code to the keyring when the person asked for it; removes it when they untick.
    fn remember_or_forget_code(&mut self) {
        let w = &mut self.wizard;
        if w.keyring != KeyringStatus::Available || w.password_kind() == PasswordKind::Oauth2Only {
            return;
        }
        let Ok(address) = crate::core::address::parse(&w.persisted.address) else {
            return;
        };
        let at = KeyringRef::for_address(&address.ascii());
        if w.persisted.remember_code && !w.code.is_empty() {
            if let Some(old) = w.persisted.keyring_ref.take().filter(|old| *old != at)
                && self.store.delete(&old).is_err()
            {
                // The old entry stays; the person is told, and the new one is saved anyway.
                w.keyring_note = Some((false, "keyring-delete-failed".into()));
            }
            match self.store.save(&at, &w.code) {
                Ok(()) => {
                    w.persisted.keyring_ref = Some(at);
                    w.keyring_note = Some((true, "keyring-saved".into()));
                }
                Err(_) => w.keyring_note = Some((false, "keyring-save-failed".into())),
            }
        } else if !w.persisted.remember_code
            && let Some(old) = w.persisted.keyring_ref.take()
            && self.store.delete(&old).is_err()
        {
            // Still in the keyring: keep pointing at it (so "forget" can try again) and say so.
            w.persisted.keyring_ref = Some(old);
            w.keyring_note = Some((false, "keyring-delete-failed".into()));
        }
    }

    fn start_test(&mut self, ctx: &egui::Context) {
        let w = &mut self.wizard;
        let Ok(settings) = w.settings() else {
            return;
        };
        if w.code.is_empty() {
            w.persisted.step = Step::Code;
            return;
        }
        let incoming = settings.incoming_protocol.protocol();
        // Only when asked for: one message from the address to itself, in the person's language.
        let test_message = w.send_test_message.then(|| {
            let address = crate::core::address::parse(&settings.address)
                .map(|a| a.ascii())
                .unwrap_or_else(|_| settings.address.clone());
            TestMessage {
                address,
                subject: tr(w.lang, "test-message-subject"),
                body: tr(w.lang, "test-message-body"),
            }
        });
        let mut lists = Vec::new();
        let mut requests = Vec::new();
        for (protocol, endpoint) in [
            (incoming, settings.incoming.clone()),
            (Protocol::Smtp, settings.outgoing.clone()),
        ] {
            lists.push(Checklist::with_test_message(
                protocol,
                endpoint.clone(),
                test_message.is_some(),
            ));
            let options = ProbeOptions {
                test_message: test_message.clone().filter(|_| protocol == Protocol::Smtp),
                // The same DNS server as discovery (`MAILWIZ_DNS`), else the system's.
                resolver: Resolver::from_dns_server(self.net.dns_server),
            };
            requests.push((
                ProbeRequest {
                    protocol,
                    endpoint,
                    username: settings.username.clone(),
                    secret: w.code.clone(),
                    extra_roots_pem: self.net.extra_roots_pem.clone(),
                    timeouts: self.timeouts,
                },
                options,
            ));
        }
        let repaint_ctx = ctx.clone();
        let job = self
            .worker
            .start(requests, move || repaint_ctx.request_repaint());
        self.wizard.test = TestState::Running {
            job,
            settings: settings.clone(),
            lists,
        };
    }
}

/// The help-desk report of the whole session (never the code).
fn session_report(w: &Wizard) -> String {
    let settings = w.settings().ok();
    crate::core::report::report_text(
        &crate::core::report::SessionReport {
            reference: &w.reference,
            step_title: tr(w.lang, w.persisted.step.title_id()),
            address: &w.persisted.address,
            client: w.client(),
            settings: settings.as_ref(),
            test: &steps::summary::test_report(&w.test),
            os: crate::core::report::os_description(),
        },
        w.lang,
    )
}

fn check_native_keyring() -> Result<(), String> {
    KeyringStore::install_and_check_native()
        .map(|_| ())
        .map_err(|e| e.to_string())
}

impl eframe::App for MailwizApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.draw(ui);
        if !self.first_frame_reported {
            self.first_frame_reported = true;
            // For measuring start-up: `MAILWIZ_STARTUP_TIMING=1 mailwiz` (see scripts/measure.sh).
            if std::env::var_os("MAILWIZ_STARTUP_TIMING").is_some()
                && let Some(started) = crate::STARTED.get()
            {
                eprintln!(
                    "mailwiz: first frame drawn {} ms after start",
                    started.elapsed().as_millis()
                );
            }
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.wizard.persisted);
    }

    /// egui's own memory (text-edit state, scroll positions) is not persisted: nothing typed into
    /// the code field can end up on disk that way.
    fn persist_egui_memory(&self) -> bool {
        false
    }
}
