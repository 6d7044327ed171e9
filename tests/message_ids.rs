//! Words by typed id: every enum that has words gives its Fluent ids through `message_id()` (and
//! its kin, where a variant has several messages), and this walks every variant of every such
//! enum and asks each of the three languages for each id. zh-TW is asked on its own: it never
//! falls back to zh-CN, so a message missing there fails here even when zh-CN has it.

use std::collections::BTreeSet;

use mailwiz::core::address::AddressError;
use mailwiz::core::diagnosis::Code;
use mailwiz::core::discovery::{Source, SourceStatus};
use mailwiz::core::export::{ExportError, Format};
use mailwiz::core::i18n::{self, Lang};
use mailwiz::core::input::InputError;
use mailwiz::core::probe::{Protocol, Stage};
use mailwiz::core::provider::model::{PasswordKind, Quirk, Security};
use mailwiz::core::settings::Incoming;
use mailwiz::ui::state::Step;
use mailwiz::ui::steps::protocol::ProtocolRow;

/// One family of ids: what gives them (for the failure message) and the ids, one per variant.
struct Family {
    name: &'static str,
    ids: Vec<(String, &'static str)>,
}

fn family<T: std::fmt::Debug>(
    name: &'static str,
    variants: impl IntoIterator<Item = T>,
    id: impl Fn(&T) -> &'static str,
) -> Family {
    Family {
        name,
        ids: variants
            .into_iter()
            .map(|v| (format!("{v:?}"), id(&v)))
            .collect(),
    }
}

/// The ids of a method that gives `None` for the variants that have no such message; `with`
/// lists exactly the variants that must have one.
fn optional_family<T: std::fmt::Debug + PartialEq>(
    name: &'static str,
    variants: impl IntoIterator<Item = T>,
    with: &[T],
    id: impl Fn(&T) -> Option<&'static str>,
) -> Family {
    let mut ids = Vec::new();
    for v in variants {
        match id(&v) {
            Some(i) => ids.push((format!("{v:?}"), i)),
            None => assert!(!with.contains(&v), "{name}: {v:?} has no id"),
        }
    }
    assert_eq!(ids.len(), with.len(), "{name}: {ids:?}");
    Family { name, ids }
}

/// One input error of each kind: its variants carry data (an `io::Error`), so it has no `ALL`.
fn input_errors() -> Vec<InputError> {
    let all = vec![
        InputError::Unreadable(std::io::ErrorKind::NotFound.into()),
        InputError::TooLarge(1024),
        InputError::NotText,
        InputError::NoCertificate,
        InputError::BadCertificate(2),
    ];
    // A new variant stops this from compiling until it is added to the list above.
    for e in &all {
        match e {
            InputError::Unreadable(_)
            | InputError::TooLarge(_)
            | InputError::NotText
            | InputError::NoCertificate
            | InputError::BadCertificate(_) => {}
        }
    }
    all
}

fn families() -> Vec<Family> {
    let mut all = vec![
        family("diagnosis::Code::message_id", Code::ALL, |c| c.message_id()),
        family("diagnosis::Code::fix_id", Code::ALL, |c| c.fix_id()),
        family("probe::Stage::message_id", Stage::ALL, |s| s.message_id()),
        family("probe::Protocol::checklist_title_id", Protocol::ALL, |p| {
            p.checklist_title_id()
        }),
        family("Security::message_id", Security::ALL, |s| s.message_id()),
        family("PasswordKind::needs_id", PasswordKind::ALL, |k| {
            k.needs_id()
        }),
        family("PasswordKind::value_id", PasswordKind::ALL, |k| {
            k.value_id()
        }),
        family("PasswordKind::code_heading_id", PasswordKind::ALL, |k| {
            k.code_heading_id()
        }),
        family("PasswordKind::code_intro_id", PasswordKind::ALL, |k| {
            k.code_intro_id()
        }),
        optional_family(
            "PasswordKind::code_field_id",
            PasswordKind::ALL,
            &[
                PasswordKind::AuthorizationCode,
                PasswordKind::AppPassword,
                PasswordKind::Password,
            ],
            |k| k.code_field_id(),
        ),
        optional_family(
            "PasswordKind::enter_code_blocker_id",
            PasswordKind::ALL,
            &[
                PasswordKind::AuthorizationCode,
                PasswordKind::AppPassword,
                PasswordKind::Password,
            ],
            |k| k.enter_code_blocker_id(),
        ),
        family("Quirk::message_id", Quirk::ALL, |q| q.message_id()),
        family("AddressError::message_id", AddressError::ALL, |e| {
            e.message_id()
        }),
        family("discovery::Source::message_id", Source::ALL, |s| {
            s.message_id()
        }),
        family(
            "discovery::SourceStatus::message_id",
            SourceStatus::ALL,
            |s| s.message_id(),
        ),
        family("ExportError::message_id", ExportError::ALL, |e| {
            e.message_id()
        }),
        family("export::Format::save_button_id", Format::ALL, |f| {
            f.save_button_id()
        }),
        family("settings::Incoming::title_id", Incoming::ALL, |i| {
            i.title_id()
        }),
        family("settings::Incoming::use_button_id", Incoming::ALL, |i| {
            i.use_button_id()
        }),
        family("settings::Incoming::not_offered_id", Incoming::ALL, |i| {
            i.not_offered_id()
        }),
        family("ui::state::Step::title_id", Step::ALL, |s| s.title_id()),
        family("input::InputError::message_id", input_errors(), |e| {
            e.message_id()
        }),
        family("ui ProtocolRow::label_id", ProtocolRow::ALL, |r| {
            r.label_id()
        }),
    ];
    for incoming in Incoming::ALL {
        all.push(family(
            "ui ProtocolRow::answer_id",
            ProtocolRow::ALL,
            move |r| r.answer_id(incoming),
        ));
    }
    all
}

#[test]
fn every_variant_of_every_enum_with_words_has_them_in_every_language() {
    let mut missing = Vec::new();
    let mut checked = 0;
    for f in families() {
        for (variant, id) in &f.ids {
            for lang in Lang::ALL {
                checked += 1;
                if !i18n::has(lang, id) {
                    missing.push(format!("{} {variant}: {id} in {}", f.name, lang.code()));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} missing messages:\n{}",
        missing.len(),
        missing.join("\n")
    );
    // Every family and every variant was walked: 3 languages × at least 150 ids.
    assert!(checked >= 3 * 150, "only {checked} lookups");
}

/// Two variants of one enum sharing an id would say the same thing for different cases (a
/// copy-paste slip in a `match`); the protocol checklist title is the one shared on purpose
/// (IMAP and POP3 are both "incoming").
#[test]
fn no_two_variants_share_an_id() {
    for f in families() {
        if f.name == "probe::Protocol::checklist_title_id" {
            continue;
        }
        let mut seen = BTreeSet::new();
        for (variant, id) in &f.ids {
            assert!(seen.insert(*id), "{}: {variant} repeats {id}", f.name);
        }
    }
}

/// The ids are the messages themselves, not codes: none contains `_` (the codes' separator,
/// which no message id uses), the slip behind "stage-test_message" in the help-desk text.
#[test]
fn no_id_is_built_from_a_snake_case_code() {
    for f in families() {
        for (variant, id) in &f.ids {
            assert!(!id.contains('_'), "{}: {variant} gives {id}", f.name);
        }
    }
}
