//! Properties of discovery's reading of outside data (runner: `crate::core::props`): clientConfig
//! documents (any text, and generated configurations round-tripped through the writer) and the
//! host names they yield. The HTTP reader's properties are in `autoconfig/https/props.rs`.

use proptest::prelude::*;

use super::dns::MailRecords;
use crate::core::clientconfig::{MAX_DOCUMENT_BYTES, parse_client_config, to_client_config_xml};
use crate::core::props::check;
use crate::core::provider::model::{Endpoint, PasswordKind, Provider, Security, UsernameForm};

/// A DNS label: letters, digits and inner hyphens, 1 to 63 octets. Not `??--…`: hyphens in the
/// third and fourth place are reserved for IDNA (`xn--`), and a made-up `xn--0` is no name.
fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?",
        1 => "[a-z0-9]{63}",
    ]
    .prop_filter("no reserved hyphens", |l| l.get(2..4) != Some("--"))
}

/// A host name of 1 to 5 labels, at most 253 octets.
fn host() -> impl Strategy<Value = String> {
    proptest::collection::vec(label(), 1..5)
        .prop_map(|labels| labels.join("."))
        .prop_filter("at most 253 octets", |h| h.len() <= 253)
}

/// What every host a parsed configuration holds must be: lowercase ASCII, LDH-or-underscore labels
/// of 1 to 63 octets, at most 253 octets, with `%EMAILDOMAIN%` standing for one label.
fn host_is_valid(host: &str) -> bool {
    let host = host.replace("%EMAILDOMAIN%", "x");
    host.len() <= 253
        && host.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_".contains(&b))
        })
}

fn endpoint() -> impl Strategy<Value = Endpoint> {
    let security = prop_oneof![
        Just(Security::Tls),
        Just(Security::Starttls),
        Just(Security::None)
    ];
    let host = prop_oneof![
        4 => host(),
        1 => host().prop_map(|h| format!("{h}.%EMAILDOMAIN%")),
    ];
    (host, 1u16..=u16::MAX, security).prop_map(|(host, port, security)| Endpoint {
        host,
        port,
        security,
    })
}

/// Display text as a provider's name: anything printable, trimmed, at most 200 characters.
fn name() -> impl Strategy<Value = String> {
    prop_oneof!["[A-Za-z0-9 &<>\"'.-]{1,40}", "\\PC{1,60}"]
        .prop_map(|n| n.trim().to_owned())
        .prop_filter("not empty", |n| !n.is_empty())
}

/// A provider with generated servers, domains, name, user-name form and password kind, from an
/// embedded one (for the fields the writer does not use).
fn provider() -> impl Strategy<Value = Provider> {
    let Some(base) = crate::core::provider::database()
        .all()
        .iter()
        .find(|p| !p.imap.is_empty())
        .cloned()
    else {
        panic!("no embedded provider with IMAP");
    };
    let servers = || proptest::collection::vec(endpoint(), 0..4);
    (
        "[a-z0-9][a-z0-9.-]{0,30}",
        proptest::collection::vec(host().prop_map(|h| format!("{h}.test")), 0..4),
        name(),
        (servers(), servers(), servers()).prop_filter("some server", |(i, p, s)| {
            !(i.is_empty() && p.is_empty() && s.is_empty())
        }),
        prop_oneof![
            Just(UsernameForm::FullAddress),
            Just(UsernameForm::LocalPart)
        ],
        prop_oneof![Just(PasswordKind::Password), Just(PasswordKind::Oauth2Only)],
        prop_oneof![
            Just(String::new()),
            "https://[a-z.]{1,20}/[ -~&&[^ ]]{0,40}"
        ],
    )
        .prop_map(
            move |(id, domains, name, (imap, pop3, smtp), username, password, help)| {
                let mut provider = base.clone();
                provider.id = id;
                provider.domains = domains;
                provider.display_name.en = name;
                provider.imap = imap;
                provider.pop3 = pop3;
                provider.smtp = smtp;
                provider.username = username;
                provider.password_kind = password;
                provider.help_url = help;
                provider
            },
        )
}

fn deduplicated<T: PartialEq + Clone>(items: &[T]) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for item in items {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    out
}

#[test]
fn prop_autoconfig_round_trips_through_the_writer() {
    check(
        "autoconfig write then parse(generated provider)",
        500,
        provider(),
        |provider| {
            let xml = to_client_config_xml(&provider);
            let config = parse_client_config(&xml)
                .map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
            prop_assert_eq!(
                &config.provider_id,
                &crate::core::shown::escaped(&provider.id)
            );
            prop_assert_eq!(config.domains, deduplicated(&provider.domains));
            // Read back as shown to a person: hidden characters written out.
            prop_assert_eq!(
                &config.display_name,
                &crate::core::shown::escaped(&provider.display_name.en)
            );
            prop_assert_eq!(config.imap, deduplicated(&provider.imap));
            prop_assert_eq!(config.pop3, deduplicated(&provider.pop3));
            prop_assert_eq!(config.smtp, deduplicated(&provider.smtp));
            prop_assert_eq!(config.username, provider.username);
            prop_assert_eq!(
                config.password_cleartext_supported,
                provider.password_kind != PasswordKind::Oauth2Only
            );
            let help = (!provider.help_url.is_empty()).then(|| provider.help_url.clone());
            prop_assert_eq!(config.help_url, help);
            prop_assert!(config.notes.is_empty(), "{:?}", config.notes);
            Ok(())
        },
    );
}

