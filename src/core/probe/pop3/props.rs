//! Properties of the POP3 reply parsing (runner: `crate::core::props`): any bytes are read
//! without a panic and within bounds, and well-formed replies parse to what was generated.

use proptest::prelude::*;

use super::super::props::{STREAM_CASES, conn_over, line_text, server_bytes};
use super::super::transport::MAX_REPLY_LINES;
use super::*;
use crate::core::props::check;

#[test]
fn prop_pop3_status_lines() {
    let strategy = (any::<bool>(), line_text(), "\\PC{0,40}");
    check(
        "pop3 parse_status(any/generated line)",
        3000,
        strategy,
        |(ok, text, any_line)| {
            let prefix = if ok { "+OK" } else { "-ERR" };
            let line = format!("{prefix} {text}");
            prop_assert_eq!(parse_status(&line), Some((ok, text.as_str())));
            prop_assert_eq!(parse_status(prefix), Some((ok, "")));
            if let Some((ok, rest)) = parse_status(&any_line) {
                let prefix = if ok { "+OK" } else { "-ERR" };
                let rebuilt = if rest.is_empty() {
                    prefix.to_owned()
                } else {
                    format!("{prefix} {rest}")
                };
                prop_assert!(
                    any_line == rebuilt || any_line == format!("{prefix} "),
                    "{:?}",
                    any_line
                );
            }
            if is_continuation(&any_line) {
                prop_assert!(parse_status(&any_line).is_none());
            }
            prop_assert_eq!(unstuff(format!(".{any_line}")), any_line.clone());
            Ok(())
        },
    );
}

#[test]
fn prop_pop3_multiline_from_any_bytes() {
    check(
        "pop3 read_status+read_multiline(any bytes)",
        STREAM_CASES,
        server_bytes(60),
        |bytes| {
            let mut conn = conn_over(bytes);
            if let Ok((true, line)) = read_status(&mut conn) {
                prop_assert!(line.starts_with("+OK"));
                if let Ok(lines) = read_multiline(&mut conn) {
                    prop_assert!(lines.len() < MAX_REPLY_LINES);
                }
            }
            Ok(())
        },
    );
}

#[test]
fn prop_pop3_generated_multiline_reads_back() {
    let strategy = proptest::collection::vec(line_text(), 0..40);
    check(
        "pop3 read_multiline(generated, dot-stuffed)",
        STREAM_CASES,
        strategy,
        |lines| {
            let mut wire = b"+OK capability list follows\r\n".to_vec();
            for line in &lines {
                // RFC 1939 byte-stuffing: a line starting with "." gets one more.
                if line.starts_with('.') {
                    wire.push(b'.');
                }
                wire.extend_from_slice(line.as_bytes());
                wire.extend_from_slice(b"\r\n");
            }
            wire.extend_from_slice(b".\r\n+OK next\r\n");
            let mut conn = conn_over(wire);
            let status =
                read_status(&mut conn).map_err(|f| TestCaseError::fail(format!("{f:?}")))?;
            prop_assert!(status.0);
            let read =
                read_multiline(&mut conn).map_err(|f| TestCaseError::fail(format!("{f:?}")))?;
            prop_assert_eq!(read, lines);
            // The reply ended at the lone dot: the next line is the next reply.
            let next = read_status(&mut conn).map_err(|f| TestCaseError::fail(format!("{f:?}")))?;
            prop_assert_eq!(next, (true, "+OK next".to_owned()));
            Ok(())
        },
    );
}
