//! Autoconfig: mail settings published as a Thunderbird `clientConfig` v1.1 document, by the
//! mail domain itself or by Thunderbird's ISPDB.
//!
//! Data flows one way: [`fetch_autoconfig`] asks the domain's own two places at once
//! (`https://autoconfig.DOMAIN/mail/config-v1.1.xml?emailaddress=…` and
//! `https://DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml`) and takes the first valid
//! answer, together with the host that finally served it after redirects
//! ([`fetch_autoconfig_served`]); [`fetch_ispdb`] asks the ISPDB (`BASE/DOMAIN`). Both fetch with
//! the strict HTTPS client in [`https`] (https only, verified certificates, bounded time and size,
//! cancellable), then read the XML with [`crate::core::clientconfig`].
//!
//! Nothing here turns codes into words; [`AutoconfigError`] is mapped to messages in the UI and
//! the command line.

mod https;

use std::sync::mpsc;
use std::thread;

pub use self::https::{
    FetchError, Fetched, Http, MAX_BODY_BYTES, MAX_REDIRECTS, check_url, https_get, https_get_with,
    https_post_located,
};
use crate::core::clientconfig::{
    ClientConfig, ClientConfigError, normalize_domain, parse_client_config,
};
use crate::core::net::CancelToken;

/// Why no configuration came out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AutoconfigError {
    /// The document could not be fetched.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The document came but gives no configuration.
    #[error(transparent)]
    Document(#[from] ClientConfigError),
    /// The domain to look up is not a valid mail domain.
    #[error("not a valid mail domain")]
    InvalidDomain,
}

// ----- Fetching --------------------------------------------------------------------------------

/// The two places a domain publishes its own configuration: the `autoconfig.` subdomain (with
/// the address as a query parameter, as Thunderbird sends it) and the domain's `.well-known`.
/// The domain is checked and converted to ASCII first.
pub fn autoconfig_urls(domain: &str, email: &str) -> Result<[String; 2], AutoconfigError> {
    let domain = normalize_domain(domain).ok_or(AutoconfigError::InvalidDomain)?;
    Ok([
        format!(
            "https://autoconfig.{domain}/mail/config-v1.1.xml?emailaddress={}",
            percent_encode(email)
        ),
        format!("https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml"),
    ])
}

/// The ISPDB URL for `domain` under `base_url` (a `/` is added to the base when missing).
pub fn ispdb_url(base_url: &str, domain: &str) -> Result<String, AutoconfigError> {
    let domain = normalize_domain(domain).ok_or(AutoconfigError::InvalidDomain)?;
    let base = base_url.trim();
    let slash = if base.ends_with('/') { "" } else { "/" };
    Ok(format!("{base}{slash}{domain}"))
}

/// A configuration together with the host that served it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedConfig {
    /// The configuration.
    pub config: ClientConfig,
    /// The host name (lowercase ASCII) or IP address of the final URL, after any redirects. A
    /// domain's own autoconfig is only the domain's word while this host is inside the domain:
    /// a redirect elsewhere hands the answer to someone else (RFC 6186 §6).
    pub served_by: String,
}

/// Asks the domain itself: both [`autoconfig_urls`] are fetched at once on two threads and the
/// first valid configuration wins (the other fetch is then cancelled and left to end alone).
/// When both fail, the more telling error is returned: cancel, then a bad document, then TLS,
/// then other HTTP trouble, a timeout, 404, no connection, and last an unknown name. `%EMAILDOMAIN%`
/// in host names is filled in. `http.timeout` bounds each fetch, and so the whole lookup.
pub fn fetch_autoconfig(
    domain: &str,
    email: &str,
    http: &Http,
    cancel: &CancelToken,
) -> Result<ClientConfig, AutoconfigError> {
    fetch_autoconfig_served(domain, email, http, cancel).map(|served| served.config)
}

