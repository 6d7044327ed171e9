//! The command line: the same core as the wizard, for scripts and help desks.
//!
//! `mailwiz` alone opens the wizard; `mailwiz lookup ADDRESS [--json]` prints the built-in
//! settings for an address. Exit codes: 0 found, 2 malformed input, 3 domain not in the built-in
//! list. The JSON shape is stable: help-desk scripts rely on it.

use std::io::Write;

use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::core::i18n::{Arg, Lang, tr, tr_args};
use crate::core::provider::model::{Endpoint, Provider};
use crate::core::provider::{Lookup, database};
use crate::core::settings::{AccountSettings, Incoming, summary_text};

/// Command-line arguments.
#[derive(Debug, Parser)]
#[command(
    name = "mailwiz",
    version,
    about = "Set up your mail program: servers, codes, a real test."
)]
pub struct Cli {
    /// Language for messages: zh-CN, zh-TW or en (default: the system's language).
    #[arg(long, global = true)]
    pub lang: Option<String>,
    /// Open the wizard with this address filled in (still editable).
    #[arg(long)]
    pub address: Option<String>,
    /// Open the wizard with this mail program chosen, by id (e.g. foxmail, thunderbird).
    #[arg(long)]
    pub client: Option<String>,
    /// Open the wizard with IMAP or POP3 chosen.
    #[arg(long, value_parser = ["imap", "pop3"])]
    pub protocol: Option<String>,
    /// Open the wizard with the incoming server typed in by hand: HOST:PORT:SECURITY
    /// (security tls, starttls or none), e.g. mail.example.com:993:tls.
    #[arg(long, value_name = "HOST:PORT:SECURITY")]
    pub incoming: Option<String>,
    /// Open the wizard with the outgoing (SMTP) server typed in by hand: HOST:PORT:SECURITY.
    #[arg(long, value_name = "HOST:PORT:SECURITY")]
    pub outgoing: Option<String>,
    /// Open the wizard on this step (client, address, protocol, code, test, summary).
    #[arg(long, hide = true)]
    pub step: Option<String>,
    /// What to do; nothing opens the wizard.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Answers given on the command line for the wizard to start with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefill {
    /// Language.
    pub lang: Option<Lang>,
    /// Address.
    pub address: Option<String>,
    /// Client id.
    pub client: Option<String>,
    /// "imap" or "pop3".
    pub protocol: Option<String>,
    /// Step name.
    pub step: Option<String>,
    /// Incoming server typed by hand, HOST:PORT:SECURITY.
    pub incoming: Option<String>,
    /// Outgoing server typed by hand, HOST:PORT:SECURITY.
    pub outgoing: Option<String>,
}

