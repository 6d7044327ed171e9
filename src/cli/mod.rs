//! The command line: the same core as the wizard, for scripts and help desks.
//!
//! `mailwiz` alone opens the wizard; `mailwiz lookup ADDRESS [--json]` prints the built-in
//! settings for an address, `mailwiz guide ADDRESS --client ID` the numbered setup steps, and
//! `mailwiz export ADDRESS --format FORMAT [-o FILE]` one of the export formats of
//! [`crate::core::export`] (never with the code inside). The global `--lang` picks the language of
//! every command. Exit codes: 0 found, 2 malformed input (also: a format that cannot be made for
//! these settings, or a file that cannot be written), 3 domain not in the built-in list (or no
//! settings apply: the reason comes from [`crate::core::settings::resolve`], as in the wizard),
//! 4 the answer could not be written. The JSON shape is stable: help-desk scripts rely on it.
//!
//! `args.rs` holds the arguments, exit codes and the checks every command shares; this file the
//! commands that read settings; `test.rs` the real login test.

use std::io::Write;

use serde::Serialize;

use crate::core::address::Address;
use crate::core::client::model::Client;
use crate::core::discovery::{Discovered, Source, discover};
use crate::core::export::{self, Format, autoconfig_instructions};
use crate::core::i18n::{Arg, Lang, tr, tr_args};
use crate::core::provider::model::{Endpoint, PasswordKind, Provider, UsernameForm};
use crate::core::provider::{Lookup, database};
use crate::core::settings::{self, AccountSettings, Incoming, ServerChoice, summary_text};

mod args;
mod domain;
mod test;

pub use self::args::{
    Cli, Command, DomainCommand, EXIT_BAD_INPUT, EXIT_NOT_KNOWN, EXIT_OK, EXIT_OUTPUT_FAILED,
    EXIT_TEST_FAILED, ExportArgs, NetArgs, ProviderCommand, TestArgs, ca_bundles, client_ids,
    dns_server, input_error, unresolved_exit, unresolved_text,
};
use self::args::{say, say_text};
pub use self::test::PASSWORD_ENV;

/// The `lookup --json` object.
#[derive(Debug, Serialize)]
pub struct LookupJson {
    /// The address, normalised.
    pub address: String,
    /// Provider id (null when discovery found servers of no known provider).
    pub provider_id: Option<String>,
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
    pub password_kind: PasswordKind,
    /// Known quirks, in words.
    pub notes: Vec<String>,
    /// Where the settings came from: builtin, autoconfig, ispdb, mx, srv or guess.
    pub source: Source,
    /// Whether the source is trusted without the person's confirmation.
    pub trusted: bool,
    /// When the answer comes from mailwiz's built-in copy of the ISPDB: the copy's date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ispdb_snapshot: Option<&'static str>,
}

impl LookupJson {
    fn from_provider(address: &Address, provider: &Provider, lang: Lang) -> Self {
        Self {
            address: address.display(),
            provider_id: Some(provider.id.clone()),
            display_name: provider.display_name.get(lang).to_owned(),
            imap: provider.imap.clone(),
            pop3: provider.pop3.clone(),
            smtp: provider.smtp.clone(),
            username: provider.username_for(address),
            password_kind: provider.password_kind,
            notes: notes(provider, lang),
            source: Source::Builtin,
            trusted: true,
            ispdb_snapshot: None,
        }
    }

    /// From a discovery result; a known provider (found by its MX) keeps its name and notes.
    pub fn from_discovered(address: &Address, d: &Discovered, lang: Lang) -> Self {
        let provider = d.provider_id.as_deref().and_then(|id| database().get(id));
        let mut json = match provider {
            Some(p) => Self::from_provider(address, p, lang),
            None => Self {
                address: address.display(),
                provider_id: d.provider_id.clone(),
                display_name: d
                    .display_name
                    .clone()
                    .unwrap_or_else(|| address.domain_unicode.clone()),
                imap: Vec::new(),
                pop3: Vec::new(),
                smtp: Vec::new(),
                username: match d.username {
                    UsernameForm::FullAddress => address.ascii(),
                    UsernameForm::LocalPart => address.local.clone(),
                },
                password_kind: d.password_kind,
                notes: Vec::new(),
                source: Source::Builtin,
                trusted: true,
                ispdb_snapshot: None,
            },
        };
        json.imap = d.imap.clone();
        json.pop3 = d.pop3.clone();
        json.smtp = d.smtp.clone();
        json.source = d.source;
        json.trusted = d.trusted;
        // Answered by the built-in copy (offline) rather than the online ISPDB.
        if d.source == Source::Ispdb
            && crate::core::ispdb::snapshot()
                .by_domain(&address.domain_ascii)
                .is_some()
        {
            json.ispdb_snapshot = Some(crate::core::ispdb::SNAPSHOT_DATE);
        }
        json
    }
}

