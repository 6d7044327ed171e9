//! Properties of the IMAP reply parsing (runner: `crate::core::props`): any bytes are read
//! without a panic and within bounds, and well-formed replies parse to what was generated.

use proptest::prelude::*;

use super::super::props::{STREAM_CASES, conn_over, line_text, server_bytes};
use super::super::transport::MAX_REPLY_LINES;
use super::*;
use crate::core::props::check;

fn status_word() -> impl Strategy<Value = (Status, String)> {
    prop_oneof![Just(Status::Ok), Just(Status::No), Just(Status::Bad)].prop_flat_map(|status| {
        let word = match status {
            Status::Ok => "[oO][kK]",
            Status::No => "[nN][oO]",
            Status::Bad => "[bB][aA][dD]",
        };
        (Just(status), word)
    })
}

fn tag() -> impl Strategy<Value = String> {
    "[a-zA-Z][a-zA-Z0-9]{0,6}"
}

/// An IMAP atom as capabilities are written (no space, bracket, brace or control).
fn capability() -> impl Strategy<Value = String> {
    "[A-Za-z0-9=+._-]{1,16}"
}

/// Line text that does not itself announce a literal.
fn plain_text() -> impl Strategy<Value = String> {
    line_text().prop_map(|t| if t.ends_with('}') { format!("{t}x") } else { t })
}

#[test]
fn prop_imap_line_parsers_never_panic() {
    let strategy = ("\\PC{0,60}|[* a-zA-Z0-9{}\\[\\]+]{0,60}", tag());
    check(
        "imap line parsers(any line)",
        3000,
        strategy,
        |(line, tag)| {
            if let Some((status, text)) = parse_tagged(&line, &tag) {
                prop_assert_eq!(format!("{tag} {text}"), line.clone());
                let word = text
                    .split(' ')
                    .next()
                    .unwrap_or_default()
                    .to_ascii_uppercase();
                let expected = match status {
                    Status::Ok => "OK",
                    Status::No => "NO",
                    Status::Bad => "BAD",
                };
                prop_assert_eq!(word, expected);
            }
            let _ = greeting_kind(&line);
            if let Some(caps) = capabilities_in(&line) {
                prop_assert!(caps.iter().all(|c| !c.is_empty() && c.len() <= line.len()));
            }
            let detail = without_capability_code(&line);
            prop_assert!(detail.len() <= line.len() + 1);
            if let Some(size) = literal_size(&line) {
                prop_assert!(size < 1_000_000_000);
                prop_assert!(line.ends_with('}'), "{:?}", line);
            }
            let _ = exists_count(std::slice::from_ref(&line));
            Ok(())
        },
    );
}

#[test]
fn prop_imap_generated_lines_parse_back() {
    let strategy = (
        tag(),
        status_word(),
        plain_text(),
        proptest::collection::vec(capability(), 0..12),
        "[^\\[\r\n]{0,20}",
        0u32..1_000_000_000,
        any::<bool>(),
        any::<u64>(),
    );
    check(
        "imap line parsers(generated lines)",
        1000,
        strategy,
        |(tag, (status, word), text, caps, before, size, plus, count)| {
            let line = format!("{tag} {word} {text}");
            prop_assert_eq!(
                parse_tagged(&line, &tag),
                Some((status, &line[tag.len() + 1..]))
            );
            // Another tag (ours plus a digit) never takes this line.
            prop_assert_eq!(parse_tagged(&line, &format!("{tag}1")), None);

            let upper: Vec<String> = caps.iter().map(|c| c.to_ascii_uppercase()).collect();
            let listed = format!("* CAPABILITY {}", caps.join(" "));
            prop_assert_eq!(capabilities_in(&listed), Some(upper.clone()));
            let greeting = format!("* OK {before}[CAPABILITY {}] {text}", caps.join(" "));
            if !before.to_ascii_uppercase().contains("[CAPABILITY ") {
                prop_assert_eq!(capabilities_in(&greeting), Some(upper));
                prop_assert_eq!(greeting_kind(&greeting), Greeting::Ok);
                prop_assert!(!without_capability_code(&greeting).contains("[CAPABILITY "));
            }

            let marker = if plus { "+" } else { "" };
            let announced = format!("* {text} {{{size}{marker}}}");
            prop_assert_eq!(literal_size(&announced), Some(size as usize));

            let untagged = [format!("* {count} EXISTS"), format!("* {text}")];
            prop_assert_eq!(exists_count(&untagged), Some(count));
            Ok(())
        },
    );
}

