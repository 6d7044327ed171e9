//! MX and SRV look-ups for discovery, as a small blocking API over hickory-resolver.
//!
//! Discovery asks two kinds of DNS question about the domain of an address: its MX records (whose
//! host names are matched against the MX fingerprints in the provider data files with
//! [`mx_matches`], so a company domain hosted by Tencent Exmail or Google Workspace is recognised)
//! and the RFC 6186 / RFC 8314 SRV records (`_imaps._tcp.<domain>`, `_submission._tcp.<domain>`…)
//! that name the mail servers directly. [`Dns`] owns a current-thread tokio runtime and a resolver
//! that talks either to the system's name servers or to exactly one server given by the user
//! (`--dns HOST:PORT`, `MAILWIZ_DNS`) or a test. Each call blocks the calling thread, which is
//! meant to be a background worker, for at most the configured timeout, and returns plain records
//! with lowercase names and no trailing dot; failures come back as a [`DnsError`] kind the caller
//! maps to a message (no text for people is produced here).

use std::net::SocketAddr;
use std::time::Duration;

use hickory_resolver::TokioResolver;
use hickory_resolver::config::{
    ConnectionConfig, NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts,
};
use hickory_resolver::net::NetError;
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::{Name, RData, RecordType};

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

/// One MX record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MxRecord {
    /// Lower is preferred.
    pub preference: u16,
    /// The mail exchanger's host name: lowercase ASCII (IDN labels as punycode), no trailing dot.
    /// A "null MX" (RFC 7505: the domain accepts no mail) has the exchange ".".
    pub exchange: String,
}

/// One SRV record (RFC 2782).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SrvRecord {
    /// Lower is tried first.
    pub priority: u16,
    /// Among records of equal priority, a higher weight is chosen more often.
    pub weight: u16,
    /// The port the service listens on.
    pub port: u16,
    /// The host name: lowercase ASCII, no trailing dot. The exact value "." means the service is
    /// decidedly not offered at this domain (RFC 2782, RFC 6186).
    pub target: String,
}

impl SrvRecord {
    /// True when this record says the service is not offered (target ".").
    pub fn is_not_offered(&self) -> bool {
        self.target == "."
    }
}

