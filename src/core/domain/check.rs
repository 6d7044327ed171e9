//! `mailwiz domain check`: every place mail programs look, asked at once, and each program's
//! chain walked over the answers (see the module comment of [`super`]).

use std::collections::BTreeSet;
use std::thread;

use serde::Serialize;

pub use super::model::ServerSet;

use crate::core::diagnosis::{Code, diagnose};
use crate::core::discovery::autoconfig;
use crate::core::discovery::dns::{Dns, MailRecords};
use crate::core::discovery::{NetConfig, ispdb_for_mx, own_provider_for_mx, srv_lookup, within};
use crate::core::net::CancelToken;
use crate::core::probe::{Failure, ProbeResult, Protocol, check_server_reason};
use crate::core::provider::model::{Endpoint, Provider, Security};

/// A place a mail program looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// mailwiz's own provider files (and their built-in ISPDB copy).
    MailwizList,
    /// `https://autoconfig.DOMAIN/mail/config-v1.1.xml`.
    AutoconfigHost,
    /// `https://DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml`.
    AutoconfigWellKnown,
    /// Thunderbird's ISPDB online.
    IspdbOnline,
    /// mailwiz's built-in copy of the ISPDB (what the online one said on its date).
    IspdbCopy,
    /// The MX records matched mailwiz's hosted-mail fingerprints.
    MxProvider,
    /// The MX host's domain is in the ISPDB (as Thunderbird asks after an MX lookup).
    MxIspdb,
    /// RFC 6186 / RFC 8314 SRV records.
    Srv,
    /// `https://DOMAIN/autodiscover/autodiscover.xml` (POX POST).
    AutodiscoverRoot,
    /// `https://autodiscover.DOMAIN/autodiscover/autodiscover.xml` (POX POST).
    AutodiscoverHost,
    /// The `_autodiscover._tcp.DOMAIN` SRV record's host.
    AutodiscoverSrv,
}

impl Place {
    /// Every place, in the order the report lists them.
    pub const ALL: [Place; 11] = [
        Place::MailwizList,
        Place::AutoconfigHost,
        Place::AutoconfigWellKnown,
        Place::IspdbOnline,
        Place::IspdbCopy,
        Place::MxProvider,
        Place::MxIspdb,
        Place::Srv,
        Place::AutodiscoverRoot,
        Place::AutodiscoverHost,
        Place::AutodiscoverSrv,
    ];

    /// Stable code (JSON).
    pub fn code(self) -> &'static str {
        match self {
            Place::MailwizList => "mailwiz_list",
            Place::AutoconfigHost => "autoconfig_host",
            Place::AutoconfigWellKnown => "autoconfig_well_known",
            Place::IspdbOnline => "ispdb_online",
            Place::IspdbCopy => "ispdb_copy",
            Place::MxProvider => "mx_provider",
            Place::MxIspdb => "mx_ispdb",
            Place::Srv => "srv",
            Place::AutodiscoverRoot => "autodiscover_root",
            Place::AutodiscoverHost => "autodiscover_host",
            Place::AutodiscoverSrv => "autodiscover_srv",
        }
    }

    /// Message id of the place's name.
    pub fn message_id(self) -> &'static str {
        match self {
            Place::MailwizList => "domain-place-mailwiz-list",
            Place::AutoconfigHost => "domain-place-autoconfig-host",
            Place::AutoconfigWellKnown => "domain-place-autoconfig-well-known",
            Place::IspdbOnline => "domain-place-ispdb-online",
            Place::IspdbCopy => "domain-place-ispdb-copy",
            Place::MxProvider => "domain-place-mx-provider",
            Place::MxIspdb => "domain-place-mx-ispdb",
            Place::Srv => "domain-place-srv",
            Place::AutodiscoverRoot => "domain-place-autodiscover-root",
            Place::AutodiscoverHost => "domain-place-autodiscover-host",
            Place::AutodiscoverSrv => "domain-place-autodiscover-srv",
        }
    }
}

