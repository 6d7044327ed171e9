//! A recording proxy: forwards one connection from [`HOST`]:<port> to a target and keeps every
//! byte the client sent, so a test can prove what did (and did not) go over the wire.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

use super::dovecot::HOST;

/// Forwards one connection from `HOST:<port>` to the target, recording what the client sent.
pub struct RecordingProxy {
    pub port: u16,
    sent_by_client: Arc<Mutex<Vec<u8>>>,
    done: Option<thread::JoinHandle<()>>,
}

impl RecordingProxy {
    /// Forwards to `HOST:target_port` (where Dovecot does not treat the connection as secure).
    pub fn start(target_port: u16) -> Self {
        Self::start_to(HOST, target_port)
    }

    /// Forwards to `target_host:target_port`. The proxy's own connection to 127.0.0.1 comes from
    /// 127.0.0.1, which Dovecot treats as secure (plain-text login allowed).
    pub fn start_to(target_host: &'static str, target_port: u16) -> Self {
        let listener = TcpListener::bind((HOST, 0)).expect("bind proxy");
        let port = listener.local_addr().expect("proxy addr").port();
        let sent_by_client = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&sent_by_client);
        let done = thread::spawn(move || {
            let (client, _) = listener.accept().expect("proxy accept");
            let server = TcpStream::connect((target_host, target_port)).expect("proxy connect");
            let (mut client_in, mut server_out) =
                (client.try_clone().unwrap(), server.try_clone().unwrap());
            let upstream = thread::spawn(move || {
                let mut buf = [0u8; 4096];
                loop {
                    match client_in.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            record.lock().unwrap().extend_from_slice(&buf[..n]);
                            if server_out.write_all(&buf[..n]).is_err() {
                                break;
                            }
                        }
                    }
                }
                let _ = server_out.shutdown(Shutdown::Write);
            });
            let (mut server_in, mut client_out) = (server, client);
            let _ = std::io::copy(&mut server_in, &mut client_out);
            let _ = client_out.shutdown(Shutdown::Write);
            upstream.join().unwrap();
        });
        Self {
            port,
            sent_by_client,
            done: Some(done),
        }
    }

    /// Everything the client sent, once both directions are closed.
    pub fn finish(mut self) -> Vec<u8> {
        if let Some(done) = self.done.take() {
            done.join().expect("proxy thread");
        }
        self.sent_by_client.lock().unwrap().clone()
    }
}