/// [`fetch_autoconfig`], also telling which host finally served the configuration (redirects
/// are followed to any https host, so this may be outside the domain).
pub fn fetch_autoconfig_served(
    domain: &str,
    email: &str,
    http: &Http,
    cancel: &CancelToken,
) -> Result<ServedConfig, AutoconfigError> {
    let domain = normalize_domain(domain).ok_or(AutoconfigError::InvalidDomain)?;
    let urls = autoconfig_urls(&domain, email)?;
    let race = CancelToken::new();
    let (tx, rx) = mpsc::channel();
    let mut best: Option<AutoconfigError> = None;
    for url in urls {
        let tx = tx.clone();
        let http = http.clone();
        let cancels = [cancel.clone(), race.clone()];
        let domain = domain.clone();
        let spawned = thread::Builder::new()
            .name("mailwiz-autoconfig".into())
            .spawn(move || {
                let _ = tx.send(fetch_served_config(&url, &domain, &http, &cancels));
            });
        if spawned.is_err() {
            best = Some(more_telling(best, FetchError::Connect.into()));
        }
    }
    drop(tx);
    // Ends when both threads have answered (each within the timeout).
    for result in rx {
        match result {
            Ok(config) => {
                race.cancel();
                return Ok(config);
            }
            Err(e) => best = Some(more_telling(best, e)),
        }
    }
    Err(best.unwrap_or(AutoconfigError::Fetch(FetchError::Connect)))
}

/// Asks the ISPDB at `base_url` (normally [`crate::core::discovery::DEFAULT_ISPDB_URL`]) for `domain`. `%EMAILDOMAIN%` in
/// host names is filled in.
pub fn fetch_ispdb(
    base_url: &str,
    domain: &str,
    http: &Http,
    cancel: &CancelToken,
) -> Result<ClientConfig, AutoconfigError> {
    let domain = normalize_domain(domain).ok_or(AutoconfigError::InvalidDomain)?;
    let url = ispdb_url(base_url, &domain)?;
    fetch_config(&url, &domain, http, std::slice::from_ref(cancel))
}

fn fetch_config(
    url: &str,
    domain_ascii: &str,
    http: &Http,
    cancels: &[CancelToken],
) -> Result<ClientConfig, AutoconfigError> {
    fetch_served_config(url, domain_ascii, http, cancels).map(|served| served.config)
}

/// One autoconfig URL on its own (not raced against the other), for a report of what each
/// place of a domain serves: the configuration (`%EMAILDOMAIN%` filled in) and who served it.
pub fn fetch_autoconfig_url(
    url: &str,
    domain: &str,
    http: &Http,
    cancel: &CancelToken,
) -> Result<ServedConfig, AutoconfigError> {
    let domain = normalize_domain(domain).ok_or(AutoconfigError::InvalidDomain)?;
    fetch_served_config(url, &domain, http, std::slice::from_ref(cancel))
}

fn fetch_served_config(
    url: &str,
    domain_ascii: &str,
    http: &Http,
    cancels: &[CancelToken],
) -> Result<ServedConfig, AutoconfigError> {
    let fetched = https::get_located(url, http, cancels)?;
    let mut config = parse_client_config(&fetched.body)?;
    config.fill_email_domain(domain_ascii);
    Ok(ServedConfig {
        config,
        served_by: fetched.final_host,
    })
}