/// A mail program (or kind of program) whose discovery the check walks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientKind {
    /// Thunderbird on the desktop.
    Thunderbird,
    /// Thunderbird for Android.
    ThunderbirdAndroid,
    /// Outlook (Windows, classic) through Autodiscover.
    Outlook,
    /// Apple Mail (iPhone, iPad, Mac): nothing automatic for a domain of its own.
    AppleMail,
    /// Programs that read RFC 6186 / RFC 8314 SRV records.
    SrvReaders,
    /// mailwiz itself.
    Mailwiz,
}

impl ClientKind {
    /// Every program, in the order of the table.
    pub const ALL: [ClientKind; 6] = [
        ClientKind::Thunderbird,
        ClientKind::ThunderbirdAndroid,
        ClientKind::Outlook,
        ClientKind::AppleMail,
        ClientKind::SrvReaders,
        ClientKind::Mailwiz,
    ];

    /// The places the program asks, first answer wins. The built-in ISPDB copy stands in for the
    /// online ISPDB when that cannot be reached (it is what the online one said on its date).
    pub fn chain(self) -> &'static [Place] {
        match self {
            ClientKind::Thunderbird | ClientKind::ThunderbirdAndroid => &[
                Place::AutoconfigHost,
                Place::AutoconfigWellKnown,
                Place::IspdbOnline,
                Place::IspdbCopy,
                Place::MxIspdb,
            ],
            ClientKind::Outlook => &[
                Place::AutodiscoverRoot,
                Place::AutodiscoverHost,
                Place::AutodiscoverSrv,
            ],
            ClientKind::AppleMail => &[],
            ClientKind::SrvReaders => &[Place::Srv],
            ClientKind::Mailwiz => &[
                Place::MailwizList,
                Place::AutoconfigHost,
                Place::AutoconfigWellKnown,
                Place::IspdbOnline,
                Place::MxProvider,
                Place::MxIspdb,
                Place::Srv,
            ],
        }
    }

    /// Stable code (JSON).
    pub fn code(self) -> &'static str {
        match self {
            ClientKind::Thunderbird => "thunderbird",
            ClientKind::ThunderbirdAndroid => "thunderbird_android",
            ClientKind::Outlook => "outlook",
            ClientKind::AppleMail => "apple_mail",
            ClientKind::SrvReaders => "srv_readers",
            ClientKind::Mailwiz => "mailwiz",
        }
    }

    /// Message id of the program's name.
    pub fn message_id(self) -> &'static str {
        match self {
            ClientKind::Thunderbird => "domain-client-thunderbird",
            ClientKind::ThunderbirdAndroid => "domain-client-thunderbird-android",
            ClientKind::Outlook => "domain-client-outlook",
            ClientKind::AppleMail => "domain-client-apple-mail",
            ClientKind::SrvReaders => "domain-client-srv-readers",
            ClientKind::Mailwiz => "domain-client-mailwiz",
        }
    }
}

/// What one place answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The place.
    pub place: Place,
    /// What was asked: the URL or DNS name (no personal data).
    pub asked: String,
    /// The servers it names, when it named usable ones.
    pub servers: Option<ServerSet>,
    /// Why it named none (technical, English, escaped for display).
    pub nothing: Option<String>,
    /// The answer came from, or points to, a host outside the domain where the domain itself
    /// was asked (a redirect, an SRV target): programs ask the person before trusting it.
    pub outside_domain: bool,
    /// The provider it names, when a list named one.
    pub provider_id: Option<String>,
}

impl Finding {
    fn found(place: Place, asked: String, servers: ServerSet) -> Self {
        Self {
            place,
            asked,
            servers: Some(servers),
            nothing: None,
            outside_domain: false,
            provider_id: None,
        }
    }

    fn nothing(place: Place, asked: String, why: impl Into<String>) -> Self {
        Self {
            place,
            asked,
            servers: None,
            nothing: Some(crate::core::shown::escaped(&why.into())),
            outside_domain: false,
            provider_id: None,
        }
    }
}

/// One server connected to (TLS and greeting, no login).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServerCheck {
    /// The protocol spoken.
    pub protocol: Protocol,
    /// The server.
    pub endpoint: Endpoint,
    /// `None` when the server answered with a valid certificate; else the diagnosis.
    pub problem: Option<Code>,
}

