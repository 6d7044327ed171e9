//! `mailwiz` (on Windows `mailwiz.exe`, a GUI-subsystem program: no console window behind the
//! wizard). See `entry` for why Windows has a second, console executable.
#![cfg_attr(windows, windows_subsystem = "windows")]

fn main() {
    #[cfg(windows)]
    mailwiz::entry::main(mailwiz::entry::Subsystem::WindowsGui);
    #[cfg(not(windows))]
    mailwiz::entry::main(mailwiz::entry::Subsystem::Console);
}
