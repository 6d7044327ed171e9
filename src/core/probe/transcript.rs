//! The probe's transcript: every line sent and received, plus notes (resolved addresses, the peer,
//! the TLS session and certificate, timeouts, why a stage failed), each stamped with the
//! milliseconds since the probe started.
//!
//! One [`Transcript`] is shared by the driver (notes) and the connection (lines on the wire); both
//! run on the probe's thread, so a shared `Rc<RefCell<…>>` is enough. Every line passes the
//! [`Redactor`] before it is kept, and is bounded to [`MAX_LINE_CHARS`]; lines that carry
//! credentials never reach it in clear at all — the sender hands over a shown form with
//! `[redacted]` in their place. At most [`MAX_LINES`] lines are kept; the rest are counted in a
//! last note. Binary data (a TLS record where text was expected) is redacted, then shown with its
//! control bytes escaped; other received bytes are decoded like every server line ([`Redactor::decode`]: UTF-8, else
//! GBK/GB18030, else lossy UTF-8) before they are redacted.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

use super::model::{Direction, TranscriptLine};
use super::text::Redactor;

/// Most lines kept, the final "left out" note included.
pub(super) const MAX_LINES: usize = 400;
/// Longest line kept, in characters.
pub(super) const MAX_LINE_CHARS: usize = 300;
/// Characters shown of a binary line (each control byte shown as four).
const BINARY_SHOWN_CHARS: usize = 48;

/// The shared, append-only transcript of one probe.
#[derive(Clone)]
pub(super) struct Transcript {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    started: Instant,
    redactor: Redactor,
    lines: Vec<TranscriptLine>,
    left_out: usize,
}

impl Transcript {
    /// An empty transcript whose clock started at `started`; `redactor` removes the secret.
    pub fn new(started: Instant, redactor: Redactor) -> Self {
        Self {
            inner: Rc::new(RefCell::new(Inner {
                started,
                redactor,
                lines: Vec::new(),
                left_out: 0,
            })),
        }
    }

    /// A line we sent (already in its shown form; it is redacted again all the same).
    pub fn sent(&self, shown: &str) {
        self.push(Direction::Sent, shown);
    }

    /// A line the server sent, as raw bytes without the line end.
    pub fn received(&self, raw: &[u8]) {
        let text = describe(raw, &self.inner.borrow().redactor);
        self.push(Direction::Received, &text);
    }

    /// A server line as text (UTF-8, else GBK/GB18030, else lossy UTF-8), not yet redacted.
    pub fn decode(&self, raw: &[u8]) -> String {
        self.inner.borrow().redactor.decode(raw)
    }

    /// A note from mailwiz.
    pub fn note(&self, text: &str) {
        self.push(Direction::Note, text);
    }

    /// Server text fit to keep in a result: redacted, control characters replaced, bounded.
    pub fn clean(&self, text: &str) -> String {
        self.inner.borrow().redactor.clean(text)
    }

    /// Like [`clean`](Self::clean), bounded to `max_chars`.
    pub fn clean_to(&self, text: &str, max_chars: usize) -> String {
        self.inner.borrow().redactor.clean_to(text, max_chars)
    }

    /// The lines so far, with a final note when some were left out.
    pub fn lines(&self) -> Vec<TranscriptLine> {
        let inner = self.inner.borrow();
        let mut lines = inner.lines.clone();
        if inner.left_out > 0 {
            lines.push(TranscriptLine {
                millis: millis_since(inner.started),
                direction: Direction::Note,
                text: format!("{} more lines not kept", inner.left_out),
            });
        }
        lines
    }

    fn push(&self, direction: Direction, text: &str) {
        let mut inner = self.inner.borrow_mut();
        // One slot stays free for the "left out" note.
        if inner.lines.len() >= MAX_LINES - 1 {
            inner.left_out += 1;
            return;
        }
        // Redact the whole line first, then cut: cutting first could leave part of a secret.
        let text = inner.redactor.clean_to(text, MAX_LINE_CHARS);
        let millis = millis_since(inner.started);
        inner.lines.push(TranscriptLine {
            millis,
            direction,
            text,
        });
    }
}

