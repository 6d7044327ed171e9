//! The program's words: Fluent messages in `assets/i18n/{en,zh-CN,zh-TW}/*.ftl`.
//!
//! All `.ftl` files of a language are embedded at build time and loaded into one concurrent
//! Fluent bundle per language the first time a message is asked for. `core` returns codes; the
//! UI and the command line turn them into words here, by the ids the typed enums give
//! (`message_id()` and its kin, never an id put together from a code). There is no fallback
//! from zh-TW to zh-CN. A missing message is a bug: debug builds and tests panic on it, naming
//! the id and the language; a release build shows the id (and tests keep the three languages'
//! ids identical and walk every enum's ids in every language).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

use crate::core::provider::model::{Localized, LocalizedList};

/// A language the program speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Lang {
    /// English.
    #[default]
    #[serde(rename = "en")]
    En,
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// Traditional Chinese (Taiwan / Hong Kong wording).
    #[serde(rename = "zh-TW")]
    ZhTw,
}

impl Lang {
    /// All languages, in the order of the language switch.
    pub const ALL: [Lang; 3] = [Lang::ZhCn, Lang::ZhTw, Lang::En];

    /// BCP 47 code and folder name.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
            Lang::ZhTw => "zh-TW",
        }
    }

    /// The language's own name, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhCn => "简体中文",
            Lang::ZhTw => "繁體中文",
        }
    }

    /// Parses a code such as "zh-TW", "zh_CN", "en-US", "zh-Hant-HK".
    pub fn from_code(code: &str) -> Option<Lang> {
        let lower = code.trim().to_ascii_lowercase().replace('_', "-");
        if lower.is_empty() {
            return None;
        }
        if lower.starts_with("zh") {
            let traditional = ["-tw", "-hk", "-mo", "-hant"]
                .iter()
                .any(|tag| lower.contains(tag));
            return Some(if traditional { Lang::ZhTw } else { Lang::ZhCn });
        }
        if lower.starts_with("en") {
            return Some(Lang::En);
        }
        None
    }

    /// The language to start in: the OS locale if it is one we speak, else English.
    pub fn from_os() -> Lang {
        sys_locale::get_locales()
            .find_map(|l| Lang::from_code(&l))
            .unwrap_or(Lang::En)
    }
}

impl Localized {
    /// The text in a language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::ZhCn => &self.zh_cn,
            Lang::ZhTw => &self.zh_tw,
        }
    }
}

impl LocalizedList {
    /// The lines in a language.
    pub fn get(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::En => &self.en,
            Lang::ZhCn => &self.zh_cn,
            Lang::ZhTw => &self.zh_tw,
        }
    }
}

struct Bundles {
    en: FluentBundle<FluentResource>,
    zh_cn: FluentBundle<FluentResource>,
    zh_tw: FluentBundle<FluentResource>,
}

fn build(lang: Lang) -> FluentBundle<FluentResource> {
    let id: LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks around arguments render as boxes in some fonts; our arguments are
    // host names and numbers, so they are not needed.
    bundle.set_use_isolating(false);
    for (path, text) in files_of(lang) {
        match FluentResource::try_new(text.to_owned()) {
            Ok(resource) => {
                if let Err(errors) = bundle.add_resource(resource) {
                    eprintln!("mailwiz: duplicate messages in {path}: {errors:?}");
                }
            }
            Err((_, errors)) => eprintln!("mailwiz: cannot parse {path}: {errors:?}"),
        }
    }
    bundle
}

/// The embedded `.ftl` files of one language: (path, text).
pub fn files_of(lang: Lang) -> impl Iterator<Item = (&'static str, &'static str)> {
    let prefix = format!("{}/", lang.code());
    crate::assets::FLUENT_FILES
        .iter()
        .filter(move |(path, _)| path.starts_with(&prefix))
        .map(|(path, text)| (*path, *text))
}

/// The message ids defined for a language (for the consistency test and tooling).
pub fn message_ids(lang: Lang) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for (_, text) in files_of(lang) {
        let Ok(resource) = FluentResource::try_new(text.to_owned()) else {
            continue;
        };
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                ids.insert(m.id.name.to_owned());
            }
        }
    }
    ids
}