/// The quirks of a provider in words.
pub fn notes(provider: &Provider, lang: Lang) -> Vec<String> {
    provider
        .quirks
        .iter()
        .map(|q| tr(lang, q.message_id()))
        .collect()
}

/// Runs a subcommand, writing to `out`/`err`; returns the exit code.
pub fn run(command: &Command, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match command {
        Command::Lookup { address, json, net } => lookup(address, *json, net, lang, out, err),
        Command::Test(args) => test::run(args, lang, out, err),
        Command::Provider(command) => provider_command(command, lang, out, err),
        Command::Guide {
            address,
            client,
            protocol,
        } => guide(address, client, protocol, lang, out, err),
        Command::Export(args) => export_command(args, lang, out, err),
        Command::Domain(command) => domain::run(command, lang, out, err),
    }
}

fn lookup(
    input: &str,
    json: bool,
    net: &NetArgs,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let fail =
        |out: &mut dyn Write, err: &mut dyn Write, address: &str, code: &str, message: String| {
            if json {
                say(
                    out,
                    format_args!(
                        "{}",
                        serde_json::json!({"address": address, "error": code, "message": message})
                    ),
                );
            } else {
                say(err, format_args!("{message}"));
            }
        };
    // The network settings are checked even when no network is needed: a bad flag is bad
    // input whatever the address.
    let config = match net.net_config(lang) {
        Ok(config) => config,
        Err(message) => {
            say(err, format_args!("{message}"));
            return EXIT_BAD_INPUT;
        }
    };
    let result = match database().lookup(input) {
        Lookup::Malformed(e) => {
            let message = tr(lang, e.message_id());
            fail(out, err, input.trim(), "malformed_address", message);
            return EXIT_BAD_INPUT;
        }
        Lookup::Found { address, provider } => LookupJson::from_provider(&address, provider, lang),
        Lookup::NotInList { address } => {
            let cancel = crate::core::probe::CancelToken::new();
            let (found, statuses) = discover(&address, &config, &cancel, &mut |_| {});
            match found {
                Some(d) => LookupJson::from_discovered(&address, &d, lang),
                None => {
                    let message = tr_args(
                        lang,
                        "lookup-nothing-found",
                        &[("domain", Arg::Str(&address.domain_unicode))],
                    );
                    // Why each source found nothing: a bomb, a size limit, a redirect loop and
                    // a closed port must not all read the same.
                    let sources: Vec<_> = statuses
                        .iter()
                        .filter(|p| p.source != Source::Builtin)
                        .map(|p| {
                            serde_json::json!({
                                "source": p.source.code(),
                                "status": p.status.code(),
                                "reason": p.status.reason(),
                            })
                        })
                        .collect();
                    if json {
                        say(
                            out,
                            format_args!(
                                "{}",
                                serde_json::json!({
                                    "address": address.display(),
                                    "error": "not_found",
                                    "message": message,
                                    "sources": sources,
                                })
                            ),
                        );
                    } else {
                        say(err, format_args!("{message}"));
                        for p in statuses.iter().filter(|p| p.source != Source::Builtin) {
                            let said = p
                                .status
                                .reason()
                                .unwrap_or_else(|| tr(lang, p.status.message_id()));
                            let source = tr(lang, p.source.message_id());
                            say(err, format_args!("  {source}: {said}"));
                        }
                    }
                    return EXIT_NOT_KNOWN;
                }
            }
        }
    };
    if json {
        match serde_json::to_string_pretty(&result) {
            Ok(text) => {
                say(out, format_args!("{text}"));
            }
            Err(e) => {
                say(err, format_args!("{e}"));
                return EXIT_BAD_INPUT;
            }
        }
    } else {
        say_text(out, format_args!("{}", lookup_text(&result, lang)));
    }
    EXIT_OK
}

