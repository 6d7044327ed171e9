//! A real Dovecot 2.3 on loopback, one per test, everything inside a temp dir.
//!
//! `Dovecot::start` generates a CA and a server certificate (names: localhost, 127.0.0.1,
//! 127.0.0.2), writes `dovecot.conf`, a passwd-file and a mail dir owned by nobody (65534), picks
//! free ports, starts `dovecot -F -c <conf>` as a child and waits until it accepts connections.
//! Dropping the value SIGKILLs the master (its children follow within milliseconds) and removes
//! the directory. A tiny SMTP sink stands in for the relay that Dovecot's submission service
//! connects to after AUTH; it keeps every message relayed to it ([`Dovecot::relayed`]), so a
//! test can see that a message sent through submission arrived.
//!
//! Connect to [`HOST`] (127.0.0.2), not 127.0.0.1: Dovecot treats a connection whose local and
//! remote addresses are equal as secure and would allow plain-text login before STARTTLS.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use mailwiz::core::probe::Protocol;
use mailwiz::core::provider::model::{Endpoint, Security};

use super::certs::{SERVER_NAMES, TestCa};

/// The address tests connect to (see the module docs for why not 127.0.0.1).
pub const HOST: &str = "127.0.0.2";
/// uid/gid of nobody/nogroup, which owns the mail.
const MAIL_OWNER: u32 = 65534;
const START_TIMEOUT: Duration = Duration::from_secs(5);
const INSTALL_HINT: &str = "run .ci/install-test-deps.sh (apt: dovecot-imapd dovecot-pop3d \
                            dovecot-submissiond)";

/// What to vary between Dovecot instances.
#[derive(Debug, Clone)]
pub struct Options {
    /// `auth_mechanisms`, e.g. "plain login" (default) or "login" to make clients fall back to
    /// IMAP LOGIN, POP3 USER/PASS and SMTP AUTH LOGIN.
    pub auth_mechanisms: &'static str,
    /// Which certificate Dovecot presents.
    pub cert: CertKind,
}

/// The certificate a test Dovecot presents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertKind {
    /// Valid, for the loopback names and addresses the tests use.
    Valid,
    /// Valid, but for another name only ("mail.example.test"): a name mismatch.
    OtherName,
    /// For the right names, but expired.
    Expired,
    /// Its own root (no CA): trusted only by handing `server_cert_pem()` to the client.
    SelfSigned,
    /// Its own root, for another name only ("mail.example.test").
    SelfSignedOtherName,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            auth_mechanisms: "plain login",
            cert: CertKind::Valid,
        }
    }
}

/// Ports of one running Dovecot.
#[derive(Debug, Clone, Copy)]
pub struct Ports {
    pub imap_tls: u16,
    pub imap_starttls: u16,
    pub pop3_tls: u16,
    pub pop3_starttls: u16,
    pub smtp_tls: u16,
    pub smtp_starttls: u16,
}

/// A running Dovecot; killed on drop.
pub struct Dovecot {
    pub ports: Ports,
    ca: TestCa,
    child: Child,
    relay: RelaySink,
    // Declared last: removed after the child is gone.
    dir: tempfile::TempDir,
}

impl Dovecot {
    /// Starts Dovecot with these users (name, password) and the default options. Panics with a
    /// clear message when Dovecot is not installed or does not start.
    pub fn start(users: &[(&str, &str)]) -> Self {
        Self::start_with(users, Options::default())
    }

