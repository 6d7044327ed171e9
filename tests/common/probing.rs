//! What the probe tests share: the test login, requests, running a probe (checking that its
//! events mirror its stage records), and the assertions that the secret appears nowhere — not in
//! the result, not in any transcript line, not on the wire.

use std::time::{Duration, Instant};

use mailwiz::core::probe::{
    CancelToken, Direction, ProbeEvent, ProbeOptions, ProbeRequest, ProbeResult, Protocol, Stage,
    StageRecord, Timeouts, run_probe, run_probe_with,
};
use mailwiz::core::provider::model::{Endpoint, Security};
use mailwiz::core::secret::Secret;

use super::dovecot::HOST;
use super::{contains, secret_forms};

pub const USER: &str = "someone@example.com";
pub const CODE: &str = "abcdEFGHijklMNOP";
pub const WRONG_CODE: &str = "wrongwrongWRONG1";
pub const PROTOCOLS: [Protocol; 3] = [Protocol::Imap, Protocol::Pop3, Protocol::Smtp];

pub fn timeouts(reply: Duration) -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(3),
        reply,
        total: Duration::from_secs(20),
    }
}

pub fn request(
    protocol: Protocol,
    endpoint: Endpoint,
    code: &str,
    roots: &[Vec<u8>],
) -> ProbeRequest {
    ProbeRequest {
        protocol,
        endpoint,
        username: USER.to_owned(),
        secret: Secret::new(code),
        extra_roots_pem: roots.to_vec(),
        timeouts: timeouts(Duration::from_secs(5)),
    }
}

/// An endpoint on the test host.
pub fn endpoint(port: u16, security: Security) -> Endpoint {
    Endpoint {
        host: HOST.to_owned(),
        port,
        security,
    }
}

/// Runs a probe; checks that the events mirror the recorded stages; prints the stage timings.
pub fn probe(req: &ProbeRequest) -> ProbeResult {
    probe_with(req, &CancelToken::new())
}

pub fn probe_with(req: &ProbeRequest, cancel: &CancelToken) -> ProbeResult {
    observed(req, |on_event| run_probe(req, cancel, on_event))
}

/// Like [`probe`], with the optional parts in `options` (the SMTP test message, a DNS server).
pub fn probe_with_options(req: &ProbeRequest, options: &ProbeOptions) -> ProbeResult {
    observed(req, |on_event| {
        run_probe_with(req, options, &CancelToken::new(), on_event)
    })
}

/// Runs `run` with an event recorder; checks that the events mirror the recorded stages and
/// prints the stage timings.
fn observed(
    req: &ProbeRequest,
    run: impl FnOnce(&mut dyn FnMut(ProbeEvent)) -> ProbeResult,
) -> ProbeResult {
    let mut events = Vec::new();
    let started = Instant::now();
    let result = run(&mut |event| events.push(event));
    let elapsed = started.elapsed();
    let mut expected = Vec::new();
    for record in &result.stages {
        expected.push(ProbeEvent::StageStarted(record.stage));
        expected.push(ProbeEvent::StageFinished(record.clone()));
    }
    assert_eq!(events, expected, "events must mirror the stage records");
    let timings: Vec<String> = result
        .stages
        .iter()
        .map(|s| {
            format!(
                "{:?}={}ms{}",
                s.stage,
                s.millis,
                if s.ok { "" } else { "(failed)" }
            )
        })
        .collect();
    eprintln!(
        "{} {}:{} {:?} -> {:?}/{:?} in {} ms [{}]",
        req.protocol.code(),
        req.endpoint.host,
        req.endpoint.port,
        req.endpoint.security,
        result.outcome,
        result.failure,
        elapsed.as_millis(),
        timings.join(", ")
    );
    result
}

pub fn stage_list(result: &ProbeResult) -> Vec<(Stage, bool)> {
    result.stages.iter().map(|s| (s.stage, s.ok)).collect()
}

/// The record of one stage; panics when it did not run.
pub fn stage(result: &ProbeResult, stage: Stage) -> &StageRecord {
    result
        .stages
        .iter()
        .find(|s| s.stage == stage)
        .unwrap_or_else(|| panic!("no {stage:?} stage in {result:#?}"))
}

/// The last stage that ran.
pub fn last_stage(result: &ProbeResult) -> (Stage, bool) {
    let last = result.stages.last().expect("stages");
    (last.stage, last.ok)
}

/// The transcript lines in one direction.
pub fn transcript(result: &ProbeResult, direction: Direction) -> Vec<&str> {
    result
        .transcript
        .iter()
        .filter(|l| l.direction == direction)
        .map(|l| l.text.as_str())
        .collect()
}

/// The secret — raw, base64, base64 SASL PLAIN — is nowhere in the result: not in the debug
/// output of the whole result, the server message, a stage detail or any transcript line.
pub fn assert_secret_free(result: &ProbeResult, secret: &str) {
    let shown = format!("{result:?}");
    let mut texts: Vec<&str> = vec![shown.as_str()];
    texts.extend(result.server_message.as_deref());
    texts.extend(result.stages.iter().map(|s| s.detail.as_str()));
    texts.extend(result.transcript.iter().map(|l| l.text.as_str()));
    for text in texts {
        for form in secret_forms(USER, secret) {
            assert!(
                !contains(text.as_bytes(), &form),
                "the secret (form {:?}) leaks in {text:?}",
                String::from_utf8_lossy(&form)
            );
        }
    }
    assert!(!result.transcript.is_empty(), "no transcript: {result:#?}");
}

/// None of the secret's forms is in what went over the wire.
pub fn assert_never_sent(captured: &[u8], secret: &str) {
    for form in secret_forms(USER, secret) {
        assert!(
            !contains(captured, &form),
            "the secret (form {:?}) went over the wire",
            String::from_utf8_lossy(&form)
        );
    }
}
