//! The wizard's test step against a real Dovecot on loopback: servers entered by hand on step 2,
//! the code typed on step 4, "Start the test" pressed on step 5 — the live checklist ends with
//! every stage ticked for the right code, and with "login refused" for a wrong one.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mailwiz::core::i18n::{Lang, tr};
use mailwiz::core::probe::{Outcome, Protocol};
use mailwiz::core::provider::model::Security;
use mailwiz::core::secret::{KeyringStore, Secret};
use mailwiz::ui::app::MailwizApp;
use mailwiz::ui::state::{
    KeyringStatus, ManualServer, ManualServers, Persisted, ProviderChoice, Step, TestState,
};

const USER: &str = "someone@example.org";
const CODE: &str = "abcdefghijklmnop";

fn app_for(dovecot: &common::Dovecot, code: &str) -> MailwizApp {
    let server = |protocol, security| ManualServer {
        host: dovecot.host().to_owned(),
        port: dovecot.port(protocol, security).to_string(),
        security,
    };
    let mut app = MailwizApp::new(
        Persisted {
            lang: Some(Lang::En),
            client_id: Some("thunderbird".into()),
            address: USER.into(),
            provider_choice: ProviderChoice::Manual,
            manual: ManualServers {
                incoming: server(Protocol::Imap, Security::Tls),
                outgoing: server(Protocol::Smtp, Security::Starttls),
                username: String::new(),
            },
            step: Step::Test,
            ..Persisted::default()
        },
        Lang::En,
        Arc::new(KeyringStore),
        KeyringStatus::Unavailable("not needed here".into()),
    );
    app.add_trusted_root(dovecot.ca_pem());
    app.wizard.code = Secret::new(code);
    app
}

fn run_test_step(app: MailwizApp) -> Harness<'static, MailwizApp> {
    let mut h = Harness::builder()
        .with_size([900.0, 900.0])
        .with_context_setup(mailwiz::ui::fonts::install_bundled)
        .build_ui_state(|ui, app: &mut MailwizApp| app.draw(ui), app);
    h.run();
    h.get_by_label(&tr(Lang::En, "test-start")).click();
    let started = Instant::now();
    loop {
        h.step();
        if matches!(h.state().wizard.test, TestState::Finished { .. }) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "test step did not finish"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run_steps(3);
    h
}

fn outcomes(h: &Harness<'_, MailwizApp>) -> Vec<Outcome> {
    let TestState::Finished { lists, .. } = &h.state().wizard.test else {
        panic!("not finished")
    };
    lists
        .iter()
        .map(|l| l.result.as_ref().expect("result").outcome)
        .collect()
}

#[test]
fn right_code_passes_every_stage() {
    let dovecot = common::Dovecot::start(&[(USER, CODE)]);
    let h = run_test_step(app_for(&dovecot, CODE));
    assert_eq!(
        outcomes(&h),
        vec![Outcome::Ok, Outcome::Ok],
        "{}",
        dovecot.log()
    );
    h.get_by_label(&tr(Lang::En, "test-all-ok"));
    assert_eq!(
        h.state().wizard.blocker(),
        None,
        "Next is enabled after a test"
    );
}

#[test]
fn wrong_code_is_login_refused_in_plain_words() {
    let dovecot = common::Dovecot::start(&[(USER, CODE)]);
    let h = run_test_step(app_for(&dovecot, "wrongwrongwrongw"));
    assert_eq!(
        outcomes(&h),
        vec![Outcome::LoginRefused, Outcome::LoginRefused],
        "{}",
        dovecot.log()
    );
    assert!(
        h.get_all_by_label(&tr(Lang::En, "outcome-login-refused"))
            .count()
            == 2
    );
    h.get_all_by_label(&tr(Lang::En, "outcome-login-refused-fix"))
        .next()
        .expect("the fix is shown");
}
