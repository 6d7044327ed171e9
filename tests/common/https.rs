//! A small HTTPS server on loopback for discovery tests (autoconfig and ISPDB): each request is
//! answered by a handler (bytes, or silence), with a certificate from a throwaway test CA.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use super::certs::ServerCert;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET /path HTTP/1.1`
    pub line: String,
    /// The path and query.
    pub target: String,
    /// Every header line, as sent.
    pub headers: Vec<String>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.iter().find_map(|h| {
            let (n, v) = h.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }
}

/// What the server does with a request.
pub enum Answer {
    /// Send these bytes, then close properly (TLS close_notify).
    Send(Vec<u8>),
    /// Say nothing for this long, then close.
    Silence(Duration),
}

/// A local HTTPS server answering each request through a handler.
pub struct Server {
    pub port: u16,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    pub fn start(
        cert: &ServerCert,
        handler: impl Fn(&Request) -> Answer + Send + Sync + 'static,
    ) -> Self {
        let acceptor = Arc::new(native_tls::TlsAcceptor::new(cert.identity()).expect("acceptor"));
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler = Arc::new(handler);
        let seen = Arc::clone(&requests);
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
                let (acceptor, handler, seen) = (
                    Arc::clone(&acceptor),
                    Arc::clone(&handler),
                    Arc::clone(&seen),
                );
                thread::spawn(move || {
                    // A client that refuses the certificate ends here.
                    let Ok(tls) = acceptor.accept(stream) else {
                        return;
                    };
                    let mut reader = BufReader::new(tls);
                    let Some(request) = read_request(&mut reader) else {
                        return;
                    };
                    seen.lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(request.clone());
                    let mut tls = reader.into_inner();
                    match handler(&request) {
                        Answer::Send(bytes) => {
                            let _ = tls.write_all(&bytes);
                            let _ = tls.flush();
                            let _ = tls.shutdown();
                        }
                        Answer::Silence(how_long) => thread::sleep(how_long),
                    }
                });
            }
        });
        Self { port, requests }
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

fn read_request(reader: &mut impl BufRead) -> Option<Request> {
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        if line.is_empty() {
            break;
        }
        lines.push(line);
    }
    let first = lines.first()?.clone();
    let target = first.split(' ').nth(1)?.to_owned();
    Some(Request {
        line: first,
        target,
        headers: lines[1..].to_vec(),
    })
}

pub fn ok(body: &str) -> Answer {
    Answer::Send(
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    )
}

pub fn status(code: u16, reason: &str) -> Answer {
    Answer::Send(format!("HTTP/1.1 {code} {reason}\r\nContent-Length: 0\r\n\r\n").into_bytes())
}

pub fn redirect(code: u16, location: &str) -> Answer {
    Answer::Send(
        format!("HTTP/1.1 {code} Moved\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n")
            .into_bytes(),
    )
}
