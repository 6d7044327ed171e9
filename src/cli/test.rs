//! `mailwiz test`: the real login test and diagnosis on the command line.
//!
//! Settles the endpoints (built-in settings for the address, or --host/--port/--security), gets
//! the code (standard input, MAILWIZ_PASSWORD, or the keyring — never an argument), runs the
//! chosen protocols in parallel, diagnoses each result and prints text or JSON. With
//! --send-test-message the SMTP test also sends one short message from the address to itself,
//! in the chosen language. With --dns (or MAILWIZ_DNS) names are looked up at that DNS server
//! only, as `mailwiz lookup` does. Exit 0 when every
//! protocol passed, 1 when any failed, 2 for bad input, 3 when the address is not in the built-in
//! list and no --host was given.

use std::io::{BufRead, Write};
use std::thread;
use std::time::Duration;

use serde::Serialize;

use super::args::{
    EXIT_BAD_INPUT, EXIT_NOT_KNOWN, EXIT_OK, EXIT_TEST_FAILED, TestArgs, ca_bundles, dns_server,
    say, say_text, unresolved_exit, unresolved_text,
};
use crate::core::address::{self, Address};
use crate::core::diagnosis::{
    Code, Diagnosis, all_passed, diagnose, fix_text, provider_steps, transcript_lines,
};
use crate::core::i18n::{Arg, Lang, tr, tr_args};
use crate::core::input::{InputError, MAX_CODE_BYTES, code_line};
use crate::core::net::Resolver;
use crate::core::ports::standard_port;
use crate::core::probe::{
    CancelToken, ProbeOptions, ProbeRequest, ProbeResult, Protocol, TestMessage, Timeouts, died,
    run_probe_guarded,
};
use crate::core::provider::database;
use crate::core::provider::model::{Endpoint, Provider, Security};
use crate::core::secret::{KeyringRef, KeyringStore, Secret, SecretStore};
use crate::core::settings::{self, Incoming, ServerChoice, Unresolved};

/// The environment variable that may carry the code for scripts.
pub const PASSWORD_ENV: &str = "MAILWIZ_PASSWORD";

/// One protocol's result in the JSON output.
#[derive(Debug, Serialize)]
pub struct ResultJson {
    /// imap, pop3 or smtp.
    pub protocol: &'static str,
    /// Server.
    pub host: String,
    /// Port.
    pub port: u16,
    /// tls, starttls or none.
    pub security: &'static str,
    /// Whether it passed.
    pub ok: bool,
    /// The diagnosis code.
    pub diagnosis: &'static str,
    /// The explanation in the chosen language.
    pub explanation: String,
    /// The fix in the chosen language.
    pub fix: String,
    /// The server's own words.
    pub server_message: Option<String>,
    /// Stages with timings.
    pub stages: Vec<StageJson>,
    /// The redacted transcript (only with --transcript).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transcript: Option<Vec<String>>,
    /// When the fix is the provider's own settings (switch the service on, make a new code):
    /// those steps and the provider's help page, in the chosen language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_fix: Option<ProviderFixJson>,
}

/// The known provider's own steps for a fix, in the JSON output.
#[derive(Debug, Serialize)]
pub struct ProviderFixJson {
    /// The provider's id (as in `lookup --json`).
    pub provider_id: String,
    /// The steps in the provider's settings, in order.
    pub steps: Vec<String>,
    /// The provider's official help page.
    pub help_url: String,
}

/// One stage in the JSON output.
#[derive(Debug, Serialize)]
pub struct StageJson {
    /// Stage name (dns, connect, secure, greeting, capabilities, login, mailbox).
    pub name: String,
    /// Whether it succeeded.
    pub ok: bool,
    /// Milliseconds it took.
    pub millis: u64,
    /// Technical detail.
    pub detail: String,
}

/// The whole JSON output.
#[derive(Debug, Serialize)]
pub struct TestJson {
    /// The address tested.
    pub address: String,
    /// One entry per protocol.
    pub results: Vec<ResultJson>,
}

/// The longest whole-test time limit `--timeout` accepts, in seconds.
const MAX_TIMEOUT_SECS: u64 = 600;

fn fail_input(err: &mut dyn Write, message: &str) -> i32 {
    say(err, format_args!("mailwiz: {message}"));
    EXIT_BAD_INPUT
}

