//! The check in words: a table with one row per mail program (what it finds, from where), the
//! servers and problems under each row, then what every place answered. Shared by
//! `mailwiz domain check` and the wizard's help-desk panel.

use super::check::{CheckReport, ClientRow, MtaSts, Place, Problem, Verdict};
use super::model::ServerSet;
use crate::core::i18n::{Arg, Lang, tr, tr_args};

/// Columns a terminal gives `text`: two for East Asian wide characters, one otherwise.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let c = c as u32;
            let wide = (0x1100..=0x115F).contains(&c)
                || (0x2E80..=0xA4CF).contains(&c)
                || (0xAC00..=0xD7A3).contains(&c)
                || (0xF900..=0xFAFF).contains(&c)
                || (0xFE30..=0xFE4F).contains(&c)
                || (0xFF00..=0xFF60).contains(&c)
                || (0xFFE0..=0xFFE6).contains(&c);
            if wide { 2 } else { 1 }
        })
        .sum()
}

fn pad(text: &str, columns: usize) -> String {
    let mut s = text.to_owned();
    s.push_str(&" ".repeat(columns.saturating_sub(width(text))));
    s
}

/// The mark before a row: ✓ works, ⚠ problems, × nothing, – nothing automatic exists (marks
/// the bundled fonts draw).
pub fn verdict_mark(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Ok => "✓",
        Verdict::Problems => "⚠",
        Verdict::Nothing => "×",
        Verdict::ProfileOnly => "–",
    }
}

/// Message id of a verdict in words.
pub fn verdict_id(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Ok => "domain-verdict-ok",
        Verdict::Problems => "domain-verdict-problems",
        Verdict::Nothing => "domain-verdict-nothing",
        Verdict::ProfileOnly => "domain-verdict-profile-only",
    }
}

/// A problem in words.
pub fn problem_text(problem: &Problem, domain: &str, lang: Lang) -> String {
    match problem {
        Problem::NothingFound => tr(lang, "domain-problem-nothing-found"),
        Problem::NeedsProfile => tr(lang, "domain-problem-needs-profile"),
        Problem::Unencrypted { server } => tr_args(
            lang,
            "domain-problem-unencrypted",
            &[("server", Arg::Str(server))],
        ),
        Problem::ServerFailed { server, code } => tr_args(
            lang,
            "domain-problem-server-failed",
            &[
                ("server", Arg::Str(server)),
                ("why", Arg::Str(&tr(lang, code.message_id()))),
            ],
        ),
        Problem::OutsideDomain { place } => tr_args(
            lang,
            "domain-problem-outside-domain",
            &[("place", Arg::Str(&place_text(*place, domain, lang)))],
        ),
        Problem::Differs { place } => tr_args(
            lang,
            "domain-problem-differs",
            &[("place", Arg::Str(&place_text(*place, domain, lang)))],
        ),
    }
}

/// The MTA-STS status in words.
pub fn mta_sts_text(status: &MtaSts, lang: Lang) -> String {
    match status {
        MtaSts::None => tr(lang, "domain-mta-sts-none"),
        MtaSts::Policy { mode } => {
            tr_args(lang, "domain-mta-sts-policy", &[("mode", Arg::Str(mode))])
        }
        MtaSts::Broken { why } => tr_args(lang, "domain-mta-sts-broken", &[("why", Arg::Str(why))]),
    }
}

/// The servers a program would use, on one line.
pub fn servers_line(servers: &ServerSet, lang: Lang) -> String {
    servers
        .preferred()
        .iter()
        .map(|(protocol, e)| {
            format!(
                "{} {}:{} {}",
                protocol.code().to_ascii_uppercase(),
                e.host,
                e.port,
                tr(lang, e.security.message_id())
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A place in words, with the domain filled in.
pub fn place_text(place: Place, domain: &str, lang: Lang) -> String {
    tr(lang, place.message_id()).replace("DOMAIN", domain)
}

/// Where a row's answer came from, in words.
pub fn found_at_text(row: &ClientRow, domain: &str, lang: Lang) -> String {
    row.found_at
        .map(|p| place_text(p, domain, lang))
        .unwrap_or_else(|| "—".to_owned())
}

/// The whole report as text.
pub fn report_text(report: &CheckReport, lang: Lang) -> String {
    let mut s = tr_args(
        lang,
        "domain-heading",
        &[("domain", Arg::Str(&report.domain))],
    );
    s.push('\n');
    if !report.mx.is_empty() {
        s.push_str(&format!("MX: {}\n", report.mx.join(", ")));
    }
    s.push_str(&format!(
        "MTA-STS: {}\n",
        mta_sts_text(&report.mta_sts, lang)
    ));
    s.push('\n');
    let names: Vec<String> = report
        .clients
        .iter()
        .map(|r| tr(lang, r.client.message_id()))
        .collect();
    let verdicts: Vec<String> = report
        .clients
        .iter()
        .map(|r| tr(lang, verdict_id(r.verdict)))
        .collect();
    let col_client = tr(lang, "domain-col-client");
    let col_result = tr(lang, "domain-col-result");
    let w1 = names
        .iter()
        .map(|n| width(n))
        .chain([width(&col_client)])
        .max()
        .unwrap_or(0)
        + 2;
    let w2 = verdicts
        .iter()
        .map(|n| width(n))
        .chain([width(&col_result)])
        .max()
        .unwrap_or(0)
        + 2;
    s.push_str(&format!(
        "  {}{}{}\n",
        pad(&col_client, w1),
        pad(&col_result, w2),
        tr(lang, "domain-col-from")
    ));
    for ((row, name), verdict) in report.clients.iter().zip(&names).zip(&verdicts) {
        s.push_str(&format!(
            "{} {}{}{}\n",
            verdict_mark(row.verdict),
            pad(name, w1),
            pad(verdict, w2),
            found_at_text(row, &report.domain, lang)
        ));
        if let Some(servers) = &row.servers {
            s.push_str(&format!("    {}\n", servers_line(servers, lang)));
        }
        for p in &row.problems {
            s.push_str(&format!(
                "    • {}\n",
                problem_text(p, &report.domain, lang)
            ));
        }
    }
    s.push('\n');
    s.push_str(&tr(lang, "domain-asked-heading"));
    s.push('\n');
    for f in &report.findings {
        let result = match (&f.servers, &f.nothing) {
            (Some(servers), _) => servers_line(servers, lang),
            (None, Some(why)) => tr_args(lang, "domain-asked-nothing", &[("why", Arg::Str(why))]),
            (None, None) => String::new(),
        };
        s.push_str(&format!(
            "  {} — {}: {}\n",
            place_text(f.place, &report.domain, lang),
            crate::core::shown::escaped(&f.asked),
            result
        ));
    }
    s
}
