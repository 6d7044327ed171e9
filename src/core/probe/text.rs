//! Small text helpers shared by the protocol modules: base64 for SASL, the SASL PLAIN message,
//! and the [`Redactor`] that every piece of server text passes through before it is kept.
//!
//! Server lines arrive as bytes. [`Redactor::decode`] turns them into text: UTF-8 when they are
//! UTF-8, else GB18030 (the superset of GBK) when the whole line is valid GB18030 — QQ Mail sends
//! some refusals GBK-encoded ("请使用授权码登录"), and lost Chinese words would lose the
//! diagnosis — else UTF-8 with invalid bytes replaced. Decoding happens before redaction, so the
//! secret is removed from the text as people will read it.
//!
//! Anything derived from the secret (its base64 form, the PLAIN message, the IMAP-quoted form)
//! lives in [`Zeroizing`] buffers so it is wiped when dropped, like the secret itself.

use zeroize::Zeroizing;

/// Upper bound of kept server text, in characters.
pub(super) const SERVER_TEXT_MAX_CHARS: usize = 512;

const BASE64_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 (RFC 4648, with padding).
pub(super) fn base64(input: &[u8]) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(input.len().div_ceil(3) * 4));
    for chunk in input.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let group = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for i in 0..4 {
            // A chunk of n bytes yields n + 1 significant characters; the rest is padding.
            if i <= chunk.len() {
                let index = (group >> (18 - 6 * i)) & 0x3f;
                out.push(char::from(BASE64_ALPHABET[index as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The SASL PLAIN message (RFC 4616) with an empty authorization identity: `\0user\0secret`.
pub(super) fn sasl_plain(username: &str, secret: &str) -> Zeroizing<Vec<u8>> {
    let mut message = Zeroizing::new(Vec::with_capacity(username.len() + secret.len() + 2));
    message.push(0);
    message.extend_from_slice(username.as_bytes());
    message.push(0);
    message.extend_from_slice(secret.as_bytes());
    message
}

/// IMAP quoted string (`"…"` with `\` and `"` escaped), or `None` when the text cannot be quoted
/// (CR, LF, NUL or non-ASCII) and must be sent as a literal instead.
pub(super) fn imap_quote(text: &str) -> Option<Zeroizing<String>> {
    if text
        .bytes()
        .any(|b| matches!(b, b'\r' | b'\n' | 0) || !b.is_ascii())
    {
        return None;
    }
    // Room for every character escaped, so the buffer never moves (and leaves a copy behind).
    let mut out = Zeroizing::new(String::with_capacity(text.len() * 2 + 2));
    out.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    Some(out)
}

/// Joins parts into one line in a buffer sized up front, so no copy of the secret is left
/// behind by a reallocation, and wiped on drop.
pub(super) fn secret_line(parts: &[&str]) -> Zeroizing<Vec<u8>> {
    let mut line = Zeroizing::new(Vec::with_capacity(parts.iter().map(|p| p.len()).sum()));
    for part in parts {
        line.extend_from_slice(part.as_bytes());
    }
    line
}

/// Cuts text to at most `max_chars` characters, replaces control characters (a server could
/// send terminal escape sequences) with spaces, and writes invisible or direction-changing
/// characters out (`\u{202e}`, see [`crate::core::shown`]).
pub(super) fn bounded(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars * 4));
    let mut chars = text.trim().chars();
    for c in chars.by_ref().take(max_chars) {
        if c.is_control() {
            out.push(' ');
        } else if crate::core::shown::is_hidden(c) {
            out.push_str(&crate::core::shown::escaped(&c.to_string()));
        } else {
            out.push(c);
        }
    }
    if chars.next().is_some() {
        out.pop();
        out.push('…');
    }
    out
}

/// `raw` decoded as GB18030 (GBK's superset; for decoding, the WHATWG "GBK" and "gb18030" are the
/// same), or `None` when it is not valid GB18030 from start to end.
fn decode_gb18030(raw: &[u8]) -> Option<String> {
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut out = vec![0u8; decoder.max_utf8_buffer_length_without_replacement(raw.len())?];
    let (result, read, written) = decoder.decode_to_utf8_without_replacement(raw, &mut out, true);
    if result != encoding_rs::DecoderResult::InputEmpty || read != raw.len() {
        return None;
    }
    out.truncate(written);
    String::from_utf8(out).ok()
}

/// How often `needle` occurs in `haystack`, without overlaps (as `str::matches` counts).
fn count_bytes(haystack: &[u8], needle: &[u8]) -> usize {
    if needle.is_empty() {
        return 0;
    }
    let (mut count, mut at) = (0, 0);
    while at + needle.len() <= haystack.len() {
        if haystack[at..].starts_with(needle) {
            count += 1;
            at += needle.len();
        } else {
            at += 1;
        }
    }
    count
}

/// Shortest run of the secret's bytes that is masked wherever it appears (a server that echoes
/// only part of the code, or splits it with a control byte, still leaks that part).
pub(super) const MIN_SECRET_RUN: usize = 4;

/// Removes the secret, in every form the probe may send it, from server text — whole, and any
/// run of [`MIN_SECRET_RUN`] or more of its bytes.
pub(super) struct Redactor {
    needles: Vec<Zeroizing<String>>,
    secret: Zeroizing<Vec<u8>>,
}

impl Redactor {
    /// The replacement for a removed secret.
    pub(super) const MARK: &'static str = "[redacted]";

    /// A redactor for this login: the secret itself, its base64 form (SMTP AUTH LOGIN), the base64
    /// SASL PLAIN message, and its IMAP-quoted form.
    pub(super) fn new(username: &str, secret: &str) -> Self {
        let mut needles = Vec::new();
        if !secret.is_empty() {
            needles.push(Zeroizing::new(secret.to_owned()));
            needles.push(base64(secret.as_bytes()));
            needles.push(base64(&sasl_plain(username, secret)));
            if let Some(quoted) = imap_quote(secret) {
                needles.push(quoted);
            }
        }
        // Longest first, so a longer form is not broken up by a shorter one inside it.
        needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
        Self {
            needles,
            secret: Zeroizing::new(secret.as_bytes().to_vec()),
        }
    }

    /// A server line as text: UTF-8 when valid; else GB18030 when the whole line is valid
    /// GB18030; else UTF-8 with U+FFFD for invalid bytes. Not yet redacted: pass the result
    /// through [`clean`](Self::clean) (or the transcript) before keeping it.
    ///
    /// The GB18030 reading is only taken when every copy of the secret (as it was sent, in
    /// UTF-8) in the bytes is still whole in the text (a copy sent back in GBK only adds one): a stray lead byte before it would join
    /// its first character into a Chinese one, the rest would no longer match for redaction, and
    /// a non-ASCII secret would turn into reversible mojibake. Lossy UTF-8 keeps every valid
    /// sequence intact, so the redaction finds it there.
    pub(super) fn decode(&self, raw: &[u8]) -> String {
        if let Ok(text) = std::str::from_utf8(raw) {
            return text.to_owned();
        }
        if let Some(text) = decode_gb18030(raw) {
            let secret_intact = self
                .needles
                .iter()
                .all(|n| text.matches(n.as_str()).count() >= count_bytes(raw, n.as_bytes()));
            if secret_intact {
                return text;
            }
        }
        String::from_utf8_lossy(raw).into_owned()
    }

    /// Server text fit to keep: redacted, control characters replaced, at most 512 characters.
    pub(super) fn clean(&self, text: &str) -> String {
        self.clean_to(text, SERVER_TEXT_MAX_CHARS)
    }

    /// Like [`clean`](Self::clean), bounded to `max_chars`. Redacts the whole text before
    /// cutting it, so a secret across the cut cannot leave a part behind.
    pub(super) fn clean_to(&self, text: &str, max_chars: usize) -> String {
        // Whole forms first, on the whole text; then cut; then any run of the secret's bytes
        // left (a part echoed alone, split by a control byte, or left over by the cut).
        mask_runs(
            &bounded(&self.redact(text), max_chars),
            &self.secret,
            MIN_SECRET_RUN,
        )
    }

    /// The text with every whole form of the secret replaced, nothing else changed (control
    /// characters stay): for a caller that renders them itself before [`clean`](Self::clean).
    pub(super) fn redact(&self, text: &str) -> Zeroizing<String> {
        let mut text = Zeroizing::new(text.to_owned());
        for needle in &self.needles {
            *text = replace_ignoring_ascii_case(&text, needle, Self::MARK);
        }
        text
    }
}

/// `text` with every occurrence of `needle` replaced by `mark`, ASCII letters matched in either
/// case (a server that upper-cases what it echoes, as SMTP and POP3 capability lists are kept,
/// still echoes the code). Lowercasing ASCII keeps every byte where it was, so the positions
/// found in the lowercased copy are the positions in `text`.
fn replace_ignoring_ascii_case(text: &str, needle: &str, mark: &str) -> String {
    if needle.is_empty() {
        return text.to_owned();
    }
    let lower = Zeroizing::new(text.to_ascii_lowercase());
    let wanted = Zeroizing::new(needle.to_ascii_lowercase());
    if !lower.contains(wanted.as_str()) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (at, _) in lower.match_indices(wanted.as_str()) {
        out.push_str(&text[from..at]);
        out.push_str(mark);
        from = at + wanted.len();
    }
    out.push_str(&text[from..]);
    out
}

/// `text` with every run of at least `min` bytes that also occurs in `secret` replaced by
/// [`Redactor::MARK`] (one mark per stretch of touched characters). A secret shorter than `min`
/// is left to the whole-form needles.
fn mask_runs(text: &str, secret: &[u8], min: usize) -> String {
    let bytes = text.as_bytes();
    if secret.len() < min || bytes.len() < min {
        return text.to_owned();
    }
    // The marks already there stay readable (a code may share four letters with "[redacted]").
    let mut ours = vec![false; bytes.len()];
    for (at, _) in text.match_indices(Redactor::MARK) {
        ours[at..at + Redactor::MARK.len()].fill(true);
    }
    // Longest common runs by dynamic programming, one row at a time: `run[j + 1]` is the length
    // of the run of text ending at byte `i` that matches the secret ending at byte `j` (ASCII
    // letters in either case; our own marks match nothing). O(text × secret), so a long code and
    // a long hostile line stay cheap.
    let mut masked = vec![false; bytes.len()];
    let mut previous = vec![0usize; secret.len() + 1];
    let mut run = vec![0usize; secret.len() + 1];
    for (i, byte) in bytes.iter().enumerate() {
        let mut longest = 0;
        for (j, wanted) in secret.iter().enumerate() {
            run[j + 1] = if !ours[i] && byte.eq_ignore_ascii_case(wanted) {
                previous[j] + 1
            } else {
                0
            };
            longest = longest.max(run[j + 1]);
        }
        if longest >= min {
            masked[i + 1 - longest..=i].fill(true);
        }
        std::mem::swap(&mut previous, &mut run);
    }
    if !masked.contains(&true) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut in_mark = false;
    for (at, c) in text.char_indices() {
        if masked[at..at + c.len_utf8()].contains(&true) {
            if !in_mark {
                out.push_str(Redactor::MARK);
                in_mark = true;
            }
        } else {
            out.push(c);
            in_mark = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64(input.as_bytes()).as_str(), expected, "{input}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x00]).as_str(), "//4A");
    }

    #[test]
    fn sasl_plain_message_layout() {
        let message = sasl_plain("tim", "tanstaaftanstaaf");
        assert_eq!(message.as_slice(), b"\0tim\0tanstaaftanstaaf");
        // RFC 4616 example, base64 as sent by clients.
        assert_eq!(base64(&message).as_str(), "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
    }

    #[test]
    fn imap_quote_escapes_and_refuses_unquotable() {
        assert_eq!(imap_quote("abc").unwrap().as_str(), "\"abc\"");
        assert_eq!(imap_quote(r#"a"b\c"#).unwrap().as_str(), r#""a\"b\\c""#);
        assert_eq!(imap_quote("").unwrap().as_str(), "\"\"");
        assert!(imap_quote("a\r\nb").is_none());
        assert!(imap_quote("a\nb").is_none());
        assert!(imap_quote("a\0b").is_none());
        assert!(imap_quote("密码").is_none());
    }

    #[test]
    fn redactor_removes_every_form() {
        let r = Redactor::new("me@example.com", "s3cr\"et");
        let b64 = base64(b"s3cr\"et");
        let plain = base64(&sasl_plain("me@example.com", "s3cr\"et"));
        let text = format!("NO bad s3cr\"et / {} / {} / \"s3cr\\\"et\"", *b64, *plain);
        let cleaned = r.clean(&text);
        assert!(!cleaned.contains("s3cr"), "{cleaned}");
        assert!(!cleaned.contains(b64.as_str()));
        assert!(!cleaned.contains(plain.as_str()));
        assert_eq!(cleaned.matches(Redactor::MARK).count(), 4, "{cleaned}");
    }

    /// The review after issue 11: SMTP and POP3 capability lists are kept upper-cased, and a
    /// server may echo in either case.
    #[test]
    fn the_secret_in_another_case_is_redacted() {
        let r = Redactor::new("me@example.com", "abcdefghijklmnop");
        assert_eq!(r.clean("250-X ABCDEFGHIJKLMNOP"), "250-X [redacted]");
        assert_eq!(r.clean("NO aBcDeFgHiJkLmNoP!"), "NO [redacted]!");
        assert_eq!(r.clean("NO ABCD"), "NO [redacted]");
        // Non-ASCII text around it keeps its place.
        assert_eq!(
            r.clean("错误 ABCDEFGHIJKLMNOP 错误"),
            "错误 [redacted] 错误"
        );
    }

    /// The review after issue 11: a 1024-byte code and a long line of the same letter cost
    /// text × code steps (the first version cost text × code × run, minutes for a whole
    /// transcript); the whole line is masked.
    #[test]
    fn a_long_code_in_a_long_line_is_masked() {
        let code = "a".repeat(1024);
        let r = Redactor::new("me@example.com", &code);
        // Shorter than the code, so only the run masking can find it.
        let line = "A".repeat(900);
        assert_eq!(r.clean(&line), format!("{}…", Redactor::MARK));
    }

    #[test]
    fn redactor_with_empty_secret_keeps_text() {
        assert_eq!(Redactor::new("u", "").clean("* OK ready"), "* OK ready");
    }

    /// "请使用授权码登录" in GBK (Python: '…'.encode('gbk')).
    const GBK_USE_AUTH_CODE: &[u8] = &[
        0xc7, 0xeb, 0xca, 0xb9, 0xd3, 0xc3, 0xca, 0xda, 0xc8, 0xa8, 0xc2, 0xeb, 0xb5, 0xc7, 0xc2,
        0xbc,
    ];

    #[test]
    fn server_text_is_utf8_else_gbk_else_lossy() {
        let r = Redactor::new("me@example.com", "s3cretCode");
        assert_eq!(
            r.decode("535 请使用授权码登录".as_bytes()),
            "535 请使用授权码登录"
        );
        let mut gbk = b"535 Error: ".to_vec();
        gbk.extend_from_slice(GBK_USE_AUTH_CODE);
        assert_eq!(r.decode(&gbk), "535 Error: 请使用授权码登录");
        // A four-byte GB18030 sequence (U+00A5 YEN SIGN is 81 30 84 36).
        assert_eq!(r.decode(&[b'x', 0x81, 0x30, 0x84, 0x36]), "x\u{a5}");
        // Neither UTF-8 nor GB18030 (0xff is no lead byte; a lone lead byte at the end).
        assert_eq!(r.decode(&[b'5', 0xff, b'x']), "5\u{fffd}x");
        assert_eq!(r.decode(&[b'5', 0xc7]), "5\u{fffd}");
    }

    #[test]
    fn a_secret_in_a_gbk_line_is_redacted() {
        let r = Redactor::new("me@example.com", "s3cretCode");
        // The secret right after a GBK lead byte: read as GB18030, 0xc7 's' would become one
        // character and "3cretCode" would be left for anyone to read.
        let line = b"NO \xc7s3cretCode";
        let text = r.clean(&r.decode(line));
        assert!(!text.contains("3cretCode"), "{text}");
        assert_eq!(text, "NO \u{fffd}[redacted]");
        // A Chinese secret echoed in UTF-8 inside an otherwise GBK line (错误 = b4 ed ce f3):
        // its bytes also read as GB18030, as mojibake; the line is taken as lossy UTF-8.
        let r = Redactor::new("me@example.com", "密码abc");
        let mut line = vec![0xb4, 0xed, 0xce, 0xf3, b' '];
        line.extend_from_slice("密码abc".as_bytes());
        assert!(decode_gb18030(&line).is_some());
        assert_eq!(
            r.clean(&r.decode(&line)),
            "\u{fffd}\u{fffd}\u{fffd}\u{fffd} [redacted]"
        );
        // A secret in Chinese echoed in GBK is found once decoded.
        let r = Redactor::new("me@example.com", "请使用授权码登录");
        let mut line = b"NO ".to_vec();
        line.extend_from_slice(GBK_USE_AUTH_CODE);
        assert_eq!(r.clean(&r.decode(&line)), "NO [redacted]");
    }

    #[test]
    fn secret_line_joins() {
        assert_eq!(secret_line(&["a1 ", "AUTH ", "x"]).as_slice(), b"a1 AUTH x");
        assert!(secret_line(&[]).is_empty());
    }

    #[test]
    fn bounded_cuts_and_strips_controls() {
        assert_eq!(bounded("  a\x1b[31mb\t ", 100), "a [31mb");
        // Issue 11: a server's words could turn the line around or hide inside it.
        assert_eq!(bounded("NO \u{202e}deliated", 100), "NO \\u{202e}deliated");
        assert_eq!(bounded("a\u{200b}b", 100), "a\\u{200b}b");
        let long = "é".repeat(600);
        let cut = bounded(&long, 512);
        assert_eq!(cut.chars().count(), 512);
        assert!(cut.ends_with('…'));
        assert_eq!(bounded("short", 512), "short");
    }
}
