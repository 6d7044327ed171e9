//! Step 4: the authorization code. The provider's own steps to switch the service on and make the
//! code, its official link, a masked field with show/hide, paste clean-up with a warning when the
//! code does not look like one, and an opt-in "remember in this computer's keychain".

use eframe::egui::{self, RichText, Ui};

use crate::core::i18n::{Arg, tr, tr_args};
use crate::ui::state::{Action, KeyringStatus, Wizard, clean_code, code_warning};
use crate::ui::widgets;

/// Draws step 4.
pub fn code_ui(ui: &mut Ui, w: &mut Wizard) -> Option<Action> {
    let lang = w.lang;
    let kind = w.password_kind();
    let provider = w.guidance_provider();
    let mut action = None;
    widgets::heading(ui, &tr(lang, kind.code_heading_id()));
    widgets::para(ui, &tr(lang, kind.code_intro_id()));
    ui.add_space(8.0);

    if let Some(p) = provider {
        widgets::card(ui, |ui| {
            ui.label(
                RichText::new(tr_args(
                    lang,
                    "code-steps-title",
                    &[("provider", Arg::Str(p.display_name.get(lang)))],
                ))
                .strong(),
            );
            for (i, step) in p.setup_steps.get(lang).iter().enumerate() {
                widgets::para(ui, &format!("{}. {step}", i + 1));
            }
            ui.add_space(4.0);
            ui.horizontal_wrapped(|ui| {
                if ui
                    .link(w.control_label(&tr(lang, "code-open-help")))
                    .on_hover_text(&p.help_url)
                    .clicked()
                {
                    action = Some(Action::OpenUrl(p.help_url.clone()));
                }
                ui.label(RichText::new(&p.help_url).weak().small());
            });
            for q in &p.quirks {
                widgets::warning(ui, &tr(lang, q.message_id()));
            }
        });
        ui.add_space(8.0);
    }

    // Oauth2Only has no field: the mail program's own sign-in instead.
    let Some(field_id) = kind.code_field_id() else {
        widgets::card(ui, |ui| widgets::warning(ui, &tr(lang, "code-oauth2-only")));
        return action;
    };

    let label = ui.label(RichText::new(w.control_label(&tr(lang, field_id))).strong());
    ui.horizontal(|ui| {
        let field = ui
            .add(
                egui::TextEdit::singleline(w.code.as_mut_string())
                    // A paste longer than this would make the buffer grow (and leave a copy).
                    .char_limit(crate::core::secret::Secret::EDIT_MAX_CHARS)
                    .password(!w.show_code)
                    .desired_width(320.0)
                    .font(egui::TextStyle::Monospace),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut w.focus_pending) {
            field.request_focus();
        }
        if field.changed() {
            w.code_cleaned = clean_code(w.code.as_mut_string());
        }
        let toggle = if w.show_code {
            "code-hide"
        } else {
            "code-show"
        };
        if ui.button(w.control_label(&tr(lang, toggle))).clicked() {
            w.show_code = !w.show_code;
        }
    });
    if w.code_cleaned {
        ui.label(RichText::new(tr(lang, "code-spaces-removed")).weak());
    }
    if let Some(warning) = code_warning(w.code.expose(), provider) {
        let shape = provider.and_then(|p| p.code_shape.as_ref());
        let expected = shape.map(|s| s.length as i64).unwrap_or(0);
        widgets::warning(
            ui,
            &tr_args(
                lang,
                warning,
                &[
                    ("expected", Arg::Num(expected)),
                    ("count", Arg::Num(w.code.expose().chars().count() as i64)),
                ],
            ),
        );
    }

    ui.add_space(10.0);
    match &w.keyring {
        KeyringStatus::Available => {
            let mut remember = w.persisted.remember_code;
            if ui
                .checkbox(&mut remember, w.control_label(&tr(lang, "code-remember")))
                .changed()
            {
                action = Some(Action::SetRemember(remember));
            }
            ui.label(RichText::new(tr(lang, "code-remember-explain")).weak());
            if w.persisted.keyring_ref.is_some() && ui.button(tr(lang, "code-forget")).clicked() {
                action = Some(Action::ForgetSavedCode);
            }
        }
        KeyringStatus::Checking => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(tr(lang, "keyring-checking"));
            });
        }
        KeyringStatus::Unavailable(_) => {
            w.persisted.remember_code = false;
            widgets::para(ui, &tr(lang, "keyring-unavailable"));
        }
    }
    if let Some((ok, id)) = &w.keyring_note {
        if *ok {
            ui.label(RichText::new(tr(lang, id)).color(widgets::ok_color(ui)));
        } else {
            widgets::error(ui, &tr(lang, id));
        }
    }
    action
}