    /// Starts Dovecot with these users and options.
    pub fn start_with(users: &[(&str, &str)], options: Options) -> Self {
        let binary = find_dovecot().unwrap_or_else(|| {
            panic!("dovecot is not installed (not in PATH nor /usr/sbin): {INSTALL_HINT}")
        });
        let ca = TestCa::new("mailwiz test CA");
        let relay = RelaySink::start();
        let mut last_failure = String::new();
        // A port picked free can be taken by a parallel test before Dovecot binds it; retry.
        for _ in 0..3 {
            let dir = tempfile::Builder::new()
                .prefix("mailwiz-dovecot-")
                .tempdir()
                .expect("create temp dir");
            let ports = pick_ports();
            write_files(dir.path(), &ca, users, &ports, relay.port, &options);
            match spawn_and_wait(&binary, dir.path(), &ports) {
                Ok(child) => {
                    return Self {
                        ports,
                        ca,
                        child,
                        relay,
                        dir,
                    };
                }
                Err(failure) => last_failure = failure,
            }
        }
        panic!("dovecot did not start ({INSTALL_HINT} if parts are missing):\n{last_failure}");
    }

    /// The test CA's certificate (PEM), to hand to the probe as an extra root.
    pub fn ca_pem(&self) -> Vec<u8> {
        self.ca.ca_pem()
    }

    /// The server certificate Dovecot presents (PEM).
    pub fn server_cert_pem(&self) -> String {
        fs::read_to_string(self.dir.path().join("server.crt")).expect("read server.crt")
    }

    /// The host name to connect to.
    pub fn host(&self) -> &'static str {
        HOST
    }

    /// The port for a protocol and security (`Security::None` uses the STARTTLS port).
    pub fn port(&self, protocol: Protocol, security: Security) -> u16 {
        let p = self.ports;
        match (protocol, security) {
            (Protocol::Imap, Security::Tls) => p.imap_tls,
            (Protocol::Imap, _) => p.imap_starttls,
            (Protocol::Pop3, Security::Tls) => p.pop3_tls,
            (Protocol::Pop3, _) => p.pop3_starttls,
            (Protocol::Smtp, Security::Tls) => p.smtp_tls,
            (Protocol::Smtp, _) => p.smtp_starttls,
        }
    }

    /// The endpoint for a protocol and security on [`HOST`].
    pub fn endpoint(&self, protocol: Protocol, security: Security) -> Endpoint {
        Endpoint {
            host: HOST.to_owned(),
            port: self.port(protocol, security),
            security,
        }
    }

    /// Dovecot's log so far (for assertion messages).
    pub fn log(&self) -> String {
        read_logs(self.dir.path())
    }

    /// How many connections the relay sink has accepted.
    pub fn relay_connections(&self) -> usize {
        self.relay.connections()
    }

    /// Every message that reached the relay sink so far (completed by the final "."), in order.
    pub fn relayed(&self) -> Vec<Relayed> {
        self.relay
            .messages
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// One message as the relay sink received it from Dovecot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Relayed {
    /// What followed `MAIL FROM:` (e.g. `<someone@example.com>`, with any parameters).
    pub mail_from: String,
    /// What followed each `RCPT TO:`.
    pub rcpt_to: Vec<String>,
    /// The message lines between DATA and the final ".", without CRLF, dot-stuffing undone.
    pub lines: Vec<String>,
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        // SIGKILL: SIGTERM takes 2–3 s; the children notice the master is gone within ~10 ms.
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_file(self.dir.path().join("run/master.pid"));
    }
}

fn find_dovecot() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/local/sbin"].map(PathBuf::from))
        .map(|dir| dir.join("dovecot"))
        .find(|candidate| candidate.is_file())
}

/// Six ports free on both 127.0.0.1 and 127.0.0.2 (all held until picked, so distinct).
fn pick_ports() -> Ports {
    let mut held = Vec::new();
    let mut ports = Vec::new();
    while ports.len() < 6 {
        let first = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = first.local_addr().expect("local addr").port();
        if let Ok(second) = TcpListener::bind((HOST, port)) {
            ports.push(port);
            held.push(second);
        }
        held.push(first);
    }
    Ports {
        imap_tls: ports[0],
        imap_starttls: ports[1],
        pop3_tls: ports[2],
        pop3_starttls: ports[3],
        smtp_tls: ports[4],
        smtp_starttls: ports[5],
    }
}

