//! Benchmark (not a test): how long the full three-protocol test takes — IMAP, POP3 and SMTP
//! logins over implicit TLS, run in parallel as the wizard and `mailwiz test` do — next to curl
//! doing the same three logins one after another, against a throwaway Dovecot on loopback.
//!
//! (a) Straight to Dovecot: median wall times of N runs each, and the ratio.
//! (b) Through a TCP proxy that delays every chunk by 50 ms in each direction (100 ms per round
//!     trip): mailwiz's wall time in round trips, and curl's.
//!
//! The proxy is a userspace relay: the TCP handshake with it is local, so the figures count the
//! round trips of TLS and the mail protocols (a real network adds one for TCP, plus DNS). Run it
//! with `scripts/bench.sh` (release build); `BENCH_N` sets the number of runs (default 10),
//! `BENCH_STAGES=1` prints the stage timings of every mailwiz run.

#[path = "../tests/common/mod.rs"]
mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use common::Dovecot;
use common::dovecot::HOST;
use common::probing::{CODE, PROTOCOLS, USER, request};
use mailwiz::core::probe::{CancelToken, Outcome, Protocol, run_probe};
use mailwiz::core::provider::model::{Endpoint, Security};

const DELAY: Duration = Duration::from_millis(50);
const ROUND_TRIP: Duration = Duration::from_millis(100);

fn main() {
    let runs: usize = std::env::var("BENCH_N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10);
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    let dir = tempfile::tempdir().expect("temp dir");
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, dovecot.ca_pem()).expect("write CA");
    let roots = vec![dovecot.ca_pem()];
    let direct: Vec<(Protocol, u16)> = PROTOCOLS
        .iter()
        .map(|&p| (p, dovecot.port(p, Security::Tls)))
        .collect();

    println!("mailwiz probe benchmark: Dovecot on {HOST}, implicit TLS, {runs} runs each, medians");
    println!("mailwiz: IMAP + POP3 + SMTP probes in parallel threads (run_probe)");
    println!(
        "curl:    imaps://…/INBOX, pop3s://…, smtps://… -X NOOP, one after another (--cacert CA)"
    );

    // Warm-up: the first probe builds the TLS connector (system roots), the first login creates
    // the Maildir; curl's first run loads its libraries. Shown, not counted.
    let cold = mailwiz_once(&direct, &roots);
    println!(
        "\nfirst (cold) mailwiz run: {:.1} ms (includes building the TLS connector)",
        ms(cold.wall)
    );
    check_curl_logs_in(&direct, &ca_file);

    println!("\n(a) straight to Dovecot");
    let mailwiz = repeat(runs, || mailwiz_once(&direct, &roots));
    let curl = repeat(runs, || curl_once(&direct, &ca_file, CODE));
    report(&mailwiz, &curl, None);

    println!(
        "\n(b) through a proxy adding {} ms each way ({} ms per round trip)",
        DELAY.as_millis(),
        ROUND_TRIP.as_millis()
    );
    let proxies: Vec<DelayProxy> = direct
        .iter()
        .map(|&(_, port)| DelayProxy::start(SocketAddr::from(([127, 0, 0, 2], port)), DELAY))
        .collect();
    let delayed: Vec<(Protocol, u16)> = direct
        .iter()
        .zip(&proxies)
        .map(|(&(p, _), proxy)| (p, proxy.port))
        .collect();
    mailwiz_once(&delayed, &roots);
    let mailwiz = repeat(runs, || mailwiz_once(&delayed, &roots));
    let curl = repeat(runs, || curl_once(&delayed, &ca_file, CODE));
    report(&mailwiz, &curl, Some(ROUND_TRIP));

    // Last (a failed login slows Dovecot's next one down): curl with a wrong code is refused, so
    // the timed curl runs really logged in.
    for &(protocol, port) in &direct {
        let status = curl_command(protocol, port, &ca_file, "wrong-code")
            .status()
            .expect("run curl");
        assert_eq!(
            status.code(),
            Some(67),
            "curl {protocol:?} with a wrong code should be refused (67)"
        );
    }
    println!("\n(check: curl with a wrong code exits 67 \"login denied\" for all three)");
}

