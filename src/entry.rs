//! The program's entry, shared by both executables: no subcommand opens the wizard; a
//! subcommand runs on the command line and ends the process with its exit code.
//!
//! On Windows there are two executables built from this one function (see README, "Windows:
//! two programs, one name"): `mailwiz.exe` is a GUI-subsystem program, so double-clicking it opens no
//! console window; `mailwiz.com` is the same program as a console-subsystem one, so cmd.exe and
//! PowerShell wait for it, show its output in order and hand its exit code to `%ERRORLEVEL%` /
//! `$LASTEXITCODE`. Typing `mailwiz` picks `mailwiz.com` first, because `.COM` comes before
//! `.EXE` in the default `PATHEXT`. Elsewhere both are the same ordinary program.

use clap::Parser;

use crate::cli::{self, Cli};
use crate::core::i18n::{Arg, Lang, tr_args};

/// Which kind of executable is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subsystem {
    /// Started with a console (every Unix program; `mailwiz.com` on Windows).
    Console,
    /// A Windows GUI-subsystem program (`mailwiz.exe`): no console unless it borrows its parent's.
    WindowsGui,
}

/// Parses the arguments, runs the wizard or the command, and exits.
pub fn main(subsystem: Subsystem) -> ! {
    let _ = crate::STARTED.set(std::time::Instant::now());
    if subsystem == Subsystem::WindowsGui && std::env::args_os().len() > 1 {
        // Started from a console with arguments (`mailwiz.exe lookup …`): print there rather
        // than nowhere. The shell has not waited for us, so scripts should call mailwiz.com.
        windows_console::attach_to_parent();
    }
    let args = Cli::parse();
    let lang = args
        .lang
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or_else(Lang::from_os);
    let code = match &args.command {
        Some(command) => {
            let mut out = Watched::new(std::io::stdout());
            let code = cli::run(command, lang, &mut out, &mut std::io::stderr());
            // Output that never arrived (a full disk, a closed pipe) is no success.
            if out.finish() || code != cli::EXIT_OK {
                code
            } else {
                cli::EXIT_OUTPUT_FAILED
            }
        }
        None => match args.start_options(lang) {
            // A bad value is reported as every command reports one, before any window opens.
            Err(message) => {
                let text = format!("mailwiz: {message}");
                eprintln!("{text}");
                if subsystem == Subsystem::WindowsGui {
                    windows_console::message_box("mailwiz", &text);
                }
                cli::EXIT_BAD_INPUT
            }
            Ok(start) => match crate::ui::run(start) {
                Ok(()) => 0,
                Err(e) => {
                    let command = if cfg!(windows) {
                        "mailwiz.com --help"
                    } else {
                        "mailwiz --help"
                    };
                    let text = format!(
                        "{}\n\n{}",
                        tr_args(lang, "window-failed", &[("command", Arg::Str(command))]),
                        tr_args(
                            lang,
                            "window-failed-detail",
                            &[("reason", Arg::Str(&e.to_string()))]
                        )
                    );
                    eprintln!("{text}");
                    if subsystem == Subsystem::WindowsGui {
                        // Started from Explorer nobody sees standard error: say it in a box.
                        windows_console::message_box("mailwiz", &text);
                    }
                    1
                }
            },
        },
    };
    std::process::exit(code)
}

#[cfg(windows)]
mod windows_console {
    const ATTACH_PARENT_PROCESS: u32 = u32::MAX;
    const STD_OUTPUT_HANDLE: u32 = -11i32 as u32;

    const MB_ICONERROR: u32 = 0x10;

    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn AttachConsole(process_id: u32) -> i32;
        fn GetStdHandle(which: u32) -> *mut core::ffi::c_void;
    }

    #[link(name = "user32")]
    unsafe extern "system" {
        fn MessageBoxW(
            window: *mut core::ffi::c_void,
            text: *const u16,
            caption: *const u16,
            kind: u32,
        ) -> i32;
    }

    /// Shows an error in a plain Windows message box and waits for OK.
    pub fn message_box(caption: &str, text: &str) {
        let wide = |s: &str| s.encode_utf16().chain(Some(0)).collect::<Vec<u16>>();
        let (caption, text) = (wide(caption), wide(text));
        // SAFETY: both strings are NUL-terminated UTF-16 buffers that outlive the call.
        unsafe {
            MessageBoxW(
                core::ptr::null_mut(),
                text.as_ptr(),
                caption.as_ptr(),
                MB_ICONERROR,
            );
        }
    }

    /// Borrows the parent's console when standard output goes nowhere; output redirected to a
    /// file or pipe is left alone.
    pub fn attach_to_parent() {
        // SAFETY: plain Win32 calls without pointers passed in; a failure (no parent console,
        // e.g. started from Explorer) is harmless and ignored.
        unsafe {
            let handle = GetStdHandle(STD_OUTPUT_HANDLE);
            if handle.is_null() || handle as isize == -1 {
                AttachConsole(ATTACH_PARENT_PROCESS);
            }
        }
    }
}

#[cfg(not(windows))]
mod windows_console {
    /// Nothing to do: outside Windows every program has its standard streams.
    pub fn attach_to_parent() {}

    /// Outside Windows the GUI subsystem does not exist; standard error has said it already.
    pub fn message_box(_caption: &str, _text: &str) {}
}

/// Standard output that remembers whether any write failed (the commands write with
/// `writeln!` and go on; the exit code must still tell).
struct Watched<W: std::io::Write> {
    inner: W,
    failed: bool,
}

impl<W: std::io::Write> Watched<W> {
    fn new(inner: W) -> Self {
        Self {
            inner,
            failed: false,
        }
    }

    /// Remembers a failed write. A reader that stopped reading on purpose (`| grep -q`,
    /// `| head`: a broken pipe) lost nothing it wanted; a full disk or a closed file did.
    fn note<T>(&mut self, result: &std::io::Result<T>) {
        if let Err(e) = result {
            self.failed |= e.kind() != std::io::ErrorKind::BrokenPipe;
        }
    }

    /// Flushes; true when everything written arrived.
    fn finish(&mut self) -> bool {
        let flushed = self.inner.flush();
        self.note(&flushed);
        !self.failed
    }
}

impl<W: std::io::Write> std::io::Write for Watched<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let result = self.inner.write(buf);
        self.note(&result);
        result
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let result = self.inner.flush();
        self.note(&result);
        result
    }
}
