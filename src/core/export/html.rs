//! The printable guide: one self-contained HTML page (inline CSS, no scripts, no external
//! resources) with the provider's steps for getting the code, the numbered steps of [`summary`]
//! in the chosen mail program's own words, the warnings, and every value at a glance.
//!
//! Every piece of text is HTML-escaped; the page declares UTF-8 and its language (so screen
//! readers and fonts pick the right Chinese variant) and has print styles that keep steps whole.

use super::sheet::footer;
use crate::core::client::model::Client;
use crate::core::i18n::{Arg, Lang, tr, tr_args};
use crate::core::provider::model::{PasswordKind, Provider};
use crate::core::settings::{AccountSettings, settings_rows, summary};

/// The guide for these settings in this mail program. When `provider` is given (the built-in
/// provider, or the guidance entry the wizard showed for manual settings), its steps for
/// switching the service on and getting the code come first, with its help link.
pub fn html_guide(
    settings: &AccountSettings,
    client: &Client,
    lang: Lang,
    provider: Option<&Provider>,
) -> String {
    let s = summary(settings, client, lang);
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n");
    push_line(&mut h, format_args!("<html lang=\"{}\">", lang.code()));
    h.push_str("<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    push_line(&mut h, format_args!("<title>{}</title>", esc(&s.title)));
    push_line(&mut h, format_args!("<style>\n{}</style>", css(lang)));
    h.push_str("</head>\n<body>\n<main>\n");
    push_line(&mut h, format_args!("<h1>{}</h1>", esc(&s.title)));
    push_line(
        &mut h,
        format_args!(
            "<p class=\"intro\">{}</p>",
            esc(&tr(lang, "export-guide-intro"))
        ),
    );

    if let Some(p) = provider {
        let steps = p.setup_steps.get(lang);
        if !steps.is_empty() || !p.help_url.is_empty() {
            h.push_str("<section class=\"code\">\n");
            push_line(
                &mut h,
                format_args!(
                    "<h2>{}</h2>",
                    esc(&tr(lang, settings.password_kind.code_heading_id()))
                ),
            );
            push_line(
                &mut h,
                format_args!(
                    "<p>{}</p>",
                    esc(&tr_args(
                        lang,
                        "code-steps-title",
                        &[("provider", Arg::Str(p.display_name.get(lang)))]
                    ))
                ),
            );
            if !steps.is_empty() {
                h.push_str("<ol>\n");
                for step in steps {
                    push_line(&mut h, format_args!("<li>{}</li>", esc(step)));
                }
                h.push_str("</ol>\n");
            }
            if is_web_link(&p.help_url) {
                // The address is printed as well, since a link cannot be followed on paper.
                push_line(
                    &mut h,
                    format_args!(
                        "<p><a href=\"{url}\">{}</a><br><span class=\"url\">{url}</span></p>",
                        esc(&tr(lang, "code-open-help")),
                        url = esc(&p.help_url)
                    ),
                );
            }
            for q in &p.quirks {
                push_line(
                    &mut h,
                    format_args!("<p class=\"note\">{}</p>", esc(&tr(lang, q.message_id()))),
                );
            }
            h.push_str("</section>\n");
        }
    }

    if client.id.starts_with("apple-mail") && settings.password_kind != PasswordKind::Oauth2Only {
        // The quicker way on Apple devices: a profile (saved beside this guide).
        h.push_str("<section class=\"profile\">\n");
        push_line(
            &mut h,
            format_args!("<h2>{}</h2>", esc(&tr(lang, "export-profile-heading"))),
        );
        push_line(
            &mut h,
            format_args!("<p>{}</p>", esc(&tr(lang, "save-profile-hint"))),
        );
        h.push_str("</section>\n");
    }

    h.push_str("<section>\n");
    push_line(
        &mut h,
        format_args!("<h2>{}</h2>", esc(&tr(lang, "export-steps-heading"))),
    );
    h.push_str("<ol class=\"steps\">\n");
    for step in &s.steps {
        h.push_str("<li>\n");
        push_line(
            &mut h,
            format_args!("<p class=\"heading\">{}</p>", esc(&step.heading)),
        );
        if !step.lines.is_empty() {
            h.push_str("<ul>\n");
            for line in &step.lines {
                push_line(&mut h, format_args!("<li>{}</li>", esc(line)));
            }
            h.push_str("</ul>\n");
        }
        if let Some(press) = &step.then_press {
            push_line(
                &mut h,
                format_args!("<p class=\"press\">{}</p>", esc(press)),
            );
        }
        h.push_str("</li>\n");
    }
    h.push_str("</ol>\n</section>\n");

    if !s.warnings.is_empty() {
        h.push_str("<section class=\"warnings\">\n");
        push_line(
            &mut h,
            format_args!("<h2>{}</h2>", esc(&tr(lang, "summary-warnings-heading"))),
        );
        h.push_str("<ul>\n");
        for w in &s.warnings {
            push_line(&mut h, format_args!("<li>{}</li>", esc(w)));
        }
        h.push_str("</ul>\n</section>\n");
    }

    h.push_str("<section>\n");
    push_line(
        &mut h,
        format_args!("<h2>{}</h2>", esc(&tr(lang, "export-settings-heading"))),
    );
    h.push_str("<table>\n");
    for (label, value) in settings_rows(settings, lang) {
        push_line(
            &mut h,
            format_args!(
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                esc(&label),
                esc(&value)
            ),
        );
    }
    h.push_str("</table>\n</section>\n");
    if s.has_unverified {
        push_line(
            &mut h,
            format_args!(
                "<p class=\"note\">*{}</p>",
                esc(&tr(lang, "summary-unverified-footnote"))
            ),
        );
    }
    h.push_str("</main>\n");
    push_line(
        &mut h,
        format_args!("<footer>{}</footer>", esc(&footer(lang))),
    );
    h.push_str("</body>\n</html>\n");
    h
}

/// Text with `& < > " '` replaced by character references (safe in content and attributes).
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Only plain http(s) addresses become links (never `javascript:` and the like).
fn is_web_link(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The page style: readable on screen, compact in print, with CJK fonts of the page's script.
fn css(lang: Lang) -> String {
    let cjk = match lang {
        Lang::ZhTw => {
            "\"PingFang TC\", \"Microsoft JhengHei\", \"Noto Sans CJK TC\", \"Noto Sans TC\", "
        }
        Lang::ZhCn => {
            "\"PingFang SC\", \"Microsoft YaHei\", \"Noto Sans CJK SC\", \"Noto Sans SC\", "
        }
        Lang::En => "",
    };
    format!(
        r#"body {{ font-family: system-ui, -apple-system, "Segoe UI", {cjk}sans-serif; line-height: 1.6;
  color: #111; background: #fff; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }}
h1 {{ font-size: 1.5rem; }}
h2 {{ font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #bbb; }}
ol.steps > li {{ margin-bottom: 1rem; }}
.heading {{ font-weight: bold; margin: 0; }}
.press {{ margin: 0.25rem 0 0; }}
.note {{ color: #444; }}
.warnings {{ border-left: 4px solid #b45309; padding: 0 1rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #bbb; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }}
td, .url {{ font-family: ui-monospace, Menlo, Consolas, monospace; overflow-wrap: anywhere; }}
footer {{ margin-top: 2rem; color: #555; font-size: 0.9rem; }}
@media print {{
  body {{ margin: 0; max-width: none; font-size: 11pt; }}
  a {{ color: inherit; text-decoration: none; }}
  li, tr, .warnings {{ break-inside: avoid; }}
  h2 {{ break-after: avoid; }}
}}
"#
    )
}

/// Appends one line to the page being built.
fn push_line(page: &mut String, text: std::fmt::Arguments<'_>) {
    page.push_str(&std::fmt::format(text));
    page.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::client::catalog;
    use crate::core::provider::{Lookup, database};
    use crate::core::settings::Incoming;

    fn qq() -> (AccountSettings, &'static Provider) {
        let Lookup::Found { address, provider } = database().lookup("a@qq.com") else {
            panic!()
        };
        (
            AccountSettings::from_provider(&address, provider, Incoming::Imap).unwrap(),
            provider,
        )
    }

    #[test]
    fn page_is_self_contained_and_declares_language() {
        let (s, provider) = qq();
        let tb = catalog().get("thunderbird").unwrap();
        let page = html_guide(&s, tb, Lang::ZhTw, Some(provider));
        assert!(
            page.starts_with("<!DOCTYPE html>\n<html lang=\"zh-TW\">"),
            "{page}"
        );
        assert!(page.contains("<meta charset=\"utf-8\">"));
        assert!(page.contains("@media print"));
        assert!(!page.contains("<script"));
        assert!(!page.contains("<link"));
        assert!(!page.contains("src="));
        // The provider's own steps and link.
        assert!(
            page.contains(&esc(&provider.setup_steps.zh_tw[0])),
            "{page}"
        );
        assert!(page.contains(&format!("href=\"{}\"", esc(&provider.help_url))));
        // Without a provider, no code section.
        let bare = html_guide(&s, tb, Lang::ZhTw, None);
        assert!(!bare.contains("class=\"code\""));
    }

    #[test]
    fn apple_guides_explain_the_unverified_profile_prompt() {
        let (s, provider) = qq();
        for lang in Lang::ALL {
            let hint = esc(&tr(lang, "save-profile-hint"));
            for id in ["apple-mail-ios", "apple-mail-mac"] {
                let page = html_guide(&s, catalog().get(id).unwrap(), lang, Some(provider));
                assert!(page.contains(&hint), "{id} {lang:?}");
            }
            let tb = html_guide(
                &s,
                catalog().get("thunderbird").unwrap(),
                lang,
                Some(provider),
            );
            assert!(!tb.contains(&hint));
        }
    }

    #[test]
    fn escaping_and_links() {
        assert_eq!(
            esc("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
        assert!(is_web_link("https://service.mail.qq.com/x?y=1"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link("https://a b"));
        let (mut s, _) = qq();
        s.username = "<b>x</b>".into();
        let page = html_guide(&s, catalog().get("foxmail").unwrap(), Lang::En, None);
        assert!(!page.contains("<b>x</b>"));
        assert!(page.contains("&lt;b&gt;x&lt;/b&gt;"));
    }
}