#[test]
fn prop_imap_reply_from_any_bytes() {
    check(
        "imap read_reply(any bytes)",
        STREAM_CASES,
        server_bytes(60),
        |bytes| {
            let mut conn = conn_over(bytes);
            match read_reply(&mut conn, "a1") {
                Ok(Reply::Tagged(tagged)) => {
                    prop_assert!(tagged.untagged.len() < MAX_REPLY_LINES);
                    prop_assert!(tagged.untagged.iter().all(|l| l.starts_with("* ")));
                    let line = format!("a1 {}", tagged.text);
                    prop_assert!(parse_tagged(&line, "a1").is_some(), "{:?}", line);
                }
                Ok(Reply::Continuation) => {}
                Err(fail) => {
                    // A closed connection or garbage is the server's fault, never a timeout here.
                    prop_assert!(
                        matches!(
                            fail.failure,
                            Failure::ProtocolViolation | Failure::ServerBusy
                        ),
                        "{:?}",
                        fail
                    );
                }
            }
            Ok(())
        },
    );
}

/// One untagged line as (the bytes sent, the logical line read back).
fn untagged_line() -> impl Strategy<Value = (Vec<u8>, String)> {
    let literal = (
        plain_text(),
        proptest::collection::vec(any::<u8>(), 0..300),
        plain_text(),
    );
    prop_oneof![
        plain_text().prop_map(|t| (format!("* {t}\r\n").into_bytes(), format!("* {t}"))),
        literal.prop_map(|(head, body, tail)| {
            let line = format!("* {head} {{{}}}", body.len());
            let wire = [line.as_bytes(), b"\r\n", &body, tail.as_bytes(), b"\r\n"].concat();
            (wire, format!("{line}{tail}"))
        }),
    ]
}

#[test]
fn prop_imap_generated_reply_reads_back() {
    let strategy = (
        proptest::collection::vec(untagged_line(), 0..20),
        status_word(),
        plain_text(),
    );
    check(
        "imap read_reply(generated reply)",
        STREAM_CASES,
        strategy,
        |(lines, (status, word), text)| {
            let mut wire: Vec<u8> = lines.iter().flat_map(|(bytes, _)| bytes.clone()).collect();
            wire.extend_from_slice(format!("a7 {word} {text}\r\n").as_bytes());
            let mut conn = conn_over(wire);
            let reply =
                read_reply(&mut conn, "a7").map_err(|f| TestCaseError::fail(format!("{f:?}")))?;
            let Reply::Tagged(tagged) = reply else {
                return Err(TestCaseError::fail("continuation"));
            };
            prop_assert_eq!(tagged.status, status);
            prop_assert_eq!(tagged.text, format!("{word} {text}"));
            let expected: Vec<String> = lines.into_iter().map(|(_, line)| line).collect();
            prop_assert_eq!(tagged.untagged, expected);
            Ok(())
        },
    );
}

/// Found by `prop_imap_generated_reply_reads_back`: a literal followed by an empty rest of the
/// line left the line ending in `{0}`, so the literal was taken as announced again and the
/// tagged reply was swallowed (with `{5}`, five bytes of it skipped).
#[test]
fn a_literal_that_ends_its_line_is_skipped_once() {
    for (announced, body) in [("{0}", ""), ("{5}", "hello")] {
        let wire = format!("*  {announced}\r\n{body}\r\na7 ok done\r\n");
        let mut conn = conn_over(wire.into_bytes());
        let Ok(Reply::Tagged(tagged)) = read_reply(&mut conn, "a7") else {
            panic!("no tagged reply after {announced}");
        };
        assert_eq!(tagged.status, Status::Ok);
        assert_eq!(tagged.text, "ok done");
        assert_eq!(tagged.untagged, [format!("*  {announced}")]);
    }
}
