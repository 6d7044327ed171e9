//! What the wizard's kittest flows share: a harness around the real app with the bundled fonts
//! (the same glyphs on every machine), and the text the app last put on the clipboard.

use eframe::egui;
use egui_kittest::Harness;
use mailwiz::ui::app::MailwizApp;

/// The app in a window of `size` points.
pub fn harness(app: MailwizApp, size: [f32; 2]) -> Harness<'static, MailwizApp> {
    Harness::builder()
        .with_size(size)
        .with_context_setup(mailwiz::ui::fonts::install_bundled)
        .build_ui_state(|ui, app: &mut MailwizApp| app.draw(ui), app)
}

/// The text of the last frame's "copy to clipboard" command, if there was one.
pub fn copied_text(h: &Harness<'_, MailwizApp>) -> Option<String> {
    h.output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
}