/// One timed run: the whole, and each protocol.
struct Run {
    wall: Duration,
    each: Vec<(Protocol, Duration)>,
}

fn repeat(runs: usize, mut once: impl FnMut() -> Run) -> Vec<Run> {
    (0..runs).map(|_| once()).collect()
}

/// The full test: three probes in parallel, as the app runs them.
fn mailwiz_once(endpoints: &[(Protocol, u16)], roots: &[Vec<u8>]) -> Run {
    let started = Instant::now();
    let threads: Vec<_> = endpoints
        .iter()
        .map(|&(protocol, port)| {
            let req = request(
                protocol,
                Endpoint {
                    host: HOST.to_owned(),
                    port,
                    security: Security::Tls,
                },
                CODE,
                roots,
            );
            thread::spawn(move || {
                let result = run_probe(&req, &CancelToken::new(), &mut |_| {});
                (result, started.elapsed())
            })
        })
        .collect();
    let mut each = Vec::new();
    let verbose = std::env::var_os("BENCH_STAGES").is_some();
    for thread in threads {
        let (result, elapsed) = thread.join().expect("probe thread");
        assert_eq!(result.outcome, Outcome::Ok, "{result:#?}");
        if verbose {
            let stages: Vec<String> = result
                .stages
                .iter()
                .map(|s| format!("{:?} {}", s.stage, s.millis))
                .collect();
            eprintln!(
                "      {} {:.1} ms: {}",
                result.protocol.code(),
                ms(elapsed),
                stages.join(", ")
            );
        }
        each.push((result.protocol, elapsed));
    }
    Run {
        wall: started.elapsed(),
        each,
    }
}

fn curl_url(protocol: Protocol, port: u16) -> String {
    match protocol {
        Protocol::Imap => format!("imaps://{HOST}:{port}/INBOX"),
        Protocol::Pop3 => format!("pop3s://{HOST}:{port}/"),
        Protocol::Smtp => format!("smtps://{HOST}:{port}"),
    }
}

fn curl_command(protocol: Protocol, port: u16, ca_file: &std::path::Path, code: &str) -> Command {
    let mut command = Command::new("curl");
    command
        .arg("-s")
        .arg("--max-time")
        .arg("20")
        .arg("--cacert")
        .arg(ca_file)
        .arg("--url")
        .arg(curl_url(protocol, port))
        .arg("-u")
        .arg(format!("{USER}:{code}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if protocol == Protocol::Smtp {
        // Log in, then a harmless command instead of sending anything.
        command.arg("-X").arg("NOOP");
    }
    command
}

/// The same three logins with curl, one after another.
fn curl_once(endpoints: &[(Protocol, u16)], ca_file: &std::path::Path, code: &str) -> Run {
    let started = Instant::now();
    let mut each = Vec::new();
    for &(protocol, port) in endpoints {
        let one = Instant::now();
        let status = curl_command(protocol, port, ca_file, code)
            .status()
            .expect("run curl (apt install curl)");
        assert!(status.success(), "curl {protocol:?} failed: {status}");
        each.push((protocol, one.elapsed()));
    }
    Run {
        wall: started.elapsed(),
        each,
    }
}

/// Runs curl once per protocol with -v and checks the server said the login succeeded.
fn check_curl_logs_in(endpoints: &[(Protocol, u16)], ca_file: &std::path::Path) {
    for &(protocol, port) in endpoints {
        let output = curl_command(protocol, port, ca_file, CODE)
            .arg("-v")
            .stderr(Stdio::piped())
            .output()
            .expect("run curl");
        let trace = String::from_utf8_lossy(&output.stderr);
        let logged_in = match protocol {
            Protocol::Imap => "OK Logged in",
            Protocol::Pop3 => "+OK Logged in.",
            Protocol::Smtp => "< 235 ",
        };
        assert!(
            output.status.success() && trace.contains(logged_in),
            "curl {protocol:?} did not log in:\n{trace}"
        );
    }
    println!("(check: curl -v shows a successful login for IMAP, POP3 and SMTP)");
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2
    } else {
        values[mid]
    }
}