fn parse_security(code: &str) -> Security {
    match code {
        "starttls" => Security::Starttls,
        "none" => Security::None,
        _ => Security::Tls,
    }
}

fn protocols(choice: &str) -> Vec<Protocol> {
    match choice {
        "imap" => vec![Protocol::Imap],
        "pop3" => vec![Protocol::Pop3],
        "smtp" => vec![Protocol::Smtp],
        _ => vec![Protocol::Imap, Protocol::Pop3, Protocol::Smtp],
    }
}

/// The endpoints to test, or an exit code with the message already written.
fn endpoints(
    args: &TestArgs,
    lang: Lang,
    err: &mut dyn Write,
) -> Result<Vec<(Protocol, Endpoint)>, i32> {
    let chosen = protocols(&args.protocol);
    if let Some(host) = &args.host {
        let Some(host) = crate::core::address::server_host(host) else {
            return Err(fail_input(err, &tr(lang, "manual-invalid")));
        };
        let security = parse_security(args.security.as_deref().unwrap_or("tls"));
        if chosen.len() > 1 && args.port.is_some() {
            return Err(fail_input(err, &tr(lang, "cli-port-with-all")));
        }
        return Ok(chosen
            .into_iter()
            .map(|protocol| {
                let specific = match protocol {
                    Protocol::Imap => args.imap_port,
                    Protocol::Pop3 => args.pop3_port,
                    Protocol::Smtp => args.smtp_port,
                };
                let port = args
                    .port
                    .or(specific)
                    .unwrap_or_else(|| standard_port(protocol, security));
                (
                    protocol,
                    Endpoint {
                        host: host.clone(),
                        port,
                        security,
                    },
                )
            })
            .collect());
    }
    // The built-in settings, decided where the wizard's are, for each incoming protocol.
    let imap = settings::resolve(&args.address, Incoming::Imap, ServerChoice::Detected);
    let pop3 = settings::resolve(&args.address, Incoming::Pop3, ServerChoice::Detected);
    let explicit = args.protocol != "all";
    let mut list = Vec::new();
    for protocol in chosen {
        let resolved = match protocol {
            Protocol::Imap => &imap,
            Protocol::Pop3 => &pop3,
            Protocol::Smtp if imap.is_ok() => &imap,
            Protocol::Smtp => &pop3,
        };
        match resolved {
            Ok(settings) if protocol == Protocol::Smtp => {
                list.push((protocol, settings.outgoing.clone()));
            }
            Ok(settings) => list.push((protocol, settings.incoming.clone())),
            // With --protocol all, a protocol the provider does not offer is left out.
            Err(Unresolved::NoIncoming(_)) if !explicit => {}
            Err(Unresolved::NotInList { .. }) => {
                say(err, format_args!("{}", tr(lang, "cli-test-needs-host")));
                return Err(EXIT_NOT_KNOWN);
            }
            Err(unresolved) => {
                say(err, format_args!("{}", unresolved_text(unresolved, lang)));
                return Err(unresolved_exit(unresolved));
            }
        }
    }
    Ok(list)
}

/// The code: standard input (one line, capped, UTF-8), then the environment, then the keyring.
fn read_secret(
    args: &TestArgs,
    address: &Address,
    stdin: &mut dyn BufRead,
) -> Result<Option<Secret>, InputError> {
    if args.password_stdin {
        return code_line(stdin)?
            .map(|code| checked_code(Secret::new(code.as_str())))
            .transpose();
    }
    if let Some(code) = std::env::var_os(PASSWORD_ENV).filter(|c| !c.is_empty()) {
        let code = code.into_string().map_err(|_| InputError::NotText)?;
        return checked_code(Secret::new(code)).map(Some);
    }
    // The keyring may wait for an unlock prompt nobody sees (a locked Secret Service over
    // SSH): asked on its own thread, and given up on after a while, as "no code".
    let entry = KeyringRef::for_address(&address.ascii());
    let (tx, rx) = std::sync::mpsc::channel();
    thread::spawn(move || {
        let loaded = KeyringStore::install_and_check_native()
            .ok()
            .and_then(|store| store.load(&entry).ok());
        let _ = tx.send(loaded);
    });
    match rx.recv_timeout(KEYRING_WAIT) {
        Ok(Some(secret)) => checked_code(secret).map(Some),
        Ok(None) | Err(_) => Ok(None),
    }
}

