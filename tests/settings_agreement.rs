//! One decision, asked everywhere: for every built-in provider (and a discovered, an unverified,
//! a company and a hand-typed case) the wizard, `mailwiz guide`, `mailwiz export` and
//! `mailwiz test` reach the same verdict as `core::settings::resolve` — the same servers, or the
//! same reason (in the same words) why there are none.
//!
//! `mailwiz test` runs as its own program, as a help desk runs it, with a DNS server (dnsmasq)
//! that knows no name: it names the servers it would test in its JSON and fails at once, so no
//! connection leaves this machine.

mod common;

use std::process::Command as Process;

use mailwiz::cli::{self, Command, ExportArgs, unresolved_exit, unresolved_text};
use mailwiz::core::discovery::{Discovered, Found, Source};
use mailwiz::core::i18n::Lang;
use mailwiz::core::provider::database;
use mailwiz::core::provider::model::{Endpoint, PasswordKind, Security, UsernameForm};
use mailwiz::core::settings::{
    AccountSettings, Incoming, ManualEntry, ServerChoice, Unresolved, resolve,
};
use mailwiz::ui::state::{Blocker, ManualServer, Persisted, ProviderChoice, Wizard};
use serde_json::Value;

const INCOMINGS: [Incoming; 2] = [Incoming::Imap, Incoming::Pop3];

/// The wizard's verdict for an address with the built-in provider its domain names.
fn wizard_detected(address: &str, incoming: Incoming) -> Result<AccountSettings, Unresolved> {
    let persisted = Persisted {
        address: address.to_owned(),
        incoming,
        provider_choice: ProviderChoice::Detected,
        ..Persisted::default()
    };
    unwrap_blocker(Wizard::new(persisted, Lang::En).settings())
}

fn unwrap_blocker(result: Result<AccountSettings, Blocker>) -> Result<AccountSettings, Unresolved> {
    result.map_err(|b| match b {
        Blocker::Settings(unresolved) => unresolved,
        other => panic!("the settings gave a blocker of another step: {other:?}"),
    })
}

