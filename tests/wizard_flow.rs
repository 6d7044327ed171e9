//! The wizard driven the way a person (or a screen reader) would: by the accessible labels of its
//! controls, in English and in Simplified Chinese, with keyring-core's in-memory mock store.

mod common;

use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use mailwiz::core::client::catalog;
use mailwiz::core::i18n::{Lang, tr};
use mailwiz::core::provider::{Lookup, database};
use mailwiz::core::secret::{KeyringRef, KeyringStore, SecretStore};
use mailwiz::core::settings::{AccountSettings, Incoming, summary_text};
use mailwiz::ui::app::MailwizApp;
use mailwiz::ui::state::{KeyringStatus, Persisted, Step, TestState};

const CODE: &str = "abcdefghijklmnop";

fn harness(app: MailwizApp) -> Harness<'static, MailwizApp> {
    common::ui::harness(app, [900.0, 800.0])
}

/// keyring-core's default store is global: install the mock once for all tests of this binary.
fn mock_store() -> KeyringStore {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        KeyringStore::install_mock();
    });
    KeyringStore
}

fn new_app(lang: Lang) -> MailwizApp {
    let store = mock_store();
    MailwizApp::new(
        Persisted {
            lang: Some(lang),
            ..Persisted::default()
        },
        Lang::En,
        Arc::new(store),
        KeyringStatus::Available,
    )
}

fn is_disabled(h: &Harness<'_, MailwizApp>, label: &str) -> bool {
    h.get_by_label(label).accesskit_node().is_disabled()
}

/// Walks all six steps; returns the harness at the summary.
fn walk(lang: Lang) -> Harness<'static, MailwizApp> {
    let t = |id: &str| tr(lang, id);
    let mut h = harness(new_app(lang));
    h.run();

    // Step 1: Next is disabled, and says why.
    assert!(is_disabled(&h, &t("nav-next")));
    h.get_by_label_contains(&t("blocker-choose-client")).hover();
    let thunderbird = catalog()
        .get("thunderbird")
        .unwrap()
        .name
        .get(lang)
        .to_owned();
    h.get_by_label(&thunderbird).click();
    h.run();
    assert!(!is_disabled(&h, &t("nav-next")));
    h.get_by_label(&t("nav-next")).click();
    h.run();
    assert_eq!(h.state().wizard.persisted.step, Step::Address);

    // Step 2: type the address; the provider is recognised.
    assert!(is_disabled(&h, &t("nav-next")));
    h.get_by_label(&t("address-label")).focus();
    h.run();
    h.get_by_label(&t("address-label"))
        .type_text("  SomeOne@QQ.com ");
    h.run();
    let qq_name = database()
        .get("qq")
        .unwrap()
        .display_name
        .get(lang)
        .to_owned();
    h.get_by_label(&qq_name).hover();
    h.get_by_label(&t("nav-next")).click();
    h.run();
    assert_eq!(h.state().wizard.persisted.step, Step::Protocol);

    // Step 3: IMAP is chosen by default; Back and forth works.
    h.get_by_label(&t("nav-back")).click();
    h.run();
    assert_eq!(h.state().wizard.persisted.step, Step::Address);
    h.get_by_label(&t("nav-next")).click();
    h.run();
    h.get_by_label(&t("protocol-use-imap")).click();
    h.run();
    h.get_by_label(&t("nav-next")).click();
    h.run();
    assert_eq!(h.state().wizard.persisted.step, Step::Code);

    // Step 4: Next is disabled until the code is there; pasted spaces are removed.
    assert!(is_disabled(&h, &t("nav-next")));
    h.get_by_label_contains(&t("blocker-enter-authorization-code"))
        .hover();
    h.get_by_label(&t("code-field-authorization-code")).focus();
    h.run();
    h.get_by_label(&t("code-field-authorization-code"))
        .type_text("abcd efgh ijkl mnop");
    h.run();
    assert_eq!(h.state().wizard.code.expose(), CODE);
    h.get_by_label(&t("code-spaces-removed")).hover();
    h.get_by_label(&t("code-remember")).click();
    h.run();
    h.get_by_label(&t("nav-next")).click();
    h.run();
    assert_eq!(h.state().wizard.persisted.step, Step::Test);
    let saved = KeyringStore
        .load(&KeyringRef::for_address("SomeOne@qq.com"))
        .expect("the code is in the (mock) keyring");
    assert_eq!(saved.expose(), CODE);

    // Step 5: Next needs a test or a skip.
    assert!(is_disabled(&h, &t("nav-next")));
    h.get_by_label(&t("test-skip")).click();
    h.run();
    assert!(matches!(h.state().wizard.test, TestState::Skipped { .. }));
    h.get_by_label(&t("nav-next")).click();
    h.run();
    assert_eq!(h.state().wizard.persisted.step, Step::Summary);
    h
}

