//! The command line's arguments (clap), its exit codes, and the checks of argument values that
//! every command shares (`--dns`, `--ca-file`), each reported in the person's language.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::core::discovery::NetConfig;
use crate::core::export::Format;
use crate::core::i18n::{Arg, Lang, tr, tr_args};
use crate::core::provider::model::Security;
use crate::core::settings::Incoming;
use crate::core::settings::Unresolved;
use crate::ui::StartOptions;
use crate::ui::state::{ManualServer, Step};

/// Command-line arguments.
#[derive(Debug, Parser)]
#[command(
    name = "mailwiz",
    version,
    about = "Set up your mail program: servers, codes, a real test."
)]
pub struct Cli {
    /// Language for messages: zh-CN, zh-TW or en (default: the system's language).
    #[arg(long, global = true, value_parser = known_lang)]
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
    #[arg(long, hide = true, value_parser = Step::ALL.map(Step::code))]
    pub step: Option<String>,
    /// Open the wizard in help-desk mode (bigger text, numbered controls, reference code).
    #[arg(long)]
    pub helpdesk: bool,
    /// Where the wizard's automatic discovery looks, and the extra roots its tests trust.
    #[command(flatten)]
    pub net: NetArgs,
    /// What to do; nothing opens the wizard.
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// What the wizard starts with, every value checked: the message for the first bad one.
    pub fn start_options(&self, lang: Lang) -> Result<StartOptions, String> {
        let client_id = match self.client.as_deref() {
            None => None,
            Some(id) => match crate::core::client::catalog().get(id) {
                Some(client) => Some(client.id.clone()),
                None => {
                    return Err(format!(
                        "{}: {}",
                        tr(lang, "cli-unknown-client"),
                        client_ids()
                    ));
                }
            },
        };
        let server = |text: Option<&str>| match text {
            None => Ok(None),
            Some(text) => manual_server(text)
                .map(Some)
                .ok_or_else(|| tr(lang, "cli-bad-server")),
        };
        Ok(StartOptions {
            lang: self.lang.as_deref().and_then(Lang::from_code),
            address: self.address.clone(),
            client_id,
            incoming: match self.protocol.as_deref() {
                Some("pop3") => Some(Incoming::Pop3),
                Some(_) => Some(Incoming::Imap),
                None => None,
            },
            step: self.step.as_deref().and_then(Step::from_code),
            manual_incoming: server(self.incoming.as_deref())?,
            manual_outgoing: server(self.outgoing.as_deref())?,
            helpdesk: self.helpdesk,
            net: self.net.net_config(lang)?,
        })
    }
}

/// `--lang`: a language mailwiz speaks (zh-CN, zh-TW, en and their usual variants).
fn known_lang(text: &str) -> Result<String, String> {
    Lang::from_code(text)
        .map(|_| text.to_owned())
        .ok_or_else(|| "zh-CN, zh-TW, en".to_owned())
}

/// A server typed on the command line, HOST:PORT:SECURITY (security tls or ssl, starttls, none).
fn manual_server(text: &str) -> Option<ManualServer> {
    let mut parts = text.trim().rsplitn(3, ':');
    let security = match parts.next()?.to_ascii_lowercase().as_str() {
        "tls" | "ssl" => Security::Tls,
        "starttls" => Security::Starttls,
        "none" => Security::None,
        _ => return None,
    };
    let port: u16 = parts.next()?.parse().ok().filter(|p| *p > 0)?;
    let host = crate::core::address::server_host(parts.next()?)?;
    Some(ManualServer {
        host,
        port: port.to_string(),
        security,
    })
}

/// Every client id, comma-separated, for "choose one of" messages.
pub fn client_ids() -> String {
    crate::core::client::catalog()
        .all()
        .iter()
        .map(|c| c.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
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
        /// Where automatic discovery looks.
        #[command(flatten)]
        net: NetArgs,
    },
    /// Log in for real and diagnose what is wrong. The code comes from --password-stdin, the
    /// MAILWIZ_PASSWORD environment variable, or the keyring — never from an argument.
    Test(TestArgs),
    /// Import or export provider data as Thunderbird clientConfig v1.1 XML.
    #[command(subcommand)]
    Provider(ProviderCommand),
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
    /// Write the settings as a file: an Apple profile, a Thunderbird autoconfig file, an Outlook
    /// Autodiscover response, or a settings sheet / printable guide. The code is never included.
    Export(ExportArgs),
    /// For an organisation's own domain: what every mail program finds, and what to publish.
    #[command(subcommand)]
    Domain(DomainCommand),
}