fn per_protocol(runs: &[Run]) -> String {
    PROTOCOLS
        .iter()
        .map(|&p| {
            let times = runs
                .iter()
                .flat_map(|r| r.each.iter().filter(|(q, _)| *q == p).map(|(_, d)| *d))
                .collect();
            format!("{} {:.1}", p.code(), ms(median(times)))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn report(mailwiz: &[Run], curl: &[Run], round_trip: Option<Duration>) {
    let m = median(mailwiz.iter().map(|r| r.wall).collect());
    let c = median(curl.iter().map(|r| r.wall).collect());
    let trips = |d: Duration| match round_trip {
        Some(rt) => format!(" = {:.2} round trips", d.as_secs_f64() / rt.as_secs_f64()),
        None => String::new(),
    };
    let min = |runs: &[Run]| runs.iter().map(|r| r.wall).min().map_or(0.0, ms);
    let max = |runs: &[Run]| runs.iter().map(|r| r.wall).max().map_or(0.0, ms);
    println!(
        "    mailwiz, 3 in parallel: median {:8.1} ms{}  [min {:.1}, max {:.1}; per protocol ms: {}]",
        ms(m),
        trips(m),
        min(mailwiz),
        max(mailwiz),
        per_protocol(mailwiz)
    );
    println!(
        "    curl, 3 in sequence:    median {:8.1} ms{}  [min {:.1}, max {:.1}; per protocol ms: {}]",
        ms(c),
        trips(c),
        min(curl),
        max(curl),
        per_protocol(curl)
    );
    println!(
        "    ratio mailwiz / curl: {:.2}",
        m.as_secs_f64() / c.as_secs_f64()
    );
}

/// A TCP relay on 127.0.0.2 that holds every chunk for `delay` before passing it on, in both
/// directions, keeping order and pipelining (chunks are timed independently). Stops on drop.
struct DelayProxy {
    port: u16,
    stop: Arc<AtomicBool>,
}

impl DelayProxy {
    fn start(target: SocketAddr, delay: Duration) -> Self {
        let listener = TcpListener::bind((HOST, 0)).expect("bind proxy");
        let port = listener.local_addr().expect("proxy addr").port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        thread::spawn(move || {
            for client in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(target) else {
                    continue;
                };
                let _ = client.set_nodelay(true);
                let _ = server.set_nodelay(true);
                let (Ok(client_in), Ok(server_in)) = (client.try_clone(), server.try_clone())
                else {
                    continue;
                };
                thread::spawn(move || relay(client_in, server, delay));
                thread::spawn(move || relay(server_in, client, delay));
            }
        });
        Self { port, stop }
    }
}

impl Drop for DelayProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect((HOST, self.port));
    }
}

/// Reads from `from` and writes each chunk to `to` `delay` after it arrived; an end (or error)
/// is passed on as a shutdown, delayed the same.
fn relay(mut from: TcpStream, mut to: TcpStream, delay: Duration) {
    let (tx, rx) = mpsc::channel::<(Instant, Vec<u8>)>();
    thread::spawn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = from.read(&mut buf).unwrap_or(0);
            let due = Instant::now() + delay;
            if tx.send((due, buf[..n].to_vec())).is_err() || n == 0 {
                return;
            }
        }
    });
    for (due, chunk) in rx {
        let wait = due.saturating_duration_since(Instant::now());
        if !wait.is_zero() {
            thread::sleep(wait);
        }
        if chunk.is_empty() || to.write_all(&chunk).is_err() {
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}
