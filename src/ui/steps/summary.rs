//! Step 6: the settings for the chosen client, in its field labels and order, as numbered steps;
//! Copy and "Copy for help desk". The code is not an input here, so it cannot appear.

use eframe::egui::{self, RichText, Ui};

use crate::core::export::{Format, QUIET_ZONE, QrImage};
use crate::core::i18n::{Arg, tr, tr_args};
use crate::core::provider::model::PasswordKind;
use crate::core::settings::{
    AccountSettings, TestReport, helpdesk_text, summary, summary_text, test_failures,
    test_failures_text,
};
use crate::ui::state::{Action, TestState, Wizard};
use crate::ui::widgets;

/// The help-desk report of the current test state.
pub fn test_report(test: &TestState) -> TestReport {
    match test {
        TestState::Finished { lists, .. } => {
            TestReport::Done(lists.iter().map(|l| l.final_result()).collect())
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
    let report = test_report(&w.test);
    widgets::heading(ui, &s.title);

    ui.horizontal_wrapped(|ui| {
        if ui
            .add(
                egui::Button::new(
                    RichText::new(w.control_label(&tr(lang, "summary-copy"))).strong(),
                )
                .min_size([120.0, 32.0].into()),
            )
            .clicked()
        {
            // A failed test goes first in the copy too: pasted settings must not look fine.
            let failures = test_failures_text(&report, settings.provider_id.as_deref(), lang);
            action = Some(Action::Copy {
                text: format!("{failures}{}", summary_text(&settings, client, lang)),
                notice: "summary-copied".into(),
            });
        }
        if ui
            .add(
                egui::Button::new(w.control_label(&tr(lang, "summary-copy-helpdesk")))
                    .min_size([120.0, 32.0].into()),
            )
            .clicked()
        {
            action = Some(Action::Copy {
                text: helpdesk_text(&settings, client, &report, lang),
                notice: "summary-copied-helpdesk".into(),
            });
        }
        if let Some(notice) = &w.notice
            && notice.starts_with("summary-copied")
        {
            ui.label(RichText::new(format!("✓ {}", tr(lang, notice))).color(widgets::ok_color(ui)));
        }
    });
    ui.add_space(8.0);

    if matches!(w.test, TestState::Skipped { .. } | TestState::NotRun) {
        widgets::warning(ui, &tr(lang, "summary-not-tested"));
        ui.add_space(6.0);
    }
    // A failed test stays in sight: which check, what is wrong, what to do first.
    if let Some(lines) = test_failures(&report, settings.provider_id.as_deref(), lang) {
        widgets::card(ui, |ui| {
            if let Some((heading, failures)) = lines.split_first() {
                widgets::error(ui, heading);
                for line in failures {
                    // Steps (indented) under their line; each failure a bullet.
                    let shown = match line.strip_prefix("  ") {
                        Some(step) => format!("    {step}"),
                        None => format!("• {line}"),
                    };
                    ui.add(egui::Label::new(shown).wrap());
                }
            }
            ui.add_space(2.0);
            if ui
                .button(w.control_label(&tr(lang, "summary-back-to-test")))
                .clicked()
            {
                action = Some(Action::Goto(crate::ui::state::Step::Test));
            }
        });
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

    phone_card(ui, w, &settings, &mut action);
    save_card(ui, w, client.id.starts_with("apple-mail"), &mut action);

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

/// Pixels per QR module on screen: a 41-module code with its quiet zone is 245 pixels wide.
const QR_MODULE_PX: f32 = 5.0;

/// "Set up Thunderbird on your Android phone too": the QR code Thunderbird for Android scans
/// (black on white in light and dark mode, with its quiet zone), what to tap on the phone in the
/// app's own words, that the code is not in it, and why an iPhone needs the Apple profile.
fn phone_card(ui: &mut Ui, w: &Wizard, settings: &AccountSettings, action: &mut Option<Action>) {
    let lang = w.lang;
    ui.add_space(8.0);
    widgets::card(ui, |ui| {
        ui.label(RichText::new(tr(lang, "qr-heading")).strong());
        match QrImage::thunderbird(settings) {
            Ok(qr) => {
                ui.horizontal_top(|ui| {
                    draw_qr(ui, &qr);
                    ui.vertical(|ui| {
                        widgets::para(ui, &tr(lang, "qr-steps"));
                        let note = if settings.password_kind == PasswordKind::Oauth2Only {
                            tr(lang, "qr-oauth-note")
                        } else {
                            let what = tr(lang, settings.password_kind.value_id());
                            tr_args(lang, "qr-code-note", &[("what", Arg::Str(&what))])
                        };
                        widgets::para(ui, &note);
                        ui.label(RichText::new(tr(lang, "qr-source")).weak().small());
                        if ui
                            .button(
                                w.control_label(&tr(lang, Format::ThunderbirdQr.save_button_id())),
                            )
                            .clicked()
                        {
                            *action = Some(Action::Save(Format::ThunderbirdQr));
                        }
                    });
                });
            }
            Err(e) => {
                let why = tr(lang, e.message_id());
                widgets::warning(
                    ui,
                    &tr_args(lang, "qr-unavailable", &[("why", Arg::Str(&why))]),
                );
            }
        }
        ui.add_space(4.0);
        ui.add(egui::Label::new(RichText::new(tr(lang, "qr-apple")).weak()).wrap());
    });
}

/// Paints the code: a white square with the quiet zone, a black square per dark module.
fn draw_qr(ui: &mut Ui, qr: &QrImage) {
    let side = qr.width_with_quiet_zone() as f32 * QR_MODULE_PX;
    let (rect, _) = ui.allocate_exact_size(egui::vec2(side, side), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, egui::Color32::WHITE);
    let origin = rect.min + egui::vec2(1.0, 1.0) * (QUIET_ZONE as f32 * QR_MODULE_PX);
    for y in 0..qr.width() {
        for x in 0..qr.width() {
            if qr.is_dark(x, y) {
                let min = origin + egui::vec2(x as f32, y as f32) * QR_MODULE_PX;
                painter.rect_filled(
                    egui::Rect::from_min_size(min, egui::vec2(QR_MODULE_PX, QR_MODULE_PX)),
                    0.0,
                    egui::Color32::BLACK,
                );
            }
        }
    }
}

/// Save… buttons: the guide as a web page, the settings as text, an Apple profile for Apple
/// Mail, and for administrators Thunderbird autoconfig and Outlook Autodiscover files and a
/// Markdown settings sheet (for a help desk's wiki).
fn save_card(ui: &mut Ui, w: &Wizard, apple: bool, action: &mut Option<Action>) {
    let lang = w.lang;
    ui.add_space(8.0);
    widgets::card(ui, |ui| {
        ui.label(RichText::new(tr(lang, "save-heading")).strong());
        ui.horizontal_wrapped(|ui| {
            let mut offer = |ui: &mut Ui, format: Format| {
                if ui
                    .button(w.control_label(&tr(lang, format.save_button_id())))
                    .clicked()
                {
                    *action = Some(Action::Save(format));
                }
            };
            offer(ui, Format::Html);
            offer(ui, Format::Text);
            if apple {
                offer(ui, Format::Mobileconfig);
            }
        });
        if apple {
            ui.add(egui::Label::new(RichText::new(tr(lang, "save-profile-hint")).weak()).wrap());
        }
        egui::CollapsingHeader::new(tr(lang, "save-admin-heading"))
            .id_salt("save-admin")
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    for format in [
                        Format::Autoconfig,
                        Format::Autodiscover,
                        Format::Mobileconfig,
                        Format::Markdown,
                        Format::ThunderbirdQrJson,
                    ] {
                        if format == Format::Mobileconfig && apple {
                            continue;
                        }
                        if ui.button(tr(lang, format.save_button_id())).clicked() {
                            *action = Some(Action::Save(format));
                        }
                    }
                });
            });
        if let Some((ok, note)) = &w.save_note {
            if *ok {
                ui.label(RichText::new(format!("✓ {note}")).color(widgets::ok_color(ui)));
            } else {
                widgets::error(ui, note);
            }
        }
    });
}