/// `mailwiz domain …`.
#[derive(Debug, Subcommand)]
pub enum DomainCommand {
    /// Walk each mail program's discovery chain for DOMAIN and print what it would find, from
    /// where, whether it is encrypted and consistent, and what is missing. Exit 0 when every
    /// program finds working settings, 1 otherwise.
    Check {
        /// The domain, e.g. example.com.
        domain: String,
        /// The address sent in Outlook's Autodiscover request (default postmaster@DOMAIN).
        #[arg(long)]
        address: Option<String>,
        /// Print one JSON object instead of the table.
        #[arg(long)]
        json: bool,
        /// Where the check looks.
        #[command(flatten)]
        net: NetArgs,
    },
    /// Write the files and DNS records that make every mail program find DOMAIN's settings:
    /// autoconfig, Autodiscover, SRV zone lines, an Apple profile and a README.
    Publish {
        /// The domain, e.g. example.com.
        domain: String,
        /// An address at the domain whose settings mailwiz knows, or a Thunderbird clientConfig
        /// file (config-v1.1.xml) with the domain's servers.
        #[arg(long, value_name = "ADDRESS|FILE")]
        from: String,
        /// IMAP or POP3.
        #[arg(long, default_value = "imap", value_parser = ["imap", "pop3"])]
        protocol: String,
        /// The folder to write into (created if missing).
        #[arg(short = 'o', long = "output", value_name = "DIR")]
        output: PathBuf,
    },
}

/// Arguments of `mailwiz export`.
#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// The e-mail address.
    pub address: String,
    /// What to write.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(Format::ALL.map(Format::code)))]
    pub format: String,
    /// The mail program's id, for markdown, text and html (e.g. thunderbird, foxmail).
    #[arg(long)]
    pub client: Option<String>,
    /// IMAP or POP3.
    #[arg(long, default_value = "imap", value_parser = ["imap", "pop3"])]
    pub protocol: String,
    /// Write to this file instead of standard output (replaced only once complete).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Where automatic discovery looks, for domains not in the built-in list: flag first, then
/// environment variable.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct NetArgs {
    /// DNS server to ask instead of the system's, HOST:PORT.
    #[arg(long = "dns", env = "MAILWIZ_DNS", value_name = "HOST:PORT")]
    pub dns: Option<String>,
    /// Base URL of Thunderbird's ISPDB (default https://autoconfig.thunderbird.net/v1.1/).
    #[arg(long = "ispdb-url", env = "MAILWIZ_ISPDB_URL", value_name = "URL")]
    pub ispdb_url: Option<String>,
    /// Extra trusted root certificate(s) in PEM (adds to the system roots; never disables checks).
    #[arg(long = "ca-file", env = "MAILWIZ_CA_FILE", value_name = "PEM")]
    pub ca_file: Vec<std::path::PathBuf>,
    /// Each source's own time limit in seconds (default 5); sources run at the same time.
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,
}

impl NetArgs {
    /// The discovery configuration, or what is wrong with the arguments, in words.
    pub fn net_config(&self, lang: Lang) -> Result<NetConfig, String> {
        let mut net = NetConfig {
            dns_server: dns_server(self.dns.as_deref(), lang)?,
            extra_roots_pem: ca_bundles(&self.ca_file, lang)?,
            ..NetConfig::default()
        };
        if let Some(url) = self.ispdb_url.as_deref().filter(|u| !u.trim().is_empty()) {
            crate::core::discovery::autoconfig::check_url(url)
                .map_err(|_| tr(lang, "cli-bad-ispdb-url"))?;
            net.ispdb_url = url.trim().to_owned();
        }
        if let Some(secs) = self.timeout {
            if !(0.1..=600.0).contains(&secs) {
                return Err(tr(lang, "cli-bad-lookup-timeout"));
            }
            net.timeout = std::time::Duration::from_secs_f64(secs);
        }
        Ok(net)
    }
}

/// `--dns HOST:PORT` (or `MAILWIZ_DNS`): `None` when not given, else one address with a port
/// from 1 to 65535, or the message saying how to write it.
pub fn dns_server(text: Option<&str>, lang: Lang) -> Result<Option<std::net::SocketAddr>, String> {
    use std::net::ToSocketAddrs;
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    text.to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .filter(|a| a.port() != 0)
        .map(Some)
        .ok_or_else(|| tr(lang, "cli-bad-dns"))
}

/// The CA bundles of `--ca-file` (or `MAILWIZ_CA_FILE`), each read with a size cap and checked
/// to hold readable certificates, or the message for the first that is not.
pub fn ca_bundles(paths: &[PathBuf], lang: Lang) -> Result<Vec<Vec<u8>>, String> {
    paths
        .iter()
        .map(|path| crate::core::input::ca_bundle(path).map_err(|e| input_error(path, &e, lang)))
        .collect()
}

