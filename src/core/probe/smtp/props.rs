//! Properties of the SMTP reply parsing (runner: `crate::core::props`): any bytes are read
//! without a panic and within bounds, and well-formed multi-line replies parse to what was
//! generated.

use proptest::prelude::*;

use super::super::props::{STREAM_CASES, conn_over, line_text, server_bytes};
use super::super::transport::MAX_REPLY_LINES;
use super::*;
use crate::core::props::check;

#[test]
fn prop_smtp_reply_lines() {
    let strategy = (200u16..600, any::<bool>(), line_text(), "\\PC{0,40}");
    check(
        "smtp parse_line(any/generated line)",
        3000,
        strategy,
        |(code, last, text, any_line)| {
            let separator = if last { ' ' } else { '-' };
            let line = format!("{code}{separator}{text}");
            prop_assert_eq!(parse_line(&line), Some((code, last, text.as_str())));
            if let Some((code, last, rest)) = parse_line(&any_line) {
                prop_assert!((200..600).contains(&code));
                prop_assert!(any_line.ends_with(rest));
                prop_assert!(last || any_line.as_bytes()[3] == b'-');
            }
            let failure = auth_failure(code, &text);
            if (400..500).contains(&code) && failure != Failure::PlaintextRefused {
                prop_assert_eq!(failure, Failure::ServerBusy);
            }
            Ok(())
        },
    );
}

#[test]
fn prop_smtp_reply_from_any_bytes() {
    check(
        "smtp read_reply(any bytes)",
        STREAM_CASES,
        server_bytes(60),
        |bytes| {
            let mut conn = conn_over(bytes);
            if let Ok(reply) = read_reply(&mut conn) {
                prop_assert!((200..600).contains(&reply.code));
                prop_assert!(!reply.lines.is_empty() && reply.lines.len() <= MAX_REPLY_LINES);
                prop_assert!(reply.message().starts_with(&reply.code.to_string()));
            }
            Ok(())
        },
    );
}

#[test]
fn prop_smtp_generated_multiline_reply_reads_back() {
    let strategy = (200u16..600, proptest::collection::vec(line_text(), 1..40));
    check(
        "smtp read_reply(generated multi-line)",
        STREAM_CASES,
        strategy,
        |(code, lines)| {
            let mut wire = Vec::new();
            for (i, line) in lines.iter().enumerate() {
                let separator = if i + 1 == lines.len() { ' ' } else { '-' };
                wire.extend_from_slice(format!("{code}{separator}{line}\r\n").as_bytes());
            }
            wire.extend_from_slice(b"250 next\r\n");
            let mut conn = conn_over(wire);
            let reply = read_reply(&mut conn).map_err(|f| TestCaseError::fail(format!("{f:?}")))?;
            prop_assert_eq!(reply, Reply { code, lines });
            let next = read_reply(&mut conn).map_err(|f| TestCaseError::fail(format!("{f:?}")))?;
            prop_assert_eq!(next.code, 250);
            Ok(())
        },
    );
}
