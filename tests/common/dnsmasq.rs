//! A real DNS server on loopback for discovery tests: Debian's dnsmasq, one per test.
//!
//! The test describes its records with [`Records`] (MX, SRV, A); [`Dnsmasq::start`] turns them
//! into command-line options, picks a free high port (the same number for UDP and TCP), starts
//! `dnsmasq --no-daemon` as a child on 127.0.0.1 with no configuration file, no /etc/hosts, no
//! upstream servers and no cache, and waits until it answers a query. Every name under
//! [`TEST_TLD`] that the records do not define answers NXDOMAIN at once (`--local=/test/`), and
//! nothing is ever forwarded, so no test touches the internet. Dropping the value kills the
//! server; [`Dnsmasq::log`] returns its query log for failure messages.

use std::fs::{self, File};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, UdpSocket};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// The top-level domain every test name lives under (RFC 6761 reserves it for testing).
pub const TEST_TLD: &str = "test";
const START_TIMEOUT: Duration = Duration::from_secs(5);
const INSTALL_HINT: &str = "run .ci/install-test-deps.sh (apt: dnsmasq-base)";

/// DNS records for one test server. Names are written without a trailing dot.
#[derive(Debug, Clone, Default)]
pub struct Records {
    options: Vec<String>,
}

impl Records {
    /// No records: every name under [`TEST_TLD`] is NXDOMAIN.
    pub fn new() -> Self {
        Self::default()
    }

    /// An MX record: mail for `domain` goes to `host` with this preference.
    pub fn mx(mut self, domain: &str, host: &str, preference: u16) -> Self {
        check_names(&[domain, host]);
        self.options
            .push(format!("--mx-host={domain},{host},{preference}"));
        self
    }

    /// An SRV record at `name` (e.g. `_imaps._tcp.example.test`).
    pub fn srv(mut self, name: &str, target: &str, port: u16, priority: u16, weight: u16) -> Self {
        check_names(&[name, target]);
        self.options.push(format!(
            "--srv-host={name},{target},{port},{priority},{weight}"
        ));
        self
    }

    /// An SRV record at `name` whose target is "." (RFC 2782: the service is not offered).
    /// dnsmasq writes an SRV with no target as the root name, with port 0 here.
    pub fn srv_not_offered(mut self, name: &str) -> Self {
        check_names(&[name]);
        self.options.push(format!("--srv-host={name},,0"));
        self
    }

    /// A TXT record at `name` with this one string (no commas or quotes).
    pub fn txt(mut self, name: &str, text: &str) -> Self {
        check_names(&[name]);
        assert!(
            !text.contains([',', '"']),
            "not a usable TXT string: {text:?}"
        );
        self.options.push(format!("--txt-record={name},{text}"));
        self
    }

    /// An A record for exactly `host`. Written as `--host-record` rather than `--address=/host/ip`:
    /// with `--address`, dnsmasq answers any other type at that name (MX, SRV) with NXDOMAIN,
    /// whereas a host record makes the name exist, so other types get an empty NOERROR answer.
    pub fn a(mut self, host: &str, ip: Ipv4Addr) -> Self {
        check_names(&[host]);
        self.options.push(format!("--host-record={host},{ip}"));
        self
    }
}

/// Rejects what would change the meaning of a dnsmasq option.
fn check_names(names: &[&str]) {
    for name in names {
        assert!(
            !name.is_empty() && !name.contains([',', '/', ' ', '#']) && !name.ends_with('.'),
            "not a usable test DNS name: {name:?}"
        );
    }
}

/// A running dnsmasq; killed on drop.
pub struct Dnsmasq {
    addr: SocketAddr,
    child: Child,
    log_path: PathBuf,
    // Declared last: removed after the child is gone.
    _dir: tempfile::TempDir,
}

