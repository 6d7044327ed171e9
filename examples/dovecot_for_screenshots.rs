//! Starts two throwaway Dovecots on loopback (one with a valid test certificate, one whose
//! certificate names another host) for scripts/screenshots-test.sh, prints their ports and the
//! test CA as shell assignments, plus a "blocked" port,, and keeps them running until standard input closes.

#[path = "../tests/common/mod.rs"]
mod common;

use std::io::Read;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

use common::Dovecot;
use common::dovecot::{CertKind, Options};

fn main() {
    let user = [("someone@example.org", "abcdefghijklmnop")];
    let valid = Dovecot::start(&user);
    let other = Dovecot::start_with(
        &user,
        Options {
            cert: CertKind::OtherName,
            ..Options::default()
        },
    );
    let dir = std::env::temp_dir().join(format!("mailwiz-shots-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let ca = dir.join("ca.pem");
    let other_ca = dir.join("other-ca.pem");
    let _ = std::fs::write(&ca, valid.ca_pem());
    let _ = std::fs::write(&other_ca, other.ca_pem());
    println!("HOST={}", valid.host());
    println!("IMAP_TLS={}", valid.ports.imap_tls);
    println!("SMTP_TLS={}", valid.ports.smtp_tls);
    println!("CA={}", ca.display());
    println!("OTHER_IMAP_TLS={}", other.ports.imap_tls);
    println!("OTHER_SMTP_TLS={}", other.ports.smtp_tls);
    println!("OTHER_CA={}", other_ca.display());
    let (_blackhole, _queued, blocked) = blackhole();
    println!("BLOCKED={blocked}");
    println!("READY=1");
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
}

/// A port that behaves like one behind a firewall: a listener that never accepts, its accept queue
/// filled up, so the kernel drops every further connection attempt and connecting times out.
fn blackhole() -> (TcpListener, Vec<TcpStream>, SocketAddr) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind the black hole");
    let addr = listener.local_addr().expect("local address");
    let mut queued = Vec::new();
    while let Ok(stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(300)) {
        queued.push(stream);
        assert!(queued.len() < 10_000, "the accept queue never filled");
    }
    (listener, queued, addr)
}
