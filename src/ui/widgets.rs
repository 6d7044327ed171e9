//! Small drawing helpers shared by the steps.

use eframe::egui::{self, Color32, RichText, Ui};

/// A heading sized for people who do not read small print.
pub fn heading(ui: &mut Ui, text: &str) {
    ui.add(egui::Label::new(RichText::new(text).size(22.0).strong()).wrap());
    ui.add_space(6.0);
}

/// A paragraph that wraps.
pub fn para(ui: &mut Ui, text: &str) {
    ui.add(egui::Label::new(text).wrap());
}

/// Colour for warnings that stays readable in light and dark mode.
pub fn warn_color(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(0xff, 0xc8, 0x57)
    } else {
        Color32::from_rgb(0x9a, 0x5b, 0x00)
    }
}

/// Colour for errors.
pub fn error_color(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(0xff, 0x8a, 0x80)
    } else {
        Color32::from_rgb(0xb3, 0x26, 0x1e)
    }
}

/// Colour for success.
pub fn ok_color(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(0x7e, 0xe7, 0x87)
    } else {
        Color32::from_rgb(0x1a, 0x7f, 0x37)
    }
}

/// A framed box around some content (cards, warnings).
pub fn card<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(12))
        .corner_radius(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            add(ui)
        })
        .inner
}

/// A warning line with a sign in front.
pub fn warning(ui: &mut Ui, text: &str) {
    let color = warn_color(ui);
    ui.add(egui::Label::new(RichText::new(format!("⚠ {text}")).color(color)).wrap());
}

/// An error line.
pub fn error(ui: &mut Ui, text: &str) {
    let color = error_color(ui);
    ui.add(egui::Label::new(RichText::new(text).color(color)).wrap());
}
