//! Name resolution, once for every caller: the probe, discovery's HTTPS fetches and guesses, and
//! discovery's MX and SRV questions.
//!
//! A [`Resolver`] says where names are looked up: the system's resolver, exactly one DNS server
//! given by the user (`--dns HOST:PORT`, `MAILWIZ_DNS`) or a test, or a function a test installs
//! to map made-up names to a local server. It is the one way to choose this: the probe's options,
//! the server check and discovery's configuration all carry one. [`lookup`] turns a host and port
//! into addresses to connect to (an address literal needs no lookup), blocking, within a time
//! limit, and says whether a failure means "no such name" or "no answer". [`Dns`] is the blocking
//! client over hickory-resolver that talks to the system's name servers or to the one given
//! server; [`Dns::answers`] gives raw records for the record types discovery reads (MX, SRV).
//! Names from answers are made plain with [`host_name`] and checked with [`is_host_name`] before
//! anyone shows or connects to them. No text for people is produced here.

use std::fmt;
use std::io;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hickory_resolver::TokioResolver;
use hickory_resolver::config::{
    ConnectionConfig, NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts,
};
use hickory_resolver::net::NetError;
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::{Name, Record, RecordType};

/// Turns a host name and port into addresses to connect to, like `ToSocketAddrs`. Tests install
/// one that maps made-up names (`imap.example.test`) to a local server. Shared, so it stays cheap
/// to clone into the threads of parallel lookups.
pub type LookupFn = Arc<dyn Fn(&str, u16) -> io::Result<Vec<SocketAddr>> + Send + Sync>;

/// Where host names are looked up. The default is the system's resolver.
#[derive(Clone, Default)]
pub enum Resolver {
    /// The operating system's resolver.
    #[default]
    System,
    /// Exactly this DNS server (`--dns`, `MAILWIZ_DNS`, a test's server on loopback).
    DnsServer(SocketAddr),
    /// A function that answers every lookup (tests map made-up names to loopback).
    Custom(LookupFn),
}

impl Resolver {
    /// The given DNS server, or the system's resolver when there is none.
    pub fn from_dns_server(server: Option<SocketAddr>) -> Self {
        server.map_or(Self::System, Self::DnsServer)
    }

    /// A resolver that asks `lookup` for every name.
    pub fn custom(
        lookup: impl Fn(&str, u16) -> io::Result<Vec<SocketAddr>> + Send + Sync + 'static,
    ) -> Self {
        Self::Custom(Arc::new(lookup))
    }
}

impl fmt::Debug for Resolver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::System => f.write_str("System"),
            Self::DnsServer(server) => f.debug_tuple("DnsServer").field(server).finish(),
            Self::Custom(_) => f.write_str("Custom"),
        }
    }
}

/// Why [`lookup`] found no address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupError {
    /// True when the answer was "no such name" (or no address for it); false when no answer
    /// came (no network, no DNS server, the server failed or stayed silent), which is a
    /// reachability problem and says nothing about the name.
    pub not_found: bool,
    /// What happened, for a technical detail ("DNS lookup of imap.example.com failed: …").
    pub detail: String,
}

/// The address a literal host (`192.0.2.1`, `[2001:db8::1]`, `2001:db8::1`) stands for.
pub fn literal_address(host: &str, port: u16) -> Option<SocketAddr> {
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    literal
        .parse::<IpAddr>()
        .ok()
        .map(|ip| SocketAddr::new(ip, port))
}

/// Looks `host` up with `resolver` and gives the addresses to connect to on `port`, blocking at
/// most until `limit` when asking a DNS server. An address literal needs no lookup. Run it on a
/// helper thread ([`super::deadline::on_helper`]): the system's resolver cannot be interrupted.
pub fn lookup(
    resolver: &Resolver,
    host: &str,
    port: u16,
    limit: Instant,
) -> Result<Vec<SocketAddr>, LookupError> {
    if let Some(address) = literal_address(host, port) {
        return Ok(vec![address]);
    }
    let addresses: Vec<SocketAddr> = match resolver {
        Resolver::System => (host, port)
            .to_socket_addrs()
            .map_err(|e| system_lookup_error(host, &e))?
            .collect(),
        Resolver::DnsServer(server) => {
            let wait = limit.saturating_duration_since(Instant::now());
            let ips = Dns::new(Some(*server), wait)
                .and_then(|dns| dns.ips(host))
                .map_err(|e| LookupError {
                    // REFUSED, SERVFAIL, no way to the server: the name may well exist.
                    not_found: e.is_not_found(),
                    detail: format!("DNS lookup of {host} at {server} failed: {e}"),
                })?;
            ips.into_iter()
                .map(|ip| SocketAddr::new(ip, port))
                .collect()
        }
        Resolver::Custom(lookup) => lookup(host, port).map_err(|e| LookupError {
            not_found: true,
            detail: e.to_string(),
        })?,
    };
    if addresses.is_empty() {
        return Err(LookupError {
            not_found: true,
            detail: format!("DNS lookup of {host} found no address"),
        });
    }
    Ok(addresses)
}

