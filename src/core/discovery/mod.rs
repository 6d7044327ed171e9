//! Automatic discovery: find the settings for an address whose domain is not in the built-in list.
//!
//! Every source starts at once on its own thread, each bounded by its own timeout; the
//! highest-priority source that succeeds wins and the others are cancelled, so a silent source
//! costs at most its own timeout, never the sum of all of them. Priority:
//! built-in data → the domain's own autoconfig (HTTPS) → Thunderbird's ISPDB → MX fingerprints
//! from the provider data → DNS SRV (RFC 6186/8314) → guessing host names × standard ports.
//!
//! Each result says where it came from and whether that source is trusted: built-in data and
//! HTTPS autoconfig from the address's own domain (the final URL, after redirects, inside the
//! domain or its subdomains) are; autoconfig redirected to another host, MX, SRV pointing outside the domain, ISPDB
//! entries whose servers are outside the domain, and guesses need the person's confirmation
//! before any password is sent there (RFC 6186 §6).

pub mod autoconfig;
pub mod dns;
#[cfg(test)]
mod props;

use std::net::SocketAddr;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use self::dns::MailRecords;
use crate::core::address::Address;
use crate::core::net::{CancelToken, Resolver};
use crate::core::probe::Protocol;
use crate::core::provider::database;
use crate::core::provider::model::{Endpoint, PasswordKind, Provider, Security, UsernameForm};

/// Where a result came from, in priority order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The built-in provider data.
    Builtin,
    /// The domain's own autoconfig file over HTTPS.
    Autoconfig,
    /// Thunderbird's ISPDB.
    Ispdb,
    /// The domain's MX records matched a hosted-mail provider.
    Mx,
    /// DNS SRV records.
    Srv,
    /// Host names and standard ports tried one by one (no login).
    Guess,
}

impl Source {
    /// All sources, highest priority first.
    pub const ALL: [Source; 6] = [
        Source::Builtin,
        Source::Autoconfig,
        Source::Ispdb,
        Source::Mx,
        Source::Srv,
        Source::Guess,
    ];

    /// Stable code (JSON "source").
    pub fn code(self) -> &'static str {
        match self {
            Source::Builtin => "builtin",
            Source::Autoconfig => "autoconfig",
            Source::Ispdb => "ispdb",
            Source::Mx => "mx",
            Source::Srv => "srv",
            Source::Guess => "guess",
        }
    }

    /// Message id of the source's name ("built-in list", "the domain's own settings file", …).
    pub fn message_id(self) -> &'static str {
        match self {
            Source::Builtin => "source-builtin",
            Source::Autoconfig => "source-autoconfig",
            Source::Ispdb => "source-ispdb",
            Source::Mx => "source-mx",
            Source::Srv => "source-srv",
            Source::Guess => "source-guess",
        }
    }
}

/// Settings found for a domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discovered {
    /// Where they came from.
    pub source: Source,
    /// Whether the source is trusted without the person's confirmation.
    pub trusted: bool,
    /// The provider, when the result is a known one (built-in data or an MX fingerprint).
    pub provider_id: Option<String>,
    /// A name to show, when the source gives one.
    pub display_name: Option<String>,
    /// IMAP servers, preferred first.
    pub imap: Vec<Endpoint>,
    /// POP3 servers, preferred first.
    pub pop3: Vec<Endpoint>,
    /// SMTP servers, preferred first.
    pub smtp: Vec<Endpoint>,
    /// Login name form.
    pub username: UsernameForm,
    /// What the password field needs.
    pub password_kind: PasswordKind,
}

/// Servers discovery found for one domain, kept (and remembered by the wizard) with the
/// person's confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    /// The domain (ASCII) they were found for; another address drops them.
    pub domain: String,
    /// Whether the person confirmed these servers (needed before any code is sent to them when
    /// the source is not trusted).
    pub confirmed: bool,
    /// What was found.
    #[serde(flatten)]
    pub discovered: Discovered,
}

