//! `mailwiz domain check DOMAIN` and `mailwiz domain publish DOMAIN --from ADDRESS|FILE -o DIR`:
//! the command line of [`crate::core::domain`].

use std::io::Write;
use std::path::Path;

use super::args::{DomainCommand, EXIT_BAD_INPUT, EXIT_OK, EXIT_TEST_FAILED, input_error, say};
use crate::core::clientconfig;
use crate::core::discovery::{Discovered, Found, Source};
use crate::core::domain::{self, PublishError};
use crate::core::i18n::{Arg, Lang, tr, tr_args};
use crate::core::net::CancelToken;
use crate::core::settings::{self, AccountSettings, Incoming, ServerChoice};

/// Runs a `domain` command; returns the exit code.
pub fn run(command: &DomainCommand, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match command {
        DomainCommand::Check {
            domain,
            address,
            json,
            net,
        } => {
            let net = match net.net_config(lang) {
                Ok(net) => net,
                Err(message) => {
                    say(err, format_args!("{message}"));
                    return EXIT_BAD_INPUT;
                }
            };
            let Some(report) = domain::check(domain, address.as_deref(), &net, &CancelToken::new())
            else {
                say(err, format_args!("{}", tr(lang, "domain-bad-domain")));
                return EXIT_BAD_INPUT;
            };
            if *json {
                match serde_json::to_string_pretty(&report) {
                    Ok(text) => say(out, format_args!("{text}")),
                    Err(_) => return EXIT_TEST_FAILED,
                }
            } else {
                super::args::say_text(out, format_args!("{}", domain::report_text(&report, lang)));
            }
            if report.all_ok() {
                EXIT_OK
            } else {
                EXIT_TEST_FAILED
            }
        }
        DomainCommand::Publish {
            domain,
            from,
            protocol,
            output,
        } => publish(domain, from, protocol, output, lang, out, err),
    }
}

/// The settings to publish: those of an address mailwiz knows, or of a clientConfig file.
fn settings_from(
    domain: &str,
    from: &str,
    incoming: Incoming,
    lang: Lang,
    err: &mut dyn Write,
) -> Result<AccountSettings, i32> {
    let path = Path::new(from);
    if !path.exists() && from.contains('@') {
        return settings::resolve(from, incoming, ServerChoice::Detected).map_err(|unresolved| {
            say(
                err,
                format_args!("{}", super::args::unresolved_text(&unresolved, lang)),
            );
            super::args::unresolved_exit(&unresolved)
        });
    }
    let cap = clientconfig::MAX_DOCUMENT_BYTES as u64;
    let xml = match crate::core::input::read_file_capped(path, cap) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
            let e = crate::core::input::InputError::NotText;
            say(err, format_args!("{}", input_error(path, &e, lang)));
            EXIT_BAD_INPUT
        })?,
        Err(e) => {
            say(err, format_args!("{}", input_error(path, &e, lang)));
            return Err(EXIT_BAD_INPUT);
        }
    };
    let shown = crate::core::shown::escaped(&path.display().to_string());
    let mut config = clientconfig::parse_client_config(&xml).map_err(|e| {
        say(
            err,
            format_args!("{shown}: {} ({e})", tr(lang, "cli-bad-client-config")),
        );
        EXIT_BAD_INPUT
    })?;
    config.fill_email_domain(domain);
    // Settings for the domain's postmaster: the files describe every address of the domain.
    let found = Found {
        domain: domain.to_owned(),
        confirmed: true,
        discovered: Discovered::from_client_config(config, Source::Autoconfig, true),
    };
    let address = format!("postmaster@{domain}");
    settings::resolve(&address, incoming, ServerChoice::Discovered(Some(&found))).map_err(
        |unresolved| {
            say(
                err,
                format_args!("{}", super::args::unresolved_text(&unresolved, lang)),
            );
            super::args::unresolved_exit(&unresolved)
        },
    )
}

fn publish(
    domain: &str,
    from: &str,
    protocol: &str,
    output: &Path,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some(domain) = clientconfig::normalize_domain(domain) else {
        say(err, format_args!("{}", tr(lang, "domain-bad-domain")));
        return EXIT_BAD_INPUT;
    };
    let incoming = if protocol == "pop3" {
        Incoming::Pop3
    } else {
        Incoming::Imap
    };
    let settings = match settings_from(&domain, from, incoming, lang, err) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    let published = match domain::publish(&domain, &settings, lang) {
        Ok(published) => published,
        Err(PublishError::Export(e)) => {
            say(err, format_args!("{}", tr(lang, e.message_id())));
            return EXIT_BAD_INPUT;
        }
        Err(PublishError::OtherDomain) => {
            say(
                err,
                format_args!("{}", tr(lang, "domain-publish-other-domain")),
            );
            return EXIT_BAD_INPUT;
        }
        Err(e) => {
            say(err, format_args!("{e}"));
            return EXIT_BAD_INPUT;
        }
    };
    if let Err(e) = published.write_to(output) {
        let shown = crate::core::shown::escaped(&e.to_string());
        say(err, format_args!("{shown}"));
        return EXIT_BAD_INPUT;
    }
    for (path, _) in &published.files {
        let shown = crate::core::shown::escaped(&output.join(path).display().to_string());
        say(
            out,
            format_args!(
                "{}",
                tr_args(lang, "cli-export-written", &[("path", Arg::Str(&shown))])
            ),
        );
    }
    EXIT_OK
}
