//! MX and SRV look-ups for discovery, on the network layer's DNS client.
//!
//! Discovery asks two kinds of DNS question about the domain of an address: its MX records (whose
//! host names are matched against the MX fingerprints in the provider data files with
//! [`mx_matches`], so a company domain hosted by Tencent Exmail or Google Workspace is recognised)
//! and the RFC 6186 / RFC 8314 SRV records (`_imaps._tcp.<domain>`, `_submission._tcp.<domain>`…)
//! that name the mail servers directly. The questions go through [`Dns`] (`core::net`'s blocking
//! hickory client, talking to the system's name servers or to the one server given by the user
//! or a test); [`MailRecords`] reads its raw answers into plain records with lowercase names and
//! no trailing dot, dropping any name that is not a host name. Failures come back as a
//! [`DnsError`] kind the caller maps to a message (no text for people is produced here).

use hickory_resolver::proto::rr::{RData, RecordType};

pub use crate::core::net::dns::{Dns, DnsError};
use crate::core::net::dns::{host_name, is_host_name};

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

/// The mail records of a domain, read from a [`Dns`] client's answers.
pub trait MailRecords {
    /// The MX records of `domain`, most preferred (lowest preference) first.
    fn mx(&self, domain: &str) -> Result<Vec<MxRecord>, DnsError>;
    /// The SRV records at `name` (e.g. `_imaps._tcp.example.com`), by priority, then by weight
    /// (highest first). A single record with target "." means the service is not offered.
    fn srv(&self, name: &str) -> Result<Vec<SrvRecord>, DnsError>;
}

impl MailRecords for Dns {
    /// The MX records of `domain`, most preferred (lowest preference) first.
    fn mx(&self, domain: &str) -> Result<Vec<MxRecord>, DnsError> {
        let mut records: Vec<MxRecord> = self
            .answers(domain, RecordType::MX)?
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

    fn srv(&self, name: &str) -> Result<Vec<SrvRecord>, DnsError> {
        let mut records: Vec<SrvRecord> = self
            .answers(name, RecordType::SRV)?
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
    use std::time::Duration;

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