impl Found {
    /// From a discovery result for `domain`, not yet confirmed.
    pub fn new(domain: &str, discovered: Discovered) -> Self {
        Self {
            domain: domain.to_owned(),
            confirmed: false,
            discovered,
        }
    }

    /// Whether a code may be sent to these servers.
    pub fn usable(&self) -> bool {
        self.discovered.trusted || self.confirmed
    }

    /// The message that says why these servers are trusted without confirmation.
    pub fn trusted_message_id(&self) -> &'static str {
        match self.discovered.source {
            Source::Ispdb
                if crate::core::ispdb::snapshot()
                    .by_domain(&self.domain)
                    .is_some() =>
            {
                "discover-trusted-ispdb-copy"
            }
            Source::Ispdb => "discover-trusted-ispdb",
            _ => "discover-trusted",
        }
    }
}

impl Discovered {
    fn from_provider(provider: &Provider, source: Source, trusted: bool) -> Self {
        Self {
            source,
            trusted,
            provider_id: Some(provider.id.clone()),
            display_name: Some(provider.display_name.en.clone()),
            imap: provider.imap.clone(),
            pop3: provider.pop3.clone(),
            smtp: provider.smtp.clone(),
            username: provider.username,
            password_kind: provider.password_kind,
        }
    }

    fn usable(&self) -> bool {
        (!self.imap.is_empty() || !self.pop3.is_empty()) && !self.smtp.is_empty()
    }

    /// The servers of a clientConfig document from `source`; a document without a cleartext
    /// password method means the provider's own sign-in only.
    pub fn from_client_config(
        cfg: crate::core::clientconfig::ClientConfig,
        source: Source,
        trusted: bool,
    ) -> Discovered {
        Discovered {
            source,
            trusted,
            provider_id: None,
            display_name: Some(cfg.display_name.clone()).filter(|n| !n.is_empty()),
            imap: cfg.imap,
            pop3: cfg.pop3,
            smtp: cfg.smtp,
            username: cfg.username,
            password_kind: if cfg.password_cleartext_supported {
                PasswordKind::Password
            } else {
                PasswordKind::Oauth2Only
            },
        }
    }
}

/// The ISPDB's public address.
pub const DEFAULT_ISPDB_URL: &str = "https://autoconfig.thunderbird.net/v1.1/";
/// Default per-source timeout: with every source in parallel, the worst case of the whole search.
pub const DEFAULT_SOURCE_TIMEOUT: Duration = Duration::from_secs(5);

/// How long past the per-source timeout the search waits for a source that overruns it.
const HARD_STOP_MARGIN: Duration = Duration::from_millis(500);

/// The per-source timeout is bounded to this range in [`discover`], whoever built the
/// configuration (an unbounded one would overflow `Instant + Duration`).
const SOURCE_TIMEOUT_RANGE: (Duration, Duration) =
    (Duration::from_millis(100), Duration::from_secs(600));

/// Where discovery may look, and for how long.
#[derive(Clone)]
pub struct NetConfig {
    /// DNS server to ask instead of the system's (`--dns` / `MAILWIZ_DNS`).
    pub dns_server: Option<SocketAddr>,
    /// ISPDB base URL (`--ispdb-url` / `MAILWIZ_ISPDB_URL`).
    pub ispdb_url: String,
    /// Extra trusted root certificates (PEM) for HTTPS and guessing (`--ca-file`).
    pub extra_roots_pem: Vec<Vec<u8>>,
    /// Each source's own timeout (`--timeout`).
    pub timeout: Duration,
    /// Ports the guesser tries per protocol and security (tests point it at a local server).
    pub guess_ports: GuessPorts,
    /// Replaces `dns_server` for turning host names into addresses, for HTTPS and guessing
    /// (tests map made-up names to loopback); MX and SRV questions still go to `dns_server`.
    pub resolve: Option<Resolver>,
}

