//! Property-based tests (proptest) of everything that reads outside input, and the one runner
//! they all share.
//!
//! Each property runs a bounded number of generated cases in a normal `cargo test`, so CI stays
//! fast; `MAILWIZ_PROPTEST_CASES=100000` (or proptest's own `PROPTEST_CASES`) runs that many
//! cases of every property instead. Every property prints its name, how many cases passed and
//! the seed (`cargo test props -- --nocapture` shows them). Seeds are random per run, so CI
//! keeps exploring; `PROPTEST_RNG_SEED=<seed>` repeats a run. A failure panics with the minimal
//! input proptest shrank it to, and that input becomes a plain regression test next to the code.
//!
//! The properties live next to what they test (`probe/imap/props.rs`, `discovery/props.rs`…),
//! because most parsers are private to their module; this file holds the runner and the
//! properties of [`crate::core::address`] and [`crate::core::i18n`].

use std::fmt::Debug;
use std::sync::atomic::{AtomicU32, Ordering};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestError, TestRunner};

use crate::core::address::{self, AddressError};
use crate::core::i18n::{self, Arg, Lang};

/// Cases of every property, overriding each property's CI default.
pub(crate) const CASES_VAR: &str = "MAILWIZ_PROPTEST_CASES";

/// How many cases to run: [`CASES_VAR`], else `PROPTEST_CASES`, else `ci_cases`.
fn cases(ci_cases: u32) -> u32 {
    [CASES_VAR, "PROPTEST_CASES"]
        .iter()
        .find_map(|var| std::env::var(var).ok()?.trim().parse().ok())
        .filter(|n: &u32| *n > 0)
        .unwrap_or(ci_cases)
}

/// A seed for this run: proptest's `PROPTEST_RNG_SEED` when set (read by `Config::default`),
/// else a fresh one, chosen here so it can be printed.
fn seed(config: &Config) -> u64 {
    match config.rng_seed {
        RngSeed::Fixed(seed) => seed,
        RngSeed::Random => {
            use std::hash::{BuildHasher, RandomState};
            RandomState::new().hash_one(std::time::SystemTime::now())
        }
    }
}