fn millis_since(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// A received line as text (decoded by the redactor's rules). A line that holds control bytes
/// (binary: a TLS record where text was expected, a NUL) is redacted first — the secret may sit
/// between control bytes, and a hex dump would show it byte by byte where no redaction can find
/// it — and then shown with those bytes escaped (`\x00`), at most [`BINARY_SHOWN_CHARS`]
/// characters of it.
fn describe(raw: &[u8], redactor: &Redactor) -> String {
    let binary = raw.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f);
    let text = redactor.decode(raw);
    if !binary {
        return text;
    }
    let redacted = redactor.redact(&text);
    let mut shown = format!("[binary, {} bytes] ", raw.len());
    let mut chars = redacted.chars();
    for c in chars.by_ref().take(BINARY_SHOWN_CHARS) {
        match u32::from(c) {
            code @ (0..=0x08 | 0x0a..=0x1f | 0x7f) => shown.push_str(&format!("\\x{code:02x}")),
            _ if c.is_control() => shown.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            _ => shown.push(c),
        }
    }
    if chars.next().is_some() {
        shown.push_str(" …");
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::probe::text::{base64, sasl_plain};

    fn transcript() -> Transcript {
        Transcript::new(
            Instant::now(),
            Redactor::new("me@example.com", "s3cretCode"),
        )
    }

    #[test]
    fn lines_are_redacted_bounded_and_stamped() {
        let t = transcript();
        t.sent("a1 LOGIN \"me@example.com\" \"s3cretCode\"");
        t.received(format!("a1 NO {}", *base64(b"s3cretCode")).as_bytes());
        t.received(
            format!("+ {}", *base64(&sasl_plain("me@example.com", "s3cretCode"))).as_bytes(),
        );
        t.note(&"x".repeat(1000));
        let lines = t.lines();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0].direction, Direction::Sent);
        assert_eq!(lines[0].text, "a1 LOGIN \"me@example.com\" [redacted]");
        assert_eq!(lines[1].text, "a1 NO [redacted]");
        assert_eq!(lines[2].text, "+ [redacted]");
        assert_eq!(lines[3].direction, Direction::Note);
        assert_eq!(lines[3].text.chars().count(), MAX_LINE_CHARS);
        assert!(lines.windows(2).all(|w| w[0].millis <= w[1].millis));
    }

    #[test]
    fn a_secret_cut_by_the_bound_is_still_redacted() {
        let t = transcript();
        // The secret straddles the cut: redaction must happen on the whole line first.
        let line = format!("{}s3cretCode tail", "y".repeat(MAX_LINE_CHARS - 4));
        t.received(line.as_bytes());
        let text = &t.lines()[0].text;
        assert!(!text.contains("s3cr"), "{text}");
    }

    #[test]
    fn line_count_is_bounded_with_a_final_note() {
        let t = transcript();
        for i in 0..MAX_LINES + 50 {
            t.received(format!("* {i} EXISTS").as_bytes());
        }
        let lines = t.lines();
        assert_eq!(lines.len(), MAX_LINES);
        assert_eq!(
            lines[MAX_LINES - 2].text,
            format!("* {} EXISTS", MAX_LINES - 2)
        );
        assert_eq!(lines[MAX_LINES - 1].text, "51 more lines not kept");
        assert_eq!(lines[MAX_LINES - 1].direction, Direction::Note);
    }

    #[test]
    fn binary_is_shown_escaped_and_text_as_text() {
        let r = Redactor::new("me@example.com", "s3cretCode");
        assert_eq!(
            describe(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46], &r),
            "[binary, 7 bytes] \\x15\\x03\\x03\\x00\\x02\\x02F"
        );
        let long = describe(&[0x16; 100], &r);
        assert!(long.starts_with("[binary, 100 bytes] \\x16\\x16"), "{long}");
        assert!(long.ends_with(" …"), "{long}");
        assert_eq!(describe(b"* OK\tready", &r), "* OK\tready");
        // Not UTF-8 but GBK ("请" is c7 eb) is text, decoded as GBK.
        assert_eq!(describe(&[b'5', 0xc7, 0xeb], &r), "5请");
        // Neither: still text, decoded lossily.
        assert_eq!(describe(&[b'5', 0xff, 0xc7], &r), "5\u{fffd}\u{fffd}");
    }

    /// Issue 11: a line with a control byte was shown as hex, and the hex was not redacted:
    /// `* \0<code>` showed 13 of the code's 15 bytes; a POP3 server echoing the decoded PLAIN
    /// message (`\0user\0code`) showed 3.
    #[test]
    fn a_secret_in_a_binary_line_is_redacted_before_it_is_shown() {
        let code = "abcdEFGHijklMNO";
        let t = Transcript::new(Instant::now(), Redactor::new("me@example.com", code));
        t.received(format!("* \0{code}").as_bytes());
        t.received(format!("-ERR \0me@example.com\0{code}").as_bytes());
        t.received(format!("\x16\x03\x01{code}\x00").as_bytes());
        // Split by a control byte: neither half may be shown when it is 4 bytes or longer.
        t.received(format!("* {}\0{}", &code[..7], &code[7..]).as_bytes());
        for line in t.lines() {
            assert_no_run_of(&line.text, code);
            let hex: String = code.bytes().map(|b| format!("{b:02x}")).collect();
            assert!(!line.text.contains(&hex[..8]), "{}", line.text);
        }
        let lines = t.lines();
        assert_eq!(lines[0].text, "[binary, 18 bytes] * \\x00[redacted]");
        assert_eq!(
            lines[1].text,
            "[binary, 36 bytes] -ERR \\x00me@example.com\\x00[redacted]"
        );
        assert_eq!(
            lines[3].text,
            "[binary, 18 bytes] * [redacted]\\x00[redacted]"
        );
    }

    /// A part of the code echoed on its own (a server that cuts lines, or quotes a prefix).
    #[test]
    fn a_part_of_the_secret_is_masked() {
        let code = "abcdEFGHijklMNOP";
        let r = Redactor::new("me@example.com", code);
        assert_eq!(
            r.clean("NO bad code abcdEFGH..."),
            "NO bad code [redacted]..."
        );
        assert_eq!(r.clean("NO GHij"), "NO [redacted]");
        // Three bytes are not a run worth hiding (they would hide ordinary words).
        assert_eq!(r.clean("NO abc"), "NO abc");
    }

    fn assert_no_run_of(text: &str, code: &str) {
        for len in super::super::text::MIN_SECRET_RUN..=code.len() {
            for part in code.as_bytes().windows(len) {
                let part = std::str::from_utf8(part).unwrap();
                assert!(!text.contains(part), "{part:?} of the code in {text:?}");
            }
        }
    }

    #[test]
    fn a_gbk_line_is_decoded_then_redacted() {
        let t = transcript();
        // "密码 s3cretCode 错误" with the Chinese in GBK: 密码 = c3 dc c2 eb, 错误 = b4 ed ce f3.
        let mut line = vec![0xc3, 0xdc, 0xc2, 0xeb, b' '];
        line.extend_from_slice(b"s3cretCode ");
        line.extend_from_slice(&[0xb4, 0xed, 0xce, 0xf3]);
        t.received(&line);
        assert_eq!(t.lines()[0].text, "密码 [redacted] 错误");
        assert_eq!(t.clean(&t.decode(&line)), "密码 [redacted] 错误");
    }
}
