//! `mailwiz test --json` against a real Dovecot on loopback: the right diagnosis code for each
//! scenario, the exit code, and the code never in the output.

mod common;

use std::process::{Command, Stdio};

use common::cli::{TestRun as Run, run_with_code};
use common::dnsmasq::{Dnsmasq, Records};
use common::dovecot::{CertKind, Options};
use common::proxy::RecordingProxy;
use common::{Dovecot, contains, secret_forms};

const USER: &str = "someone@example.org";
const CODE: &str = "abcdefghijklmnop";

fn mailwiz_test(args: &[&str], code: &str, ca_pem: Option<&[u8]>) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mailwiz"));
    cmd.args([
        "--lang",
        "en",
        "test",
        USER,
        "--json",
        "--password-stdin",
        "--timeout",
        "8",
    ]);
    cmd.args(args);
    cmd.env_remove("MAILWIZ_PASSWORD")
        .env_remove("MAILWIZ_CA_FILE")
        .env_remove("MAILWIZ_DNS");
    if let Some(pem) = ca_pem {
        let path = dir.path().join("ca.pem");
        std::fs::write(&path, pem).unwrap();
        cmd.arg("--ca-file").arg(&path);
    }
    run_with_code(cmd, USER, code)
}

fn codes(run: &Run) -> Vec<String> {
    run.diagnoses()
}

fn port(p: u16) -> String {
    p.to_string()
}