/// Of two failures, the one that tells the person more about the domain.
fn more_telling(old: Option<AutoconfigError>, new: AutoconfigError) -> AutoconfigError {
    fn rank(e: &AutoconfigError) -> u8 {
        match e {
            AutoconfigError::Fetch(FetchError::Cancelled) => 9,
            AutoconfigError::Document(_) => 8,
            AutoconfigError::InvalidDomain => 7,
            AutoconfigError::Fetch(fetch) => match fetch {
                FetchError::Cancelled => 9,
                FetchError::Tls(_) => 6,
                FetchError::Status(_)
                | FetchError::Malformed
                | FetchError::TooLarge
                | FetchError::TooManyRedirects
                | FetchError::NotHttps
                | FetchError::InvalidUrl
                | FetchError::ConnectionLost => 5,
                FetchError::Timeout => 4,
                FetchError::NotFound => 3,
                FetchError::Connect => 2,
                FetchError::Dns => 1,
            },
        }
    }
    match old {
        Some(old) if rank(&old) >= rank(&new) => old,
        _ => new,
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters (so `@` becomes `%40`).
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_urls_are_built_safely() {
        let [subdomain, well_known] = autoconfig_urls("Example.ORG.", "a.b+c@example.org").unwrap();
        assert_eq!(
            subdomain,
            "https://autoconfig.example.org/mail/config-v1.1.xml?emailaddress=a.b%2Bc%40example.org"
        );
        assert_eq!(
            well_known,
            "https://example.org/.well-known/autoconfig/mail/config-v1.1.xml"
        );
        let [subdomain, _] = autoconfig_urls("例子.中国", "用户@例子.中国").unwrap();
        assert!(subdomain.starts_with("https://autoconfig.xn--fsqu00a.xn--fiqs8s/"));
        assert!(subdomain.ends_with("=%E7%94%A8%E6%88%B7%40%E4%BE%8B%E5%AD%90.%E4%B8%AD%E5%9B%BD"));
        for bad in [
            "",
            "a/b.test",
            "evil.test/x?",
            "x@y.test",
            "a b.test",
            "a..b",
            "-a.test",
            "a.test:443",
        ] {
            assert_eq!(
                autoconfig_urls(bad, "x@y"),
                Err(AutoconfigError::InvalidDomain),
                "{bad}"
            );
            assert_eq!(
                ispdb_url(crate::core::discovery::DEFAULT_ISPDB_URL, bad),
                Err(AutoconfigError::InvalidDomain),
                "{bad}"
            );
        }
        assert_eq!(
            ispdb_url(crate::core::discovery::DEFAULT_ISPDB_URL, "QQ.com").unwrap(),
            "https://autoconfig.thunderbird.net/v1.1/qq.com"
        );
        assert_eq!(
            ispdb_url("https://db.test/v1.1", "qq.com").unwrap(),
            "https://db.test/v1.1/qq.com"
        );
    }

    #[test]
    fn the_more_telling_error_wins() {
        use FetchError::*;
        let pick = |a: AutoconfigError, b: AutoconfigError| {
            let one = more_telling(Some(a.clone()), b.clone());
            assert_eq!(one, more_telling(Some(b), a), "order must not matter");
            one
        };
        assert_eq!(pick(Dns.into(), NotFound.into()), NotFound.into());
        assert_eq!(pick(Connect.into(), Timeout.into()), Timeout.into());
        assert_eq!(
            pick(Tls("x".into()).into(), NotFound.into()),
            Tls("x".into()).into()
        );
        assert_eq!(
            pick(
                AutoconfigError::Document(ClientConfigError::Xml("x".into())),
                Tls("y".into()).into()
            ),
            AutoconfigError::Document(ClientConfigError::Xml("x".into()))
        );
        assert_eq!(
            pick(
                Cancelled.into(),
                AutoconfigError::Document(ClientConfigError::Xml("x".into()))
            ),
            Cancelled.into()
        );
        assert_eq!(more_telling(None, Dns.into()), Dns.into());
    }

    #[test]
    fn invalid_domain_is_refused_before_any_fetch() {
        let http = Http::new(&[], std::time::Duration::from_secs(1))
            .with_resolver(|_, _| panic!("must not resolve"));
        let cancel = CancelToken::new();
        assert_eq!(
            fetch_autoconfig("a/b", "x@a", &http, &cancel),
            Err(AutoconfigError::InvalidDomain)
        );
        assert_eq!(
            fetch_ispdb(
                crate::core::discovery::DEFAULT_ISPDB_URL,
                "x y",
                &http,
                &cancel
            ),
            Err(AutoconfigError::InvalidDomain)
        );
        assert_eq!(
            fetch_ispdb("http://insecure.test/v1.1/", "qq.com", &http, &cancel),
            Err(AutoconfigError::Fetch(FetchError::NotHttps))
        );
    }
}