/// Something a program would meet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// No place in its chain answered.
    NothingFound,
    /// Apple Mail finds nothing by itself: a configuration profile sets it up.
    NeedsProfile,
    /// A server it would use has no encryption.
    Unencrypted {
        /// `host:port`.
        server: String,
    },
    /// A server it would use failed the check.
    ServerFailed {
        /// `host:port`.
        server: String,
        /// The diagnosis.
        code: Code,
    },
    /// Its answer came from, or points outside, the domain: it asks the person first.
    OutsideDomain {
        /// Where.
        place: Place,
    },
    /// Another place names other servers.
    Differs {
        /// The other place.
        place: Place,
    },
}

/// How a program fares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// It finds encrypted, working servers that agree with the rest.
    Ok,
    /// It finds servers, with problems.
    Problems,
    /// It finds nothing.
    Nothing,
    /// Nothing automatic exists for it: a profile is the way (not a failure of the domain).
    ProfileOnly,
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientRow {
    /// The program.
    pub client: ClientKind,
    /// Where its answer came from.
    pub found_at: Option<Place>,
    /// The servers it would use.
    pub servers: Option<ServerSet>,
    /// The verdict.
    pub verdict: Verdict,
    /// What it would meet.
    pub problems: Vec<Problem>,
}

/// The domain's MTA-STS policy (RFC 8461): how strictly other mail servers must use TLS when
/// they deliver mail to it. Reported for IT; no program's row depends on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum MtaSts {
    /// No `_mta-sts` TXT record.
    None,
    /// A record and a policy with this mode (`enforce`, `testing` or `none`).
    Policy {
        /// The policy's mode.
        mode: String,
    },
    /// A record, but no readable policy at `https://mta-sts.DOMAIN/.well-known/mta-sts.txt`.
    Broken {
        /// Why (technical, escaped).
        why: String,
    },
}

/// The whole check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// The domain (ASCII).
    pub domain: String,
    /// One row per program.
    pub clients: Vec<ClientRow>,
    /// What every place answered.
    pub findings: Vec<Finding>,
    /// The servers connected to.
    pub servers: Vec<ServerCheck>,
    /// The MX hosts, most preferred first.
    pub mx: Vec<String>,
    /// The MTA-STS policy.
    pub mta_sts: MtaSts,
}

impl CheckReport {
    /// True when every program finds working, encrypted, consistent settings (Apple Mail's
    /// profile-only row counts as fine: nothing automatic exists for it).
    pub fn all_ok(&self) -> bool {
        self.clients
            .iter()
            .all(|r| matches!(r.verdict, Verdict::Ok | Verdict::ProfileOnly))
    }
}

fn autoconfig_finding(
    place: Place,
    url: String,
    domain: &str,
    net: &NetConfig,
    cancel: &CancelToken,
) -> Finding {
    let shown = url.clone();
    match autoconfig::fetch_autoconfig_url(&url, domain, &net.http(), cancel) {
        Ok(served) => {
            let mut f = Finding::found(place, shown, ServerSet::from_config(served.config));
            f.outside_domain = !within(served.served_by.trim_end_matches('.'), domain);
            f
        }
        Err(e) => Finding::nothing(place, shown, e.to_string()),
    }
}

fn autodiscover_finding(
    place: Place,
    url: String,
    email: &str,
    domain: &str,
    net: &NetConfig,
    cancel: &CancelToken,
) -> Finding {
    let shown = url.clone();
    let body = super::pox::autodiscover_request(email);
    match autoconfig::https_post_located(&url, &body, &net.http(), cancel) {
        Ok(fetched) => match super::pox::parse_autodiscover(&fetched.body) {
            Ok(servers) => {
                let mut f = Finding::found(place, shown, servers);
                f.outside_domain = !within(fetched.final_host.trim_end_matches('.'), domain);
                f
            }
            Err(why) => Finding::nothing(place, shown, why),
        },
        Err(e) => Finding::nothing(place, shown, e.to_string()),
    }
}

fn provider_finding(place: Place, asked: String, provider: Option<&Provider>) -> Finding {
    match provider {
        Some(p) if ServerSet::from_provider(p).is_usable() => {
            let mut f = Finding::found(place, asked, ServerSet::from_provider(p));
            f.provider_id = Some(p.id.clone());
            f
        }
        Some(p) => Finding::nothing(place, asked, format!("{} has no verified servers", p.id)),
        None => Finding::nothing(place, asked, "not listed"),
    }
}