/// Runs the property `name`: `test` on `ci_cases` values of `strategy` (see the module doc for
/// the environment variables), prints the count, and panics with the minimal failing input.
pub(crate) fn check<S>(
    name: &str,
    ci_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S: Strategy,
    S::Value: Debug,
{
    let mut config = Config {
        cases: cases(ci_cases),
        // Found failures become regression tests in the code, not files beside it.
        failure_persistence: None,
        ..Config::default()
    };
    let seed = seed(&config);
    config.rng_seed = RngSeed::Fixed(seed);
    let cases = config.cases;
    let ran = AtomicU32::new(0);
    let mut runner = TestRunner::new(config);
    let started = std::time::Instant::now();
    let result = runner.run(&strategy, |value| {
        ran.fetch_add(1, Ordering::Relaxed);
        test(value)
    });
    match result {
        Ok(()) => {
            let ran = ran.load(Ordering::Relaxed);
            eprintln!(
                "property {name}: {ran} cases passed in {:.1} s (seed {seed})",
                started.elapsed().as_secs_f64()
            );
            // A property that ran nothing proved nothing.
            assert!(
                ran >= cases,
                "property {name}: only {ran} of {cases} cases ran"
            );
        }
        Err(TestError::Fail(why, minimal)) => panic!(
            "property {name} failed (PROPTEST_RNG_SEED={seed}): {why}\nminimal failing input: {minimal:#?}"
        ),
        Err(TestError::Abort(why)) => panic!("property {name} aborted (seed {seed}): {why}"),
    }
}

// ----- address ---------------------------------------------------------------------------------

/// Text a person might type or paste as an address: any characters, with the ones the parser
/// cares about made common.
fn typed_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => any::<char>().prop_map(String::from),
        2 => "[a-zA-Z0-9.-]{1,8}",
        1 => Just("@".to_owned()),
        1 => Just("＠".to_owned()),
        1 => Just("。".to_owned()),
        1 => Just(".".to_owned()),
        1 => "[例子中国用户ÄÖüß]{1,3}",
        1 => Just(" ".to_owned()),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// A well-formed address, as (local part, domain): an ordinary local part and two or more
/// valid, lowercase (possibly Unicode) labels.
fn valid_address() -> impl Strategy<Value = (String, String)> {
    // An ASCII label with "--" in its third and fourth place ("xn--0", "ab--c") is a reserved
    // LDH label (RFC 5891 §4.2.3.1): IDNA refuses it, so it is not a valid address's label.
    let ascii = proptest::string::string_regex("[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?")
        .expect("regex")
        .prop_filter("reserved LDH label", |l| l.get(2..4) != Some("--"));
    let label = prop_oneof![ascii, "[例子中国邮件ä]{1,4}".prop_map(String::from)];
    (
        "[A-Za-z0-9._%+-]{1,20}",
        proptest::collection::vec(label, 1..4),
        "[a-z]{2,6}",
    )
        .prop_map(|(local, labels, tld)| (local, format!("{}.{tld}", labels.join("."))))
}

/// What a parsed address's ASCII domain must be: LDH labels of 1 to 63 octets, two or more,
/// lowercase, at most 253 octets.
fn ascii_domain_is_valid(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

#[test]
fn prop_address_parse_is_total_and_stable() {
    check("address::parse(any text)", 1000, typed_text(), |input| {
        let Ok(parsed) = address::parse(&input) else {
            return Ok(());
        };
        prop_assert!(
            ascii_domain_is_valid(&parsed.domain_ascii),
            "ASCII domain {:?}",
            parsed.domain_ascii
        );
        prop_assert!(parsed.ascii().is_ascii() || !parsed.local.is_ascii());
        prop_assert!(!parsed.local.is_empty());
        // What we show parses back to the same address, and so does the ASCII form.
        let again = address::parse(&parsed.display());
        prop_assert_eq!(
            again.as_ref(),
            Ok(&parsed),
            "display {:?}",
            parsed.display()
        );
        let ascii = address::parse(&parsed.ascii())
            .map_err(|e| TestCaseError::fail(format!("ascii form {:?}: {e}", parsed.ascii())))?;
        prop_assert_eq!(&ascii.domain_ascii, &parsed.domain_ascii);
        prop_assert_eq!(&ascii.local, &parsed.local);
        Ok(())
    });
}

#[test]
fn prop_address_valid_addresses_parse() {
    check(
        "address::parse(valid address)",
        1000,
        valid_address(),
        |(local, domain)| {
            let input = format!("{local}@{domain}");
            let parsed = address::parse(&input)
                .map_err(|e| TestCaseError::fail(format!("{input:?} refused: {e}")))?;
            prop_assert!(ascii_domain_is_valid(&parsed.domain_ascii));
            prop_assert_eq!(&parsed.local, &local);
            prop_assert_eq!(&parsed.domain_unicode, &domain);
            prop_assert_eq!(parsed.display(), input);
            if domain.is_ascii() {
                prop_assert_eq!(&parsed.domain_ascii, &domain);
            } else {
                prop_assert!(parsed.domain_ascii.contains("xn--"));
            }
            Ok(())
        },
    );
}

/// Control and bidirectional-formatting characters in a local part would reach a login line and
/// the screen; they must be refused as bad characters.
#[test]
fn prop_address_local_part_refuses_controls_and_bidi() {
    let hidden = prop_oneof![
        proptest::char::range('\u{0}', '\u{1f}'),
        Just('\u{7f}'),
        proptest::char::range('\u{80}', '\u{9f}'),
        proptest::char::range('\u{200e}', '\u{200f}'),
        proptest::char::range('\u{202a}', '\u{202e}'),
        proptest::char::range('\u{2066}', '\u{2069}'),
        Just('\u{61c}'),
    ];
    let strategy = ("[a-z]{0,5}", hidden, "[a-z]{0,5}");
    check(
        "address::parse(local part with control/bidi)",
        500,
        strategy,
        |(a, c, b)| {
            let input = format!("{a}{c}{b}@example.com");
            let parsed = address::parse(&input);
            // A whitespace control at the very start is trimmed, as pasted text is: then the
            // address is what is left. Anywhere else the character is refused.
            if a.is_empty() && c.is_whitespace() {
                prop_assert_eq!(parsed, address::parse(&format!("{b}@example.com")));
            } else {
                prop_assert_eq!(parsed, Err(AddressError::BadCharacter), "{:?}", input);
            }
            Ok(())
        },
    );
}

// ----- i18n ------------------------------------------------------------------------------------

/// `(message id, variable)` for every message of `lang` whose own pattern shows `$variable`
/// directly (not only inside a selector, where a branch may leave it out).
fn shown_variables(lang: Lang) -> Vec<(String, String)> {
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, PatternElement};
    let mut found = Vec::new();
    for (_, text) in i18n::files_of(lang) {
        let Ok(resource) = fluent_syntax::parser::parse(text) else {
            continue;
        };
        for entry in resource.body {
            let Entry::Message(message) = entry else {
                continue;
            };
            let Some(pattern) = message.value else {
                continue;
            };
            for element in pattern.elements {
                if let PatternElement::Placeable {
                    expression: Expression::Inline(InlineExpression::VariableReference { id }),
                } = element
                {
                    found.push((message.id.name.to_owned(), id.name.to_owned()));
                }
            }
        }
    }
    found
}

/// Argument text as a host name, label or anything a server might say.
fn arg_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9.-]{1,30}",
        "[例子中国邮件 ]{1,10}",
        "\\PC{1,30}",
        any::<String>(),
    ]
}

