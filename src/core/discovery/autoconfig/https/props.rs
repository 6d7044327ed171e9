//! Properties of the HTTP response reader's parsers and the URL handling (runner:
//! `crate::core::props`): any bytes never panic, results stay within the caps, and generated
//! well-formed values parse back.

use proptest::prelude::*;

use super::*;
use crate::core::props::check;

#[test]
fn prop_http_status_lines() {
    let strategy = (
        proptest::collection::vec(any::<u8>(), 0..40),
        0u8..10,
        100u16..600,
        "[ -~]{0,30}",
    );
    check(
        "http parse_status_line(any/generated)",
        3000,
        strategy,
        |(raw, minor, code, reason)| {
            if let Ok(status) = parse_status_line(&raw) {
                prop_assert!((100..=599).contains(&status));
                prop_assert!(raw.starts_with(b"HTTP/1."));
            }
            let line = format!("HTTP/1.{minor} {code} {reason}");
            prop_assert_eq!(parse_status_line(line.as_bytes()), Ok(code));
            let bare = format!("HTTP/1.{minor} {code}");
            prop_assert_eq!(parse_status_line(bare.as_bytes()), Ok(code));
            Ok(())
        },
    );
}

#[test]
fn prop_http_headers() {
    let name = prop_oneof![
        Just("Content-Length"),
        Just("content-length"),
        Just("Transfer-Encoding"),
        Just("Content-Encoding"),
        Just("Location"),
        Just("X-Other"),
    ];
    let line = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..60),
        (name, "[ -~\t]{0,30}").prop_map(|(n, v)| format!("{n}:{v}").into_bytes()),
    ];
    let strategy = (
        proptest::collection::vec(line, 0..8),
        any::<u64>(),
        0usize..=usize::MAX,
    );
    check(
        "http add_header / content-length / chunk size(any/generated)",
        1500,
        strategy,
        |(lines, length, chunk)| {
            let mut head = Head::default();
            for line in &lines {
                let _ = add_header(&mut head, line);
            }
            if let Some(encoding) = &head.transfer_encoding {
                prop_assert!(encoding.len() <= lines.iter().map(Vec::len).sum::<usize>() * 2);
            }
            let mut head = Head::default();
            add_header(&mut head, format!("Content-Length: {length}").as_bytes())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(head.content_length, Some(length));
            prop_assert!(!head.framing_broken);
            // A second, different length breaks the framing instead of choosing one.
            add_header(
                &mut head,
                format!("content-length: {}", length ^ 1).as_bytes(),
            )
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(head.framing_broken);

            prop_assert_eq!(parse_chunk_size(format!("{chunk:x}").as_bytes()), Ok(chunk));
            prop_assert_eq!(
                parse_chunk_size(format!("{chunk:X};name=value").as_bytes()),
                Ok(chunk)
            );
            for line in &lines {
                if let Ok(size) = parse_chunk_size(line) {
                    prop_assert!(line.iter().any(u8::is_ascii_hexdigit), "{}", size);
                }
                if let Some(n) = parse_content_length(line) {
                    prop_assert!(line.iter().all(u8::is_ascii_digit), "{}", n);
                }
            }
            Ok(())
        },
    );
}

/// What every parsed URL must be: a host that can be connected to, a port, and a target.
fn url_is_sane(url: &HttpsUrl) -> bool {
    !url.host.is_empty()
        && url.port != 0
        && url.target.starts_with('/')
        && url.target.bytes().all(|b| (0x21..0x7f).contains(&b))
        && !url.target.contains('#')
}

fn url_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,40}",
        "(https|http|HTTPS|ftp)://[a-z0-9.:\\[\\]@_-]{0,20}[/?#]?[ -~]{0,20}",
        "//[a-z0-9.:-]{0,15}/[ -~]{0,15}",
        "[/?.a-z]{0,3}[ -~]{0,20}",
    ]
}

#[test]
fn prop_https_urls_and_redirects() {
    let strategy = (url_text(), url_text());
    check(
        "https url parse/join(any text)",
        1500,
        strategy,
        |(url, location)| {
            let Ok(parsed) = HttpsUrl::parse(&url) else {
                return Ok(());
            };
            prop_assert!(url_is_sane(&parsed), "{:?}", parsed);
            let header = parsed.host_header();
            prop_assert!(
                header.is_ascii() && !header.contains(char::is_whitespace),
                "{}",
                header
            );
            if let Ok(next) = parsed.join(&location) {
                prop_assert!(url_is_sane(&next), "{:?} from {:?}", next, location);
            }
            Ok(())
        },
    );
}

#[test]
fn prop_https_generated_urls_parse_back() {
    let strategy = (
        "[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?(\\.[a-z0-9]{1,10}){0,3}",
        proptest::option::of(1u16..=u16::MAX),
        "(/[a-zA-Z0-9._~%-]{0,10}){0,4}",
        proptest::option::of("[a-zA-Z0-9=&%._-]{0,20}"),
    );
    check(
        "https url parse(generated)",
        2000,
        strategy,
        |(host, port, path, query)| {
            let authority = match port {
                Some(port) => format!("{host}:{port}"),
                None => host.clone(),
            };
            let query = query.map(|q| format!("?{q}")).unwrap_or_default();
            let url = format!("https://{}{path}{query}", authority.to_ascii_uppercase());
            let parsed =
                HttpsUrl::parse(&url).map_err(|e| TestCaseError::fail(format!("{url}: {e}")))?;
            prop_assert_eq!(parsed.host, host);
            prop_assert_eq!(parsed.port, port.unwrap_or(443));
            let target = if path.is_empty() {
                "/".to_owned()
            } else {
                path
            };
            prop_assert_eq!(parsed.target, format!("{target}{query}"));
            Ok(())
        },
    );
}
