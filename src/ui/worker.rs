//! Background work: test connections, discovery, the OS keyring's check and the save dialog run
//! on their own threads, never on the UI thread, and answer on one channel ([`WorkerEvent`]),
//! which the wizard's state applies (`Wizard::apply_worker_event`).
//!
//! Each start gets a job id; every event sent back carries it, so results of a cancelled or
//! replaced job are recognised as stale and dropped. After each send the worker asks egui to
//! repaint, so the live checklist moves without the person touching anything.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use crate::core::address::Address;
use crate::core::discovery::{Discovered, NetConfig, Progress, Source, SourceStatus, discover};
use crate::core::probe::{
    CancelToken, ProbeEvent, ProbeOptions, ProbeRequest, ProbeResult, run_probe_guarded,
};

/// What the worker reports.
#[derive(Debug)]
pub enum WorkerEvent {
    /// Progress of probe `index` of job `job`.
    Progress {
        /// Job id.
        job: u64,
        /// Which probe of the job (0 = incoming, 1 = outgoing).
        index: usize,
        /// The event.
        event: ProbeEvent,
    },
    /// Probe `index` of job `job` finished.
    Finished {
        /// Job id.
        job: u64,
        /// Which probe.
        index: usize,
        /// Its result.
        result: ProbeResult,
    },
    /// A discovery source changed status.
    DiscoveryProgress {
        /// Job id.
        job: u64,
        /// The source and its status.
        progress: Progress,
    },
    /// Discovery ended.
    DiscoveryFinished {
        /// Job id.
        job: u64,
        /// The winning result, if any.
        found: Option<Discovered>,
        /// Every source's final status (with why it found nothing).
        statuses: Vec<Progress>,
    },
    /// A domain check ended: the report, or `None` when the check itself died (a fault in
    /// mailwiz, shown as such, never as a missing answer).
    DomainChecked {
        /// The domain checked (ASCII).
        domain: String,
        /// The report.
        report: Option<crate::core::domain::CheckReport>,
    },
    /// The OS keyring was checked: usable, or the technical reason it is not.
    KeyringChecked(Result<(), String>),
    /// The save dialog closed: `None` when the person cancelled it, else the path written or why
    /// writing failed.
    Saved(Option<Result<String, String>>),
}

/// Runs probes in the background.
pub struct Worker {
    tx: Sender<WorkerEvent>,
    rx: Receiver<WorkerEvent>,
    next_job: u64,
    cancel: Option<CancelToken>,
    cancel_discovery: Option<CancelToken>,
    cancel_domain_check: Option<CancelToken>,
}

impl Default for Worker {
    fn default() -> Self {
        let (tx, rx) = channel();
        Self {
            tx,
            rx,
            next_job: 1,
            cancel: None,
            cancel_discovery: None,
            cancel_domain_check: None,
        }
    }
}

impl Worker {
    /// Starts the probes in parallel; returns the job id. `repaint` is called after each event.
    pub fn start(
        &mut self,
        requests: Vec<(ProbeRequest, ProbeOptions)>,
        repaint: impl Fn() + Send + Sync + Clone + 'static,
    ) -> u64 {
        self.cancel_running();
        let job = self.next_job;
        self.next_job += 1;
        let cancel = CancelToken::default();
        self.cancel = Some(cancel.clone());
        for (index, (request, options)) in requests.into_iter().enumerate() {
            let tx = self.tx.clone();
            let cancel = cancel.clone();
            let repaint = repaint.clone();
            thread::spawn(move || {
                let mut on_event = |event: ProbeEvent| {
                    let _ = tx.send(WorkerEvent::Progress { job, index, event });
                    repaint();
                };
                let result = run_probe_guarded(&request, &options, &cancel, &mut on_event);
                let _ = tx.send(WorkerEvent::Finished { job, index, result });
                repaint();
            });
        }
        job
    }