/// Asks every place for `domain` (lowercase ASCII), at once; `email` is the address sent in
/// the Autodiscover request (none is sent to autoconfig).
fn gather(
    domain: &str,
    email: &str,
    net: &NetConfig,
    cancel: &CancelToken,
) -> (Vec<Finding>, Vec<String>) {
    thread::scope(|scope| {
        let host_url = format!("https://autoconfig.{domain}/mail/config-v1.1.xml");
        let well_known = format!("https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml");
        let ac_host = scope.spawn(move || {
            autoconfig_finding(Place::AutoconfigHost, host_url, domain, net, cancel)
        });
        let ac_wk = scope.spawn(move || {
            autoconfig_finding(Place::AutoconfigWellKnown, well_known, domain, net, cancel)
        });
        let ispdb = scope.spawn(move || {
            let asked = autoconfig::ispdb_url(&net.ispdb_url, domain).unwrap_or_default();
            match autoconfig::fetch_ispdb(&net.ispdb_url, domain, &net.http(), cancel) {
                Ok(cfg) => Finding::found(Place::IspdbOnline, asked, ServerSet::from_config(cfg)),
                Err(e) => Finding::nothing(Place::IspdbOnline, asked, e.to_string()),
            }
        });
        let ad_root = scope.spawn(move || {
            let url = format!("https://{domain}/autodiscover/autodiscover.xml");
            autodiscover_finding(Place::AutodiscoverRoot, url, email, domain, net, cancel)
        });
        let ad_host = scope.spawn(move || {
            let url = format!("https://autodiscover.{domain}/autodiscover/autodiscover.xml");
            autodiscover_finding(Place::AutodiscoverHost, url, email, domain, net, cancel)
        });
        let ad_srv = scope.spawn(move || {
            let name = format!("_autodiscover._tcp.{domain}");
            let records = Dns::new(net.dns_server, net.timeout).and_then(|dns| dns.srv(&name));
            match records {
                Ok(records) => match records.iter().find(|r| !r.is_not_offered()) {
                    Some(r) => {
                        let url = format!(
                            "https://{}:{}/autodiscover/autodiscover.xml",
                            r.target, r.port
                        );
                        let mut f = autodiscover_finding(
                            Place::AutodiscoverSrv,
                            url,
                            email,
                            domain,
                            net,
                            cancel,
                        );
                        f.outside_domain |= !within(&r.target, domain);
                        f
                    }
                    None => Finding::nothing(Place::AutodiscoverSrv, name, "not offered"),
                },
                Err(e) => Finding::nothing(Place::AutodiscoverSrv, name, e.to_string()),
            }
        });
        let srv = scope.spawn(move || {
            let asked = format!("_imaps._tcp.{domain} …");
            match srv_lookup(domain, net) {
                Ok(d) => {
                    let set = ServerSet {
                        imap: d.imap,
                        pop3: d.pop3,
                        smtp: d.smtp,
                    };
                    let mut f = Finding::found(Place::Srv, asked, set.clone());
                    f.outside_domain = !set.all_within(domain);
                    f
                }
                Err(why) => Finding::nothing(Place::Srv, asked, why),
            }
        });
        let mx = scope.spawn(move || {
            Dns::new(net.dns_server, net.timeout)
                .and_then(|dns| dns.mx(domain))
                .map_err(|e| e.to_string())
        });

        let join = |h: thread::ScopedJoinHandle<'_, Finding>, place: Place, asked: &str| {
            h.join()
                .unwrap_or_else(|_| Finding::nothing(place, asked.to_owned(), "check died"))
        };
        let mut findings = vec![
            provider_finding(
                Place::MailwizList,
                domain.to_owned(),
                crate::core::discovery::built_in(domain).map(|(p, _)| p),
            ),
            join(ac_host, Place::AutoconfigHost, domain),
            join(ac_wk, Place::AutoconfigWellKnown, domain),
            join(ispdb, Place::IspdbOnline, domain),
            provider_finding(
                Place::IspdbCopy,
                domain.to_owned(),
                crate::core::ispdb::snapshot().by_domain(domain),
            ),
        ];
        let mx_records = mx.join().unwrap_or_else(|_| Err("check died".into()));
        let mx_hosts: Vec<String> = mx_records
            .as_ref()
            .map(|r| r.iter().map(|r| r.exchange.clone()).collect())
            .unwrap_or_default();
        let mx_asked = format!("MX {domain}");
        for place in [Place::MxProvider, Place::MxIspdb] {
            findings.push(match &mx_records {
                Err(e) => Finding::nothing(place, mx_asked.clone(), e.clone()),
                Ok(records) => {
                    let provider = if place == Place::MxProvider {
                        own_provider_for_mx(records)
                    } else {
                        ispdb_for_mx(records)
                    };
                    match provider {
                        Some(p) => provider_finding(place, mx_asked.clone(), Some(p)),
                        None => Finding::nothing(
                            place,
                            mx_asked.clone(),
                            format!("{} MX record(s), none matched", records.len()),
                        ),
                    }
                }
            });
        }
        findings.push(join(srv, Place::Srv, domain));
        findings.push(join(ad_root, Place::AutodiscoverRoot, domain));
        findings.push(join(ad_host, Place::AutodiscoverHost, domain));
        findings.push(join(ad_srv, Place::AutodiscoverSrv, domain));
        (findings, mx_hosts)
    })
}

