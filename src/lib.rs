//! mailwiz: a setup wizard that gets a person's mail program working.
//!
//! `core` holds everything that is not drawing: provider and client data, lookup, test
//! connections, secrets, the settings model and its texts. `ui` is the egui front end and `cli` the
//! command line; both call into `core`, and `ui` never into `cli`. `entry` parses the command line
//! once and either runs a command or opens the wizard with a checked `ui::StartOptions`. Imports
//! point one way: no two files import each other (`tests/module_graph.rs`).

/// When the process started (set first thing in `main`), for start-up measurements.
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

pub mod cli;
pub mod core;
pub mod entry;
pub mod ui;

/// The data files under `assets/`, embedded at build time by `build.rs`.
pub mod assets {
    include!(concat!(env!("OUT_DIR"), "/embedded_assets.rs"));

    /// The bundled CJK font subset (Noto Sans CJK SC, SIL OFL 1.1; see assets/fonts/README.md).
    pub static CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansCJKsc-subset.otf");

    /// The window icon: 64 × 64 pixels, RGBA, 8 bits each (see scripts/make-icon.sh).
    pub static WINDOW_ICON_RGBA: &[u8] = include_bytes!("../assets/icon/mailwiz-64.rgba");
}
