//! Settings sheets: the numbered steps of [`summary`] for one mail program followed by every
//! value at a glance ([`settings_rows`]), as plain text or Markdown.

use crate::core::client::model::Client;
use crate::core::i18n::{Arg, Lang, tr, tr_args};
use crate::core::settings::{AccountSettings, settings_rows, settings_text, summary, summary_text};

/// The plain-text sheet: the same text as the summary's Copy button, then all settings.
pub fn text(settings: &AccountSettings, client: &Client, lang: Lang) -> String {
    format!(
        "{}\n{}\n{}\n{}\n",
        summary_text(settings, client, lang),
        tr(lang, "export-settings-heading"),
        settings_text(settings, lang),
        footer(lang)
    )
}

/// The Markdown sheet: title, numbered steps with their field lines, warnings, a table of all
/// settings, and the footnote for labels whose wording is unverified.
pub fn markdown(settings: &AccountSettings, client: &Client, lang: Lang) -> String {
    let s = summary(settings, client, lang);
    let mut md = format!("# {}\n\n", escape(&s.title));
    md.push_str(&format!(
        "## {}\n\n",
        escape(&tr(lang, "export-steps-heading"))
    ));
    for (i, step) in s.steps.iter().enumerate() {
        md.push_str(&format!("{}. {}\n", i + 1, escape(&step.heading)));
        for line in &step.lines {
            md.push_str(&format!("   - {}\n", escape(line)));
        }
        if let Some(press) = &step.then_press {
            md.push_str(&format!("\n   {}\n", escape(press)));
        }
        md.push('\n');
    }
    if !s.warnings.is_empty() {
        md.push_str(&format!(
            "## {}\n\n",
            escape(&tr(lang, "summary-warnings-heading"))
        ));
        for w in &s.warnings {
            md.push_str(&format!("- {}\n", escape(w)));
        }
        md.push('\n');
    }
    md.push_str(&format!(
        "## {}\n\n",
        escape(&tr(lang, "export-settings-heading"))
    ));
    md.push_str(&format!(
        "| {} | {} |\n| --- | --- |\n",
        escape(&tr(lang, "export-setting-column")),
        escape(&tr(lang, "export-value-column"))
    ));
    for (label, value) in settings_rows(settings, lang) {
        md.push_str(&format!("| {} | {} |\n", escape(&label), escape(&value)));
    }
    md.push('\n');
    if s.has_unverified {
        md.push_str(&format!(
            "\\*{}\n\n",
            escape(&tr(lang, "summary-unverified-footnote"))
        ));
    }
    md.push_str(&format!("{}\n", escape(&footer(lang))));
    md
}

/// The last line of every sheet and guide: that the code is not in it, and what made it.
pub(super) fn footer(lang: Lang) -> String {
    format!(
        "{} {}",
        tr(lang, "export-no-code-inside"),
        tr_args(
            lang,
            "export-made-by",
            &[("version", Arg::Str(env!("CARGO_PKG_VERSION")))]
        )
    )
}

/// Text with Markdown's inline syntax characters backslash-escaped, and line breaks turned into
/// spaces, so a label or value is shown exactly as written and cannot break a list or table.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::client::catalog;
    use crate::core::provider::{Lookup, database};
    use crate::core::settings::Incoming;

    #[test]
    fn markdown_escapes_and_keeps_values() {
        assert_eq!(
            escape("a_b *c* |d| [e]\nf"),
            "a\\_b \\*c\\* \\|d\\| \\[e\\] f"
        );
        let Lookup::Found { address, provider } = database().lookup("some_one@qq.com") else {
            panic!()
        };
        let s = AccountSettings::from_provider(&address, provider, Incoming::Imap).unwrap();
        let outlook = catalog().get("outlook-classic").unwrap();
        let md = markdown(&s, outlook, Lang::En);
        assert!(md.starts_with("# "), "{md}");
        assert!(md.contains("imap.qq.com:993"), "{md}");
        assert!(md.contains("some\\_one@qq.com"), "{md}");
        // One table row per setting, after the header and the separator.
        let rows = md.lines().filter(|l| l.starts_with("| ")).count();
        assert_eq!(rows, settings_rows(&s, Lang::En).len() + 2, "{md}");
    }

    #[test]
    fn text_is_the_summary_plus_the_settings() {
        let Lookup::Found { address, provider } = database().lookup("a@163.com") else {
            panic!()
        };
        let s = AccountSettings::from_provider(&address, provider, Incoming::Pop3).unwrap();
        let foxmail = catalog().get("foxmail").unwrap();
        let t = text(&s, foxmail, Lang::ZhCn);
        assert!(t.starts_with(&summary_text(&s, foxmail, Lang::ZhCn)));
        assert!(t.contains(&settings_text(&s, Lang::ZhCn)));
    }
}
