//! The console-subsystem twin of `mailwiz.exe`, shipped on Windows as `mailwiz.com` so that
//! cmd.exe and PowerShell wait for it and see its exit code (see `mailwiz::entry`). Built only
//! with the `windows-console` feature, which `scripts/windows.sh build` turns on.

fn main() {
    mailwiz::entry::main(mailwiz::entry::Subsystem::Console);
}