#[test]
fn prop_i18n_arguments_appear_in_every_language() {
    let messages: Vec<(Lang, String, String)> = [Lang::En, Lang::ZhCn, Lang::ZhTw]
        .into_iter()
        .flat_map(|lang| {
            shown_variables(lang)
                .into_iter()
                .map(move |(id, var)| (lang, id, var))
        })
        .collect();
    assert!(
        messages.len() > 30,
        "only {} messages with arguments",
        messages.len()
    );
    let strategy = (
        proptest::sample::select(messages),
        arg_text(),
        // Fluent keeps numbers as f64: beyond ±2^53 an i64 prints rounded (9007199254740993
        // shows as …992). Ports and counts are far below, so the bound is the type's real range.
        -(1i64 << 53)..=(1i64 << 53),
        any::<bool>(),
    );
    check(
        "i18n::tr_args(any argument)",
        2000,
        strategy,
        |((lang, id, var), text, number, as_number)| {
            let arg = if as_number {
                Arg::Num(number)
            } else {
                Arg::Str(&text)
            };
            let out = i18n::tr_args(lang, &id, &[(&var, arg)]);
            let expected = if as_number {
                number.to_string()
            } else {
                text.clone()
            };
            prop_assert!(
                out.contains(&expected),
                "{} {id}: ${var} = {expected:?} not in {out:?}",
                lang.code()
            );
            // Isolation marks are off (see i18n::build): none may appear around the argument.
            let marks = ['\u{2068}', '\u{2069}'];
            prop_assert!(
                !out.contains(marks) || expected.contains(marks),
                "isolation marks in {:?}",
                out
            );
            Ok(())
        },
    );
}

#[test]
fn prop_i18n_any_id_and_arguments_never_panic() {
    let strategy = (
        prop_oneof![Just(Lang::En), Just(Lang::ZhCn), Just(Lang::ZhTw)],
        "\\PC{0,20}",
        proptest::collection::vec(("[a-z-]{1,10}", arg_text(), any::<Option<i64>>()), 0..4),
    );
    check(
        "i18n::tr_args(any id, any arguments)",
        1000,
        strategy,
        |(lang, id, args)| {
            let args: Vec<(&str, Arg<'_>)> = args
                .iter()
                .map(|(name, text, number)| {
                    (name.as_str(), number.map_or(Arg::Str(text), Arg::Num))
                })
                .collect();
            // A missing id is a bug that `tr_args` reports loudly in debug builds (see
            // i18n's tests); the lookup under it neither panics nor invents a text.
            let out = i18n::try_tr_args(lang, &id, &args);
            prop_assert_eq!(out.is_some(), i18n::has(lang, &id));
            if let Some(text) = out {
                prop_assert_eq!(i18n::tr_args(lang, &id, &args), text);
            }
            Ok(())
        },
    );
}
