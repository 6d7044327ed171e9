//! Small text helpers shared by the protocol modules: base64 for SASL, the SASL PLAIN message,
//! and the [`Redactor`] that every piece of server text passes through before it is kept.
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

/// Cuts text to at most `max_chars` characters and replaces control characters (a server could
/// send terminal escape sequences) with spaces.
pub(super) fn bounded(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars * 4));
    let mut chars = text.trim().chars();
    for c in chars.by_ref().take(max_chars) {
        out.push(if c.is_control() { ' ' } else { c });
    }
    if chars.next().is_some() {
        out.pop();
        out.push('…');
    }
    out
}

/// Removes the secret, in every form the probe may send it, from server text.
pub(super) struct Redactor {
    needles: Vec<Zeroizing<String>>,
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
        Self { needles }
    }

    /// Server text fit to keep: redacted, control characters replaced, at most 512 characters.
    pub(super) fn clean(&self, text: &str) -> String {
        self.clean_to(text, SERVER_TEXT_MAX_CHARS)
    }

    /// Like [`clean`](Self::clean), bounded to `max_chars`. Redacts the whole text before
    /// cutting it, so a secret across the cut cannot leave a part behind.
    pub(super) fn clean_to(&self, text: &str, max_chars: usize) -> String {
        let mut text = Zeroizing::new(text.to_owned());
        for needle in &self.needles {
            if text.contains(needle.as_str()) {
                *text = text.replace(needle.as_str(), Self::MARK);
            }
        }
        bounded(&text, max_chars)
    }
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

    #[test]
    fn redactor_with_empty_secret_keeps_text() {
        assert_eq!(Redactor::new("u", "").clean("* OK ready"), "* OK ready");
    }

    #[test]
    fn secret_line_joins() {
        assert_eq!(secret_line(&["a1 ", "AUTH ", "x"]).as_slice(), b"a1 AUTH x");
        assert!(secret_line(&[]).is_empty());
    }

    #[test]
    fn bounded_cuts_and_strips_controls() {
        assert_eq!(bounded("  a\x1b[31mb\t ", 100), "a [31mb");
        let long = "é".repeat(600);
        let cut = bounded(&long, 512);
        assert_eq!(cut.chars().count(), 512);
        assert!(cut.ends_with('…'));
        assert_eq!(bounded("short", 512), "short");
    }
}