fn write_files(
    dir: &Path,
    ca: &TestCa,
    users: &[(&str, &str)],
    ports: &Ports,
    relay_port: u16,
    options: &Options,
) {
    // Dovecot's unprivileged processes (nobody, dovenull) must be able to walk into the dir.
    fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).expect("chmod temp dir");
    let server = match options.cert {
        CertKind::Valid => ca.server_cert(SERVER_NAMES),
        CertKind::OtherName => ca.server_cert(&["mail.example.test"]),
        CertKind::Expired => ca.expired_server_cert(SERVER_NAMES),
        CertKind::SelfSigned => super::certs::self_signed_cert(SERVER_NAMES),
        CertKind::SelfSignedOtherName => super::certs::self_signed_cert(&["mail.example.test"]),
    };
    fs::write(dir.join("server.crt"), &server.cert_pem).expect("write cert");
    fs::write(dir.join("server.key"), &server.key_pem).expect("write key");
    fs::set_permissions(dir.join("server.key"), fs::Permissions::from_mode(0o600))
        .expect("chmod key");

    let mut passwd = String::new();
    for (user, password) in users {
        assert!(
            !user.contains([':', '\n']) && !password.contains([':', '\n']),
            "passwd-file entries cannot contain ':' or line breaks"
        );
        // The explicit scheme keeps a password that starts with '{' from reading as one.
        passwd.push_str(&format!("{user}:{{PLAIN}}{password}\n"));
    }
    fs::write(dir.join("users"), passwd).expect("write users");
    fs::set_permissions(dir.join("users"), fs::Permissions::from_mode(0o644)).expect("chmod");

    let mail = dir.join("mail");
    fs::create_dir(&mail).expect("create mail dir");
    std::os::unix::fs::chown(&mail, Some(MAIL_OWNER), Some(MAIL_OWNER))
        .expect("chown mail dir to nobody (the harness must run as root)");

    let d = dir.display();
    let instance = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Ports {
        imap_tls,
        imap_starttls,
        pop3_tls,
        pop3_starttls,
        smtp_tls,
        smtp_starttls,
    } = *ports;
    let mechanisms = options.auth_mechanisms;
    let conf = format!(
        r#"# Written by tests/common/dovecot.rs for one test; nothing from /etc/dovecot is used.
base_dir = {d}/run
state_dir = {d}/state
instance_name = {instance}
log_path = {d}/dovecot.log
info_log_path = {d}/dovecot.log
auth_verbose = yes
protocols = imap pop3 submission
listen = 127.0.0.1, {HOST}
hostname = localhost
ssl = yes
ssl_cert = <{d}/server.crt
ssl_key = <{d}/server.key
disable_plaintext_auth = yes
auth_mechanisms = {mechanisms}
auth_failure_delay = 0
default_login_user = dovenull
default_internal_user = dovecot
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/users
}}
userdb {{
  driver = static
  args = uid={MAIL_OWNER} gid={MAIL_OWNER} home={d}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    port = {imap_starttls}
  }}
  inet_listener imaps {{
    port = {imap_tls}
    ssl = yes
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = {pop3_starttls}
  }}
  inet_listener pop3s {{
    port = {pop3_tls}
    ssl = yes
  }}
}}
service submission-login {{
  inet_listener submission {{
    port = {smtp_starttls}
  }}
  inet_listener submissions {{
    port = {smtp_tls}
    ssl = yes
  }}
}}
submission_relay_host = 127.0.0.1
submission_relay_port = {relay_port}
submission_relay_trusted = yes
"#
    );
    fs::write(dir.join("dovecot.conf"), conf).expect("write dovecot.conf");
}

