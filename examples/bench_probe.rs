//! Benchmark (not a test): how long the full three-protocol login test takes as a person or a
//! help-desk script meets it — a fresh `mailwiz test --protocol all` process each run — next to
//! curl doing the same three logins one after another (a fresh curl process each), against one
//! throwaway Dovecot on loopback (IMAP, POP3 and SMTP submission over implicit TLS, the same
//! server and the same test CA for both).
//!
//! (a) Straight to Dovecot: median wall times of N runs each, and the ratio.
//! (b) Through a TCP proxy that delays every chunk by 50 ms in each direction (100 ms per round
//!     trip): the same, also in round trips.
//! (c) The wizard's first test, the same way: a fresh `first_test` process each run (the
//!     example that runs the wizard's own code path — the warm-up the app starts when it opens,
//!     then `Worker::start` with IMAP and SMTP at the same instant, the worst case of a person
//!     who clicks "Test" at once), straight and through the proxy.
//!
//! The three are measured in turn, round after round (mailwiz, curl, the wizard's test), so
//! that whatever else the machine does weighs on all alike. Every timed run is a whole process,
//! cold: nothing built in one run helps the next (only the
//! operating system's file cache is warm, for curl as for mailwiz). The time is from spawning
//! the process to its exit, the code handed over on standard input.
//!
//! The proxy is a userspace relay: the TCP handshake with it is local, so the round trips
//! counted are those of TLS and the mail protocols (a real network adds one for TCP, plus DNS).
//! Run it with `scripts/bench.sh` (release build); `BENCH_N` sets the number of runs (default 10).

#[path = "../tests/common/mod.rs"]
mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use common::Dovecot;
use common::dovecot::HOST;
use common::probing::{CODE, PROTOCOLS, USER};
use mailwiz::core::probe::Protocol;
use mailwiz::core::provider::model::Security;

const DELAY: Duration = Duration::from_millis(50);
const ROUND_TRIP: Duration = Duration::from_millis(100);

fn main() {
    let runs: usize = std::env::var("BENCH_N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10);
    let (mailwiz, first_test) = binaries();
    let dovecot = Dovecot::start(&[(USER, CODE)]);
    let dir = tempfile::tempdir().expect("temp dir");
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, dovecot.ca_pem()).expect("write CA");
    let direct: Vec<(Protocol, u16)> = PROTOCOLS
        .iter()
        .map(|&p| (p, dovecot.port(p, Security::Tls)))
        .collect();

    println!(
        "mailwiz login benchmark: one Dovecot on {HOST}, implicit TLS, {runs} runs each, \
         whole processes, medians"
    );
    println!(
        "mailwiz: {} test {USER} --host {HOST} --protocol all --ca-file CA --password-stdin",
        mailwiz.display()
    );
    println!(
        "curl:    imaps://…/INBOX, pop3s://…, smtps://… -X NOOP, one after another (--cacert CA)"
    );
    println!(
        "wizard:  {} (IMAP + SMTP through the wizard's Worker, clicked at once)",
        first_test.display()
    );

    // Not counted: the first Dovecot login creates the Maildir, and each tool's files come into
    // the file cache. These also check that each command really logs in.
    check_curl_logs_in(&direct, &ca_file);
    mailwiz_once(&mailwiz, &direct, &ca_file);
    first_test_once(&first_test, &direct, &ca_file);

    println!("\n(a) straight to Dovecot");
    let (m, c, w) = interleaved(runs, || {
        (
            mailwiz_once(&mailwiz, &direct, &ca_file),
            curl_once(&direct, &ca_file, CODE),
            first_test_once(&first_test, &direct, &ca_file),
        )
    });
    report(&m, &c, &w, None);
    cpu_work(runs, &mailwiz, &direct, &ca_file);

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
    let (m, c, w) = interleaved(runs, || {
        (
            mailwiz_once(&mailwiz, &delayed, &ca_file),
            curl_once(&delayed, &ca_file, CODE),
            first_test_once(&first_test, &delayed, &ca_file),
        )
    });
    report(&m, &c, &w, Some(ROUND_TRIP));

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

/// The release `mailwiz` and the `first_test` example, found next to this example (cargo puts
/// examples in `<target>/release/examples/`).
fn binaries() -> (PathBuf, PathBuf) {
    let me = std::env::current_exe().expect("own path");
    let examples = me.parent().expect("examples dir").to_path_buf();
    let mailwiz = examples
        .parent()
        .expect("profile dir")
        .join(format!("mailwiz{}", std::env::consts::EXE_SUFFIX));
    let first_test = examples.join(format!("first_test{}", std::env::consts::EXE_SUFFIX));
    for path in [&mailwiz, &first_test] {
        assert!(
            path.exists(),
            "{} is missing: run scripts/bench.sh, which builds it",
            path.display()
        );
    }
    (mailwiz, first_test)
}

/// `runs` rounds of the three measurements, one after another in each round, so that whatever
/// else the machine does at the time weighs on all three alike.
fn interleaved(
    runs: usize,
    mut round: impl FnMut() -> (Duration, Duration, Duration),
) -> (Vec<Duration>, Vec<Duration>, Vec<Duration>) {
    let mut all = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let (m, c, w) = round();
        all.0.push(m);
        all.1.push(c);
        all.2.push(w);
    }
    all
}