fn provider_command(
    command: &ProviderCommand,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    use crate::core::clientconfig;
    let (text, output) = match command {
        ProviderCommand::List => {
            // Every built-in domain once, with where it comes from: own files, then the
            // built-in copy of the ISPDB (less the domains own files already answer).
            for p in database().all() {
                let domains = p.domains.join(", ");
                say(out, format_args!("{:<24} {:<8} {domains}", p.id, "builtin"));
            }
            for p in crate::core::ispdb::snapshot().all() {
                let domains: Vec<&str> = p
                    .domains
                    .iter()
                    .map(String::as_str)
                    .filter(|d| database().by_domain(d).is_none())
                    .collect();
                if !domains.is_empty() {
                    let domains = domains.join(", ");
                    say(out, format_args!("{:<24} {:<8} {domains}", p.id, "ispdb"));
                }
            }
            return EXIT_OK;
        }
        ProviderCommand::Export { id, output } => {
            let wanted = id.trim().to_lowercase();
            let provider = database()
                .get(&wanted)
                .or_else(|| database().by_domain(&wanted));
            let Some(provider) = provider else {
                let id = crate::core::shown::escaped(id);
                say(
                    err,
                    format_args!("{}: {id}", tr(lang, "cli-unknown-provider")),
                );
                return EXIT_NOT_KNOWN;
            };
            (clientconfig::to_client_config_xml(provider), output)
        }
        ProviderCommand::Import { file, output } => {
            // Read no further than the largest document the parser takes.
            let cap = clientconfig::MAX_DOCUMENT_BYTES as u64;
            let xml = match crate::core::input::read_file_capped(file, cap) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(xml) => xml,
                    Err(_) => {
                        let e = crate::core::input::InputError::NotText;
                        say(err, format_args!("{}", input_error(file, &e, lang)));
                        return EXIT_BAD_INPUT;
                    }
                },
                Err(e) => {
                    say(err, format_args!("{}", input_error(file, &e, lang)));
                    return EXIT_BAD_INPUT;
                }
            };
            // The name as a person may see it, and as it goes into the comment line (a
            // newline in the name once broke out of the comment into the TOML).
            let file_shown = crate::core::shown::escaped(&file.display().to_string());
            let config = match clientconfig::parse_client_config(&xml) {
                Ok(config) => config,
                Err(e) => {
                    say(
                        err,
                        format_args!("{file_shown}: {} ({e})", tr(lang, "cli-bad-client-config")),
                    );
                    return EXIT_BAD_INPUT;
                }
            };
            let source = format!("clientConfig file {file_shown}");
            let provider = clientconfig::provider_from_client_config(&config, &source, &today());
            match toml::to_string_pretty(&provider) {
                Ok(toml) => (
                    format!(
                        "# Imported by mailwiz from {file_shown}.\n# Review before use: translate display_name, add setup_steps, help_url and quirks.\n{toml}"
                    ),
                    output,
                ),
                Err(e) => {
                    say(err, format_args!("{e}"));
                    return EXIT_BAD_INPUT;
                }
            }
        }
    };
    match output {
        Some(path) => {
            // A new temporary file beside the target, then renamed: never through a planted
            // link, never over another file, no half-written file on failure.
            if let Err(e) = crate::core::export::write_file(path, &text) {
                let shown = crate::core::shown::escaped(&path.display().to_string());
                say(err, format_args!("{shown}: {e}"));
                return EXIT_BAD_INPUT;
            }
        }
        None => {
            say_text(out, format_args!("{text}"));
        }
    }
    EXIT_OK
}

/// Today's date (UTC) as YYYY-MM-DD, from the system clock.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let (year, month, day) = crate::core::date::civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

fn guide(
    input: &str,
    client_id: &str,
    protocol: &str,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let client = match find_client(client_id, lang, err) {
        Ok(client) => client,
        Err(code) => return code,
    };
    match settings_for(input, incoming_for(protocol), lang, err) {
        Ok(settings) => {
            say_text(
                out,
                format_args!("{}", summary_text(&settings, client, lang)),
            );
            EXIT_OK
        }
        Err(code) => code,
    }
}

