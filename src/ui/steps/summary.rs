//! Step 6: the settings for the chosen client, in its field labels and order, as numbered steps;
//! Copy and "Copy for help desk". The code is not an input here, so it cannot appear.

use eframe::egui::{self, RichText, Ui};

use crate::core::i18n::tr;
use crate::core::settings::{TestReport, helpdesk_text, summary, summary_text};
use crate::ui::state::{Action, TestState, Wizard};
use crate::ui::widgets;

/// The help-desk report of the current test state.
pub fn test_report(test: &TestState) -> TestReport {
    match test {
        TestState::Finished { lists, .. } => {
            TestReport::Done(lists.iter().filter_map(|l| l.result.clone()).collect())
        }
        TestState::Skipped { .. } => TestReport::Skipped,
        TestState::NotRun | TestState::Running { .. } => TestReport::NotRun,
    }
}

/// Draws step 6.
pub fn summary_ui(ui: &mut Ui, w: &mut Wizard) -> Option<Action> {
    let lang = w.lang;
    let mut action = None;
    let (Ok(settings), Some(client)) = (w.settings(), w.client()) else {
        widgets::error(ui, &tr(lang, "summary-incomplete"));
        return None;
    };
    let s = summary(&settings, client, lang);
    widgets::heading(ui, &s.title);

    ui.horizontal_wrapped(|ui| {
        if ui
            .add(
                egui::Button::new(RichText::new(tr(lang, "summary-copy")).strong())
                    .min_size([120.0, 32.0].into()),
            )
            .clicked()
        {
            action = Some(Action::Copy {
                text: summary_text(&settings, client, lang),
                notice: "summary-copied".into(),
            });
        }
        if ui
            .add(
                egui::Button::new(tr(lang, "summary-copy-helpdesk")).min_size([120.0, 32.0].into()),
            )
            .clicked()
        {
            action = Some(Action::Copy {
                text: helpdesk_text(&settings, client, &test_report(&w.test), lang),
                notice: "summary-copied-helpdesk".into(),
            });
        }
        if let Some(notice) = &w.notice {
            if notice.starts_with("summary-copied") {
                ui.label(
                    RichText::new(format!("✓ {}", tr(lang, notice))).color(widgets::ok_color(ui)),
                );
            }
        }
    });
    ui.add_space(8.0);

    if matches!(w.test, TestState::Skipped { .. } | TestState::NotRun) {
        widgets::warning(ui, &tr(lang, "summary-not-tested"));
        ui.add_space(6.0);
    }

    for (i, step) in s.steps.iter().enumerate() {
        widgets::card(ui, |ui| {
            ui.horizontal_top(|ui| {
                ui.label(RichText::new(format!("{}", i + 1)).size(20.0).strong());
                ui.vertical(|ui| {
                    widgets::para(ui, &step.heading);
                    for line in &step.lines {
                        ui.add(
                            egui::Label::new(RichText::new(format!("• {line}")).monospace()).wrap(),
                        );
                    }
                    if let Some(press) = &step.then_press {
                        ui.label(RichText::new(press).italics());
                    }
                });
            });
        });
        ui.add_space(4.0);
    }

    if !s.warnings.is_empty() {
        ui.add_space(6.0);
        widgets::card(ui, |ui| {
            ui.label(RichText::new(tr(lang, "summary-warnings-heading")).strong());
            for warning in &s.warnings {
                widgets::warning(ui, warning);
            }
        });
    }
    if s.has_unverified {
        ui.add_space(4.0);
        ui.label(RichText::new(format!("*{}", tr(lang, "summary-unverified-footnote"))).weak());
    }
    action
}