impl Cli {
    /// The wizard's pre-filled answers.
    pub fn prefill(&self) -> Prefill {
        Prefill {
            lang: self.lang.as_deref().and_then(Lang::from_code),
            address: self.address.clone(),
            client: self.client.clone(),
            protocol: self.protocol.clone(),
            step: self.step.clone(),
            incoming: self.incoming.clone(),
            outgoing: self.outgoing.clone(),
        }
    }
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the settings for an e-mail address.
    Lookup {
        /// The e-mail address.
        address: String,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Log in for real and diagnose what is wrong. The code comes from --password-stdin, the
    /// MAILWIZ_PASSWORD environment variable, or the keyring — never from an argument.
    Test(TestArgs),
    /// Print the numbered setup steps for a mail program, in its own field labels.
    Guide {
        /// The e-mail address.
        address: String,
        /// The mail program's id: outlook-classic, outlook-new, outlook-mac, foxmail,
        /// thunderbird, apple-mail-ios, apple-mail-mac, gmail-android.
        #[arg(long)]
        client: String,
        /// IMAP or POP3.
        #[arg(long, default_value = "imap", value_parser = ["imap", "pop3"])]
        protocol: String,
    },
}

/// Arguments of `mailwiz test`.
#[derive(Debug, Clone, clap::Args)]
pub struct TestArgs {
    /// The e-mail address (also the login name unless the provider says otherwise).
    pub address: String,
    /// Which protocol(s) to test.
    #[arg(long, default_value = "all", value_parser = ["imap", "pop3", "smtp", "all"])]
    pub protocol: String,
    /// Server to test instead of the built-in settings (with --protocol all: for all three).
    #[arg(long)]
    pub host: Option<String>,
    /// Port (single protocol; default: the standard port for the security).
    #[arg(long)]
    pub port: Option<u16>,
    /// Security: tls (implicit), starttls or none.
    #[arg(long, value_parser = ["tls", "starttls", "none"])]
    pub security: Option<String>,
    /// IMAP port with --protocol all.
    #[arg(long)]
    pub imap_port: Option<u16>,
    /// POP3 port with --protocol all.
    #[arg(long)]
    pub pop3_port: Option<u16>,
    /// SMTP port with --protocol all.
    #[arg(long)]
    pub smtp_port: Option<u16>,
    /// Extra trusted root certificate(s) in PEM (adds to the system roots; never disables checks).
    #[arg(long = "ca-file", env = "MAILWIZ_CA_FILE")]
    pub ca_file: Vec<std::path::PathBuf>,
    /// Give up on the whole test after this many seconds (default 45).
    #[arg(long)]
    pub timeout: Option<u64>,
    /// Read the code from the first line of standard input.
    #[arg(long)]
    pub password_stdin: bool,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also print the redacted protocol transcript.
    #[arg(long)]
    pub transcript: bool,
}

/// Exit code: found / success.
pub const EXIT_OK: i32 = 0;
/// Exit code: the input is malformed.
pub const EXIT_BAD_INPUT: i32 = 2;
/// Exit code: the domain is not in the built-in list.
pub const EXIT_NOT_KNOWN: i32 = 3;
/// Exit code: a test ran and at least one protocol failed.
pub const EXIT_TEST_FAILED: i32 = 1;

/// The `lookup --json` object.
#[derive(Debug, Serialize)]
pub struct LookupJson {
    /// The address, normalised.
    pub address: String,
    /// Provider id.
    pub provider_id: String,
    /// Provider name in the chosen language.
    pub display_name: String,
    /// IMAP endpoints, preferred first.
    pub imap: Vec<Endpoint>,
    /// POP3 endpoints, preferred first.
    pub pop3: Vec<Endpoint>,
    /// SMTP endpoints, preferred first.
    pub smtp: Vec<Endpoint>,
    /// Login name.
    pub username: String,
    /// `authorization_code`, `app_password`, `password` or `oauth2_only`.
    pub password_kind: String,
    /// Known quirks, in words.
    pub notes: Vec<String>,
}

/// The quirks of a provider in words.
pub fn notes(provider: &Provider, lang: Lang) -> Vec<String> {
    provider
        .quirks
        .iter()
        .map(|q| tr(lang, &format!("quirk-{}", q.replace('_', "-"))))
        .collect()
}

/// Runs a subcommand, writing to `out`/`err`; returns the exit code.
pub fn run(command: &Command, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match command {
        Command::Lookup { address, json } => lookup(address, *json, lang, out, err),
        Command::Test(args) => crate::cli_test::run(args, lang, out, err),
        Command::Guide {
            address,
            client,
            protocol,
        } => guide(address, client, protocol, lang, out, err),
    }
}

fn lookup(input: &str, json: bool, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match database().lookup(input) {
        Lookup::Malformed(e) => {
            let message = tr(lang, &format!("address-error-{}", e.code()));
            if json {
                let _ = writeln!(
                    out,
                    "{}",
                    serde_json::json!({"address": input.trim(), "error": "malformed_address", "message": message})
                );
            } else {
                let _ = writeln!(err, "{message}");
            }
            EXIT_BAD_INPUT
        }
        Lookup::NotInList { address } => {
            let message = tr_args(
                lang,
                "lookup-not-in-list",
                &[("domain", Arg::Str(&address.domain_unicode))],
            );
            if json {
                let _ = writeln!(
                    out,
                    "{}",
                    serde_json::json!({"address": address.display(), "error": "not_in_built_in_list", "message": message})
                );
            } else {
                let _ = writeln!(err, "{message}");
            }
            EXIT_NOT_KNOWN
        }
        Lookup::Found { address, provider } => {
            let result = LookupJson {
                address: address.display(),
                provider_id: provider.id.clone(),
                display_name: provider.display_name.get(lang).to_owned(),
                imap: provider.imap.clone(),
                pop3: provider.pop3.clone(),
                smtp: provider.smtp.clone(),
                username: provider.username_for(&address),
                password_kind: provider.password_kind.code().to_owned(),
                notes: notes(provider, lang),
            };
            if json {
                match serde_json::to_string_pretty(&result) {
                    Ok(text) => {
                        let _ = writeln!(out, "{text}");
                    }
                    Err(e) => {
                        let _ = writeln!(err, "{e}");
                        return EXIT_BAD_INPUT;
                    }
                }
            } else {
                let _ = write!(out, "{}", lookup_text(&result, lang));
            }
            EXIT_OK
        }
    }
}

fn guide(
    input: &str,
    client_id: &str,
    protocol: &str,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some(client) = crate::core::client::catalog().get(client_id) else {
        let ids: Vec<&str> = crate::core::client::catalog()
            .all()
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        let _ = writeln!(
            err,
            "{}: {}",
            tr(lang, "cli-unknown-client"),
            ids.join(", ")
        );
        return EXIT_BAD_INPUT;
    };
    let incoming = if protocol == "pop3" {
        Incoming::Pop3
    } else {
        Incoming::Imap
    };
    match database().lookup(input) {
        Lookup::Malformed(e) => {
            let _ = writeln!(err, "{}", tr(lang, &format!("address-error-{}", e.code())));
            EXIT_BAD_INPUT
        }
        Lookup::NotInList { address } => {
            let _ = writeln!(
                err,
                "{}",
                tr_args(
                    lang,
                    "lookup-not-in-list",
                    &[("domain", Arg::Str(&address.domain_unicode))]
                )
            );
            EXIT_NOT_KNOWN
        }
        Lookup::Found { address, provider } => {
            match AccountSettings::from_provider(&address, provider, incoming) {
                Some(settings) => {
                    let _ = write!(out, "{}", summary_text(&settings, client, lang));
                    EXIT_OK
                }
                None => {
                    let id = if incoming == Incoming::Pop3 {
                        "blocker-no-pop3"
                    } else {
                        "blocker-no-imap"
                    };
                    let _ = writeln!(err, "{}", tr(lang, id));
                    EXIT_NOT_KNOWN
                }
            }
        }
    }
}

fn lookup_text(r: &LookupJson, lang: Lang) -> String {
    let sec = |e: &Endpoint| tr(lang, &format!("security-{}", e.security.code()));
    let mut s = format!("{} — {}\n", r.address, r.display_name);
    for (name, list) in [("IMAP", &r.imap), ("POP3", &r.pop3), ("SMTP", &r.smtp)] {
        for (i, e) in list.iter().enumerate() {
            let tag = if i == 0 {
                name.to_owned()
            } else {
                format!("{name} ({})", tr(lang, "cli-alternative"))
            };
            s.push_str(&format!("  {tag:<18} {}:{}  {}\n", e.host, e.port, sec(e)));
        }
    }
    s.push_str(&format!("  {}: {}\n", tr(lang, "hd-username"), r.username));
    s.push_str(&format!(
        "  {}: {}\n",
        tr(lang, "hd-password-kind"),
        tr(
            lang,
            &format!("value-password-{}", r.password_kind.replace('_', "-"))
        )
    ));
    for n in &r.notes {
        s.push_str(&format!("  • {n}\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_lookup(address: &str, json: bool) -> (i32, String, String) {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let code = run(
            &Command::Lookup {
                address: address.into(),
                json,
            },
            Lang::En,
            &mut out,
            &mut err,
        );
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn json_shape_is_stable() {
        let (code, out, _) = run_lookup("Someone@QQ.com", true);
        assert_eq!(code, EXIT_OK);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        for k in [
            "address",
            "provider_id",
            "display_name",
            "imap",
            "pop3",
            "smtp",
            "username",
            "password_kind",
            "notes",
        ] {
            assert!(keys.contains(&k), "missing {k}");
        }
        assert_eq!(v["provider_id"], "qq");
        assert_eq!(
            v["imap"][0],
            serde_json::json!({"host": "imap.qq.com", "port": 993, "security": "tls"})
        );
        assert_eq!(v["smtp"][1]["security"], "starttls");
        assert_eq!(v["password_kind"], "authorization_code");
        assert_eq!(v["username"], "Someone@qq.com");
    }

    #[test]
    fn every_provider_domain_looks_up_to_its_provider() {
        for p in database().all() {
            for d in &p.domains {
                let (code, out, err) = run_lookup(&format!("someone@{d}"), true);
                assert_eq!(code, EXIT_OK, "{d}: {err}");
                let v: serde_json::Value = serde_json::from_str(&out).unwrap();
                assert_eq!(v["provider_id"], p.id.as_str(), "{d}");
                let unverified = p.quirks.iter().any(|q| q == "servers_unverified");
                let incoming =
                    v["imap"].as_array().unwrap().len() + v["pop3"].as_array().unwrap().len();
                assert_eq!(incoming == 0, unverified, "{d}: incoming servers");
                assert_eq!(
                    v["smtp"].as_array().unwrap().is_empty(),
                    unverified,
                    "{d}: smtp"
                );
            }
        }
    }

    #[test]
    fn guide_prints_client_labels() {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let command = Command::Guide {
            address: "someone@qq.com".into(),
            client: "thunderbird".into(),
            protocol: "pop3".into(),
        };
        assert_eq!(run(&command, Lang::ZhCn, &mut out, &mut err), EXIT_OK);
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("pop.qq.com") && text.contains("995") && text.contains("主机名"),
            "{text}"
        );
    }

    #[test]
    fn exit_codes() {
        assert_eq!(run_lookup("nobody", false).0, EXIT_BAD_INPUT);
        let (code, _, err) = run_lookup("a@example.org", false);
        assert_eq!(code, EXIT_NOT_KNOWN);
        assert!(err.contains("example.org"), "{err}");
    }
}
