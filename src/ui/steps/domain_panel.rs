//! Help-desk mode, on the address step, for a domain that is not a known provider: "what will
//! every mail program find for this domain?" — the same check as `mailwiz domain check`, one row
//! per program with its verdict, where its settings come from, and what it would meet.

use eframe::egui::{self, RichText, Ui};

use crate::core::domain::{
    CheckReport, Verdict, found_at_text, mta_sts_text, problem_text, servers_line, verdict_id,
    verdict_mark,
};
use crate::core::i18n::{Arg, tr, tr_args};
use crate::ui::state::{Action, DomainCheck, Wizard};
use crate::ui::widgets;

/// Draws the panel for `domain` (ASCII); returns the action of its button.
pub fn domain_panel(ui: &mut Ui, w: &Wizard, domain: &str) -> Option<Action> {
    let lang = w.lang;
    let mut action = None;
    ui.add_space(8.0);
    widgets::card(ui, |ui| {
        ui.label(
            RichText::new(tr_args(
                lang,
                "domain-panel-heading",
                &[("domain", Arg::Str(domain))],
            ))
            .strong(),
        );
        widgets::para(ui, &tr(lang, "domain-panel-intro"));
        let state = if w.domain_check.domain() == Some(domain) {
            &w.domain_check
        } else {
            &DomainCheck::NotRun
        };
        match state {
            DomainCheck::Running(_) => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(tr(lang, "domain-panel-running"));
                    if ui
                        .button(w.control_label(&tr(lang, "domain-panel-stop")))
                        .clicked()
                    {
                        action = Some(Action::CancelDomainCheck);
                    }
                });
            }
            DomainCheck::Done(report) => report_rows(ui, report, w),
            DomainCheck::Died(_) => widgets::error(ui, &tr(lang, "domain-panel-died")),
            DomainCheck::NotRun => {}
        }
        if !matches!(state, DomainCheck::Running(_)) {
            let label = if matches!(state, DomainCheck::NotRun) {
                "domain-panel-start"
            } else {
                "domain-panel-again"
            };
            if ui.button(w.control_label(&tr(lang, label))).clicked() {
                action = Some(Action::CheckDomain);
            }
        }
    });
    action
}

fn report_rows(ui: &mut Ui, report: &CheckReport, w: &Wizard) {
    let lang = w.lang;
    for row in &report.clients {
        let color = match row.verdict {
            Verdict::Ok => widgets::ok_color(ui),
            Verdict::Problems => widgets::warn_color(ui),
            Verdict::Nothing => widgets::error_color(ui),
            Verdict::ProfileOnly => ui.visuals().weak_text_color(),
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(verdict_mark(row.verdict))
                    .color(color)
                    .strong(),
            );
            ui.label(RichText::new(tr(lang, row.client.message_id())).strong());
            ui.label(RichText::new(tr(lang, verdict_id(row.verdict))).color(color));
            if row.found_at.is_some() {
                ui.label(
                    RichText::new(format!("· {}", found_at_text(row, &report.domain, lang))).weak(),
                );
            }
        });
        ui.indent(row.client.code(), |ui| {
            if let Some(servers) = &row.servers {
                ui.label(
                    RichText::new(servers_line(servers, lang))
                        .monospace()
                        .small(),
                );
            }
            for p in &row.problems {
                ui.add(
                    egui::Label::new(format!("• {}", problem_text(p, &report.domain, lang))).wrap(),
                );
            }
        });
    }
    ui.add_space(4.0);
    ui.label(RichText::new(format!("MTA-STS: {}", mta_sts_text(&report.mta_sts, lang))).weak());
    ui.label(RichText::new(tr(lang, "domain-panel-publish-hint")).weak());
}