impl std::fmt::Debug for NetConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NetConfig")
            .field("dns_server", &self.dns_server)
            .field("ispdb_url", &self.ispdb_url)
            .field("extra_roots", &self.extra_roots_pem.len())
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl Default for NetConfig {
    fn default() -> Self {
        Self {
            dns_server: None,
            ispdb_url: DEFAULT_ISPDB_URL.to_owned(),
            extra_roots_pem: Vec::new(),
            timeout: DEFAULT_SOURCE_TIMEOUT,
            guess_ports: GuessPorts::default(),
            resolve: None,
        }
    }
}

/// The ports the guesser tries: (implicit TLS, STARTTLS) per protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuessPorts {
    /// IMAP.
    pub imap: (u16, u16),
    /// POP3.
    pub pop3: (u16, u16),
    /// SMTP submission.
    pub smtp: (u16, u16),
}

impl Default for GuessPorts {
    fn default() -> Self {
        Self {
            imap: (993, 143),
            pop3: (995, 110),
            smtp: (465, 587),
        }
    }
}

/// How one source ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceStatus {
    /// Still looking.
    Running,
    /// Found settings.
    Found,
    /// Found nothing (or failed), with a short technical reason.
    Nothing(String),
    /// Stopped because a higher-priority source already won.
    Cancelled,
}

/// Progress of a discovery run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// The source.
    pub source: Source,
    /// Its status.
    pub status: SourceStatus,
}

impl SourceStatus {
    /// Stable code: "running", "found", "nothing", "cancelled".
    pub fn code(&self) -> &'static str {
        match self {
            SourceStatus::Running => "running",
            SourceStatus::Found => "found",
            SourceStatus::Nothing(_) => "nothing",
            SourceStatus::Cancelled => "cancelled",
        }
    }

    /// One status of each kind (the reason of `Nothing` left empty), for tests over all of them.
    pub const ALL: [SourceStatus; 4] = [
        SourceStatus::Running,
        SourceStatus::Found,
        SourceStatus::Nothing(String::new()),
        SourceStatus::Cancelled,
    ];

    /// Message id of the status in words.
    pub fn message_id(&self) -> &'static str {
        match self {
            SourceStatus::Running => "source-status-running",
            SourceStatus::Found => "source-status-found",
            SourceStatus::Nothing(_) => "source-status-nothing",
            SourceStatus::Cancelled => "source-status-cancelled",
        }
    }

    /// Why a source found nothing (technical, in English, for a help desk), fit to show: every
    /// hidden character written out, since part of it may come from a server.
    pub fn reason(&self) -> Option<String> {
        match self {
            SourceStatus::Nothing(why) => Some(crate::core::shown::escaped(why)),
            _ => None,
        }
    }
}

/// The built-in provider for a domain and where it comes from: mailwiz's own files first
/// ([`Source::Builtin`]), then the built-in copy of Thunderbird's ISPDB ([`Source::Ispdb`]).
/// Both are shipped data, trusted without the person's confirmation.
pub fn built_in(domain_ascii: &str) -> Option<(&'static Provider, Source)> {
    database()
        .by_domain(domain_ascii)
        .map(|p| (p, Source::Builtin))
        .or_else(|| {
            crate::core::ispdb::snapshot()
                .by_domain(domain_ascii)
                .map(|p| (p, Source::Ispdb))
        })
}