/// A system lookup failure: "not found" unless the resolver says to try again (no network, no
/// DNS server), which is a reachability problem, not a wrong name. Phrases: glibc, macOS,
/// Windows.
pub(crate) fn system_lookup_error(host: &str, e: &io::Error) -> LookupError {
    let text = e.to_string();
    let lower = text.to_ascii_lowercase();
    let try_again = ["temporary failure", "try again", "temporary error"]
        .iter()
        .any(|p| lower.contains(p));
    LookupError {
        not_found: !try_again,
        detail: format!("DNS lookup of {host} failed: {text}"),
    }
}

/// The shortest time one attempt is given before the resolver retries, however small the total
/// timeout: a retry sooner than this only adds load.
const MIN_ATTEMPT_TIMEOUT: Duration = Duration::from_millis(100);

/// Why a look-up gave no records.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DnsError {
    /// The name does not exist at all (NXDOMAIN).
    #[error("the domain does not exist (NXDOMAIN)")]
    NxDomain,
    /// The name exists but has no records of the asked type (NODATA).
    #[error("no records of this type")]
    NoRecords,
    /// No answer arrived within the timeout.
    #[error("the DNS server did not answer in time")]
    Timeout,
    /// Anything else: the server refused or failed (SERVFAIL, REFUSED), the name is not a valid
    /// domain name, the system has no usable resolver configuration, a network error…
    #[error("DNS look-up failed: {0}")]
    Other(String),
}

impl DnsError {
    /// True when the answer was "nothing there" ([`DnsError::NxDomain`] or
    /// [`DnsError::NoRecords`]), as opposed to a failure to get an answer.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::NxDomain | Self::NoRecords)
    }
}

/// A blocking DNS client: addresses here, MX and SRV records for discovery.
///
/// Each `Dns` has its own resolver with caching switched off, so two values never share answers.
/// Call it from a background thread, never from inside an async runtime (that is reported as
/// [`DnsError::Other`] rather than blocking the runtime).
pub struct Dns {
    resolver: TokioResolver,
    timeout: Duration,
    // Declared last so the resolver (which holds handles into the runtime) is dropped first.
    runtime: tokio::runtime::Runtime,
}

impl std::fmt::Debug for Dns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dns")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Dns {
    /// A client that asks `server` (UDP, and TCP for long answers) or, with `None`, the system's
    /// name servers (`/etc/resolv.conf` on Unix, the registry on Windows). Every look-up takes at
    /// most `timeout` in total, retries included.
    pub fn new(server: Option<SocketAddr>, timeout: Duration) -> Result<Self, DnsError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|err| DnsError::Other(format!("cannot start the DNS runtime: {err}")))?;
        // The resolver's connection pool may spawn onto the runtime it is built in.
        let guard = runtime.enter();
        let provider = TokioRuntimeProvider::default();
        let mut builder = match server {
            Some(addr) => {
                let mut udp = ConnectionConfig::udp();
                udp.port = addr.port();
                let mut tcp = ConnectionConfig::tcp();
                tcp.port = addr.port();
                let name_server = NameServerConfig::new(addr.ip(), true, vec![udp, tcp]);
                TokioResolver::builder_with_config(
                    ResolverConfig::from_name_servers(vec![name_server]),
                    provider,
                )
            }
            None => TokioResolver::builder(provider).map_err(|err| {
                DnsError::Other(format!("cannot read the system's DNS configuration: {err}"))
            })?,
        };
        apply_options(builder.options_mut(), timeout);
        let resolver = builder
            .build()
            .map_err(|err| DnsError::Other(format!("cannot set up the DNS resolver: {err}")))?;
        drop(guard);
        Ok(Self {
            resolver,
            timeout,
            runtime,
        })
    }

    /// The answer records of type `record_type` at `name` (the MX or SRV records discovery
    /// reads), unfiltered; [`DnsError::NoRecords`] when there are none of that type.
    pub fn answers(&self, name: &str, record_type: RecordType) -> Result<Vec<Record>, DnsError> {
        let name = absolute_name(name)?;
        let lookup = self.run(self.resolver.lookup(name, record_type))?;
        Ok(lookup.answers().to_vec())
    }

    /// The IPv4 and IPv6 addresses of `host` (for connecting through this DNS server).
    pub fn ips(&self, host: &str) -> Result<Vec<std::net::IpAddr>, DnsError> {
        let name = absolute_name(host)?;
        let lookup = self.run(self.resolver.lookup_ip(name))?;
        let ips: Vec<std::net::IpAddr> = lookup.iter().collect();
        if ips.is_empty() {
            return Err(DnsError::NoRecords);
        }
        Ok(ips)
    }

    /// Runs one look-up on the owned runtime, bounded by the total timeout.
    fn run<T>(
        &self,
        lookup: impl std::future::Future<Output = Result<T, NetError>>,
    ) -> Result<T, DnsError> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(DnsError::Other(
                "the blocking DNS client was called from inside an async runtime".to_owned(),
            ));
        }
        match self
            .runtime
            .block_on(async { tokio::time::timeout(self.timeout, lookup).await })
        {
            Err(_elapsed) => Err(DnsError::Timeout),
            Ok(Ok(found)) => Ok(found),
            Ok(Err(err)) => Err(classify(&err)),
        }
    }
}

