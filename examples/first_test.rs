//! The wizard's first test in a fresh process, for the whole-process benchmark (scripts/bench.sh):
//! the TLS warm-up the app starts when it opens (`prepare_tls`, as `App::from_creation_context`
//! does), then at the same instant — a person who clicks "Test" at once, the worst case — the
//! wizard's own `Worker::start` with its two probes (IMAP and SMTP over implicit TLS), exactly
//! the requests the app builds. Exits 0 when both logins passed, 1 otherwise.
//!
//! `first_test ADDRESS HOST IMAP_PORT SMTP_PORT`; the code on standard input, extra roots from
//! `MAILWIZ_CA_FILE` as in the app. Not a window: drawing is not what is measured, and the
//! worker, its threads and the probe code are the same as behind the "Test" button.

use std::io::BufRead;
use std::sync::mpsc;

use mailwiz::core::probe::{Outcome, ProbeOptions, ProbeRequest, Protocol, Timeouts, prepare_tls};
use mailwiz::core::provider::model::{Endpoint, Security};
use mailwiz::core::secret::Secret;
use mailwiz::ui::worker::{Worker, WorkerEvent};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [address, host, imap_port, smtp_port] = args.as_slice() else {
        eprintln!("usage: first_test ADDRESS HOST IMAP_PORT SMTP_PORT (code on stdin)");
        std::process::exit(2);
    };
    let extra_roots_pem: Vec<Vec<u8>> = std::env::var_os("MAILWIZ_CA_FILE")
        .and_then(|path| std::fs::read(path).ok())
        .into_iter()
        .collect();
    prepare_tls();
    let mut code = String::new();
    let _ = std::io::stdin().lock().read_line(&mut code);
    let secret = Secret::new(code.trim_end().to_owned());
    let requests = [(Protocol::Imap, imap_port), (Protocol::Smtp, smtp_port)]
        .into_iter()
        .map(|(protocol, port)| {
            let request = ProbeRequest {
                protocol,
                endpoint: Endpoint {
                    host: host.clone(),
                    port: port.parse().expect("port"),
                    security: Security::Tls,
                },
                username: address.clone(),
                secret: secret.clone(),
                extra_roots_pem: extra_roots_pem.clone(),
                timeouts: Timeouts::default(),
            };
            (request, ProbeOptions::default())
        })
        .collect::<Vec<_>>();
    let expected = requests.len();
    let (wake, woken) = mpsc::channel::<()>();
    let mut worker = Worker::default();
    worker.start(requests, move || {
        let _ = wake.send(());
    });
    let mut passed = 0;
    let mut finished = 0;
    while finished < expected && woken.recv().is_ok() {
        for event in worker.drain() {
            if let WorkerEvent::Finished { result, .. } = event {
                finished += 1;
                if result.outcome == Outcome::Ok {
                    passed += 1;
                } else {
                    eprintln!(
                        "{:?}: {:?} {:?}",
                        result.protocol, result.outcome, result.failure
                    );
                }
            }
        }
    }
    std::process::exit(if passed == expected { 0 } else { 1 });
}