/// Finds the settings for an address. Blocking (run it on a background thread); returns the
/// highest-priority result and the final status of every source. `cancel` stops everything.
pub fn discover(
    address: &Address,
    net: &NetConfig,
    cancel: &CancelToken,
    on_progress: &mut dyn FnMut(Progress),
) -> (Option<Discovered>, Vec<Progress>) {
    let bounded;
    let net = if net
        .timeout
        .clamp(SOURCE_TIMEOUT_RANGE.0, SOURCE_TIMEOUT_RANGE.1)
        == net.timeout
    {
        net
    } else {
        bounded = NetConfig {
            timeout: net
                .timeout
                .clamp(SOURCE_TIMEOUT_RANGE.0, SOURCE_TIMEOUT_RANGE.1),
            ..net.clone()
        };
        &bounded
    };
    let mut statuses: Vec<Progress> = Source::ALL
        .iter()
        .map(|s| Progress {
            source: *s,
            status: SourceStatus::Running,
        })
        .collect();
    let mut found: Vec<Option<Discovered>> = vec![None; Source::ALL.len()];

    // 1. Built-in data (own files, then the built-in copy of the ISPDB): instant, offline.
    if let Some((p, source)) = built_in(&address.domain_ascii) {
        let d = Discovered::from_provider(p, source, true);
        for s in statuses.iter_mut() {
            s.status = if s.source == source {
                SourceStatus::Found
            } else if s.source == Source::Builtin {
                SourceStatus::Nothing("not in mailwiz's own list".into())
            } else {
                SourceStatus::Cancelled
            };
        }
        for s in &statuses {
            on_progress(s.clone());
        }
        return (Some(d), statuses);
    }
    statuses[0].status = SourceStatus::Nothing("not in the built-in list".into());
    on_progress(statuses[0].clone());
    for s in &statuses[1..] {
        on_progress(s.clone());
    }

    let (tx, rx) = mpsc::channel::<(Source, Result<Discovered, String>)>();
    let stop = CancelToken::new();
    for source in &Source::ALL[1..] {
        let (source, tx, stop, address, net) = (
            *source,
            tx.clone(),
            stop.clone(),
            address.clone(),
            net.clone(),
        );
        thread::spawn(move || {
            let result = match source {
                Source::Autoconfig => from_autoconfig(&address, &net, &stop),
                Source::Ispdb => from_ispdb(&address, &net, &stop),
                Source::Mx => from_mx(&address, &net),
                Source::Srv => from_srv(&address, &net),
                Source::Guess => from_guess(&address, &net, &stop),
                Source::Builtin => Err("handled above".into()),
            };
            let _ = tx.send((source, result));
        });
    }
    drop(tx);

    // Every source is bounded by its own timeout; this bound holds even if one overruns.
    let hard_stop = Instant::now() + net.timeout + HARD_STOP_MARGIN;
    let winner = loop {
        // The first source, in priority order, that has not failed decides.
        let decided = statuses
            .iter()
            .position(|s| !matches!(s.status, SourceStatus::Nothing(_)));
        if let Some(i) = decided {
            if statuses[i].status == SourceStatus::Found {
                break found[i].take();
            }
        } else {
            break None;
        }
        if cancel.is_cancelled() {
            break None;
        }
        let wait = hard_stop
            .saturating_duration_since(Instant::now())
            .min(Duration::from_millis(50));
        if wait.is_zero() {
            // A source still running now has overrun its own bound: it counts as failed, and
            // the best source that did answer wins rather than nothing at all.
            for s in statuses
                .iter_mut()
                .filter(|s| s.status == SourceStatus::Running)
            {
                s.status = SourceStatus::Nothing("no answer within the time limit".into());
                on_progress(s.clone());
            }
            break statuses
                .iter()
                .position(|s| s.status == SourceStatus::Found)
                .and_then(|i| found[i].take());
        }
        match rx.recv_timeout(wait) {
            Ok((source, result)) => {
                let i = Source::ALL.iter().position(|s| *s == source).unwrap_or(0);
                match result {
                    Ok(d) if d.usable() => {
                        statuses[i].status = SourceStatus::Found;
                        found[i] = Some(d);
                    }
                    Ok(_) => statuses[i].status = SourceStatus::Nothing("incomplete".into()),
                    Err(reason) => statuses[i].status = SourceStatus::Nothing(reason),
                }
                on_progress(statuses[i].clone());
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                // All sources reported; mark any still running as finished without result.
                for s in statuses
                    .iter_mut()
                    .filter(|s| s.status == SourceStatus::Running)
                {
                    s.status = SourceStatus::Nothing("no answer".into());
                }
            }
        }
    };
    stop.cancel();
    for s in statuses
        .iter_mut()
        .filter(|s| s.status == SourceStatus::Running)
    {
        s.status = SourceStatus::Cancelled;
        on_progress(s.clone());
    }
    (winner, statuses)
}