fn expected_settings() -> AccountSettings {
    let Lookup::Found { address, provider } = database().lookup("SomeOne@qq.com") else {
        panic!()
    };
    AccountSettings::from_provider(&address, provider, Incoming::Imap).unwrap()
}

fn copy_is_exact(lang: Lang) {
    let mut h = walk(lang);
    h.get_by_label(&tr(lang, "summary-copy")).click();
    h.step();
    let copied = common::ui::copied_text(&h).expect("Copy puts text on the clipboard");
    let tb = catalog().get("thunderbird").unwrap();
    assert_eq!(copied, summary_text(&expected_settings(), tb, lang));
    assert!(copied.contains("imap.qq.com") && copied.contains("993"));
    assert!(!copied.contains(CODE));

    h.run();
    h.get_by_label(&tr(lang, "summary-copy-helpdesk")).click();
    h.step();
    let helpdesk = common::ui::copied_text(&h).expect("help-desk copy");
    assert!(helpdesk.contains("smtp.qq.com"), "{helpdesk}");
    assert!(
        helpdesk.contains(&tr(lang, "hd-test-skipped")),
        "{helpdesk}"
    );
    assert!(!helpdesk.contains(CODE));

    // The phone card: the heading, the words of Thunderbird for Android, the Save button; the
    // picture it draws is made from the settings alone (tests/thunderbird_qr.rs reads it back).
    h.get_by_label(&tr(lang, "qr-heading")).hover();
    h.get_by_label(&tr(lang, "qr-steps")).hover();
    h.get_by_label(&tr(lang, "save-thunderbird-qr")).hover();
    let settings = h.state().wizard.settings().unwrap();
    assert_eq!(settings, expected_settings());
    let payload = mailwiz::core::export::thunderbird_qr_json(&settings, "").unwrap();
    assert!(!payload.contains(CODE), "{payload}");
}

#[test]
fn english_flow_copies_the_exact_summary() {
    copy_is_exact(Lang::En);
}

#[test]
fn simplified_chinese_flow_copies_the_exact_summary() {
    copy_is_exact(Lang::ZhCn);
}

#[test]
fn changing_the_address_clears_the_test_result() {
    let mut h = walk(Lang::En);
    h.get_by_label(&tr(Lang::En, "nav-back")).click();
    h.run();
    h.get_by_label(&tr(Lang::En, "nav-back")).click();
    h.run();
    h.get_by_label(&tr(Lang::En, "nav-back")).click();
    h.run();
    h.get_by_label(&tr(Lang::En, "nav-back")).click();
    h.run();
    assert_eq!(h.state().wizard.persisted.step, Step::Address);
    h.get_by_label(&tr(Lang::En, "address-label")).focus();
    h.run();
    h.get_by_label(&tr(Lang::En, "address-label"))
        .type_text("x");
    h.run();
    assert_eq!(h.state().wizard.test, TestState::NotRun);
}

#[test]
fn language_switch_is_always_there() {
    let mut h = harness(new_app(Lang::En));
    h.run();
    h.get_by_label("简体中文").click();
    h.run();
    h.get_by_label(&tr(Lang::ZhCn, "client-heading")).hover();
    h.get_by_label("繁體中文").click();
    h.run();
    h.get_by_label(&tr(Lang::ZhTw, "client-heading")).hover();
}

#[test]
fn unknown_domain_leads_to_the_list_and_manual_entry() {
    let lang = Lang::En;
    let mut app = new_app(lang);
    app.wizard.persisted.client_id = Some("thunderbird".into());
    app.wizard.persisted.step = Step::Address;
    let mut h = harness(app);
    h.run();
    h.get_by_label(&tr(lang, "address-label")).focus();
    h.run();
    h.get_by_label(&tr(lang, "address-label"))
        .type_text("me@example.org");
    h.run();
    assert!(is_disabled(&h, &tr(lang, "nav-next")));
    h.get_by_label_contains("example.org is not in the built-in list")
        .hover();
    h.get_by_label(&tr(lang, "address-manual")).click();
    h.run();
    let hosts = h.get_all_by_label(&tr(lang, "manual-host")).count();
    assert_eq!(hosts, 2, "incoming and outgoing host fields");
    // The blocker names what is missing.
    h.get_by_label_contains(&tr(lang, "blocker-manual-incoming"))
        .hover();
}