/// The `_mta-sts` TXT record and, when there is one, the policy file's mode.
fn mta_sts(domain: &str, net: &NetConfig, cancel: &CancelToken) -> MtaSts {
    use hickory_resolver::proto::rr::{RData, RecordType};
    let name = format!("_mta-sts.{domain}");
    let answers = Dns::new(net.dns_server, net.timeout)
        .and_then(|dns| dns.answers(&name, RecordType::TXT))
        .unwrap_or_default();
    let has_record = answers.iter().any(|r| match &r.data {
        RData::TXT(txt) => txt.txt_data.iter().any(|part| part.starts_with(b"v=STSv1")),
        _ => false,
    });
    if !has_record {
        return MtaSts::None;
    }
    let url = format!("https://mta-sts.{domain}/.well-known/mta-sts.txt");
    match autoconfig::https_get_with(&url, &net.http(), cancel) {
        Ok(policy) => {
            let mode = policy.lines().find_map(|line| {
                let (key, value) = line.split_once(':')?;
                (key.trim() == "mode").then(|| value.trim().to_owned())
            });
            match mode {
                Some(mode) if ["enforce", "testing", "none"].contains(&mode.as_str()) => {
                    MtaSts::Policy { mode }
                }
                _ => MtaSts::Broken {
                    why: "the policy has no valid mode".into(),
                },
            }
        }
        Err(e) => MtaSts::Broken {
            why: crate::core::shown::escaped(&e.to_string()),
        },
    }
}

/// Connects to every server the programs would use (in parallel, no login).
fn check_servers(
    endpoints: &[(Protocol, Endpoint)],
    net: &NetConfig,
    cancel: &CancelToken,
) -> Vec<ServerCheck> {
    let resolver = net.resolver();
    thread::scope(|scope| {
        let handles: Vec<_> = endpoints
            .iter()
            .map(|(protocol, endpoint)| {
                let resolver = resolver.clone();
                scope.spawn(move || {
                    check_server_reason(
                        *protocol,
                        endpoint,
                        &net.extra_roots_pem,
                        net.timeout,
                        &resolver,
                        cancel,
                    )
                    .err()
                })
            })
            .collect();
        endpoints
            .iter()
            .zip(handles)
            // A check that died is a failed check of its own server, never a missing one.
            .map(|((protocol, endpoint), h)| {
                let failure = h.join().unwrap_or(Some(Failure::CheckDied));
                (*protocol, endpoint.clone(), failure)
            })
            .map(|(protocol, endpoint, failure)| {
                let problem = failure.map(|f| {
                    let result = ProbeResult {
                        protocol,
                        endpoint: endpoint.clone(),
                        outcome: f.outcome(),
                        stages: Vec::new(),
                        server_message: None,
                        failure: Some(f),
                        transcript: Vec::new(),
                    };
                    diagnose(&result, None).code
                });
                ServerCheck {
                    protocol,
                    endpoint,
                    problem,
                }
            })
            .collect()
    })
}