/// A blocking DNS client for MX and SRV look-ups.
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

    /// The MX records of `domain`, most preferred (lowest preference) first.
    pub fn mx(&self, domain: &str) -> Result<Vec<MxRecord>, DnsError> {
        let name = absolute_name(domain)?;
        let lookup = self.run(self.resolver.lookup(name, RecordType::MX))?;
        let mut records: Vec<MxRecord> = lookup
            .answers()
            .iter()
            .filter_map(|record| match &record.data {
                RData::MX(mx) => Some(MxRecord {
                    preference: mx.preference,
                    exchange: host_name(&mx.exchange),
                })
                .filter(|r| is_host_name(&r.exchange)),
                _ => None,
            })
            .collect();
        if records.is_empty() {
            return Err(DnsError::NoRecords);
        }
        records.sort_by(|a, b| {
            a.preference
                .cmp(&b.preference)
                .then_with(|| a.exchange.cmp(&b.exchange))
        });
        records.dedup();
        Ok(records)
    }

    /// The SRV records at `name` (e.g. `_imaps._tcp.example.com`), by priority, then by weight
    /// (highest first). A single record with target "." means the service is not offered.
    pub fn srv(&self, name: &str) -> Result<Vec<SrvRecord>, DnsError> {
        let name = absolute_name(name)?;
        let lookup = self.run(self.resolver.lookup(name, RecordType::SRV))?;
        let mut records: Vec<SrvRecord> = lookup
            .answers()
            .iter()
            .filter_map(|record| match &record.data {
                // Port 0 is no port, and a target must be a host name (or "." for "not
                // offered"): anything else is dropped, never shown or connected to.
                RData::SRV(srv) => Some(SrvRecord {
                    priority: srv.priority,
                    weight: srv.weight,
                    port: srv.port,
                    target: host_name(&srv.target),
                })
                .filter(|r| r.target == "." || (r.port != 0 && is_host_name(&r.target))),
                _ => None,
            })
            .collect();
        if records.is_empty() {
            return Err(DnsError::NoRecords);
        }
        records.sort_by(|a, b| {
            a.priority
                .cmp(&b.priority)
                .then_with(|| b.weight.cmp(&a.weight))
                .then_with(|| a.target.cmp(&b.target))
                .then_with(|| a.port.cmp(&b.port))
        });
        records.dedup();
        Ok(records)
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
fn host_name(name: &Name) -> String {
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
pub(crate) fn is_host_name(name: &str) -> bool {
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

/// True when the MX host `host` matches `pattern` from the provider data: either the same name,
/// or, for a pattern `*.rest`, any name one or more labels below `rest` (never `rest` itself).
/// Case-insensitive; trailing dots on either side are ignored. `*` anywhere else is literal.
pub fn mx_matches(pattern: &str, host: &str) -> bool {
    let pattern = pattern.trim().trim_end_matches('.').to_lowercase();
    let host = host.trim().trim_end_matches('.').to_lowercase();
    if pattern.is_empty() || host.is_empty() || host.split('.').any(str::is_empty) {
        return false;
    }
    match pattern.strip_prefix("*.") {
        Some(parent) => {
            if parent.is_empty() || parent.split('.').any(str::is_empty) {
                return false;
            }
            host.strip_suffix(parent)
                .and_then(|prefix| prefix.strip_suffix('.'))
                .is_some_and(|labels| !labels.is_empty())
        }
        None => pattern == host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_patterns_match_only_the_same_host() {
        assert!(mx_matches("mxbiz1.qq.com", "mxbiz1.qq.com"));
        assert!(mx_matches("mxbiz1.qq.com", "MXBIZ1.QQ.COM."));
        assert!(mx_matches("MXBIZ1.qq.com.", "mxbiz1.qq.com"));
        assert!(!mx_matches("mxbiz1.qq.com", "mxbiz2.qq.com"));
        assert!(!mx_matches("mxbiz1.qq.com", "a.mxbiz1.qq.com"));
        assert!(!mx_matches("mxbiz1.qq.com", "qq.com"));
        assert!(!mx_matches("qq.com", "evilqq.com"));
    }

    #[test]
    fn wildcard_matches_any_subdomain_but_not_the_parent() {
        let pattern = "*.qiye.aliyun.com";
        assert!(mx_matches(pattern, "mx1.qiye.aliyun.com"));
        assert!(mx_matches(pattern, "mx2.qiye.aliyun.com."));
        assert!(mx_matches(pattern, "MXW.QIYE.ALIYUN.COM"));
        assert!(mx_matches(pattern, "a.b.qiye.aliyun.com"));
        assert!(!mx_matches(pattern, "qiye.aliyun.com"));
        assert!(!mx_matches(pattern, "qiye.aliyun.com."));
        assert!(!mx_matches(pattern, "aliyun.com"));
        // A suffix that is not on a label boundary is another domain.
        assert!(!mx_matches(pattern, "mx1qiye.aliyun.com"));
        assert!(!mx_matches(pattern, "mx1.qiye.aliyun.com.evil.example"));
        assert!(mx_matches(
            "*.mail.protection.outlook.com",
            "contoso-com.mail.protection.outlook.com"
        ));
        assert!(mx_matches("*.MXHICHINA.com.", "mxw.mxhichina.com"));
    }

    #[test]
    fn malformed_inputs_never_match() {
        assert!(!mx_matches("", ""));
        assert!(!mx_matches("*.", "a.example.com"));
        assert!(!mx_matches("*", "example.com"));
        assert!(!mx_matches("*.example.com", ".example.com"));
        assert!(!mx_matches("*.example.com", "a..example.com"));
        assert!(!mx_matches("*..example.com", "a..example.com"));
        assert!(!mx_matches("example.com", ""));
        // Only a leading "*." is a wildcard; elsewhere "*" is an ordinary character.
        assert!(!mx_matches("mx*.qiye.aliyun.com", "mx1.qiye.aliyun.com"));
        assert!(!mx_matches("a.*.example.com", "a.b.example.com"));
    }

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

    #[test]
    fn calling_from_inside_a_runtime_is_an_error_not_a_panic() {
        let dns = Dns::new(
            Some("127.0.0.1:9".parse().unwrap()),
            Duration::from_millis(200),
        )
        .unwrap();
        let outer = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let result = outer.block_on(async { dns.mx("example.com") });
        assert!(matches!(result, Err(DnsError::Other(_))), "{result:?}");
    }
}