#[test]
fn all_three_protocols_pass_over_tls_and_starttls() {
    let d = Dovecot::start(&[(USER, CODE)]);
    let p = d.ports;
    let (imap, pop3, smtp) = (port(p.imap_tls), port(p.pop3_tls), port(p.smtp_tls));
    let run = mailwiz_test(
        &[
            "--protocol",
            "all",
            "--host",
            d.host(),
            "--security",
            "tls",
            "--imap-port",
            &imap,
            "--pop3-port",
            &pop3,
            "--smtp-port",
            &smtp,
        ],
        CODE,
        Some(&d.ca_pem()),
    );
    assert_eq!(codes(&run), ["ok", "ok", "ok"], "{}", run.stdout);
    assert_eq!(run.exit, 0);
    let first = &run.json["results"][0];
    assert_eq!(first["protocol"], "imap");
    assert_eq!(first["security"], "tls");
    assert!(
        first["stages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["ok"] == true)
    );

    let (imap, pop3, smtp) = (
        port(p.imap_starttls),
        port(p.pop3_starttls),
        port(p.smtp_starttls),
    );
    let run = mailwiz_test(
        &[
            "--protocol",
            "all",
            "--host",
            d.host(),
            "--security",
            "starttls",
            "--imap-port",
            &imap,
            "--pop3-port",
            &pop3,
            "--smtp-port",
            &smtp,
        ],
        CODE,
        Some(&d.ca_pem()),
    );
    assert_eq!(codes(&run), ["ok", "ok", "ok"], "{}", run.stdout);
}

#[test]
fn send_test_message_sends_one_message_to_the_address_itself() {
    let d = Dovecot::start(&[(USER, CODE)]);
    let smtp = port(d.ports.smtp_tls);
    let base = ["--protocol", "smtp", "--host", d.host(), "--port", &smtp];
    // Without the flag: the login only, nothing relayed.
    let run = mailwiz_test(&base, CODE, Some(&d.ca_pem()));
    assert_eq!(codes(&run), ["ok"], "{}", run.stdout);
    let stages = run.json["results"][0]["stages"].as_array().unwrap();
    assert!(
        stages.iter().all(|s| s["name"] != "test_message"),
        "{}",
        run.stdout
    );
    assert!(d.relayed().is_empty());

    let mut args = base.to_vec();
    args.extend(["--send-test-message", "--transcript"]);
    let run = mailwiz_test(&args, CODE, Some(&d.ca_pem()));
    assert_eq!(codes(&run), ["ok"], "{}", run.stdout);
    assert_eq!(run.exit, 0);
    let stages = run.json["results"][0]["stages"].as_array().unwrap();
    let last = stages.last().unwrap();
    assert_eq!(last["name"], "test_message", "{}", run.stdout);
    assert_eq!(last["ok"], true);
    let reply = last["detail"].as_str().unwrap();
    assert!(reply.starts_with("250 "), "{}", run.stdout);
    // One message, from the address to itself, subject in the chosen language (en).
    let relayed = d.relayed();
    assert_eq!(relayed.len(), 1, "{relayed:#?}");
    assert!(relayed[0].mail_from.starts_with(&format!("<{USER}>")));
    assert_eq!(relayed[0].rcpt_to.len(), 1);
    assert!(relayed[0].rcpt_to[0].starts_with(&format!("<{USER}>")));
    assert!(
        relayed[0]
            .lines
            .iter()
            .any(|l| l == "Subject: mailwiz test message: sending works"),
        "{relayed:#?}"
    );
    for line in &relayed[0].lines {
        for form in secret_forms(USER, CODE) {
            assert!(
                !contains(line.as_bytes(), &form),
                "the code was in the message"
            );
        }
    }
}

#[test]
fn wrong_code_is_auth_failed() {
    let d = Dovecot::start(&[(USER, CODE)]);
    let run = mailwiz_test(
        &[
            "--protocol",
            "imap",
            "--host",
            d.host(),
            "--port",
            &port(d.ports.imap_tls),
        ],
        "wrongwrongwrongw",
        Some(&d.ca_pem()),
    );
    assert_eq!(codes(&run), ["auth_failed"], "{}", run.stdout);
    assert_eq!(run.exit, 1);
    assert!(
        run.json["results"][0]["server_message"]
            .as_str()
            .unwrap()
            .contains("failed")
    );
}

#[test]
fn wrong_port_security_pair_in_both_directions() {
    let d = Dovecot::start(&[(USER, CODE)]);
    // Implicit TLS spoken to the STARTTLS port.
    let run = mailwiz_test(
        &[
            "--protocol",
            "imap",
            "--host",
            d.host(),
            "--port",
            &port(d.ports.imap_starttls),
            "--security",
            "tls",
        ],
        CODE,
        Some(&d.ca_pem()),
    );
    assert_eq!(codes(&run), ["tls_wrong_port_security"], "{}", run.stdout);
    assert!(
        run.json["results"][0]["fix"]
            .as_str()
            .unwrap()
            .contains("STARTTLS"),
        "{}",
        run.stdout
    );
    // STARTTLS spoken to the implicit-TLS port.
    let run = mailwiz_test(
        &[
            "--protocol",
            "smtp",
            "--host",
            d.host(),
            "--port",
            &port(d.ports.smtp_tls),
            "--security",
            "starttls",
        ],
        CODE,
        Some(&d.ca_pem()),
    );
    assert_eq!(codes(&run), ["tls_wrong_port_security"], "{}", run.stdout);
    assert!(
        run.json["results"][0]["fix"]
            .as_str()
            .unwrap()
            .contains("SSL/TLS"),
        "{}",
        run.stdout
    );
}

#[test]
fn certificate_problems() {
    let d = Dovecot::start(&[(USER, CODE)]);
    let args_for = |d: &Dovecot| {
        vec![
            "--protocol".to_owned(),
            "imap".into(),
            "--host".into(),
            d.host().into(),
            "--port".into(),
            port(d.ports.imap_tls),
        ]
    };
    // Unknown CA: the test CA is not given.
    let args = args_for(&d);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = mailwiz_test(&args, CODE, None);
    assert_eq!(codes(&run), ["certificate_untrusted"], "{}", run.stdout);

    let other = Dovecot::start_with(
        &[(USER, CODE)],
        Options {
            cert: CertKind::OtherName,
            ..Options::default()
        },
    );
    let args = args_for(&other);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = mailwiz_test(&args, CODE, Some(&other.ca_pem()));
    assert_eq!(codes(&run), ["certificate_name_mismatch"], "{}", run.stdout);

    let expired = Dovecot::start_with(
        &[(USER, CODE)],
        Options {
            cert: CertKind::Expired,
            ..Options::default()
        },
    );
    let args = args_for(&expired);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = mailwiz_test(&args, CODE, Some(&expired.ca_pem()));
    assert_eq!(codes(&run), ["certificate_expired"], "{}", run.stdout);
}

/// `--security none` through a recording proxy to Dovecot on `target_host`: the diagnosis, and
/// proof from the wire that no form of the code (nor any login command) was sent.
fn unencrypted_through_proxy(d: &Dovecot, protocol: &str, target_host: &'static str) -> Run {
    let target = match protocol {
        "imap" => d.ports.imap_starttls,
        "pop3" => d.ports.pop3_starttls,
        _ => d.ports.smtp_starttls,
    };
    let proxy = RecordingProxy::start_to(target_host, target);
    let run = mailwiz_test(
        &[
            "--protocol",
            protocol,
            "--host",
            d.host(),
            "--port",
            &port(proxy.port),
            "--security",
            "none",
        ],
        CODE,
        Some(&d.ca_pem()),
    );
    let captured = proxy.finish();
    for form in secret_forms(USER, CODE) {
        assert!(!contains(&captured, &form), "the code went over the wire");
    }
    for command in [&b"AUTH"[..], b"LOGIN", b"USER", b"PASS"] {
        assert!(
            !contains(&captured, command),
            "{:?}",
            String::from_utf8_lossy(&captured)
        );
    }
    // The capture is real: the goodbye went through the proxy.
    let goodbye: &[u8] = if protocol == "imap" {
        b"LOGOUT"
    } else {
        b"QUIT"
    };
    assert!(contains(&captured, goodbye));
    assert_eq!(run.exit, 1);
    run
}

#[test]
fn unencrypted_is_not_tested_and_service_down_is_refused() {
    let d = Dovecot::start(&[(USER, CODE)]);
    // On 127.0.0.2 Dovecot refuses plain-text logins and says so (LOGINDISABLED, no AUTH before
    // STARTTLS, no USER/SASL before STLS): the server's refusal is the diagnosis.
    for protocol in ["imap", "pop3", "smtp"] {
        let run = unencrypted_through_proxy(&d, protocol, "127.0.0.2");
        assert_eq!(codes(&run), ["plaintext_refused"], "{}", run.stdout);
        let result = &run.json["results"][0];
        assert_eq!(result["ok"], false);
        assert_eq!(
            result["explanation"],
            "The server requires an encrypted connection."
        );
        let stages = result["stages"].as_array().unwrap();
        let last = stages.last().unwrap();
        assert_eq!(
            (&last["name"], &last["ok"]),
            (&"secure".into(), &false.into())
        );
        assert!(
            last["detail"].as_str().unwrap().ends_with("code not sent"),
            "{}",
            run.stdout
        );
        assert!(
            stages.iter().all(|s| s["name"] != "login"),
            "{}",
            run.stdout
        );
    }
    let run = unencrypted_through_proxy(&d, "imap", "127.0.0.2");
    assert!(
        run.json["results"][0]["server_message"]
            .as_str()
            .unwrap()
            .contains("LOGINDISABLED"),
        "{}",
        run.stdout
    );
    // On 127.0.0.1 Dovecot would take a plain-text login: mailwiz itself refuses to send it.
    for protocol in ["imap", "pop3", "smtp"] {
        let run = unencrypted_through_proxy(&d, protocol, "127.0.0.1");
        assert_eq!(codes(&run), ["not_encrypted"], "{}", run.stdout);
    }
    drop(d);

    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.2:0").unwrap();
    let closed_port = closed.local_addr().unwrap().port();
    drop(closed);
    let run = mailwiz_test(
        &[
            "--protocol",
            "imap",
            "--host",
            "127.0.0.2",
            "--port",
            &port(closed_port),
        ],
        CODE,
        None,
    );
    assert_eq!(codes(&run), ["connect_refused"], "{}", run.stdout);
}

/// An unknown server name, looked up at a DNS server on loopback (`--dns`): no query leaves the
/// machine, and the diagnosis is dns_not_found.
#[test]
fn unknown_host_is_dns_not_found_at_the_given_dns_server() {
    let dns = Dnsmasq::start(&Records::new());
    let server = dns.addr().to_string();
    for host in ["no-such-host.invalid", "no-such-host.example.test"] {
        let run = mailwiz_test(
            &["--protocol", "imap", "--host", host, "--dns", &server],
            CODE,
            None,
        );
        assert_eq!(codes(&run), ["dns_not_found"], "{}", run.stdout);
        assert_eq!(run.exit, 1);
        let stages = run.json["results"][0]["stages"].as_array().unwrap();
        assert_eq!(stages.len(), 1, "{}", run.stdout);
        assert_eq!(stages[0]["name"], "dns");
        assert!(
            stages[0]["detail"]
                .as_str()
                .unwrap()
                .starts_with(&format!("DNS lookup of {host}")),
            "{}",
            run.stdout
        );
    }
    assert!(
        dns.log().contains("no-such-host.example.test"),
        "{}",
        dns.log()
    );
}

#[test]
fn bad_input_exits_2_and_unknown_domain_without_host_exits_3() {
    let out = Command::new(env!("CARGO_BIN_EXE_mailwiz"))
        .args(["test", "not-an-address", "--password-stdin"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(env!("CARGO_BIN_EXE_mailwiz"))
        .args(["test", "a@example.org"])
        .env("MAILWIZ_PASSWORD", "x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}

/// A time limit too large for the clock (it once overflowed inside every probe thread, and the
/// command then printed no results and exited 0) is bad input: exit 2, nothing on stdout.
#[test]
fn an_unbounded_timeout_is_bad_input_not_a_pass() {
    for timeout in ["18446744073709551615", "601", "0"] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mailwiz"));
        cmd.args(["--lang", "en", "test", USER, "--json", "--password-stdin"])
            .args(["--protocol", "imap", "--host", "127.0.0.1", "--port", "9"])
            .args(["--security", "tls"])
            .args(["--timeout", timeout])
            .env_remove("MAILWIZ_PASSWORD");
        let output = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write as _;
                child
                    .stdin
                    .take()
                    .unwrap()
                    .write_all(b"abcdefghijklmnop\n")?;
                child.wait_with_output()
            })
            .expect("run mailwiz");
        assert_eq!(output.status.code(), Some(2), "--timeout {timeout}");
        assert!(output.stdout.is_empty(), "--timeout {timeout}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("from 1 to 600"),
            "--timeout {timeout}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
