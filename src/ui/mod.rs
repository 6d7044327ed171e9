//! The wizard window: a thin egui front end over `core`.
//!
//! `state` holds what the wizard knows and every update of it (answers from the background
//! included); `app` owns the state and applies actions; `steps/` draws one step each and returns
//! actions; `worker` runs test connections, discovery, the keyring check and file saving in the
//! background and answers on one channel; `fonts` makes sure CJK text has glyphs. The window
//! starts from a [`StartOptions`] that the program's entry built and checked.

pub mod app;
pub mod fonts;
pub mod state;
pub mod steps;
pub mod widgets;
pub mod worker;

pub use self::state::StartOptions;

/// The window and taskbar icon (assets/icon/mailwiz.svg at 64 px, raw RGBA; made by
/// scripts/make-icon.sh), instead of eframe's default egui logo.
pub fn window_icon() -> eframe::egui::IconData {
    eframe::egui::IconData {
        rgba: crate::assets::WINDOW_ICON_RGBA.to_vec(),
        width: 64,
        height: 64,
    }
}

/// Opens the wizard window and runs until it is closed.
pub fn run(start: StartOptions) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: eframe::egui::ViewportBuilder::default()
            .with_title("mailwiz")
            .with_app_id("mailwiz")
            .with_inner_size([900.0, 680.0])
            .with_min_inner_size([640.0, 480.0])
            .with_icon(std::sync::Arc::new(window_icon())),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "mailwiz",
        options,
        Box::new(move |cc| Ok(Box::new(app::MailwizApp::from_creation_context(cc, start)))),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn window_icon_is_64_square_rgba_with_a_transparent_corner() {
        let icon = super::window_icon();
        assert_eq!(icon.rgba.len(), 64 * 64 * 4);
        let alpha = |x: usize, y: usize| icon.rgba[(y * 64 + x) * 4 + 3];
        assert_eq!(
            alpha(0, 0),
            0,
            "the rounded tile leaves the corner transparent"
        );
        assert_eq!(alpha(32, 32), 255, "the middle is opaque");
    }
}
