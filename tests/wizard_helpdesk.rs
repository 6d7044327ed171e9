//! Help-desk mode and the pre-filled start, driven by accessible labels: the switch numbers the
//! controls the caller must touch (Back and Next included), shows the session's reference code,
//! and "Copy report" carries settings, version, OS and reference — never the code. A command
//! line with --address/--client/--protocol/--lang opens the wizard with those answers.

mod common;

use std::sync::Arc;

use clap::Parser;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mailwiz::cli::Cli;
use mailwiz::core::i18n::{Lang, tr};
use mailwiz::core::secret::{KeyringStore, Secret};
use mailwiz::core::settings::Incoming;
use mailwiz::ui::app::MailwizApp;
use mailwiz::ui::state::{KeyringStatus, Persisted, Step};

const CODE: &str = "zq9xw7vt3k5m1p8r";

fn harness(app: MailwizApp) -> Harness<'static, MailwizApp> {
    common::ui::harness(app, [1000.0, 900.0])
}

fn summary_app(lang: Lang) -> MailwizApp {
    let mut app = MailwizApp::new(
        Persisted {
            lang: Some(lang),
            client_id: Some("foxmail".into()),
            address: "someone@qq.com".into(),
            ..Persisted::default()
        },
        Lang::En,
        Arc::new(KeyringStore),
        KeyringStatus::Unavailable("not needed here".into()),
    );
    app.wizard.code = Secret::new(CODE);
    app.wizard.persisted.step = Step::Summary;
    app
}

fn helpdesk_mode(lang: Lang) {
    let mut h = harness(summary_app(lang));
    h.run();
    assert!(h.query_by_label_contains("MW-").is_none());
    h.get_by_label(&tr(lang, "helpdesk-toggle")).click();
    h.run_steps(3);
    assert!(h.state().wizard.persisted.helpdesk);
    let reference = h.state().wizard.reference.clone();
    h.get_by_label_contains(&reference).hover();

    // The step's controls are numbered from 1, and Back/Next continue after them.
    let number = |n: i64| {
        mailwiz::core::i18n::tr_args(
            lang,
            "helpdesk-number",
            &[("n", mailwiz::core::i18n::Arg::Num(n))],
        )
    };
    h.get_by_label(&format!("{} {}", number(1), tr(lang, "summary-copy")))
        .hover();
    h.get_by_label(&format!(
        "{} {}",
        number(2),
        tr(lang, "summary-copy-helpdesk")
    ))
    .hover();
    let content = i64::from(h.state().wizard.helpdesk_content_count);
    assert!(content >= 4, "copy buttons and save buttons: {content}");
    h.get_by_label(&format!("{} {}", number(content + 1), tr(lang, "nav-back")))
        .hover();

    // Copy report: reference, settings, version and OS — not the code.
    h.get_by_label(&tr(lang, "helpdesk-copy-report")).click();
    h.step();
    let report = common::ui::copied_text(&h).expect("the report is copied");
    assert!(report.contains(&reference), "{report}");
    assert!(
        report.contains("imap.qq.com") && report.contains("993"),
        "{report}"
    );
    assert!(report.contains(env!("CARGO_PKG_VERSION")), "{report}");
    assert!(report.contains(std::env::consts::ARCH), "{report}");
    assert!(!report.contains(CODE), "the code leaked into the report");
    h.run();
    h.get_by_label_contains(&tr(lang, "helpdesk-copied-report"))
        .hover();

    // Off again: no numbers.
    h.get_by_label(&tr(lang, "helpdesk-toggle")).click();
    h.run_steps(3);
    h.get_by_label(&tr(lang, "summary-copy")).hover();
}

#[test]
fn helpdesk_mode_in_english() {
    helpdesk_mode(Lang::En);
}

#[test]
fn helpdesk_mode_in_simplified_chinese() {
    helpdesk_mode(Lang::ZhCn);
}