fn export_command(args: &ExportArgs, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Some(format) = Format::from_code(&args.format) else {
        say(err, format_args!("mailwiz: --format {}", args.format));
        return EXIT_BAD_INPUT;
    };
    let client = match args.client.as_deref().map(|id| find_client(id, lang, err)) {
        None => None,
        Some(Ok(client)) => Some(client),
        Some(Err(code)) => return code,
    };
    if format.needs_client() && client.is_none() {
        say(
            err,
            format_args!("{}: {}", tr(lang, "cli-export-needs-client"), client_ids()),
        );
        return EXIT_BAD_INPUT;
    }
    let settings = match settings_for(&args.address, incoming_for(&args.protocol), lang, err) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    // The QR code goes to a file as a PNG or SVG picture, chosen by the file's extension; as
    // text (standard output) it is the SVG.
    let png = match (format, &args.output) {
        (Format::ThunderbirdQr, Some(path)) => {
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase());
            match ext.as_deref() {
                Some("png") => true,
                Some("svg") => false,
                _ => {
                    say(err, format_args!("{}", tr(lang, "cli-export-qr-extension")));
                    return EXIT_BAD_INPUT;
                }
            }
        }
        _ => false,
    };
    let made = if png {
        export::export_file(format, &settings, client, lang)
    } else {
        export::export(format, &settings, client, lang).map(String::into_bytes)
    };
    let content = match made {
        Ok(content) => content,
        Err(e) => {
            say(err, format_args!("{}", tr(lang, e.message_id())));
            return EXIT_BAD_INPUT;
        }
    };
    let where_to = match format {
        Format::Autoconfig => autoconfig_instructions(&settings, lang).ok(),
        // How to install it, and why the device calls it "unverified".
        Format::Mobileconfig => Some(tr(lang, "save-profile-hint")),
        _ => None,
    };
    match &args.output {
        None => {
            say_text(out, format_args!("{}", String::from_utf8_lossy(&content)));
            // Standard output stays exactly the file; the hint goes beside it.
            if let Some(hint) = where_to {
                say(err, format_args!("{hint}"));
            }
        }
        Some(path) => {
            let shown = crate::core::shown::escaped(&path.display().to_string());
            if let Err(e) = crate::core::export::write_file(path, &content) {
                say(
                    err,
                    format_args!(
                        "{}",
                        tr_args(
                            lang,
                            "cli-export-write-failed",
                            &[
                                ("path", Arg::Str(&shown)),
                                ("error", Arg::Str(&e.to_string()))
                            ]
                        )
                    ),
                );
                return EXIT_BAD_INPUT;
            }
            say(
                out,
                format_args!(
                    "{}",
                    tr_args(lang, "cli-export-written", &[("path", Arg::Str(&shown))])
                ),
            );
            if let Some(hint) = where_to {
                say(out, format_args!("{hint}"));
            }
        }
    }
    EXIT_OK
}

fn incoming_for(protocol: &str) -> Incoming {
    if protocol == "pop3" {
        Incoming::Pop3
    } else {
        Incoming::Imap
    }
}

/// The client with this id, or the "unknown mail program" message and [`EXIT_BAD_INPUT`].
fn find_client(id: &str, lang: Lang, err: &mut dyn Write) -> Result<&'static Client, i32> {
    crate::core::client::catalog().get(id).ok_or_else(|| {
        say(
            err,
            format_args!("{}: {}", tr(lang, "cli-unknown-client"), client_ids()),
        );
        EXIT_BAD_INPUT
    })
}

/// The built-in settings for what was typed (decided by [`settings::resolve`], as in the
/// wizard), or the message and exit code: [`EXIT_BAD_INPUT`] for a malformed address,
/// [`EXIT_NOT_KNOWN`] for anything else that leaves no settings.
fn settings_for(
    input: &str,
    incoming: Incoming,
    lang: Lang,
    err: &mut dyn Write,
) -> Result<AccountSettings, i32> {
    settings::resolve(input, incoming, ServerChoice::Detected).map_err(|unresolved| {
        say(err, format_args!("{}", unresolved_text(&unresolved, lang)));
        unresolved_exit(&unresolved)
    })
}