/// True when `host` is the domain itself or inside it.
pub fn within(host: &str, domain: &str) -> bool {
    host == domain || host.ends_with(&format!(".{domain}"))
}

fn all_within(d: &Discovered, domain: &str) -> bool {
    d.imap
        .iter()
        .chain(&d.pop3)
        .chain(&d.smtp)
        .all(|e| within(&e.host, domain))
}

fn from_autoconfig(
    address: &Address,
    net: &NetConfig,
    stop: &CancelToken,
) -> Result<Discovered, String> {
    let served = autoconfig::fetch_autoconfig_served(
        &address.domain_ascii,
        &address.ascii(),
        &net.http(),
        stop,
    )
    .map_err(|e| e.to_string())?;
    // Served over HTTPS by the address's own domain: trusted. A redirect may hand the answer to
    // any other https host; then it is that host's word, not the domain's, and needs the
    // person's confirmation like any other outside source (RFC 6186 §6).
    let served_by = served.served_by.trim_end_matches('.');
    let trusted = within(served_by, &address.domain_ascii);
    Ok(Discovered::from_client_config(
        served.config,
        Source::Autoconfig,
        trusted,
    ))
}

fn from_ispdb(
    address: &Address,
    net: &NetConfig,
    stop: &CancelToken,
) -> Result<Discovered, String> {
    let cfg = autoconfig::fetch_ispdb(&net.ispdb_url, &address.domain_ascii, &net.http(), stop)
        .map_err(|e| e.to_string())?;
    let mut d = Discovered::from_client_config(cfg, Source::Ispdb, false);
    // ISPDB for a hosted domain (servers elsewhere) needs confirmation.
    d.trusted = all_within(&d, &address.domain_ascii);
    Ok(d)
}

fn from_mx(address: &Address, net: &NetConfig) -> Result<Discovered, String> {
    let resolver = dns::Dns::new(net.dns_server, net.timeout).map_err(|e| e.to_string())?;
    let records = resolver
        .mx(&address.domain_ascii)
        .map_err(|e| e.to_string())?;
    match provider_for_mx(&records) {
        Some((provider, _)) => {
            let mut d = Discovered::from_provider(provider, Source::Mx, false);
            d.display_name = Some(provider.display_name.en.clone());
            Ok(d)
        }
        None => Err(format!(
            "{} MX record(s), none of a known provider",
            records.len()
        )),
    }
}

/// Which list named the provider of a domain's mail exchangers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MxMatch {
    /// An MX fingerprint (`mx_patterns`) in mailwiz's own provider files.
    Own,
    /// The built-in ISPDB copy knows the MX host's domain (or a parent of it), as Thunderbird
    /// asks the online ISPDB for it.
    IspdbCopy,
}

/// The provider with servers whose mail exchangers these are (most preferred record first):
/// mailwiz's own MX fingerprints first ([`own_provider_for_mx`]), then the built-in ISPDB copy
/// ([`ispdb_for_mx`]). Hosted elsewhere, so whoever uses it asks the person to confirm.
pub fn provider_for_mx(records: &[dns::MxRecord]) -> Option<(&'static Provider, MxMatch)> {
    own_provider_for_mx(records)
        .map(|p| (p, MxMatch::Own))
        .or_else(|| ispdb_for_mx(records).map(|p| (p, MxMatch::IspdbCopy)))
}