/// Runs a CLI command in process; (exit code, stdout, stderr).
fn run(command: Command) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cli::run(&command, Lang::En, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

/// `guide` and `export` agree with the core verdict: exit 0 and the servers, or the reason's
/// words and exit code.
fn assert_commands_agree(
    address: &str,
    incoming: Incoming,
    expected: &Result<AccountSettings, Unresolved>,
) {
    let protocol = incoming.code().to_owned();
    let guide = run(Command::Guide {
        address: address.to_owned(),
        client: "thunderbird".to_owned(),
        protocol: protocol.clone(),
    });
    let export = run(Command::Export(ExportArgs {
        address: address.to_owned(),
        format: "text".to_owned(),
        client: Some("thunderbird".to_owned()),
        protocol,
        output: None,
    }));
    for (name, (code, out, err)) in [("guide", guide), ("export", export)] {
        match expected {
            Ok(settings) => {
                assert_eq!(code, 0, "{name} {address} {incoming:?}: {err}");
                for host in [&settings.incoming.host, &settings.outgoing.host] {
                    assert!(
                        out.contains(host.as_str()),
                        "{name} {address}: {host} in {out}"
                    );
                }
                assert!(out.contains(&settings.incoming.port.to_string()));
            }
            Err(unresolved) => {
                assert_eq!(
                    code,
                    unresolved_exit(unresolved),
                    "{name} {address} {incoming:?}"
                );
                assert_eq!(
                    err.trim(),
                    unresolved_text(unresolved, Lang::En),
                    "{name} {address} {incoming:?} says why in the same words"
                );
            }
        }
    }
}

/// `mailwiz test --json` for one protocol, against a DNS server that knows no name, with any
/// `extra` arguments (`--host …`).
fn cli_test(
    address: &str,
    protocol: &str,
    dns: &str,
    extra: &[&str],
) -> (i32, Option<Value>, String) {
    let output = Process::new(env!("CARGO_BIN_EXE_mailwiz"))
        .args([
            "--lang",
            "en",
            "test",
            address,
            "--protocol",
            protocol,
            "--json",
        ])
        .args(extra)
        .args(["--dns", dns, "--timeout", "5"])
        .env("MAILWIZ_PASSWORD", "agreement-test-code")
        .env_remove("MAILWIZ_CA_FILE")
        .output()
        .expect("run mailwiz");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    (
        output.status.code().unwrap_or(-1),
        serde_json::from_str(&stdout).ok(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The servers `mailwiz test` named in its JSON, as (protocol, host, port).
fn tested(json: &Value) -> Vec<(String, String, u64)> {
    json["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            (
                r["protocol"].as_str().unwrap_or_default().to_owned(),
                r["host"].as_str().unwrap_or_default().to_owned(),
                r["port"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn every_provider_gets_one_verdict_from_the_wizard_guide_and_export() {
    let mut checked = 0;
    for provider in database().all() {
        for domain in &provider.domains {
            let address = format!("someone@{domain}");
            for incoming in INCOMINGS {
                let expected = resolve(&address, incoming, ServerChoice::Detected);
                assert_eq!(
                    wizard_detected(&address, incoming),
                    expected,
                    "the wizard, for {address} {incoming:?}"
                );
                assert_commands_agree(&address, incoming, &expected);
                checked += 1;
            }
        }
    }
    assert!(checked > 60, "only {checked} cases");
}

#[test]
fn every_domain_of_the_built_in_ispdb_copy_gets_one_verdict_too() {
    let mut checked = 0;
    for provider in mailwiz::core::ispdb::snapshot().all() {
        for domain in &provider.domains {
            if database().by_domain(domain).is_some() {
                continue; // mailwiz's own file answers (checked above)
            }
            let address = format!("someone@{domain}");
            for incoming in INCOMINGS {
                let expected = resolve(&address, incoming, ServerChoice::Detected);
                if let Ok(settings) = &expected {
                    assert_eq!(settings.provider_id.as_deref(), Some(provider.id.as_str()));
                }
                assert_eq!(wizard_detected(&address, incoming), expected, "{address}");
                assert_commands_agree(&address, incoming, &expected);
                checked += 1;
            }
        }
    }
    assert!(checked > 1500, "only {checked} cases");
}

#[test]
fn the_188_mailbox_is_unverified_everywhere() {
    for incoming in INCOMINGS {
        let expected = resolve("someone@188.com", incoming, ServerChoice::Detected);
        assert_eq!(expected, Err(Unresolved::ProviderUnverified));
        assert_eq!(wizard_detected("someone@188.com", incoming), expected);
        assert_commands_agree("someone@188.com", incoming, &expected);
    }
}

#[test]
fn not_in_the_list_and_malformed_addresses_agree() {
    for address in ["someone@not-in-any-list.example", "no at sign", ""] {
        for incoming in INCOMINGS {
            let expected = resolve(address, incoming, ServerChoice::Detected);
            assert!(expected.is_err(), "{address}");
            assert_eq!(wizard_detected(address, incoming), expected);
            assert_commands_agree(address, incoming, &expected);
        }
    }
}

#[test]
fn mailwiz_test_tests_the_servers_the_wizard_would_use() {
    let dns = common::dnsmasq::Dnsmasq::start(&common::dnsmasq::Records::new());
    let dns = dns.addr().to_string();
    for provider in database().all() {
        let Some(domain) = provider.domains.first() else {
            continue;
        };
        let address = format!("someone@{domain}");
        let imap = resolve(&address, Incoming::Imap, ServerChoice::Detected);
        let pop3 = resolve(&address, Incoming::Pop3, ServerChoice::Detected);
        for (protocol, resolved) in [("imap", &imap), ("pop3", &pop3)] {
            let (exit, json, stderr) = cli_test(&address, protocol, &dns, &[]);
            match resolved {
                Ok(settings) => {
                    let json = json.unwrap_or_else(|| panic!("{address} {protocol}: {stderr}"));
                    assert_eq!(exit, 1, "nothing can pass with a DNS that knows no name");
                    assert_eq!(
                        tested(&json),
                        vec![(
                            protocol.to_owned(),
                            settings.incoming.host.clone(),
                            u64::from(settings.incoming.port)
                        )],
                        "{address} {protocol}"
                    );
                }
                Err(Unresolved::NotInList { .. }) => assert_eq!(exit, 3),
                Err(unresolved) => {
                    assert_eq!(exit, unresolved_exit(unresolved), "{address} {protocol}");
                    assert_eq!(stderr.trim(), unresolved_text(unresolved, Lang::En));
                }
            }
        }
        // SMTP: the outgoing server of the same settings.
        let (exit, json, stderr) = cli_test(&address, "smtp", &dns, &[]);
        match imap.as_ref().or(pop3.as_ref()) {
            Ok(settings) => {
                let json = json.unwrap_or_else(|| panic!("{address} smtp: {stderr}"));
                assert_eq!(exit, 1);
                assert_eq!(
                    tested(&json),
                    vec![(
                        "smtp".to_owned(),
                        settings.outgoing.host.clone(),
                        u64::from(settings.outgoing.port)
                    )]
                );
            }
            Err(unresolved) => assert_eq!(exit, unresolved_exit(unresolved), "{address} smtp"),
        }
    }
}

fn endpoint(host: &str, port: u16, security: Security) -> Endpoint {
    Endpoint {
        host: host.to_owned(),
        port,
        security,
    }
}

#[test]
fn discovered_servers_agree_and_wait_for_confirmation() {
    let address = "someone@discovered.example";
    let discovered = Discovered {
        source: Source::Guess,
        trusted: false,
        provider_id: None,
        display_name: None,
        imap: vec![endpoint("imap.discovered.example", 993, Security::Tls)],
        pop3: Vec::new(),
        smtp: vec![endpoint("smtp.discovered.example", 465, Security::Tls)],
        username: UsernameForm::LocalPart,
        password_kind: PasswordKind::AppPassword,
    };
    let mut found = Found::new("discovered.example", discovered);
    let mut persisted = Persisted {
        address: address.to_owned(),
        provider_choice: ProviderChoice::Found,
        found: Some(found.clone()),
        ..Persisted::default()
    };
    // Not trusted and not confirmed: no code may go there yet.
    let expected = resolve(
        address,
        Incoming::Imap,
        ServerChoice::Discovered(Some(&found)),
    );
    assert_eq!(expected, Err(Unresolved::ConfirmServers));
    assert_eq!(
        unwrap_blocker(Wizard::new(persisted.clone(), Lang::En).settings()),
        expected
    );

    found.confirmed = true;
    persisted.found = Some(found.clone());
    for incoming in INCOMINGS {
        persisted.incoming = incoming;
        let expected = resolve(address, incoming, ServerChoice::Discovered(Some(&found)));
        let wizard = Wizard::new(persisted.clone(), Lang::En);
        assert_eq!(unwrap_blocker(wizard.settings()), expected);
        assert_eq!(wizard.password_kind(), PasswordKind::AppPassword);
        match incoming {
            Incoming::Imap => {
                let settings = expected.expect("confirmed IMAP servers apply");
                assert_eq!(settings.username, "someone");
                assert_eq!(settings.incoming.host, "imap.discovered.example");
            }
            Incoming::Pop3 => assert_eq!(expected, Err(Unresolved::NoIncoming(Incoming::Pop3))),
        }
    }
    // The command line has only the built-in list: the same domain is not in it, everywhere.
    let expected = resolve(address, Incoming::Imap, ServerChoice::Detected);
    assert!(matches!(expected, Err(Unresolved::NotInList { .. })));
    assert_commands_agree(address, Incoming::Imap, &expected);
}

#[test]
fn hand_typed_servers_agree_with_mailwiz_test_host() {
    let address = "someone@188.com";
    let mut persisted = Persisted {
        address: address.to_owned(),
        provider_choice: ProviderChoice::Manual,
        manual_based_on: Some("netease-188".to_owned()),
        ..Persisted::default()
    };
    // Incomplete first: the same reason from the wizard and from core.
    let incomplete = Wizard::new(persisted.clone(), Lang::En);
    let expected = resolve(address, Incoming::Imap, incomplete.server_choice());
    assert_eq!(expected, Err(Unresolved::ManualIncoming));
    assert_eq!(unwrap_blocker(incomplete.settings()), expected);

    persisted.manual.incoming = ManualServer {
        host: "imap.188.com".to_owned(),
        port: "993".to_owned(),
        security: Security::Tls,
    };
    persisted.manual.outgoing = ManualServer {
        host: "smtp.188.com".to_owned(),
        port: "465".to_owned(),
        security: Security::Tls,
    };
    let wizard = Wizard::new(persisted, Lang::En);
    let incoming = Some(endpoint("imap.188.com", 993, Security::Tls));
    let outgoing = Some(endpoint("smtp.188.com", 465, Security::Tls));
    let expected = resolve(
        address,
        Incoming::Imap,
        ServerChoice::Manual(ManualEntry {
            incoming: incoming.clone(),
            outgoing,
            username: "",
            based_on: database().get("netease-188"),
        }),
    )
    .expect("complete manual settings");
    assert_eq!(wizard.settings(), Ok(expected.clone()));
    // The provider the entry started from still says what goes into the password field.
    assert_eq!(expected.password_kind, PasswordKind::AuthorizationCode);

    // `mailwiz test --host` tests exactly that server.
    let dns = common::dnsmasq::Dnsmasq::start(&common::dnsmasq::Records::new());
    let (_, json, err) = cli_test(
        address,
        "imap",
        &dns.addr().to_string(),
        &["--host", "imap.188.com", "--security", "tls"],
    );
    let json = json.unwrap_or_else(|| panic!("JSON: {err}"));
    assert_eq!(
        tested(&json),
        vec![("imap".to_owned(), "imap.188.com".to_owned(), 993)]
    );
}