fn lookup_text(r: &LookupJson, lang: Lang) -> String {
    let sec = |e: &Endpoint| tr(lang, e.security.message_id());
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
        tr(lang, r.password_kind.value_id())
    ));
    for n in &r.notes {
        s.push_str(&format!("  • {n}\n"));
    }
    if r.source != Source::Builtin {
        let source = tr(lang, r.source.message_id());
        s.push_str(&format!(
            "  {}\n",
            tr_args(lang, "lookup-found-by", &[("source", Arg::Str(&source))])
        ));
        if let Some(date) = r.ispdb_snapshot {
            s.push_str(&format!(
                "  {}\n",
                tr_args(lang, "lookup-ispdb-snapshot", &[("date", Arg::Str(date))])
            ));
        }
        if !r.trusted {
            s.push_str(&format!("  ! {}\n", tr(lang, "lookup-needs-confirmation")));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::provider::model::Quirk;

    /// Discovery pointed at closed loopback ports: every source fails at once, nothing leaves
    /// the machine.
    fn offline() -> NetArgs {
        let closed = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let dns = closed.local_addr().unwrap().to_string();
        drop(closed);
        NetArgs {
            dns: Some(dns),
            ispdb_url: Some("https://127.0.0.1:9/".into()),
            ca_file: Vec::new(),
            timeout: Some(1.0),
        }
    }

    fn run_lookup(address: &str, json: bool) -> (i32, String, String) {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let code = run(
            &Command::Lookup {
                address: address.into(),
                json,
                net: offline(),
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
                let unverified = p.quirks.contains(&Quirk::ServersUnverified);
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
    fn today_is_a_date() {
        let t = today();
        assert_eq!(t.len(), 10, "{t}");
        assert!(t.as_str() >= "2025-01-01", "{t}");
    }

    #[test]
    fn provider_export_then_import_keeps_the_servers() {
        let dir = std::env::temp_dir().join(format!("mailwiz-provider-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for p in database().all().iter().filter(|p| !p.smtp.is_empty()) {
            let xml_path = dir.join(format!("{}.xml", p.id));
            let mut out = Vec::new();
            let mut err = Vec::new();
            let export = Command::Provider(ProviderCommand::Export {
                id: p.id.clone(),
                output: Some(xml_path.clone()),
            });
            assert_eq!(
                run(&export, Lang::En, &mut out, &mut err),
                EXIT_OK,
                "{}",
                p.id
            );
            let import = Command::Provider(ProviderCommand::Import {
                file: xml_path,
                output: None,
            });
            assert_eq!(
                run(&import, Lang::En, &mut out, &mut err),
                EXIT_OK,
                "{}",
                p.id
            );
            let text = String::from_utf8(out).unwrap();
            let toml_text: String = text
                .lines()
                .filter(|l| !l.starts_with('#'))
                .collect::<Vec<_>>()
                .join("\n");
            let back: Provider =
                toml::from_str(&toml_text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", p.id));
            assert_eq!(back.imap, p.imap, "{}", p.id);
            assert_eq!(back.pop3, p.pop3, "{}", p.id);
            assert_eq!(back.smtp, p.smtp, "{}", p.id);
            assert_eq!(back.username, p.username, "{}", p.id);
            assert_eq!(back.domains, p.domains, "{}", p.id);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn provider_import_rejects_what_is_not_a_client_config() {
        let path = std::env::temp_dir().join(format!("mailwiz-bad-{}.xml", std::process::id()));
        std::fs::write(&path, "<html>not a config</html>").unwrap();
        let mut out = Vec::new();
        let mut err = Vec::new();
        let import = Command::Provider(ProviderCommand::Import {
            file: path.clone(),
            output: None,
        });
        assert_eq!(run(&import, Lang::En, &mut out, &mut err), EXIT_BAD_INPUT);
        assert!(out.is_empty());
        let _ = std::fs::remove_file(&path);
        let export = Command::Provider(ProviderCommand::Export {
            id: "nope".into(),
            output: None,
        });
        assert_eq!(run(&export, Lang::En, &mut out, &mut err), EXIT_NOT_KNOWN);
    }

    #[test]
    fn exit_codes() {
        assert_eq!(run_lookup("nobody", false).0, EXIT_BAD_INPUT);
        let (code, _, err) = run_lookup("a@example.org", false);
        assert_eq!(code, EXIT_NOT_KNOWN);
        assert!(err.contains("example.org"), "{err}");
    }
}