fn key(protocol: Protocol, e: &Endpoint) -> (Protocol, Endpoint) {
    (protocol, e.clone())
}

/// Checks `domain` (an ASCII or Unicode domain name) the way each program would find it; `email`
/// is the address put in the Autodiscover request (`postmaster@DOMAIN` when `None`). Blocking;
/// every network step is bounded by `net.timeout`. `None` only for a name that is not a domain.
pub fn check(
    domain: &str,
    email: Option<&str>,
    net: &NetConfig,
    cancel: &CancelToken,
) -> Option<CheckReport> {
    let domain = crate::core::clientconfig::normalize_domain(domain)?;
    let email = email
        .map(str::to_owned)
        .unwrap_or_else(|| format!("postmaster@{domain}"));
    let (findings, mx) = gather(&domain, &email, net, cancel);
    let mta_sts = mta_sts(&domain, net, cancel);
    let by_place = |place: Place| findings.iter().find(|f| f.place == place);
    let answer = |client: ClientKind| {
        client
            .chain()
            .iter()
            .filter_map(|p| by_place(*p))
            .find(|f| f.servers.is_some())
    };

    // Every server some program would use, checked once.
    let mut endpoints = Vec::new();
    for client in ClientKind::ALL {
        if let Some(servers) = answer(client).and_then(|f| f.servers.as_ref()) {
            for (protocol, e) in servers.preferred() {
                if !endpoints.contains(&key(protocol, e)) {
                    endpoints.push(key(protocol, e));
                }
            }
        }
    }
    let servers = check_servers(&endpoints, net, cancel);

    let mut clients = Vec::new();
    for client in ClientKind::ALL {
        if client == ClientKind::AppleMail {
            clients.push(ClientRow {
                client,
                found_at: None,
                servers: None,
                verdict: Verdict::ProfileOnly,
                problems: vec![Problem::NeedsProfile],
            });
            continue;
        }
        let Some(found) = answer(client) else {
            clients.push(ClientRow {
                client,
                found_at: None,
                servers: None,
                verdict: Verdict::Nothing,
                problems: vec![Problem::NothingFound],
            });
            continue;
        };
        let set = found.servers.clone().unwrap_or_default();
        let mut problems = Vec::new();
        if found.outside_domain {
            problems.push(Problem::OutsideDomain { place: found.place });
        }
        for (protocol, e) in set.preferred() {
            let server = format!("{}:{}", e.host, e.port);
            if e.security == Security::None {
                problems.push(Problem::Unencrypted { server });
                continue;
            }
            if let Some(code) = servers
                .iter()
                .find(|c| key(c.protocol, &c.endpoint) == key(protocol, e))
                .and_then(|c| c.problem)
            {
                problems.push(Problem::ServerFailed { server, code });
            }
        }
        // Another place that names other servers (whether or not a program stops there: an MX
        // record naming a mail host the autoconfig file does not is worth knowing).
        let mine: Vec<_> = set
            .preferred()
            .into_iter()
            .map(|(p, e)| key(p, e))
            .collect();
        let mut differing = BTreeSet::new();
        for f in &findings {
            if f.place == found.place {
                continue;
            }
            if let Some(theirs) = &f.servers {
                let theirs: Vec<_> = theirs
                    .preferred()
                    .into_iter()
                    .map(|(p, e)| key(p, e))
                    .collect();
                // Compared per protocol both name: IMAP with IMAP, SMTP with SMTP.
                if mine
                    .iter()
                    .any(|m| theirs.iter().any(|t| t.0 == m.0 && t != m))
                {
                    differing.insert(f.place);
                }
            }
        }
        problems.extend(
            differing
                .into_iter()
                .map(|place| Problem::Differs { place }),
        );
        clients.push(ClientRow {
            client,
            found_at: Some(found.place),
            servers: Some(set),
            verdict: if problems.is_empty() {
                Verdict::Ok
            } else {
                Verdict::Problems
            },
            problems,
        });
    }
    Some(CheckReport {
        domain,
        clients,
        findings,
        servers,
        mx,
        mta_sts,
    })
}
