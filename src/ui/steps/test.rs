//! Step 5: the test connection. A real login to the incoming server and to SMTP, in the
//! background, with a live checklist per protocol and stage, a plain result, and Cancel.

use eframe::egui::{self, RichText, Ui};

use crate::core::diagnosis::{Code, all_passed, diagnose, fix_text, transcript_lines};
use crate::core::i18n::{Arg, Lang, tr, tr_args};
use crate::core::provider::model::PasswordKind;
use crate::core::provider::model::Provider;
use crate::ui::state::{Action, Checklist, StageStatus, TestState, Wizard};
use crate::ui::widgets;

/// Draws step 5.
pub fn test_ui(ui: &mut Ui, w: &mut Wizard) -> Option<Action> {
    let lang = w.lang;
    let provider = w.guidance_provider();
    widgets::heading(ui, &tr(lang, "test-heading"));
    let mut action = None;

    if w.password_kind() == PasswordKind::Oauth2Only {
        widgets::card(ui, |ui| widgets::para(ui, &tr(lang, "test-oauth2-only")));
        if matches!(w.test, TestState::NotRun) {
            action = Some(Action::SkipTest);
        }
        return action;
    }

    widgets::para(ui, &tr(lang, "test-intro"));
    ui.add_space(8.0);

    let focus = std::mem::take(&mut w.focus_pending);
    ui.horizontal(|ui| match &w.test {
        TestState::Running { .. } => {
            ui.spinner();
            ui.label(tr(lang, "test-running"));
            if ui
                .add(
                    egui::Button::new(w.control_label(&tr(lang, "test-cancel")))
                        .min_size([96.0, 30.0].into()),
                )
                .clicked()
            {
                action = Some(Action::CancelTest);
            }
        }
        TestState::NotRun => {
            let start = ui.add(
                egui::Button::new(RichText::new(w.control_label(&tr(lang, "test-start"))).strong())
                    .min_size([140.0, 34.0].into()),
            );
            // Keyboard users land on "Start the test": Enter or Space presses it.
            if focus {
                start.request_focus();
            }
            if start.clicked() {
                action = Some(Action::StartTest);
            }
            if ui.button(w.control_label(&tr(lang, "test-skip"))).clicked() {
                action = Some(Action::SkipTest);
            }
        }
        TestState::Finished { .. } | TestState::Skipped { .. } => {
            if ui
                .button(w.control_label(&tr(lang, "test-again")))
                .clicked()
            {
                action = Some(Action::StartTest);
            }
        }
    });
    if !matches!(w.test, TestState::Running { .. }) {
        // Opt-in: the test sends nothing unless asked.
        let label = w.control_label(&tr(lang, "test-send-message-option"));
        ui.checkbox(&mut w.send_test_message, label);
    }
    if let Some(notice) = &w.notice
        && notice == "test-cancelled"
    {
        ui.label(RichText::new(tr(lang, notice)).weak());
    }
    ui.add_space(8.0);

    match &w.test {
        TestState::Running { lists, .. } | TestState::Finished { lists, .. } => {
            for list in lists {
                checklist_ui(ui, lang, list, provider, &mut action);
                ui.add_space(6.0);
            }
            if let TestState::Finished { lists, .. } = &w.test {
                let diagnoses: Vec<_> = lists
                    .iter()
                    .map(|l| diagnose(&l.final_result(), provider))
                    .collect();
                let all_ok = all_passed(&diagnoses);
                let text = tr(
                    lang,
                    if all_ok {
                        "test-all-ok"
                    } else {
                        "test-some-failed"
                    },
                );
                let color = if all_ok {
                    widgets::ok_color(ui)
                } else {
                    widgets::error_color(ui)
                };
                ui.label(RichText::new(text).size(17.0).strong().color(color));
                ui.add_space(6.0);
                if ui
                    .button(w.control_label(&tr(lang, "test-copy-transcript")))
                    .clicked()
                {
                    let text = lists
                        .iter()
                        .filter_map(|l| l.result.as_ref())
                        .map(|r| {
                            let mut block = format!(
                                "{} {}:{}\n",
                                r.protocol.code().to_uppercase(),
                                r.endpoint.host,
                                r.endpoint.port
                            );
                            for line in transcript_lines(r) {
                                block.push_str(&line);
                                block.push('\n');
                            }
                            block
                        })
                        .collect::<Vec<_>>()
                        .join("\n");
                    action = Some(Action::Copy {
                        text,
                        notice: "test-transcript-copied".into(),
                    });
                }
                if w.notice.as_deref() == Some("test-transcript-copied") {
                    let color = widgets::ok_color(ui);
                    ui.label(
                        RichText::new(format!("✓ {}", tr(lang, "test-transcript-copied")))
                            .color(color),
                    );
                }
            }
        }
        TestState::Skipped { .. } => {
            widgets::card(ui, |ui| {
                widgets::warning(ui, &tr(lang, "test-skipped-note"))
            });
        }
        TestState::NotRun => {}
    }
    action
}