/// How long `mailwiz test` waits for the keyring before going on without it.
const KEYRING_WAIT: Duration = Duration::from_secs(10);

/// A code from any source, refused when it is longer than [`MAX_CODE_BYTES`] or holds a
/// control character (no mail server takes one, and it would end as a protocol error).
fn checked_code(secret: Secret) -> Result<Secret, InputError> {
    let code = secret.expose();
    if code.len() as u64 > MAX_CODE_BYTES {
        return Err(InputError::TooLarge(MAX_CODE_BYTES));
    }
    if code.chars().any(char::is_control) {
        return Err(InputError::NotText);
    }
    Ok(secret)
}

/// Runs `mailwiz test` with standard input.
pub fn run(args: &TestArgs, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    run_with_stdin(args, lang, &mut std::io::stdin().lock(), out, err)
}

/// Runs `mailwiz test` reading the code (with --password-stdin) from `stdin`.
pub fn run_with_stdin(
    args: &TestArgs,
    lang: Lang,
    stdin: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    // The TLS set-up is the slowest part of a start; it runs while the rest gets ready.
    crate::core::probe::prepare_tls();
    let address = match address::parse(&args.address) {
        Ok(a) => a,
        Err(e) => return fail_input(err, &tr(lang, e.message_id())),
    };
    let provider = database().by_domain(&address.domain_ascii);
    let endpoints = match endpoints(args, lang, err) {
        Ok(list) => list,
        Err(code) => return code,
    };
    // A test message asked for and no SMTP to send it with is not a pass.
    if args.send_test_message && !endpoints.iter().any(|(p, _)| *p == Protocol::Smtp) {
        say(err, format_args!("{}", tr(lang, "cli-test-no-smtp")));
        return EXIT_NOT_KNOWN;
    }
    let extra_roots_pem = match ca_bundles(&args.ca_file, lang) {
        Ok(pems) => pems,
        Err(message) => return fail_input(err, &message),
    };
    let secret = match read_secret(args, &address, stdin) {
        Ok(Some(secret)) => secret,
        Ok(None) => return fail_input(err, &tr(lang, "cli-test-no-code")),
        Err(InputError::TooLarge(cap)) => {
            let limit = Arg::Num(i64::try_from(cap).unwrap_or(i64::MAX));
            return fail_input(
                err,
                &tr_args(lang, "cli-code-too-long", &[("limit", limit)]),
            );
        }
        Err(_) => return fail_input(err, &tr(lang, "cli-code-not-text")),
    };
    let mut timeouts = Timeouts::default();
    if let Some(secs) = args.timeout {
        // Bounded: a huge value once overflowed `Instant + Duration` inside every probe thread.
        if !(1..=MAX_TIMEOUT_SECS).contains(&secs) {
            return fail_input(err, &tr(lang, "cli-bad-timeout"));
        }
        timeouts.total = Duration::from_secs(secs);
        timeouts.connect = timeouts.connect.min(timeouts.total);
        timeouts.reply = timeouts.reply.min(timeouts.total);
    }
    let dns_server = match dns_server(args.dns.as_deref(), lang) {
        Ok(server) => server,
        Err(message) => return fail_input(err, &message),
    };
    let username = provider
        .map(|p| p.username_for(&address))
        .unwrap_or_else(|| address.ascii());

    // Every chosen protocol at once: the whole test takes as long as the slowest one.
    let cancel = CancelToken::new();
    let handles: Vec<_> = endpoints
        .into_iter()
        .map(|(protocol, endpoint)| {
            let request = ProbeRequest {
                protocol,
                endpoint: endpoint.clone(),
                username: username.clone(),
                secret: secret.clone(),
                extra_roots_pem: extra_roots_pem.clone(),
                timeouts,
            };
            let options = ProbeOptions {
                test_message: (args.send_test_message && protocol == Protocol::Smtp).then(|| {
                    TestMessage {
                        address: address.ascii(),
                        subject: tr(lang, "test-message-subject"),
                        body: tr(lang, "test-message-body"),
                    }
                }),
                resolver: Resolver::from_dns_server(dns_server),
            };
            let cancel = cancel.clone();
            let handle =
                thread::spawn(move || run_probe_guarded(&request, &options, &cancel, &mut |_| {}));
            (protocol, endpoint, handle)
        })
        .collect();
    drop(secret);
    // Never a false green: a check whose thread died is a failed row of its own.
    let results: Vec<ProbeResult> = handles
        .into_iter()
        .map(|(protocol, endpoint, handle)| {
            handle.join().unwrap_or_else(|_| died(protocol, &endpoint))
        })
        .collect();
    let diagnoses: Vec<Diagnosis> = results.iter().map(|r| diagnose(r, provider)).collect();
    let all_ok = all_passed(&diagnoses);

    if args.json {
        let json = TestJson {
            address: address.display(),
            results: results
                .iter()
                .zip(&diagnoses)
                .map(|(r, d)| result_json(r, d, provider, args.transcript, lang))
                .collect(),
        };
        match serde_json::to_string_pretty(&json) {
            Ok(text) => {
                say(out, format_args!("{text}"));
            }
            Err(e) => return fail_input(err, &e.to_string()),
        }
    } else {
        for (r, d) in results.iter().zip(&diagnoses) {
            say_text(
                out,
                format_args!("{}", result_text(r, d, provider, args.transcript, lang)),
            );
        }
    }
    if all_ok { EXIT_OK } else { EXIT_TEST_FAILED }
}