impl Dnsmasq {
    /// Starts dnsmasq with these records and waits (at most 5 s) until it answers. Panics with a
    /// clear message when dnsmasq is not installed or does not start.
    pub fn start(records: &Records) -> Self {
        let binary = find_dnsmasq().unwrap_or_else(|| {
            panic!("dnsmasq is not installed (not in PATH nor /usr/sbin): {INSTALL_HINT}")
        });
        let mut last_failure = String::new();
        // A port picked free can be taken by a parallel test before dnsmasq binds it; retry.
        for _ in 0..5 {
            let dir = tempfile::Builder::new()
                .prefix("mailwiz-dnsmasq-")
                .tempdir()
                .expect("create temp dir");
            let port = pick_port();
            let log_path = dir.path().join("dnsmasq.log");
            let log = File::create(&log_path).expect("create dnsmasq log");
            let child = Command::new(&binary)
                .args([
                    "--no-daemon".to_owned(),
                    "--no-resolv".to_owned(),
                    "--no-hosts".to_owned(),
                    "--conf-file=/dev/null".to_owned(),
                    format!("--port={port}"),
                    "--listen-address=127.0.0.1".to_owned(),
                    "--bind-interfaces".to_owned(),
                    format!("--local=/{TEST_TLD}/"),
                    "--cache-size=0".to_owned(),
                    "--log-facility=-".to_owned(),
                    "--log-queries".to_owned(),
                ])
                .args(&records.options)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .unwrap_or_else(|err| {
                    panic!("cannot run {}: {err} ({INSTALL_HINT})", binary.display())
                });
            let mut server = Self {
                addr: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
                child,
                log_path,
                _dir: dir,
            };
            match server.wait_until_answering() {
                Ok(()) => return server,
                Err(failure) => last_failure = format!("{failure}\n{}", server.log()),
            }
        }
        panic!("dnsmasq did not start:\n{last_failure}");
    }

    /// Where it listens (UDP and TCP).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Everything dnsmasq has logged so far (start-up and one line per query).
    pub fn log(&self) -> String {
        fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// Polls with a real query until an answer arrives, the child exits, or time runs out.
    fn wait_until_answering(&mut self) -> Result<(), String> {
        let socket = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| e.to_string())?;
        socket
            .set_read_timeout(Some(Duration::from_millis(100)))
            .map_err(|e| e.to_string())?;
        let deadline = Instant::now() + START_TIMEOUT;
        let mut id: u16 = 0x4d57;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("dnsmasq exited at start ({status})"));
            }
            id = id.wrapping_add(1);
            let query = readiness_query(id);
            // Before dnsmasq binds, the datagram is refused; just try again.
            let _ = socket.send_to(&query, self.addr);
            let mut reply = [0u8; 512];
            if let Ok((len, from)) = socket.recv_from(&mut reply)
                && from == self.addr
                && len >= 12
                && reply[..2] == id.to_be_bytes()
            {
                return Ok(());
            }
            thread::sleep(Duration::from_millis(20));
        }
        Err(format!(
            "dnsmasq did not answer on {} within {START_TIMEOUT:?}",
            self.addr
        ))
    }
}

impl Drop for Dnsmasq {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A standard query for `ready.test` type SOA, written by hand so the harness does not depend on
/// the resolver under test.
fn readiness_query(id: u16) -> Vec<u8> {
    let mut packet = Vec::with_capacity(32);
    packet.extend_from_slice(&id.to_be_bytes());
    packet.extend_from_slice(&[0x01, 0x00]); // recursion desired
    packet.extend_from_slice(&[0, 1, 0, 0, 0, 0, 0, 0]); // one question
    for label in ["ready", TEST_TLD] {
        packet.push(label.len() as u8);
        packet.extend_from_slice(label.as_bytes());
    }
    packet.push(0);
    packet.extend_from_slice(&[0, 6, 0, 1]); // SOA, IN
    packet
}

/// A high port free for both UDP and TCP on 127.0.0.1 right now.
fn pick_port() -> u16 {
    for _ in 0..50 {
        let udp = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind a UDP port");
        let port = udp.local_addr().expect("UDP local address").port();
        if port >= 1024 && TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok() {
            return port;
        }
    }
    panic!("no port free for both UDP and TCP on 127.0.0.1");
}

fn find_dnsmasq() -> Option<PathBuf> {
    let in_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join("dnsmasq"));
    in_path
        .chain([PathBuf::from("/usr/sbin/dnsmasq")])
        .find(|path| path.is_file())
}