fn spawn_and_wait(binary: &Path, dir: &Path, ports: &Ports) -> Result<Child, String> {
    let stderr = fs::File::create(dir.join("stderr.log")).expect("create stderr.log");
    let mut child = Command::new(binary)
        .arg("-F")
        .arg("-c")
        .arg(dir.join("dovecot.conf"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}; {INSTALL_HINT}", binary.display()));
    let started = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("dovecot exited with {status}\n{}", read_logs(dir)));
        }
        let probe = TcpStream::connect_timeout(
            &format!("{HOST}:{}", ports.imap_tls)
                .parse()
                .expect("address"),
            Duration::from_millis(200),
        );
        if probe.is_ok() {
            return Ok(child);
        }
        if started.elapsed() > START_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "dovecot did not accept connections within {START_TIMEOUT:?}\n{}",
                read_logs(dir)
            ));
        }
        thread::sleep(Duration::from_millis(10));
    }
}

fn read_logs(dir: &Path) -> String {
    ["stderr.log", "dovecot.log"]
        .iter()
        .map(|name| {
            let text = fs::read_to_string(dir.join(name)).unwrap_or_default();
            format!("--- {name} ---\n{text}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Accepts SMTP connections and says yes to everything: the relay Dovecot's submission service
/// insists on reaching after AUTH. Keeps the messages it is given. Stops on drop.
struct RelaySink {
    port: u16,
    stop: Arc<AtomicBool>,
    accepted: Arc<std::sync::atomic::AtomicUsize>,
    messages: Arc<Mutex<Vec<Relayed>>>,
}

impl RelaySink {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind relay sink");
        let port = listener.local_addr().expect("relay addr").port();
        let stop = Arc::new(AtomicBool::new(false));
        let accepted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let messages = Arc::new(Mutex::new(Vec::new()));
        let (stop_flag, counter, sink) = (
            Arc::clone(&stop),
            Arc::clone(&accepted),
            Arc::clone(&messages),
        );
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stop_flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                counter.fetch_add(1, Ordering::SeqCst);
                let sink = Arc::clone(&sink);
                thread::spawn(move || serve_sink(stream, &sink));
            }
        });
        Self {
            port,
            stop,
            accepted,
            messages,
        }
    }

    fn connections(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

impl Drop for RelaySink {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve_sink(stream: TcpStream, messages: &Mutex<Vec<Relayed>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    let _ = writer.write_all(b"220 sink ESMTP\r\n");
    let mut in_data = false;
    let mut current = Relayed::default();
    let mut raw = Vec::new();
    loop {
        raw.clear();
        match reader.read_until(b'\n', &mut raw) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let line = String::from_utf8_lossy(&raw);
        let line = line.trim_end_matches(['\r', '\n']);
        let command = line.to_ascii_uppercase();
        let reply: &[u8] = if in_data {
            if line != "." {
                let unstuffed = line.strip_prefix('.').unwrap_or(line);
                current.lines.push(unstuffed.to_owned());
                continue;
            }
            in_data = false;
            messages
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(std::mem::take(&mut current));
            b"250 2.0.0 queued\r\n"
        } else if let Some(from) = command.strip_prefix("MAIL FROM:") {
            current = Relayed {
                mail_from: line[line.len() - from.len()..].trim().to_owned(),
                ..Relayed::default()
            };
            b"250 2.0.0 ok\r\n"
        } else if let Some(to) = command.strip_prefix("RCPT TO:") {
            current
                .rcpt_to
                .push(line[line.len() - to.len()..].trim().to_owned());
            b"250 2.0.0 ok\r\n"
        } else if command.starts_with("EHLO") {
            b"250-sink\r\n250 8BITMIME\r\n"
        } else if command == "DATA" {
            in_data = true;
            b"354 go ahead\r\n"
        } else if command == "QUIT" {
            let _ = writer.write_all(b"221 bye\r\n");
            return;
        } else {
            b"250 2.0.0 ok\r\n"
        };
        if writer.write_all(reply).is_err() {
            return;
        }
    }
}