#[test]
fn report_on_an_early_step_has_no_code_either() {
    let mut app = summary_app(Lang::En);
    app.wizard.persisted.step = Step::Code;
    app.wizard.persisted.helpdesk = true;
    let mut h = harness(app);
    h.run_steps(3);
    h.get_by_label(&tr(Lang::En, "helpdesk-copy-report"))
        .click();
    h.step();
    let report = common::ui::copied_text(&h).expect("the report is copied");
    assert!(!report.contains(CODE), "{report}");
    assert!(report.contains("someone@qq.com"), "{report}");
}

#[test]
fn command_line_prefills_the_wizard() {
    let cli = Cli::try_parse_from([
        "mailwiz",
        "--address",
        "a@qq.com",
        "--client",
        "foxmail",
        "--protocol",
        "pop3",
        "--lang",
        "zh-TW",
    ])
    .expect("parse");
    let mut persisted = Persisted::default();
    persisted.apply_start(&cli.start_options(Lang::En).expect("good values"));
    assert_eq!(persisted.address, "a@qq.com");
    assert_eq!(persisted.client_id.as_deref(), Some("foxmail"));
    assert_eq!(persisted.incoming, Incoming::Pop3);
    assert_eq!(persisted.lang, Some(Lang::ZhTw));
    let app = MailwizApp::new(
        persisted,
        Lang::En,
        Arc::new(KeyringStore),
        KeyringStatus::Unavailable("not needed here".into()),
    );
    assert_eq!(app.wizard.lang, Lang::ZhTw);
    // It opens on the first step still missing an answer: the code.
    assert_eq!(app.wizard.persisted.step, Step::Code);
    let settings = app.wizard.settings().expect("settings from the prefill");
    assert_eq!(settings.incoming.host, "pop.qq.com");
    // Still editable: Back leads to the filled-in answers.
    let mut h = harness(app);
    h.run();
    h.get_by_label(&tr(Lang::ZhTw, "nav-back")).click();
    h.run();
    assert_eq!(h.state().wizard.persisted.step, Step::Protocol);
    h.get_by_label(&tr(Lang::ZhTw, "nav-back")).click();
    h.run();
    assert_eq!(h.state().wizard.persisted.step, Step::Address);
    h.get_by_label(&tr(Lang::ZhTw, "address-label")).hover();
}

/// In help-desk mode the fields of manual entry are numbered too, in the order they are drawn
/// (incoming server, port, security; outgoing server, port, security; user name), and a
/// numbered field is still found — and typed into — by its label.
#[test]
fn helpdesk_numbers_the_manual_entry_fields() {
    use mailwiz::core::i18n::{Arg, tr_args};
    use mailwiz::ui::state::ProviderChoice;
    let lang = Lang::En;
    let mut app = summary_app(lang);
    app.wizard.persisted.address = "someone@company.example".into();
    app.wizard.persisted.provider_choice = ProviderChoice::Manual;
    app.wizard.persisted.step = Step::Address;
    app.wizard.persisted.helpdesk = true;
    let mut h = harness(app);
    h.run_steps(3);
    let numbered = |id: &str| -> Vec<i64> {
        let text = tr(lang, id);
        (1..40)
            .filter(|n| {
                let number = tr_args(lang, "helpdesk-number", &[("n", Arg::Num(*n))]);
                h.query_by_label(&format!("{number} {text}")).is_some()
            })
            .collect()
    };
    let hosts = numbered("manual-host");
    let ports = numbered("manual-port");
    let security = numbered("manual-security");
    let username = numbered("manual-username");
    assert_eq!(hosts.len(), 2, "incoming and outgoing server: {hosts:?}");
    assert_eq!(ports, vec![hosts[0] + 1, hosts[1] + 1]);
    assert_eq!(security, vec![hosts[0] + 2, hosts[1] + 2]);
    assert_eq!(hosts[1], hosts[0] + 3);
    assert_eq!(username, vec![hosts[1] + 3]);
    let number = tr_args(lang, "helpdesk-number", &[("n", Arg::Num(hosts[0]))]);
    let host = format!("{number} {}", tr(lang, "manual-host"));
    h.get_by_label(&host).focus();
    h.run();
    h.get_by_label(&host).type_text("mail.company.example");
    h.run_steps(2);
    assert_eq!(
        h.state().wizard.persisted.manual.incoming.host,
        "mail.company.example"
    );
}