/// A generated document with damage: random text spliced in at random places.
fn damaged_document() -> impl Strategy<Value = String> {
    let damage = prop_oneof![
        "\\PC{0,10}",
        "[<>/&;\"'=]{1,4}",
        Just("<incomingServer type=\"imap\">".to_owned()),
        Just("</hostname>".to_owned()),
        Just("<port>0</port>".to_owned()),
        Just("<hostname>%EMAILDOMAIN%</hostname>".to_owned()),
        Just("&#0;".to_owned()),
        Just("<![CDATA[".to_owned()),
        Just("<!DOCTYPE x [<!ENTITY a \"aaaa\">]>".to_owned()),
        any::<String>(),
    ];
    (
        provider().prop_map(|p| to_client_config_xml(&p)),
        proptest::collection::vec((any::<proptest::sample::Index>(), damage), 0..6),
    )
        .prop_map(|(mut xml, damages)| {
            for (at, text) in damages {
                let boundaries: Vec<usize> = (0..=xml.len())
                    .filter(|i| xml.is_char_boundary(*i))
                    .collect();
                xml.insert_str(*at.get(&boundaries), &text);
            }
            xml
        })
}

#[test]
fn prop_autoconfig_any_document_is_bounded() {
    let document = prop_oneof![damaged_document(), any::<String>()];
    check(
        "autoconfig parse(any/damaged document)",
        500,
        document,
        |xml| {
            let Ok(config) = parse_client_config(&xml) else {
                return Ok(());
            };
            prop_assert!(xml.len() <= MAX_DOCUMENT_BYTES);
            let servers: Vec<&Endpoint> = config
                .imap
                .iter()
                .chain(&config.pop3)
                .chain(&config.smtp)
                .collect();
            prop_assert!(!servers.is_empty());
            for server in servers {
                prop_assert!(server.port != 0);
                prop_assert!(host_is_valid(&server.host), "host {:?}", server.host);
            }
            for domain in &config.domains {
                prop_assert!(
                    host_is_valid(domain) && !domain.contains('%'),
                    "{:?}",
                    domain
                );
            }
            prop_assert!(config.provider_id.chars().count() <= 200);
            prop_assert!(config.display_name.chars().count() <= 200);
            prop_assert!(
                config
                    .help_url
                    .as_ref()
                    .is_none_or(|u| u.chars().count() <= 2048)
            );
            prop_assert!(config.notes.len() <= xml.len());
            Ok(())
        },
    );
}

/// A host with `%EMAILDOMAIN%` filled in with a valid mail domain is still a host name: at most
/// 253 octets, labels of at most 63.
#[test]
fn prop_autoconfig_filled_hosts_are_host_names() {
    let domain = proptest::collection::vec(label(), 2..5)
        .prop_map(|labels| labels.join("."))
        .prop_filter("a valid domain", |d| d.len() <= 253);
    check(
        "autoconfig fill_email_domain(generated)",
        500,
        (provider(), domain),
        |(provider, domain)| {
            let xml = to_client_config_xml(&provider);
            let mut config = parse_client_config(&xml)
                .map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
            config.fill_email_domain(&domain);
            for server in config.imap.iter().chain(&config.pop3).chain(&config.smtp) {
                prop_assert!(
                    host_is_valid(&server.host) && !server.host.contains('%'),
                    "{:?} after filling in {:?}",
                    server.host,
                    domain
                );
            }
            Ok(())
        },
    );
}

// ----- SRV and MX ------------------------------------------------------------------------------
//
// A DNS server on loopback answers every SRV or MX question with the generated records; the real
// resolver and `from_srv` / `Dns::mx` read them.

/// A record target as DNS may carry it: usual host names, the root, long names and odd bytes.
fn dns_target() -> impl Strategy<Value = Vec<Vec<u8>>> {
    let odd_label = proptest::collection::vec(any::<u8>(), 1..=63);
    prop_oneof![
        6 => proptest::collection::vec(label().prop_map(String::into_bytes), 1..5),
        1 => Just(Vec::new()),
        1 => proptest::collection::vec("[a-z0-9]{63}".prop_map(String::into_bytes), 4..5),
        1 => proptest::collection::vec(odd_label, 1..3),
    ]
}

/// `(priority/preference, weight, port, target labels)`.
type WireRecord = (u16, u16, u16, Vec<Vec<u8>>);