/// What is wrong with an input file, in words.
pub fn input_error(path: &Path, e: &crate::core::input::InputError, lang: Lang) -> String {
    use crate::core::input::InputError;
    let shown = crate::core::shown::escaped(&path.display().to_string());
    let path_arg = ("path", Arg::Str(&shown));
    let id = e.message_id();
    match e {
        InputError::Unreadable(io) => {
            tr_args(lang, id, &[path_arg, ("error", Arg::Str(&io.to_string()))])
        }
        InputError::TooLarge(cap) => tr_args(
            lang,
            id,
            &[
                path_arg,
                (
                    "limit",
                    Arg::Num(i64::try_from(cap / 1024).unwrap_or(i64::MAX)),
                ),
            ],
        ),
        InputError::NotText | InputError::NoCertificate => tr_args(lang, id, &[path_arg]),
        InputError::BadCertificate(n) => tr_args(
            lang,
            id,
            &[
                path_arg,
                ("n", Arg::Num(i64::try_from(*n).unwrap_or(i64::MAX))),
            ],
        ),
    }
}

/// `mailwiz provider …`: exchange provider data with Thunderbird's clientConfig v1.1 format.
#[derive(Debug, Subcommand)]
pub enum ProviderCommand {
    /// Read a clientConfig v1.1 file (ISPDB / autoconfig XML) and print it as a mailwiz provider
    /// file (TOML) for assets/providers/, to review and translate before use.
    Import {
        /// The XML file.
        file: std::path::PathBuf,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<std::path::PathBuf>,
    },
    /// Print a built-in provider as a clientConfig v1.1 file (for isp/DOMAIN.xml or
    /// https://autoconfig.DOMAIN/mail/config-v1.1.xml).
    Export {
        /// The provider id (see `mailwiz provider list`) or one of its domains.
        id: String,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<std::path::PathBuf>,
    },
    /// List the built-in providers: id, then domains.
    List,
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
    #[arg(long, requires = "host", value_parser = clap::value_parser!(u16).range(1..))]
    pub port: Option<u16>,
    /// Security: tls (implicit), starttls or none.
    #[arg(long, requires = "host", value_parser = ["tls", "starttls", "none"])]
    pub security: Option<String>,
    /// IMAP port with --protocol all.
    #[arg(long, requires = "host", value_parser = clap::value_parser!(u16).range(1..))]
    pub imap_port: Option<u16>,
    /// POP3 port with --protocol all.
    #[arg(long, requires = "host", value_parser = clap::value_parser!(u16).range(1..))]
    pub pop3_port: Option<u16>,
    /// SMTP port with --protocol all.
    #[arg(long, requires = "host", value_parser = clap::value_parser!(u16).range(1..))]
    pub smtp_port: Option<u16>,
    /// Extra trusted root certificate(s) in PEM (adds to the system roots; never disables checks).
    #[arg(long = "ca-file", env = "MAILWIZ_CA_FILE")]
    pub ca_file: Vec<std::path::PathBuf>,
    /// Give up on the whole test after this many seconds, 1 to 600 (default 45).
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
    /// After a successful SMTP login, send one short test message from the address to itself
    /// (never without this flag; IMAP and POP3 tests are not affected).
    #[arg(long)]
    pub send_test_message: bool,
    /// DNS server to look the server's name up at instead of the system's, HOST:PORT.
    #[arg(long = "dns", env = "MAILWIZ_DNS", value_name = "HOST:PORT")]
    pub dns: Option<String>,
}

/// Exit code: found / success.
pub const EXIT_OK: i32 = 0;
/// Exit code: the input is malformed.
pub const EXIT_BAD_INPUT: i32 = 2;
/// Exit code: the domain is not in the built-in list.
pub const EXIT_NOT_KNOWN: i32 = 3;
/// Exit code: a test ran and at least one protocol failed.
pub const EXIT_TEST_FAILED: i32 = 1;
/// Exit code: the command's answer could not be written (a full disk, a closed pipe).
pub const EXIT_OUTPUT_FAILED: i32 = 4;

/// Why no settings apply, in words (the domain named when it is not in the list).
pub fn unresolved_text(unresolved: &Unresolved, lang: Lang) -> String {
    match unresolved {
        Unresolved::NotInList { domain } => {
            tr_args(lang, "lookup-not-in-list", &[("domain", Arg::Str(domain))])
        }
        other => tr(lang, other.message_id()),
    }
}

/// The exit code for settings that do not resolve.
pub fn unresolved_exit(unresolved: &Unresolved) -> i32 {
    match unresolved {
        Unresolved::Address(_) => EXIT_BAD_INPUT,
        _ => EXIT_NOT_KNOWN,
    }
}

/// Writes one line of a command's answer (to `out`) or of a message (to `err`).
///
/// A failed write is decided about in one place, not here: the program's entry watches standard
/// output and ends with [`EXIT_OUTPUT_FAILED`] when any of the answer was lost; a message lost on
/// standard error has nowhere better to go.
pub fn say(to: &mut dyn Write, text: std::fmt::Arguments<'_>) {
    let _ = to.write_fmt(text).and_then(|()| to.write_all(b"\n"));
}

/// [`say`] without the line end (for text that brings its own).
pub fn say_text(to: &mut dyn Write, text: std::fmt::Arguments<'_>) {
    let _ = to.write_fmt(text);
}