/// Spawns `command`, hands it the code on standard input, waits for it; the time from spawn to
/// exit. Panics unless it exits 0 (all logins passed).
fn timed_with_code(mut command: Command) -> Duration {
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(format!("{CODE}\n").as_bytes());
    }
    let output = child.wait_with_output().expect("wait");
    let took = started.elapsed();
    assert!(
        output.status.success(),
        "{command:?} failed: {}\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    took
}

/// One `mailwiz test --protocol all` process.
fn mailwiz_once(binary: &Path, endpoints: &[(Protocol, u16)], ca_file: &Path) -> Duration {
    let mut command = Command::new(binary);
    command
        .args(["test", USER, "--host", HOST, "--protocol", "all"])
        .arg("--ca-file")
        .arg(ca_file)
        .arg("--password-stdin")
        .env_remove("MAILWIZ_CA_FILE");
    for &(protocol, port) in endpoints {
        command
            .arg(format!("--{}-port", protocol.code()))
            .arg(port.to_string());
    }
    timed_with_code(command)
}

/// One `first_test` process: the wizard's first test (IMAP + SMTP).
fn first_test_once(binary: &Path, endpoints: &[(Protocol, u16)], ca_file: &Path) -> Duration {
    let port = |wanted: Protocol| {
        endpoints
            .iter()
            .find(|(p, _)| *p == wanted)
            .map(|(_, port)| port.to_string())
            .expect("port")
    };
    let mut command = Command::new(binary);
    command
        .args([USER, HOST])
        .arg(port(Protocol::Imap))
        .arg(port(Protocol::Smtp))
        .env("MAILWIZ_CA_FILE", ca_file);
    timed_with_code(command)
}

fn curl_url(protocol: Protocol, port: u16) -> String {
    match protocol {
        Protocol::Imap => format!("imaps://{HOST}:{port}/INBOX"),
        Protocol::Pop3 => format!("pop3s://{HOST}:{port}/"),
        Protocol::Smtp => format!("smtps://{HOST}:{port}"),
    }
}