fn checklist_ui(
    ui: &mut Ui,
    lang: Lang,
    list: &Checklist,
    provider: Option<&Provider>,
    action: &mut Option<Action>,
) {
    widgets::card(ui, |ui| {
        ui.label(
            RichText::new(tr_args(
                lang,
                list.protocol.checklist_title_id(),
                &[
                    ("protocol", Arg::Str(&list.protocol.code().to_uppercase())),
                    ("host", Arg::Str(&list.endpoint.host)),
                    ("port", Arg::Num(i64::from(list.endpoint.port))),
                ],
            ))
            .strong(),
        );
        for (stage, status) in &list.stages {
            ui.horizontal(|ui| {
                // Every sign sits in the same fixed-width slot so the stage names line up.
                let slot = egui::vec2(18.0, 18.0);
                match status {
                    StageStatus::Pending => {
                        ui.add_sized(slot, egui::Label::new(RichText::new("○").weak()));
                    }
                    StageStatus::Running => {
                        ui.add_sized(slot, egui::Spinner::new());
                    }
                    StageStatus::Ok => {
                        let color = widgets::ok_color(ui);
                        ui.add_sized(
                            slot,
                            egui::Label::new(RichText::new("✓").strong().color(color)),
                        );
                    }
                    StageStatus::Failed => {
                        let color = widgets::error_color(ui);
                        ui.add_sized(
                            slot,
                            egui::Label::new(RichText::new("×").strong().color(color)),
                        );
                    }
                }
                ui.label(tr(lang, stage.message_id()));
                // Once finished: how long the stage took, and its technical detail (TLS
                // version, certificate, server features) on hover, for the help desk.
                let record = list
                    .result
                    .as_ref()
                    .and_then(|r| r.stages.iter().find(|s| s.stage == *stage));
                if let Some(record) = record {
                    // Whole milliseconds below a second, else seconds ("10.0 s" reads better
                    // than "10008 ms").
                    let took = if record.millis < 1000 {
                        tr_args(
                            lang,
                            "test-stage-millis",
                            &[("millis", Arg::Num(record.millis as i64))],
                        )
                    } else {
                        let seconds = format!("{:.1}", record.millis as f64 / 1000.0);
                        tr_args(
                            lang,
                            "test-stage-seconds",
                            &[("seconds", Arg::Str(&seconds))],
                        )
                    };
                    let timing = ui.label(RichText::new(took).small().weak());
                    if !record.detail.is_empty() {
                        timing.on_hover_text(&record.detail);
                    }
                }
            });
        }
        if let Some(result) = &list.result {
            ui.add_space(4.0);
            let d = diagnose(result, provider);
            let explanation = tr(lang, d.code.message_id());
            if d.code == Code::Ok {
                ui.label(RichText::new(explanation).color(widgets::ok_color(ui)));
            } else {
                widgets::error(ui, &explanation);
                widgets::para(ui, &fix_text(&d, lang));
                if let (true, Some(p)) = (d.code.fix_is_provider_steps(), provider) {
                    ui.add_space(4.0);
                    ui.label(
                        RichText::new(tr_args(
                            lang,
                            "diag-provider-steps",
                            &[("provider", Arg::Str(p.display_name.get(lang)))],
                        ))
                        .strong(),
                    );
                    for (i, step) in p.setup_steps.get(lang).iter().enumerate() {
                        widgets::para(ui, &format!("{}. {step}", i + 1));
                    }
                    if ui
                        .link(tr(lang, "code-open-help"))
                        .on_hover_text(&p.help_url)
                        .clicked()
                    {
                        *action = Some(Action::OpenUrl(p.help_url.clone()));
                    }
                }
            }
            if let Some(msg) = &result.server_message {
                ui.label(
                    RichText::new(tr_args(
                        lang,
                        "test-server-said",
                        &[("message", Arg::Str(msg))],
                    ))
                    .weak(),
                );
            }
        }
    });
}
