//! Step 2 with automatic discovery, driven by accessible labels: an address of a domain that is
//! not in the built-in list starts the search (Enter), the progress shows, and the result says
//! where it came from and how far to trust it. Servers from an untrusted source (MX) block Next
//! until the person confirms them; a trusted source (SRV inside the domain) does not. DNS is a
//! real dnsmasq on loopback; nothing leaves the machine.

mod common;

use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::dnsmasq::{Dnsmasq, Records};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use mailwiz::core::discovery::NetConfig;
use mailwiz::core::i18n::{Arg, Lang, tr, tr_args};
use mailwiz::core::secret::KeyringStore;
use mailwiz::ui::app::MailwizApp;
use mailwiz::ui::state::{Discovery, KeyringStatus, Persisted, ProviderChoice, Step};

fn app_with(lang: Lang, dns: &Dnsmasq) -> MailwizApp {
    let mut app = MailwizApp::new(
        Persisted {
            lang: Some(lang),
            client_id: Some("thunderbird".into()),
            step: Step::Address,
            ..Persisted::default()
        },
        Lang::En,
        Arc::new(KeyringStore),
        KeyringStatus::Unavailable("not needed here".into()),
    );
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    app.net = NetConfig {
        dns_server: Some(dns.addr()),
        ispdb_url: format!("https://127.0.0.1:{closed}/v1.1/"),
        timeout: Duration::from_secs(3),
        ..NetConfig::default()
    };
    app
}

fn harness(app: MailwizApp) -> Harness<'static, MailwizApp> {
    common::ui::harness(app, [900.0, 800.0])
}

fn is_disabled(h: &Harness<'_, MailwizApp>, label: &str) -> bool {
    h.get_by_label(label).accesskit_node().is_disabled()
}

/// Types the address, presses Enter, and waits for the search to end.
fn search(h: &mut Harness<'static, MailwizApp>, lang: Lang, address: &str) {
    start_search(h, lang, address);
    wait_for_search(h);
}

/// Types the address and presses Enter: the search starts.
fn start_search(h: &mut Harness<'static, MailwizApp>, lang: Lang, address: &str) {
    h.get_by_label(&tr(lang, "address-label")).focus();
    h.run();
    h.get_by_label(&tr(lang, "address-label"))
        .type_text(address);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    assert!(
        h.state().wizard.discovery != Discovery::Idle,
        "Enter starts the search"
    );
}