fn wire_records() -> impl Strategy<Value = Vec<WireRecord>> {
    let port = prop_oneof![4 => 1u16..=u16::MAX, 1 => Just(0u16)];
    proptest::collection::vec((any::<u16>(), any::<u16>(), port, dns_target()), 1..4)
}

/// The DNS answer to `query` with `records` as SRV (type 33) or MX (type 15) records, whichever
/// was asked; `None` for anything that is not a question we answer.
fn dns_answer(query: &[u8], records: &[WireRecord]) -> Option<Vec<u8>> {
    let mut at = 12;
    while *query.get(at)? != 0 {
        at += usize::from(query[at]) + 1;
    }
    let question = query.get(12..at + 5)?;
    let qtype = u16::from_be_bytes([query[at + 1], query[at + 2]]);
    let mut out = query.get(..2)?.to_vec();
    let answers: Vec<&WireRecord> = if matches!(qtype, 15 | 33) {
        records.iter().collect()
    } else {
        Vec::new()
    };
    out.extend_from_slice(&[0x81, 0x80, 0, 1]);
    out.extend_from_slice(&u16::try_from(answers.len()).ok()?.to_be_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(question);
    for (priority, weight, port, labels) in answers {
        let mut data = priority.to_be_bytes().to_vec();
        if qtype == 33 {
            data.extend_from_slice(&weight.to_be_bytes());
            data.extend_from_slice(&port.to_be_bytes());
        }
        for label in labels {
            data.push(u8::try_from(label.len()).ok()?);
            data.extend_from_slice(label);
        }
        data.push(0);
        out.extend_from_slice(&[0xc0, 0x0c]);
        out.extend_from_slice(&qtype.to_be_bytes());
        out.extend_from_slice(&[0, 1, 0, 0, 0, 60]);
        out.extend_from_slice(&u16::try_from(data.len()).ok()?.to_be_bytes());
        out.extend_from_slice(&data);
    }
    Some(out)
}

/// A UDP DNS server on loopback answering with `records` until `stop` is set.
fn dns_server(
    records: Vec<WireRecord>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> std::net::SocketAddr {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind loopback");
    let address = socket.local_addr().expect("address");
    let _ = socket.set_read_timeout(Some(std::time::Duration::from_millis(20)));
    std::thread::spawn(move || {
        let mut buf = [0u8; 1500];
        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
            if let Ok((n, peer)) = socket.recv_from(&mut buf)
                && let Some(answer) = dns_answer(&buf[..n], &records)
            {
                let _ = socket.send_to(&answer, peer);
            }
        }
    });
    address
}

/// Runs `lookup` against a loopback DNS server that answers with `records`.
fn with_dns<T>(records: Vec<WireRecord>, lookup: impl FnOnce(super::NetConfig) -> T) -> T {
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let net = super::NetConfig {
        dns_server: Some(dns_server(records, std::sync::Arc::clone(&stop))),
        timeout: std::time::Duration::from_secs(3),
        ..super::NetConfig::default()
    };
    let result = lookup(net);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    result
}

/// DNS answers cost a resolver and six look-ups per case: fewer cases than the pure parsers.
const DNS_CASES: u32 = 60;

#[test]
fn prop_srv_answers_become_usable_endpoints() {
    let Ok(address) = crate::core::address::parse("user@example.test") else {
        panic!("test address");
    };
    check(
        "discovery from_srv(generated SRV answers)",
        DNS_CASES,
        wire_records(),
        |records| {
            let Ok(found) = with_dns(records.clone(), |net| super::from_srv(&address, &net)) else {
                return Ok(());
            };
            for endpoint in found.imap.iter().chain(&found.pop3).chain(&found.smtp) {
                prop_assert!(endpoint.port != 0, "port 0 kept from {:?}", records);
                prop_assert!(
                    host_is_valid(&endpoint.host) && !endpoint.host.contains('%'),
                    "host {:?}",
                    endpoint.host
                );
            }
            Ok(())
        },
    );
}

#[test]
fn prop_mx_answers_are_sorted_lowercase_names() {
    check(
        "dns Dns::mx(generated MX answers)",
        DNS_CASES,
        wire_records(),
        |records| {
            let answer = with_dns(records, |net| {
                super::dns::Dns::new(net.dns_server, net.timeout)
                    .and_then(|dns| dns.mx("example.test"))
            });
            let Ok(mx) = answer else {
                return Ok(());
            };
            prop_assert!(mx.windows(2).all(|w| w[0].preference <= w[1].preference));
            for record in &mx {
                let host = &record.exchange;
                // As documented on MxRecord: ASCII, no trailing dot, the null MX as ".". (Not always
                // a host name: a binary label comes back escaped, `\\000`; it just never matches.)
                prop_assert!(
                    host == "." || (host.is_ascii() && !host.ends_with('.')),
                    "{:?}",
                    host
                );
                prop_assert_eq!(host.to_ascii_lowercase(), host.clone());
                // Matching provider patterns never panics on what DNS sent.
                let _ = super::dns::mx_matches("*.example.test", host);
            }
            Ok(())
        },
    );
}
