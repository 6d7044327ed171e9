//! Entry point: no subcommand opens the wizard; a subcommand runs on the command line.

use clap::Parser;
use mailwiz::cli::{self, Cli};
use mailwiz::core::i18n::Lang;

fn main() {
    let _ = mailwiz::STARTED.set(std::time::Instant::now());
    let args = Cli::parse();
    let lang = args.lang.as_deref().and_then(Lang::from_code);
    match &args.command {
        Some(command) => {
            let lang = lang.unwrap_or_else(Lang::from_os);
            let code = cli::run(
                command,
                lang,
                &mut std::io::stdout(),
                &mut std::io::stderr(),
            );
            std::process::exit(code);
        }
        None => {
            if let Err(e) = mailwiz::ui::run(args.prefill()) {
                eprintln!("mailwiz: cannot open the window: {e}");
                std::process::exit(1);
            }
        }
    }
}