fn security_label(security: Security, lang: Lang) -> String {
    tr(lang, security.message_id())
}
fn result_json(
    r: &ProbeResult,
    d: &Diagnosis,
    provider: Option<&Provider>,
    with_transcript: bool,
    lang: Lang,
) -> ResultJson {
    ResultJson {
        protocol: r.protocol.code(),
        host: r.endpoint.host.clone(),
        port: r.endpoint.port,
        security: r.endpoint.security.code(),
        ok: d.code == Code::Ok,
        diagnosis: d.code.as_str(),
        explanation: tr(lang, d.code.message_id()),
        fix: fix_text(d, lang),
        server_message: r.server_message.clone(),
        stages: r
            .stages
            .iter()
            .map(|s| StageJson {
                name: crate::core::settings::stage_name(s.stage).to_owned(),
                ok: s.ok,
                millis: s.millis,
                detail: s.detail.clone(),
            })
            .collect(),
        transcript: with_transcript.then(|| transcript_lines(r)),
        provider_fix: provider
            .filter(|_| d.code != Code::Ok && d.code.fix_is_provider_steps())
            .map(|p| ProviderFixJson {
                provider_id: p.id.clone(),
                steps: p.setup_steps.get(lang).to_vec(),
                help_url: p.help_url.clone(),
            }),
    }
}

fn result_text(
    r: &ProbeResult,
    d: &Diagnosis,
    provider: Option<&Provider>,
    with_transcript: bool,
    lang: Lang,
) -> String {
    let mut s = format!(
        "{} {}:{} {} — {} {}\n",
        r.protocol.code().to_uppercase(),
        r.endpoint.host,
        r.endpoint.port,
        security_label(r.endpoint.security, lang),
        if d.code == Code::Ok { "✓" } else { "×" },
        tr(lang, d.code.message_id()),
    );
    for stage in &r.stages {
        s.push_str(&format!(
            "    {} {:<10} {:>5} ms  {}\n",
            if stage.ok { "✓" } else { "×" },
            crate::core::settings::stage_name(stage.stage),
            stage.millis,
            stage.detail
        ));
    }
    if d.code != Code::Ok {
        s.push_str(&format!("  {}\n", fix_text(d, lang)));
        if let Some(msg) = &r.server_message {
            s.push_str(&format!("  {}: {msg}\n", tr(lang, "hd-server-said")));
        }
        if let Some((heading, steps)) = provider_steps(d, provider, lang)
            .as_deref()
            .and_then(<[String]>::split_first)
        {
            s.push_str(&format!("  {heading}\n"));
            for step in steps {
                s.push_str(&format!("    {step}\n"));
            }
            if let Some(p) = provider {
                s.push_str(&format!("    {}\n", p.help_url));
            }
        }
    }
    if with_transcript {
        for line in transcript_lines(r) {
            s.push_str(&format!("  {line}\n"));
        }
    }
    s
}