fn has_servers(p: &Provider) -> bool {
    (!p.imap.is_empty() || !p.pop3.is_empty()) && !p.smtp.is_empty()
}

/// The provider (with servers) of mailwiz's own files whose MX fingerprints match.
pub fn own_provider_for_mx(records: &[dns::MxRecord]) -> Option<&'static Provider> {
    records.iter().find_map(|record| {
        database().all().iter().find(|provider| {
            has_servers(provider)
                && provider
                    .mx_patterns
                    .iter()
                    .any(|p| dns::mx_matches(p, &record.exchange))
        })
    })
}

/// The built-in ISPDB copy's entry for an MX host's own name or a parent domain of it
/// (mx1.mail.example.com → mail.example.com → example.com), as Thunderbird asks the ISPDB after
/// an MX lookup — whatever mailwiz's own fingerprints say.
pub fn ispdb_for_mx(records: &[dns::MxRecord]) -> Option<&'static Provider> {
    records.iter().find_map(|record| {
        let labels: Vec<&str> = record.exchange.trim_end_matches('.').split('.').collect();
        (0..labels.len().saturating_sub(1)).find_map(|start| {
            crate::core::ispdb::snapshot()
                .by_domain(&labels[start..].join("."))
                .filter(|p| has_servers(p))
        })
    })
}

fn from_srv(address: &Address, net: &NetConfig) -> Result<Discovered, String> {
    srv_lookup(&address.domain_ascii, net)
}