/// Resolver options for predictable, bounded look-ups.
fn apply_options(options: &mut ResolverOpts, timeout: Duration) {
    // Two tries within the budget: one lost UDP datagram should not cost the whole answer. The
    // outer timeout in `run` is the hard bound; this only decides when to try again.
    options.timeout = (timeout / 2).max(MIN_ATTEMPT_TIMEOUT).min(timeout);
    options.attempts = 1;
    // No answer outlives the look-up that asked for it: tests change records between queries,
    // and a person who just fixed their DNS expects the next try to see it.
    options.cache_size = 0;
    options.positive_max_ttl = Some(Duration::ZERO);
    options.negative_max_ttl = Some(Duration::ZERO);
    options.use_hosts_file = ResolveHosts::Never;
    // A truncated or failed UDP answer is retried over TCP (the server gets both transports).
    options.try_tcp_on_error = true;
}

/// Parses a domain (ASCII or Unicode) as an absolute name, so no search domain from the system
/// configuration is ever appended.
fn absolute_name(domain: &str) -> Result<Name, DnsError> {
    let trimmed = domain.trim().trim_end_matches('.');
    if trimmed.is_empty() {
        return Err(DnsError::Other("empty domain name".to_owned()));
    }
    let mut name = Name::from_utf8(trimmed)
        .map_err(|err| DnsError::Other(format!("not a valid domain name: {err}")))?;
    name.set_fqdn(true);
    Ok(name)
}

/// A name from an answer as lowercase ASCII without the trailing dot; the root stays ".".
pub fn host_name(name: &Name) -> String {
    if name.is_root() {
        return ".".to_owned();
    }
    let ascii = name.to_lowercase().to_ascii();
    match ascii.strip_suffix('.') {
        Some(stripped) if !stripped.is_empty() => stripped.to_owned(),
        _ => ascii,
    }
}

/// Whether `name` (lowercase ASCII, no final dot) is a host name: at most 253 bytes, labels of
/// 1 to 63 letters, digits, hyphens or underscores. DNS labels may hold any byte; a name that
/// is not a host name is not shown to a person or connected to.
pub fn is_host_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// Maps hickory's error to our kinds.
fn classify(err: &NetError) -> DnsError {
    if err.is_nx_domain() {
        DnsError::NxDomain
    } else if err.is_no_records_found() {
        DnsError::NoRecords
    } else {
        match err {
            NetError::Timeout => DnsError::Timeout,
            NetError::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => DnsError::Timeout,
            other => DnsError::Other(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_names_are_lowercase_without_trailing_dot() {
        let name = Name::from_ascii("MXBIZ1.QQ.com.").unwrap();
        assert_eq!(host_name(&name), "mxbiz1.qq.com");
        assert_eq!(host_name(&Name::root()), ".");
        let unicode = Name::from_utf8("邮件.例子.中国.").unwrap();
        let ascii = host_name(&unicode);
        assert!(ascii.starts_with("xn--"), "{ascii}");
        assert!(ascii.ends_with(".xn--fsqu00a.xn--fiqs8s"), "{ascii}");
    }

    #[test]
    fn only_host_names_pass() {
        assert!(is_host_name("imap.example.com"));
        assert!(is_host_name("_imaps._tcp.example.com"));
        assert!(!is_host_name(""));
        assert!(!is_host_name("a..b"));
        assert!(!is_host_name("evil\\010forged"));
        assert!(!is_host_name("a b.example"));
        assert!(!is_host_name(&format!("{}.com", "a".repeat(64))));
        assert!(!is_host_name(&["abc"; 64].join(".")));
    }

    #[test]
    fn query_names_are_absolute() {
        let name = absolute_name("example.com").unwrap();
        assert!(name.is_fqdn());
        assert_eq!(name.to_ascii(), "example.com.");
        assert_eq!(absolute_name("example.com.").unwrap(), name);
        assert!(matches!(absolute_name(""), Err(DnsError::Other(_))));
        assert!(matches!(absolute_name("."), Err(DnsError::Other(_))));
    }

    #[test]
    fn not_found_kinds() {
        assert!(DnsError::NxDomain.is_not_found());
        assert!(DnsError::NoRecords.is_not_found());
        assert!(!DnsError::Timeout.is_not_found());
        assert!(!DnsError::Other(String::new()).is_not_found());
    }

    #[test]
    fn options_bound_each_attempt_by_the_total() {
        let mut options = ResolverOpts::default();
        apply_options(&mut options, Duration::from_secs(4));
        assert_eq!(options.timeout, Duration::from_secs(2));
        apply_options(&mut options, Duration::from_millis(50));
        assert_eq!(options.timeout, Duration::from_millis(50));
        assert_eq!(options.cache_size, 0);
    }

    #[test]
    fn dns_can_move_to_and_be_shared_with_worker_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Dns>();
        assert_send_sync::<DnsError>();
    }
}