#[test]
fn no_keyring_is_said_plainly_and_the_wizard_keeps_working() {
    let lang = Lang::En;
    let mut app = MailwizApp::new(
        Persisted {
            lang: Some(lang),
            client_id: Some("thunderbird".into()),
            address: "a@qq.com".into(),
            step: Step::Code,
            ..Persisted::default()
        },
        Lang::En,
        Arc::new(mock_store()),
        KeyringStatus::Unavailable("no secret service".into()),
    );
    app.wizard.code = mailwiz::core::secret::Secret::new(CODE);
    let mut h = harness(app);
    h.run();
    h.get_by_label(&tr(lang, "keyring-unavailable")).hover();
    assert!(h.query_by_label(&tr(lang, "code-remember")).is_none());
    assert!(!is_disabled(&h, &tr(lang, "nav-next")));
}

/// eframe storage backed by a directory, standing in for eframe's own file storage.
struct DirStorage {
    dir: std::path::PathBuf,
    values: std::collections::BTreeMap<String, String>,
}

impl eframe::Storage for DirStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.values.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.values.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.values.remove(key);
    }
    fn flush(&mut self) {
        let text = format!("{:?}", self.values);
        std::fs::write(self.dir.join("app.ron"), text).unwrap();
    }
}

fn files_containing(dir: &std::path::Path, needle: &[u8]) -> Vec<std::path::PathBuf> {
    let mut hits = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            hits.extend(files_containing(&path, needle));
        } else if std::fs::read(&path)
            .unwrap()
            .windows(needle.len())
            .any(|w| w == needle)
        {
            hits.push(path);
        }
    }
    hits
}

#[test]
fn the_code_never_reaches_disk_and_a_second_run_picks_up() {
    use eframe::App as _;
    let dir = tempfile::tempdir().unwrap();
    let mut h = walk(Lang::En);
    let mut storage = DirStorage {
        dir: dir.path().to_owned(),
        values: Default::default(),
    };
    h.state_mut().save(&mut storage);
    eframe::Storage::flush(&mut storage);
    let saved = std::fs::read_to_string(dir.path().join("app.ron")).unwrap();
    assert!(
        saved.contains("SomeOne@QQ.com"),
        "the address is remembered: {saved}"
    );
    assert!(
        files_containing(dir.path(), CODE.as_bytes()).is_empty(),
        "code on disk"
    );
    assert!(!h.state().persist_egui_memory());

    // Summary and help-desk texts never contain the code either.
    let settings = expected_settings();
    for lang in Lang::ALL {
        for client in catalog().all() {
            assert!(!summary_text(&settings, client, lang).contains(CODE));
        }
    }

    // A second run: same answers, and the code comes back from the keyring.
    let persisted: Persisted = eframe::get_value(&storage, eframe::APP_KEY).unwrap();
    assert_eq!(persisted.step, Step::Summary);
    assert_eq!(persisted.client_id.as_deref(), Some("thunderbird"));
    assert!(persisted.keyring_ref.is_some());
    let app = MailwizApp::new(
        persisted,
        Lang::En,
        Arc::new(KeyringStore),
        KeyringStatus::Available,
    );
    assert_eq!(app.wizard.code.expose(), CODE);
}

#[test]
fn a_saved_code_is_only_loaded_for_its_own_address() {
    let store = mock_store();
    let at = KeyringRef::for_address("saved@qq.com");
    store
        .save(&at, &mailwiz::core::secret::Secret::new(CODE))
        .unwrap();
    let persisted = |address: &str| Persisted {
        lang: Some(Lang::En),
        client_id: Some("thunderbird".into()),
        address: address.into(),
        remember_code: true,
        keyring_ref: Some(at.clone()),
        step: Step::Code,
        ..Persisted::default()
    };
    // Another address (a pre-filled start, or a changed answer): the saved code stays out.
    let other = MailwizApp::new(
        persisted("other@163.com"),
        Lang::En,
        Arc::new(store),
        KeyringStatus::Available,
    );
    assert!(other.wizard.code.is_empty());
    // Its own address: loaded; then changing the address drops it again.
    let mut own = MailwizApp::new(
        persisted("saved@qq.com"),
        Lang::En,
        Arc::new(store),
        KeyringStatus::Available,
    );
    assert_eq!(own.wizard.code.expose(), CODE);
    own.wizard.persisted.address = "someone-else@qq.com".into();
    own.wizard.drop_stale_results();
    assert!(own.wizard.code.is_empty());
    // Unticking "remember" removes the saved code at once.
    let mut h = harness(MailwizApp::new(
        persisted("saved@qq.com"),
        Lang::En,
        Arc::new(store),
        KeyringStatus::Available,
    ));
    h.run();
    h.get_by_label(&tr(Lang::En, "code-remember")).click();
    h.run();
    assert!(
        store.load(&at).is_err(),
        "unticking must delete the saved code"
    );
}

