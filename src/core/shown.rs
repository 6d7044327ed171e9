//! Text from outside (a server, a DNS answer, a downloaded file) made safe to show a person, in a
//! terminal or in the window: control characters (which can move the cursor, hide lines or
//! forge new ones, `ESC[8m`, a bare newline) and invisible or direction-changing format
//! characters (U+202E turns text around, U+200B hides inside a name) are written out as visible
//! `\u{…}` escapes, so what the text claims and what it is cannot differ.

/// Whether `c` must not reach a person's screen as itself: a control character (C0, DEL, C1),
/// or an invisible / bidirectional format character.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00ad}'                    // soft hyphen
            | '\u{061c}'                  // Arabic letter mark
            | '\u{180e}'                  // Mongolian vowel separator
            | '\u{200b}'..='\u{200f}'     // zero widths, LRM, RLM
            | '\u{2028}'..='\u{202e}'     // line/paragraph separators, embeddings, overrides
            | '\u{2060}'..='\u{2064}'     // word joiner, invisible operators
            | '\u{2066}'..='\u{206f}'     // isolates, deprecated format characters
            | '\u{feff}'                  // zero width no-break space
            | '\u{fff9}'..='\u{fffb}'     // interlinear annotations
            | '\u{e0000}'..='\u{e007f}'   // tags
        )
}

/// `text` with every [hidden](is_hidden) character written as `\u{hex}`.
pub fn escaped(text: &str) -> String {
    if !text.chars().any(is_hidden) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_written_out() {
        assert_eq!(escaped("Example Mail"), "Example Mail");
        assert_eq!(escaped("例子邮箱"), "例子邮箱");
        assert_eq!(
            escaped("x\nFound in: built-in data"),
            "x\\u{a}Found in: built-in data"
        );
        assert_eq!(escaped("a\u{1b}[8mb"), "a\\u{1b}[8mb");
        assert_eq!(escaped("evil\u{202e}moc.qq"), "evil\\u{202e}moc.qq");
        assert_eq!(escaped("q\u{200b}q"), "q\\u{200b}q");
        assert_eq!(escaped("\u{85}\u{9b}"), "\\u{85}\\u{9b}");
    }
}