/// The servers a domain names in RFC 6186 / RFC 8314 SRV records (implicit TLS first); trusted
/// only when every target is inside the domain. An error when no usable record was found.
pub fn srv_lookup(domain: &str, net: &NetConfig) -> Result<Discovered, String> {
    let domain = &domain.to_owned();
    let mut d = Discovered {
        source: Source::Srv,
        trusted: false,
        provider_id: None,
        display_name: None,
        imap: Vec::new(),
        pop3: Vec::new(),
        smtp: Vec::new(),
        username: UsernameForm::FullAddress,
        password_kind: PasswordKind::Password,
    };
    // RFC 8314: implicit TLS first. The six look-ups run at the same time, so a silent DNS
    // server costs one timeout, not six.
    let services = [
        ("_imaps._tcp", Security::Tls),
        ("_imap._tcp", Security::Starttls),
        ("_pop3s._tcp", Security::Tls),
        ("_pop3._tcp", Security::Starttls),
        ("_submissions._tcp", Security::Tls),
        ("_submission._tcp", Security::Starttls),
    ];
    let answers: Vec<Vec<dns::SrvRecord>> = thread::scope(|scope| {
        let lookups: Vec<_> = services
            .iter()
            .map(|(service, _)| {
                let name = format!("{service}.{domain}");
                scope.spawn(move || {
                    dns::Dns::new(net.dns_server, net.timeout)
                        .and_then(|resolver| resolver.srv(&name))
                        .unwrap_or_default()
                })
            })
            .collect();
        lookups
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    for ((service, security), records) in services.iter().zip(answers) {
        for r in records {
            if r.target == "." || r.target.is_empty() {
                // "." means the service is not offered (RFC 2782).
                continue;
            }
            let e = Endpoint {
                host: r.target.clone(),
                port: r.port,
                security: *security,
            };
            match *service {
                s if s.starts_with("_imap") => d.imap.push(e),
                s if s.starts_with("_pop3") => d.pop3.push(e),
                _ => d.smtp.push(e),
            }
        }
    }
    d.trusted = all_within(&d, domain);
    if d.usable() {
        Ok(d)
    } else {
        Err("no usable SRV records".into())
    }
}

fn from_guess(
    address: &Address,
    net: &NetConfig,
    stop: &CancelToken,
) -> Result<Discovered, String> {
    let domain = &address.domain_ascii;
    let hosts = |prefixes: &[&str]| -> Vec<String> {
        prefixes
            .iter()
            .map(|p| {
                if p.is_empty() {
                    domain.clone()
                } else {
                    format!("{p}.{domain}")
                }
            })
            .collect()
    };
    let ports = net.guess_ports;
    let plan: [(Protocol, Vec<String>, (u16, u16)); 3] = [
        (Protocol::Imap, hosts(&["imap", "mail", ""]), ports.imap),
        (
            Protocol::Pop3,
            hosts(&["pop", "pop3", "mail", ""]),
            ports.pop3,
        ),
        (Protocol::Smtp, hosts(&["smtp", "mail", ""]), ports.smtp),
    ];
    // Every candidate at once; per protocol, implicit TLS preferred, then host order.
    let resolver = net.resolver();
    let (tx, rx) = mpsc::channel();
    let mut count = 0;
    for (protocol, hosts, (tls_port, starttls_port)) in &plan {
        for (host_rank, host) in hosts.iter().enumerate() {
            for (sec_rank, (port, security)) in [
                (*tls_port, Security::Tls),
                (*starttls_port, Security::Starttls),
            ]
            .into_iter()
            .enumerate()
            {
                let endpoint = Endpoint {
                    host: host.clone(),
                    port,
                    security,
                };
                let (tx, net, stop, protocol, resolver) = (
                    tx.clone(),
                    net.clone(),
                    stop.clone(),
                    *protocol,
                    resolver.clone(),
                );
                count += 1;
                thread::spawn(move || {
                    let ok = crate::core::probe::check_server_reason(
                        protocol,
                        &endpoint,
                        &net.extra_roots_pem,
                        net.timeout,
                        &resolver,
                        &stop,
                    )
                    .is_ok();
                    let _ = tx.send((protocol, sec_rank * 10 + host_rank, endpoint, ok));
                });
            }
        }
    }
    drop(tx);
    let mut best: [Option<(usize, Endpoint)>; 3] = [None, None, None];
    for _ in 0..count {
        let Ok((protocol, rank, endpoint, ok)) = rx.recv() else {
            break;
        };
        if !ok {
            continue;
        }
        let slot = match protocol {
            Protocol::Imap => 0,
            Protocol::Pop3 => 1,
            Protocol::Smtp => 2,
        };
        if best[slot].as_ref().is_none_or(|(r, _)| rank < *r) {
            best[slot] = Some((rank, endpoint));
        }
    }
    let take = |slot: usize| best[slot].clone().map(|(_, e)| vec![e]).unwrap_or_default();
    let d = Discovered {
        source: Source::Guess,
        trusted: false,
        provider_id: None,
        display_name: None,
        imap: take(0),
        pop3: take(1),
        smtp: take(2),
        username: UsernameForm::FullAddress,
        password_kind: PasswordKind::Password,
    };
    if d.usable() {
        Ok(d)
    } else {
        Err("no server answered at the usual names".into())
    }
}

impl NetConfig {
    /// How host names become addresses: the installed resolver, else the configured DNS server
    /// (so `--dns` also decides where HTTPS fetches and guesses connect), else the system's.
    pub fn resolver(&self) -> Resolver {
        match &self.resolve {
            Some(resolver) => resolver.clone(),
            None => Resolver::from_dns_server(self.dns_server),
        }
    }

    /// The HTTPS client settings of this configuration (roots, time limit, resolver).
    pub fn http(&self) -> autoconfig::Http {
        autoconfig::Http {
            extra_roots_pem: self.extra_roots_pem.clone(),
            timeout: self.timeout,
            resolver: self.resolver(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_the_domain() {
        assert!(within("imap.example.org", "example.org"));
        assert!(within("example.org", "example.org"));
        assert!(!within("imap.example.org.evil.com", "example.org"));
        assert!(!within("badexample.org", "example.org"));
    }
}