fn curl_command(protocol: Protocol, port: u16, ca_file: &Path, code: &str) -> Command {
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

/// The same three logins with curl, one process after another.
fn curl_once(endpoints: &[(Protocol, u16)], ca_file: &Path, code: &str) -> Duration {
    let started = Instant::now();
    for &(protocol, port) in endpoints {
        let status = curl_command(protocol, port, ca_file, code)
            .status()
            .expect("run curl (apt install curl)");
        assert!(status.success(), "curl {protocol:?} failed: {status}");
    }
    started.elapsed()
}

/// Runs curl once per protocol with -v and checks the server said the login succeeded.
fn check_curl_logs_in(endpoints: &[(Protocol, u16)], ca_file: &Path) {
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

fn median(values: &[Duration]) -> Duration {
    let mut values = values.to_vec();
    values.sort();
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2
    } else {
        values[mid]
    }
}

fn report(mailwiz: &[Duration], curl: &[Duration], wizard: &[Duration], rtt: Option<Duration>) {
    let line = |name: &str, runs: &[Duration]| {
        let m = median(runs);
        let trips = match rtt {
            Some(rtt) => format!(" = {:.2} round trips", m.as_secs_f64() / rtt.as_secs_f64()),
            None => String::new(),
        };
        let min = runs.iter().min().map_or(0.0, |d| ms(*d));
        let max = runs.iter().max().map_or(0.0, |d| ms(*d));
        println!(
            "    {name:<34} median {:7.1} ms{trips}  [min {min:.1}, max {max:.1}]",
            ms(m)
        );
        m
    };
    let m = line("mailwiz test --protocol all:", mailwiz);
    let c = line("curl, 3 logins in sequence:", curl);
    let w = line("wizard's first test (first_test):", wizard);
    println!(
        "    ratio mailwiz / curl: {:.2}; wizard / curl: {:.2}",
        m.as_secs_f64() / c.as_secs_f64(),
        w.as_secs_f64() / c.as_secs_f64()
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

/// The whole machine's busy time (every core, every process: mailwiz or curl and Dovecot), in
/// clock ticks, from /proc/stat; `None` elsewhere.
fn busy_ticks() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let fields: Vec<u64> = stat
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .filter_map(|f| f.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal: all but idle and iowait.
    Some(
        fields
            .iter()
            .take(8)
            .enumerate()
            .filter(|(i, _)| *i != 3 && *i != 4)
            .map(|(_, v)| v)
            .sum(),
    )
}

/// (a') How much CPU one run costs the machine (client and server), and how much of the
/// machine's cores its wall time kept busy: a run that already keeps every core busy cannot get
/// much faster by running its logins side by side.
fn cpu_work(runs: usize, mailwiz: &Path, endpoints: &[(Protocol, u16)], ca_file: &Path) {
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    // Linux counts /proc/stat in USER_HZ, 100 per second on every common kernel.
    let tick_ms = 10.0;
    let measure = |run: &dyn Fn() -> Duration| -> Option<(f64, f64)> {
        let (before, mut wall) = (busy_ticks()?, Duration::ZERO);
        for _ in 0..runs {
            wall += run();
        }
        let busy = (busy_ticks()? - before) as f64 * tick_ms / runs as f64;
        Some((busy, wall.as_secs_f64() * 1000.0 / runs as f64))
    };
    let mailwiz_cost = measure(&|| mailwiz_once(mailwiz, endpoints, ca_file));
    let curl_cost = measure(&|| curl_once(endpoints, ca_file, CODE));
    if let (Some((mb, mw)), Some((cb, cw))) = (mailwiz_cost, curl_cost) {
        println!("    CPU busy per run, whole machine ({cores} cores), mean of {runs}:");
        println!(
            "      mailwiz: {mb:.0} ms busy in {mw:.0} ms wall = {:.0}% of all cores",
            100.0 * mb / (mw * cores as f64)
        );
        println!(
            "      curl:    {cb:.0} ms busy in {cw:.0} ms wall = {:.0}% of all cores",
            100.0 * cb / (cw * cores as f64)
        );
        println!(
            "      floor for mailwiz's wall time on {cores} cores: {:.0} ms = {:.2} x curl",
            mb / cores as f64,
            mb / cores as f64 / cw
        );
    }
}