    /// Starts discovery for `address` in the background; returns the job id.
    pub fn start_discovery(
        &mut self,
        address: Address,
        net: NetConfig,
        repaint: impl Fn() + Send + Sync + Clone + 'static,
    ) -> u64 {
        self.cancel_discovery();
        let job = self.next_job;
        self.next_job += 1;
        let cancel = CancelToken::default();
        self.cancel_discovery = Some(cancel.clone());
        let tx = self.tx.clone();
        thread::spawn(move || {
            let mut on_progress = |progress: Progress| {
                let _ = tx.send(WorkerEvent::DiscoveryProgress { job, progress });
                repaint();
            };
            // A search that dies must still end (never a spinner forever): as "nothing found",
            // with the reason in the details.
            let (found, statuses) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                discover(&address, &net, &cancel, &mut on_progress)
            }))
            .unwrap_or_else(|_| {
                let died = SourceStatus::Nothing("the search stopped: a fault in mailwiz".into());
                let statuses = Source::ALL
                    .iter()
                    .map(|&source| Progress {
                        source,
                        status: died.clone(),
                    })
                    .collect();
                (None, statuses)
            });
            let _ = tx.send(WorkerEvent::DiscoveryFinished {
                job,
                found,
                statuses,
            });
            repaint();
        });
        job
    }

    /// Stops a running discovery, if any.
    pub fn cancel_discovery(&mut self) {
        if let Some(c) = self.cancel_discovery.take() {
            c.cancel();
        }
    }

    /// Cancels the running job, if any.
    pub fn cancel_running(&mut self) {
        if let Some(c) = self.cancel.take() {
            c.cancel();
        }
    }

    /// Checks the OS keyring with `check` in the background (it can wait on a system service).
    pub fn check_keyring(
        &self,
        check: fn() -> Result<(), String>,
        repaint: impl Fn() + Send + 'static,
    ) {
        let tx = self.tx.clone();
        let spawned = thread::Builder::new()
            .name("mailwiz-keyring".into())
            .spawn(move || {
                // The window closing drops the receiver; then nobody waits for the answer.
                let _ = tx.send(WorkerEvent::KeyringChecked(check()));
                repaint();
            });
        if let Err(e) = spawned {
            let _ = self
                .tx
                .send(WorkerEvent::KeyringChecked(Err(e.to_string())));
        }
    }

    /// Checks what every mail program finds for `domain` (help-desk mode), in the background;
    /// a check already running is stopped first.
    pub fn check_domain(
        &mut self,
        domain: String,
        net: NetConfig,
        repaint: impl Fn() + Send + 'static,
    ) {
        self.cancel_domain_check();
        let cancel = CancelToken::default();
        self.cancel_domain_check = Some(cancel.clone());
        let tx = self.tx.clone();
        let spawned = thread::Builder::new()
            .name("mailwiz-domain-check".into())
            .spawn({
                let domain = domain.clone();
                move || {
                    let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        crate::core::domain::check(&domain, None, &net, &cancel)
                    }))
                    .ok()
                    .flatten();
                    let _ = tx.send(WorkerEvent::DomainChecked { domain, report });
                    repaint();
                }
            });
        if spawned.is_err() {
            let _ = self.tx.send(WorkerEvent::DomainChecked {
                domain,
                report: None,
            });
        }
    }

    /// Stops the domain check, if one runs (its late answer is then ignored by the wizard).
    pub fn cancel_domain_check(&mut self) {
        if let Some(c) = self.cancel_domain_check.take() {
            c.cancel();
        }
    }

    /// Asks where to save a file (the system's dialog, suggesting `name`) and writes `content`
    /// there (to a fresh temporary, then renamed), in the background.
    pub fn save_file(&self, name: String, content: Vec<u8>, repaint: impl Fn() + Send + 'static) {
        let tx = self.tx.clone();
        let spawned = thread::Builder::new()
            .name("mailwiz-save".into())
            .spawn(move || {
                let picked = rfd::FileDialog::new().set_file_name(&name).save_file();
                let result = picked.map(|path| {
                    crate::core::export::write_file(&path, &content)
                        .map(|()| path.display().to_string())
                        .map_err(|e| e.to_string())
                });
                let _ = tx.send(WorkerEvent::Saved(result));
                repaint();
            });
        if let Err(e) = spawned {
            let _ = self.tx.send(WorkerEvent::Saved(Some(Err(e.to_string()))));
        }
    }

    /// Events received since the last call.
    pub fn drain(&self) -> Vec<WorkerEvent> {
        self.rx.try_iter().collect()
    }
}