#[test]
fn outlook_com_needs_no_code_and_says_so_on_every_step() {
    let lang = Lang::En;
    let mut app = new_app(lang);
    app.wizard.persisted.client_id = Some("thunderbird".into());
    app.wizard.persisted.address = "someone@outlook.com".into();
    app.wizard.persisted.step = Step::Code;
    let mut h = harness(app);
    h.run();
    h.get_by_label(&tr(lang, "code-heading-oauth2-only"));
    assert!(!is_disabled(&h, &tr(lang, "nav-next")), "no code is needed");
    h.get_by_label(&tr(lang, "nav-next")).click();
    h.run();
    h.get_by_label(&tr(lang, "test-oauth2-only"));
    assert!(matches!(h.state().wizard.test, TestState::Skipped { .. }));
    h.get_by_label(&tr(lang, "nav-next")).click();
    h.run();
    assert_eq!(h.state().wizard.persisted.step, Step::Summary);
    let settings = h.state().wizard.settings().unwrap();
    let text = summary_text(&settings, catalog().get("thunderbird").unwrap(), lang);
    assert!(text.contains("OAuth2"), "{text}");
    assert!(!text.contains("Normal password”: choose this"), "{text}");
    assert!(
        text.contains(&tr(lang, "summary-warning-oauth2-only")),
        "{text}"
    );
}

#[test]
fn manual_pop3_starts_on_the_pop3_port() {
    let lang = Lang::En;
    let mut app = new_app(lang);
    app.wizard.persisted.client_id = Some("thunderbird".into());
    app.wizard.persisted.address = "me@example.org".into();
    app.wizard.persisted.incoming = Incoming::Pop3;
    app.wizard.persisted.step = Step::Address;
    let mut h = harness(app);
    h.run();
    h.get_by_label(&tr(lang, "address-manual")).click();
    h.run();
    assert_eq!(h.state().wizard.persisted.manual.incoming.port, "995");
}

/// A keyring that keeps codes but refuses to forget them (a locked or read-only keyring).
struct UndeletableStore;

impl SecretStore for UndeletableStore {
    fn save(
        &self,
        _at: &KeyringRef,
        _secret: &mailwiz::core::secret::Secret,
    ) -> Result<(), mailwiz::core::secret::SecretStoreError> {
        Ok(())
    }
    fn load(
        &self,
        _at: &KeyringRef,
    ) -> Result<mailwiz::core::secret::Secret, mailwiz::core::secret::SecretStoreError> {
        Ok(mailwiz::core::secret::Secret::new(CODE))
    }
    fn delete(&self, _at: &KeyringRef) -> Result<(), mailwiz::core::secret::SecretStoreError> {
        Err(mailwiz::core::secret::SecretStoreError::Failed(
            "locked".into(),
        ))
    }
}

#[test]
fn a_code_the_keyring_would_not_forget_is_reported_not_ignored() {
    let at = KeyringRef::for_address("saved@qq.com");
    let mut app = MailwizApp::new(
        Persisted {
            lang: Some(Lang::En),
            client_id: Some("thunderbird".into()),
            address: "saved@qq.com".into(),
            remember_code: false,
            keyring_ref: Some(at.clone()),
            step: Step::Code,
            ..Persisted::default()
        },
        Lang::En,
        Arc::new(UndeletableStore),
        KeyringStatus::Available,
    );
    let ctx = eframe::egui::Context::default();
    app.apply(&ctx, mailwiz::ui::state::Action::Goto(Step::Test));
    assert_eq!(
        app.wizard.keyring_note,
        Some((false, "keyring-delete-failed".to_owned())),
        "the person is told the code is still in the keyring"
    );
    assert_eq!(
        app.wizard.persisted.keyring_ref,
        Some(at),
        "and the wizard still knows where it is, to try again"
    );
}