fn bundles() -> &'static Bundles {
    static BUNDLES: OnceLock<Bundles> = OnceLock::new();
    BUNDLES.get_or_init(|| Bundles {
        en: build(Lang::En),
        zh_cn: build(Lang::ZhCn),
        zh_tw: build(Lang::ZhTw),
    })
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    let b = bundles();
    match lang {
        Lang::En => &b.en,
        Lang::ZhCn => &b.zh_cn,
        Lang::ZhTw => &b.zh_tw,
    }
}

/// True when the message exists in that language.
pub fn has(lang: Lang, id: &str) -> bool {
    bundle(lang).has_message(id)
}

/// A message with no arguments. A missing message panics in debug builds and tests and shows
/// as its id in release builds (see [`tr_args`]).
pub fn tr(lang: Lang, id: &str) -> String {
    tr_args(lang, id, &[])
}

/// A message with arguments (strings or numbers). A missing message is a bug (every id comes
/// from a typed `message_id()` or a literal): debug builds and tests panic with the id and the
/// language, so a test run finds it; a release build shows the id rather than close the window.
pub fn tr_args(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    try_tr_args(lang, id, args).unwrap_or_else(|| missing(lang, id))
}

/// What a missing message becomes: see [`tr_args`].
fn missing(lang: Lang, id: &str) -> String {
    if cfg!(debug_assertions) {
        panic!("mailwiz: no message {id:?} in {}", lang.code());
    }
    id.to_owned()
}

/// A message with arguments, or `None` when the language has no message of that id.
pub(crate) fn try_tr_args(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> Option<String> {
    let bundle = bundle(lang);
    let pattern = bundle.get_message(id).and_then(|m| m.value())?;
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        let v: FluentValue<'_> = match value {
            Arg::Str(s) => FluentValue::from(*s),
            Arg::Num(n) => FluentValue::from(*n),
        };
        fluent_args.set(*name, v);
    }
    let mut errors = Vec::new();
    Some(
        bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned(),
    )
}

/// A message argument.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    /// Text (host names, labels).
    Str(&'a str),
    /// A number (ports, counts).
    Num(i64),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_locale_codes() {
        assert_eq!(Lang::from_code("zh-CN"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_code("zh_TW.UTF-8"), Some(Lang::ZhTw));
        assert_eq!(Lang::from_code("zh-Hant-HK"), Some(Lang::ZhTw));
        assert_eq!(Lang::from_code("zh-HK"), Some(Lang::ZhTw));
        assert_eq!(Lang::from_code("zh-Hans"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_code("en-US"), Some(Lang::En));
        assert_eq!(Lang::from_code("de-DE"), None);
    }

    #[test]
    fn the_three_languages_have_the_same_message_ids() {
        let en = message_ids(Lang::En);
        assert!(en.len() > 50, "too few messages: {}", en.len());
        for lang in [Lang::ZhCn, Lang::ZhTw] {
            let other = message_ids(lang);
            let missing: Vec<_> = en.difference(&other).collect();
            let extra: Vec<_> = other.difference(&en).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
            assert!(extra.is_empty(), "{} has extra {extra:?}", lang.code());
        }
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "mailwiz: no message \"stage-test_message\" in zh-TW")]
    fn a_missing_message_fails_loudly_in_debug_builds() {
        tr(Lang::ZhTw, "stage-test_message");
    }

    #[test]
    #[cfg(not(debug_assertions))]
    fn a_missing_message_shows_its_id_in_release_builds() {
        assert_eq!(tr(Lang::ZhTw, "stage-test_message"), "stage-test_message");
    }

    #[test]
    fn a_present_message_is_the_same_through_both_doors() {
        let text = try_tr_args(Lang::ZhTw, "stage-test-message", &[]);
        assert_eq!(
            text.as_deref(),
            Some(tr(Lang::ZhTw, "stage-test-message").as_str())
        );
        assert_eq!(try_tr_args(Lang::ZhTw, "stage-test_message", &[]), None);
    }

    #[test]
    fn every_file_parses_without_errors() {
        for (path, text) in crate::assets::FLUENT_FILES {
            if let Err((_, errors)) = FluentResource::try_new((*text).to_owned()) {
                panic!("{path}: {errors:?}");
            }
        }
    }
}
