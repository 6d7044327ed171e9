//! One file per wizard step. Each `<step>_ui` draws its step from the wizard state, may edit the
//! answers on that step, and returns at most one [`crate::ui::state::Action`] for the app to apply.

pub mod address;
pub mod client;
pub mod code;
pub mod domain_panel;
pub mod protocol;
pub mod summary;
pub mod test;
