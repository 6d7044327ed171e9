//! Step 1: which mail program. Large choices, each with a "which one do I have?" hint.

use eframe::egui::{self, RichText, Ui};

use crate::core::client::catalog;
use crate::core::i18n::tr;
use crate::ui::state::{Action, Wizard};
use crate::ui::widgets;

/// Draws step 1.
pub fn client_ui(ui: &mut Ui, w: &mut Wizard) -> Option<Action> {
    let lang = w.lang;
    widgets::heading(ui, &tr(lang, "client-heading"));
    widgets::para(ui, &tr(lang, "client-intro"));
    ui.add_space(8.0);
    for client in catalog().all() {
        let selected = w.persisted.client_id.as_deref() == Some(client.id.as_str());
        let name = client.name.get(lang);
        let response = ui.add_sized(
            [ui.available_width(), 34.0],
            egui::Button::new(RichText::new(w.control_label(name)).size(17.0))
                .selected(selected)
                .frame(true),
        );
        if response.clicked() {
            w.persisted.client_id = Some(client.id.clone());
        }
        ui.add(egui::Label::new(RichText::new(client.hint.get(lang)).weak()).wrap());
        ui.add_space(6.0);
    }
    let discontinued = w.client().filter(|c| c.discontinued)?;
    ui.add_space(8.0);
    widgets::card(ui, |ui| {
        widgets::warning(ui, &tr(lang, "client-discontinued"));
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            for id in &discontinued.suggest_instead {
                if let Some(other) = catalog().get(id)
                    && ui.button(other.name.get(lang)).clicked()
                {
                    w.persisted.client_id = Some(other.id.clone());
                }
            }
        });
    });
    None
}
