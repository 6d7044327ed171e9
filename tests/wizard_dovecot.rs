//! The wizard's test step against a real Dovecot on loopback: servers entered by hand on step 2,
//! the code typed on step 4, "Start the test" pressed on step 5 — the live checklist ends with
//! every stage ticked for the right code, and with "login refused" for a wrong one.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
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
    app_for_lang(dovecot, code, Lang::En, Security::Tls)
}

fn app_for_lang(
    dovecot: &common::Dovecot,
    code: &str,
    lang: Lang,
    imap_security: Security,
) -> MailwizApp {
    let server = |protocol, security| ManualServer {
        host: dovecot.host().to_owned(),
        port: dovecot.port(protocol, security).to_string(),
        security,
    };
    let mut app = MailwizApp::new(
        Persisted {
            lang: Some(lang),
            client_id: Some("thunderbird".into()),
            address: USER.into(),
            provider_choice: ProviderChoice::Manual,
            manual: ManualServers {
                incoming: server(Protocol::Imap, imap_security),
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
    // The code is typed on step 4; the app starts on the first incomplete step, so go on to
    // the test step once it is there.
    app.wizard.code = Secret::new(code);
    assert_eq!(app.wizard.persisted.step, Step::Code);
    app.wizard.persisted.step = Step::Test;
    app
}

fn harness(app: MailwizApp) -> Harness<'static, MailwizApp> {
    common::ui::harness(app, [900.0, 900.0])
}

fn run_test_step(app: MailwizApp) -> Harness<'static, MailwizApp> {
    let lang = app.wizard.lang;
    let mut h = harness(app);
    h.run();
    h.get_by_label(&tr(lang, "test-start")).click();
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

fn wrong_code_diagnosis_in(lang: Lang) {
    let dovecot = common::Dovecot::start(&[(USER, CODE)]);
    let h = run_test_step(app_for_lang(
        &dovecot,
        "wrongwrongwrongw",
        lang,
        Security::Tls,
    ));
    assert_eq!(
        outcomes(&h),
        vec![Outcome::LoginRefused, Outcome::LoginRefused],
        "{}",
        dovecot.log()
    );
    // The diagnosis and its fix, in the chosen language, once per protocol.
    assert_eq!(h.get_all_by_label(&tr(lang, "diag-auth-failed")).count(), 2);
    assert_eq!(
        h.get_all_by_label(&tr(lang, "diag-auth-failed-fix"))
            .count(),
        2
    );
    h.get_by_label(&tr(lang, "test-copy-transcript"));
}

#[test]
fn wrong_code_diagnosis_in_english() {
    wrong_code_diagnosis_in(Lang::En);
}

#[test]
fn wrong_code_diagnosis_in_simplified_chinese() {
    wrong_code_diagnosis_in(Lang::ZhCn);
}

#[test]
fn wrong_port_security_names_the_pair_to_use() {
    // Implicit TLS ("SSL") typed for the STARTTLS port: the fix names the right pair.
    let dovecot = common::Dovecot::start(&[(USER, CODE)]);
    let mut app = app_for_lang(&dovecot, CODE, Lang::En, Security::Tls);
    app.wizard.persisted.manual.incoming.port =
        dovecot.port(Protocol::Imap, Security::Starttls).to_string();
    let h = run_test_step(app);
    assert_eq!(outcomes(&h)[0], Outcome::SecureFailed);
    h.get_by_label(&tr(Lang::En, "diag-tls-wrong-port-security"));
    let fix = format!(
        "Use port {} with “STARTTLS”.",
        dovecot.port(Protocol::Imap, Security::Starttls)
    );
    h.get_by_label_contains(&fix);
}

/// Every text the wizard hands over after a finished test — the transcript, the help-desk
/// report and the summary's "Copy for help desk" — carries the test's diagnosis, the server's
/// words and timings, and never the code that was sent, nor its base64 or SASL PLAIN forms.
#[test]
fn texts_handed_over_after_a_test_never_hold_the_code() {
    let dovecot = common::Dovecot::start(&[(USER, CODE)]);
    let copied =
        |h: &Harness<'_, MailwizApp>| common::ui::copied_text(h).expect("something was copied");
    for code in [CODE, "wrongwrongwrongw"] {
        let forms = [
            code.to_owned(),
            common::base64(code.as_bytes()),
            common::base64(format!("\0{USER}\0{code}").as_bytes()),
        ];
        let mut h = run_test_step(app_for(&dovecot, code));
        let lang = Lang::En;
        let mut texts = Vec::new();
        h.get_by_label(&tr(lang, "test-copy-transcript")).click();
        h.step();
        texts.push(("transcript", copied(&h)));
        h.get_by_label(&tr(lang, "helpdesk-toggle")).click();
        h.run_steps(3);
        h.get_by_label(&tr(lang, "helpdesk-copy-report")).click();
        h.step();
        texts.push(("report", copied(&h)));
        h.get_by_label(&tr(lang, "helpdesk-toggle")).click();
        h.run_steps(3);
        h.get_by_label(&tr(lang, "nav-next")).click();
        h.run_steps(3);
        assert_eq!(h.state().wizard.persisted.step, Step::Summary);
        h.get_by_label(&tr(lang, "summary-copy-helpdesk")).click();
        h.step();
        texts.push(("copy for help desk", copied(&h)));
        for (what, text) in &texts {
            for form in &forms {
                assert!(
                    !text.contains(form.as_str()),
                    "{what} holds {form:?}:\n{text}"
                );
            }
            assert!(text.contains(dovecot.host()), "{what}:\n{text}");
        }
        // What the server said and how long it took are in the transcript and the report.
        let (server_words, diagnosis) = if code == CODE {
            ("OK", tr(lang, "test-all-ok"))
        } else {
            ("AUTHENTICATIONFAILED", tr(lang, "diag-auth-failed"))
        };
        for (what, text) in &texts[..2] {
            assert!(text.contains(server_words), "{what}:\n{text}");
            assert!(text.contains(" ms"), "{what} has no timings:\n{text}");
        }
        if code != CODE {
            assert!(texts[1].1.contains(&diagnosis), "report:\n{}", texts[1].1);
            assert!(
                texts[2].1.contains(&diagnosis),
                "help desk:\n{}",
                texts[2].1
            );
        }
    }
}

/// Cancel stops a running test at once: against servers that accept the connection and then
/// never answer (each reply would wait 15 s), the wizard is back to "not run" with the
/// "cancelled" notice right after the click, and nothing was sent.
#[test]
fn cancel_stops_a_stalled_test_at_once() {
    let stalled = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = stalled.local_addr().unwrap().port().to_string();
    let held = std::thread::spawn(move || {
        // Keep the accepted connections open and silent until the test ends.
        stalled.set_nonblocking(true).unwrap();
        let mut open = Vec::new();
        let until = Instant::now() + Duration::from_secs(5);
        while Instant::now() < until {
            if let Ok((stream, _)) = stalled.accept() {
                open.push(stream);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        open.len()
    });
    let server = |security| ManualServer {
        host: "127.0.0.1".into(),
        port: port.clone(),
        security,
    };
    let mut app = MailwizApp::new(
        Persisted {
            lang: Some(Lang::En),
            client_id: Some("thunderbird".into()),
            address: USER.into(),
            provider_choice: ProviderChoice::Manual,
            manual: ManualServers {
                incoming: server(Security::Tls),
                outgoing: server(Security::Tls),
                username: String::new(),
            },
            ..Persisted::default()
        },
        Lang::En,
        Arc::new(KeyringStore),
        KeyringStatus::Unavailable("not needed here".into()),
    );
    app.wizard.code = Secret::new(CODE);
    app.wizard.persisted.step = Step::Test;
    let mut h = harness(app);
    h.run();
    h.get_by_label(&tr(Lang::En, "test-start")).click();
    h.run_steps(3);
    // Still waiting for the servers' first word.
    std::thread::sleep(Duration::from_millis(300));
    h.run_steps(2);
    assert!(matches!(h.state().wizard.test, TestState::Running { .. }));
    h.get_by_label(&tr(Lang::En, "test-cancel")).click();
    let clicked = Instant::now();
    while !matches!(h.state().wizard.test, TestState::NotRun) {
        assert!(
            clicked.elapsed() < Duration::from_secs(3),
            "Cancel did not stop the test"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run_steps(2);
    assert_eq!(h.state().wizard.notice.as_deref(), Some("test-cancelled"));
    h.get_by_label(&tr(Lang::En, "test-cancelled"));
    h.get_by_label(&tr(Lang::En, "test-start"));
    drop(h);
    assert_eq!(held.join().unwrap(), 2, "both probes had connected");
}

/// The test sends nothing unless asked; with "also send a test message" ticked, one message
/// goes from the address to itself through the real submission server, and the checklist shows
/// the extra step as passed. The message never holds the code.
#[test]
fn test_message_is_sent_only_when_ticked() {
    let dovecot = common::Dovecot::start(&[(USER, CODE)]);
    let h = run_test_step(app_for(&dovecot, CODE));
    assert_eq!(outcomes(&h), vec![Outcome::Ok, Outcome::Ok]);
    assert!(dovecot.relayed().is_empty(), "nothing sent unless asked");
    assert!(
        h.query_by_label(&tr(Lang::En, "stage-test-message"))
            .is_none()
    );

    let mut app = app_for(&dovecot, CODE);
    app.wizard.send_test_message = true;
    let lang = app.wizard.lang;
    let mut h = harness(app);
    h.run();
    // The option is a checkbox the person ticks, found by its label.
    let option_label = tr(lang, "test-send-message-option");
    assert_eq!(
        h.get_by_label(&option_label).accesskit_node().toggled(),
        Some(eframe::egui::accesskit::Toggled::True)
    );
    h.get_by_label(&tr(lang, "test-start")).click();
    let started = Instant::now();
    while !matches!(h.state().wizard.test, TestState::Finished { .. }) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "did not finish"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run_steps(3);
    assert_eq!(
        outcomes(&h),
        vec![Outcome::Ok, Outcome::Ok],
        "{}",
        dovecot.log()
    );
    h.get_by_label(&tr(lang, "stage-test-message"));
    let relayed = dovecot.relayed();
    assert_eq!(relayed.len(), 1, "{relayed:#?}");
    assert!(relayed[0].mail_from.starts_with(&format!("<{USER}>")));
    assert_eq!(relayed[0].rcpt_to.len(), 1);
    assert!(relayed[0].rcpt_to[0].starts_with(&format!("<{USER}>")));
    let text = relayed[0].lines.join("\n");
    for form in [CODE.to_owned(), common::base64(CODE.as_bytes())] {
        assert!(!text.contains(&form), "{text}");
    }
    // "Copy for help desk" names the extra stage in words (it once showed the raw id
    // `stage-test_message`).
    h.get_by_label(&tr(lang, "nav-next")).click();
    h.run_steps(3);
    assert_eq!(h.state().wizard.persisted.step, Step::Summary);
    h.get_by_label(&tr(lang, "summary-copy-helpdesk")).click();
    h.step();
    let helpdesk = common::ui::copied_text(&h).expect("something was copied");
    let stage_line = format!("✓ {} (", tr(lang, "stage-test-message"));
    assert!(helpdesk.contains(&stage_line), "{helpdesk}");
    for raw in ["stage-", "test_message"] {
        assert!(!helpdesk.contains(raw), "{raw} in:\n{helpdesk}");
    }
}