/// Steps the app until the search has ended.
fn wait_for_search(h: &mut Harness<'static, MailwizApp>) {
    let started = Instant::now();
    while matches!(h.state().wizard.discovery, Discovery::Searching { .. }) {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "search did not end"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run_steps(3);
}

fn exmail_hosted(lang: Lang) {
    let dns = Dnsmasq::start(&Records::new().mx("exmail-corp.test", "mxbiz1.qq.com", 5));
    let mut h = harness(app_with(lang, &dns));
    h.run();
    search(&mut h, lang, "someone@exmail-corp.test");

    let source = tr(lang, "source-mx");
    h.get_by_label(&tr_args(
        lang,
        "discover-found-by",
        &[("source", Arg::Str(&source))],
    ))
    .hover();
    h.get_by_label_contains("imap.exmail.qq.com").hover();
    h.get_by_label_contains(&tr(lang, "discover-untrusted"))
        .hover();
    // No code goes anywhere before the person confirms: Next is disabled and says why.
    assert!(is_disabled(&h, &tr(lang, "nav-next")));
    h.get_by_label_contains(&tr(lang, "blocker-confirm-servers"))
        .hover();
    assert!(h.state().wizard.settings().is_err());

    h.get_by_label(&tr(lang, "discover-confirm")).click();
    h.run();
    h.get_by_label(&tr(lang, "discover-confirmed")).hover();
    assert!(!is_disabled(&h, &tr(lang, "nav-next")));
    let settings = h.state().wizard.settings().expect("settings");
    assert_eq!(settings.incoming.host, "imap.exmail.qq.com");
    assert_eq!(settings.outgoing.host, "smtp.exmail.qq.com");
    assert_eq!(settings.provider_id.as_deref(), Some("tencent-exmail"));
    // Exmail's own guidance applies (its quirks are shown).
    assert!(h.state().wizard.guidance_provider().is_some());

    // "Change these values" opens manual entry with exactly what was found.
    h.get_by_label(&tr(lang, "discover-edit")).click();
    h.run();
    let w = &h.state().wizard;
    assert_eq!(w.persisted.provider_choice, ProviderChoice::Manual);
    assert_eq!(w.persisted.manual.incoming.host, "imap.exmail.qq.com");
    assert_eq!(w.persisted.manual.incoming.port, "993");
    assert_eq!(w.persisted.manual.outgoing.host, "smtp.exmail.qq.com");
}

#[test]
fn exmail_hosted_domain_needs_confirmation_english() {
    exmail_hosted(Lang::En);
}

#[test]
fn exmail_hosted_domain_needs_confirmation_simplified_chinese() {
    exmail_hosted(Lang::ZhCn);
}

#[test]
fn trusted_srv_records_need_no_confirmation() {
    let lang = Lang::En;
    let dns = Dnsmasq::start(
        &Records::new()
            .srv("_imaps._tcp.srv-corp.test", "imap.srv-corp.test", 993, 0, 1)
            .srv(
                "_submissions._tcp.srv-corp.test",
                "smtp.srv-corp.test",
                465,
                0,
                1,
            ),
    );
    let mut h = harness(app_with(lang, &dns));
    h.run();
    search(&mut h, lang, "me@srv-corp.test");
    h.get_by_label(&tr(lang, "discover-trusted")).hover();
    assert!(h.query_by_label(&tr(lang, "discover-confirm")).is_none());
    assert!(!is_disabled(&h, &tr(lang, "nav-next")));

    // Another address drops what was found for the old domain.
    h.get_by_label(&tr(lang, "address-label")).focus();
    h.get_by_label(&tr(lang, "address-label")).type_text("x");
    h.run();
    assert!(h.state().wizard.persisted.found.is_none());
    assert_eq!(
        h.state().wizard.persisted.provider_choice,
        ProviderChoice::Detected
    );
}

#[test]
fn nothing_found_says_so_and_offers_manual_entry() {
    let lang = Lang::En;
    let dns = Dnsmasq::start(&Records::new());
    let mut h = harness(app_with(lang, &dns));
    h.run();
    search(&mut h, lang, "me@nothing.test");
    h.get_by_label_contains("No settings were found automatically for nothing.test")
        .hover();
    // Issue 11: and why, source by source, for the person's IT department.
    h.get_by_label(&tr(lang, "discover-why-nothing")).click();
    h.run();
    h.get_by_label(&format!("{}: could not connect", tr(lang, "source-ispdb")))
        .hover();
    h.get_by_label_contains(&tr(lang, "source-srv")).hover();
    h.get_by_label(&tr(lang, "address-manual")).click();
    h.run();
    assert_eq!(
        h.state().wizard.persisted.provider_choice,
        ProviderChoice::Manual
    );
}

/// The values of the nodes labelled `label`, in screen order.
fn values_by_label(h: &Harness<'_, MailwizApp>, label: &str) -> Vec<String> {
    h.get_all_by_label(label)
        .map(|n| n.accesskit_node().value().unwrap_or_default())
        .collect()
}

/// Whether each node labelled `label` is switched on (a chosen option), in screen order.
fn selected_by_label(h: &Harness<'_, MailwizApp>, label: &str) -> Vec<bool> {
    h.get_all_by_label(label)
        .map(|n| n.accesskit_node().toggled() == Some(egui::accesskit::Toggled::True))
        .collect()
}

#[test]
fn editing_srv_results_opens_the_form_with_the_found_servers() {
    // Not a built-in provider and not an MX fingerprint: only SRV knows these servers, on ports
    // no default would give.
    let lang = Lang::En;
    let dns = Dnsmasq::start(
        &Records::new()
            .srv("_imap._tcp.srv-edit.test", "mail.srv-edit.test", 1143, 0, 1)
            .srv(
                "_submissions._tcp.srv-edit.test",
                "out.srv-edit.test",
                4465,
                0,
                1,
            ),
    );
    let mut h = harness(app_with(lang, &dns));
    h.run();
    search(&mut h, lang, "me@srv-edit.test");
    h.get_by_label_contains("mail.srv-edit.test:1143").hover();
    assert_eq!(
        h.state().wizard.persisted.provider_choice,
        ProviderChoice::Found
    );

    h.get_by_label(&tr(lang, "discover-edit")).click();
    h.run();
    assert_eq!(
        h.state().wizard.persisted.provider_choice,
        ProviderChoice::Manual
    );
    // What a screen reader finds in the form: incoming first, then outgoing.
    assert_eq!(
        values_by_label(&h, &tr(lang, "manual-host")),
        ["mail.srv-edit.test", "out.srv-edit.test"]
    );
    assert_eq!(
        values_by_label(&h, &tr(lang, "manual-port")),
        ["1143", "4465"]
    );
    assert_eq!(
        selected_by_label(&h, &tr(lang, "security-starttls")),
        [true, false]
    );
    assert_eq!(
        selected_by_label(&h, &tr(lang, "security-tls")),
        [false, true]
    );
    // SRV gives no login name: the field stays empty, meaning the full address.
    assert_eq!(values_by_label(&h, &tr(lang, "manual-username")), [""]);
    assert!(!is_disabled(&h, &tr(lang, "nav-next")));
    let settings = h.state().wizard.settings().expect("settings");
    assert_eq!(settings.incoming.host, "mail.srv-edit.test");
    assert_eq!(settings.incoming.port, 1143);
    assert_eq!(settings.outgoing.port, 4465);
    assert_eq!(settings.username, "me@srv-edit.test");
}

/// The review after issue 11: a search that ends after the person chose otherwise (servers by
/// hand) must not replace that choice — the found servers are kept aside, nothing more.
#[test]
fn a_late_answer_does_not_replace_the_persons_choice() {
    let lang = Lang::En;
    let dns = Dnsmasq::start(&Records::new().mx("exmail-corp.test", "mxbiz1.qq.com", 5));
    // An ISPDB that accepts and never answers keeps the search going for its time limit.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let mut app = app_with(lang, &dns);
    app.net.ispdb_url = format!("https://127.0.0.1:{port}/v1.1/");
    let mut h = harness(app);
    h.run();
    start_search(&mut h, lang, "someone@exmail-corp.test");
    assert!(matches!(
        h.state().wizard.discovery,
        Discovery::Searching { .. }
    ));
    // Meanwhile the person decides to type the servers in.
    h.state_mut().wizard.persisted.provider_choice = ProviderChoice::Manual;
    wait_for_search(&mut h);
    assert_eq!(
        h.state().wizard.persisted.provider_choice,
        ProviderChoice::Manual
    );
    drop(silent);
}

/// Help-desk mode, an unknown domain: the panel checks what every mail program finds, and says it
/// per program in the person's language (the same check as `mailwiz domain check`).
fn helpdesk_domain_panel(lang: Lang) {
    use mailwiz::core::domain::ClientKind;
    use mailwiz::ui::state::DomainCheck;
    let dns = Dnsmasq::start(&Records::new().mx("exmail-corp.test", "mxbiz1.qq.com", 5));
    let mut app = app_with(lang, &dns);
    // An ISPDB that takes the connection and never answers: the check runs for the whole time
    // limit (3 s), long enough to be stopped by the person.
    let silent_ispdb = TcpListener::bind("127.0.0.1:0").unwrap();
    app.net.ispdb_url = format!(
        "https://127.0.0.1:{}/v1.1/",
        silent_ispdb.local_addr().unwrap().port()
    );
    app.wizard.persisted.helpdesk = true;
    // As when a help desk reopens a caller's session: the address is there, the search starts.
    app.wizard.persisted.address = "someone@exmail-corp.test".into();
    let mut h = harness(app);
    h.run_steps(3);
    wait_for_search(&mut h);
    let start = |h: &mut Harness<'static, MailwizApp>| {
        h.get_by_label_contains(&tr(lang, "domain-panel-start"))
            .click();
        h.run_steps(2);
        assert!(matches!(
            h.state().wizard.domain_check,
            DomainCheck::Running(_)
        ));
    };
    // Started, then stopped: back to the start, and a late answer is not shown.
    start(&mut h);
    h.get_by_label_contains(&tr(lang, "domain-panel-stop"))
        .click();
    h.run_steps(2);
    assert_eq!(h.state().wizard.domain_check, DomainCheck::NotRun);
    std::thread::sleep(Duration::from_millis(300));
    h.run_steps(3);
    assert_eq!(h.state().wizard.domain_check, DomainCheck::NotRun);
    start(&mut h);
    h.get_by_label(&tr(lang, "domain-panel-running")).hover();
    let started = Instant::now();
    while matches!(h.state().wizard.domain_check, DomainCheck::Running(_)) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "check did not end"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run_steps(3);
    let DomainCheck::Done(report) = &h.state().wizard.domain_check else {
        panic!("{:?}", h.state().wizard.domain_check)
    };
    assert_eq!(report.domain, "exmail-corp.test");
    let mailwiz_row = report
        .clients
        .iter()
        .find(|r| r.client == ClientKind::Mailwiz)
        .unwrap();
    assert_eq!(
        mailwiz_row.found_at,
        Some(mailwiz::core::domain::Place::MxProvider)
    );
    // Every program has its row ("mailwiz" is also the window's title).
    for client in ClientKind::ALL {
        assert!(
            h.get_all_by_label(&tr(lang, client.message_id())).count() >= 1,
            "{client:?}"
        );
    }
    // Outlook and the SRV readers find nothing here; both Thunderbirds ask the ISPDB for the MX
    // host's domain, qq.com, and would set up personal QQ Mail's servers for an Exmail domain:
    // the panel says those differ from what the MX records name.
    assert_eq!(
        h.get_all_by_label(&tr(lang, "domain-verdict-nothing"))
            .count(),
        2
    );
    let thunderbird = report
        .clients
        .iter()
        .find(|r| r.client == ClientKind::Thunderbird)
        .unwrap();
    assert_eq!(
        thunderbird.found_at,
        Some(mailwiz::core::domain::Place::MxIspdb)
    );
    assert!(
        thunderbird
            .problems
            .contains(&mailwiz::core::domain::Problem::Differs {
                place: mailwiz::core::domain::Place::MxProvider
            }),
        "{:?}",
        thunderbird.problems
    );
    h.get_by_label_contains(&tr(lang, "domain-panel-again"))
        .hover();
}

#[test]
fn helpdesk_domain_panel_in_english() {
    helpdesk_domain_panel(Lang::En);
}

#[test]
fn helpdesk_domain_panel_in_traditional_chinese() {
    helpdesk_domain_panel(Lang::ZhTw);
}
