//! Issue 11 §3: after a failed test, the summary step must not look as if all were well. It
//! names each check that failed, in plain words, says "fix this first", offers the way back to
//! the test — and both copy texts begin with the same, in all three languages.

mod common;

use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mailwiz::core::i18n::{Lang, tr};
use mailwiz::core::probe::{Failure, Outcome, ProbeResult, Protocol, Stage, StageRecord};
use mailwiz::core::provider::{Lookup, database};
use mailwiz::core::secret::{KeyringStore, Secret};
use mailwiz::core::settings::{AccountSettings, Incoming};
use mailwiz::ui::app::MailwizApp;
use mailwiz::ui::state::{Checklist, KeyringStatus, Persisted, Step, TestState};

const CODE: &str = "zq9xw7vt3k5m1p8r";

fn result(protocol: Protocol, settings: &AccountSettings, failure: Option<Failure>) -> ProbeResult {
    let endpoint = match protocol {
        Protocol::Smtp => settings.outgoing.clone(),
        _ => settings.incoming.clone(),
    };
    ProbeResult {
        protocol,
        endpoint,
        outcome: failure.map_or(Outcome::Ok, Failure::outcome),
        stages: vec![StageRecord {
            stage: Stage::Login,
            ok: failure.is_none(),
            millis: 40,
            detail: String::new(),
        }],
        server_message: failure
            .map(|_| "-ERR Login fail. Please use your authorization code".into()),
        failure,
        transcript: Vec::new(),
    }
}

/// The summary after a test in which IMAP was refused the code and SMTP passed.
fn failed_app(lang: Lang) -> MailwizApp {
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
    let Lookup::Found { address, provider } = database().lookup("someone@qq.com") else {
        panic!("qq");
    };
    let settings = AccountSettings::from_provider(&address, provider, Incoming::Imap).unwrap();
    let list = |protocol: Protocol, failure| {
        let mut l = Checklist::new(protocol, result(protocol, &settings, failure).endpoint);
        l.result = Some(result(protocol, &settings, failure));
        l
    };
    app.wizard.code = Secret::new(CODE);
    app.wizard.test = TestState::Finished {
        settings: settings.clone(),
        code: Secret::new(CODE),
        lists: vec![
            list(Protocol::Imap, Some(Failure::AuthRejected)),
            list(Protocol::Smtp, None),
        ],
    };
    app.wizard.persisted.step = Step::Summary;
    app
}

fn harness(app: MailwizApp) -> Harness<'static, MailwizApp> {
    common::ui::harness(app, [1000.0, 900.0])
}

fn the_failure_stays_in_sight(lang: Lang) {
    let mut h = harness(failed_app(lang));
    h.run();
    assert!(
        matches!(h.state().wizard.test, TestState::Finished { .. }),
        "the test result is kept on the summary"
    );
    h.get_by_label(&tr(lang, "summary-test-failed")).hover();
    // Which check, and the plain diagnosis of it (QQ's words mean: use the authorization code).
    let diagnosis = tr(lang, "diag-auth-code-required");
    h.get_by_label_contains(&format!("IMAP (imap.qq.com:993): {diagnosis}"))
        .hover();
    assert!(
        h.query_by_label_contains("SMTP (smtp.qq.com").is_none(),
        "a check that passed is not listed as failed"
    );
    assert!(h.query_by_label(&tr(lang, "summary-not-tested")).is_none());
    // The fix says "as shown below": QQ Mail's own steps are there.
    h.get_by_label_contains("1. ").hover();

    // Both copy texts begin with the failure.
    for (button, copied) in [
        ("summary-copy", "summary-copied"),
        ("summary-copy-helpdesk", "summary-copied-helpdesk"),
    ] {
        h.get_by_label(&tr(lang, button)).click();
        h.step();
        let text = common::ui::copied_text(&h).expect("copied");
        assert!(text.contains(&tr(lang, "summary-test-failed")), "{text}");
        assert!(text.contains(&diagnosis), "{text}");
        assert!(!text.contains(CODE), "the code leaked into the copy");
        if button == "summary-copy" {
            assert!(text.starts_with("!! "), "{text}");
        }
        h.run();
        h.get_by_label_contains(&tr(lang, copied)).hover();
    }

    // The way back to the test.
    h.get_by_label(&tr(lang, "summary-back-to-test")).click();
    h.run();
    assert_eq!(h.state().wizard.persisted.step, Step::Test);
}

#[test]
fn a_failed_test_stays_in_sight_in_english() {
    the_failure_stays_in_sight(Lang::En);
}

#[test]
fn a_failed_test_stays_in_sight_in_simplified_chinese() {
    the_failure_stays_in_sight(Lang::ZhCn);
}

#[test]
fn a_failed_test_stays_in_sight_in_traditional_chinese() {
    the_failure_stays_in_sight(Lang::ZhTw);
}
