//! Properties of discovery's reading of outside data (runner: `crate::core::props`): clientConfig
//! documents (any text, and generated configurations round-tripped through the writer) and the
//! host names they yield. The HTTP reader's properties are in `autoconfig/https/props.rs`.

use proptest::prelude::*;

use super::autoconfig::{MAX_DOCUMENT_BYTES, parse_client_config, to_client_config_xml};
use crate::core::props::check;
use crate::core::provider::model::{Endpoint, PasswordKind, Provider, Security, UsernameForm};

/// A DNS label: letters, digits and inner hyphens, 1 to 63 octets.
fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?",
        1 => "[a-z0-9]{63}",
    ]
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
    let security = prop_oneof![Just(Security::Tls), Just(Security::Starttls), Just(Security::None)];
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
        prop_oneof![Just(UsernameForm::FullAddress), Just(UsernameForm::LocalPart)],
        prop_oneof![Just(PasswordKind::Password), Just(PasswordKind::Oauth2Only)],
        prop_oneof![Just(String::new()), "https://[a-z.]{1,20}/[ -~&&[^ ]]{0,40}"],
    )
        .prop_map(move |(id, domains, name, (imap, pop3, smtp), username, password, help)| {
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
        })
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
    check("autoconfig write then parse(generated provider)", 1000, provider(), |provider| {
        let xml = to_client_config_xml(&provider);
        let config = parse_client_config(&xml)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
        prop_assert_eq!(&config.provider_id, &provider.id);
        prop_assert_eq!(config.domains, deduplicated(&provider.domains));
        prop_assert_eq!(&config.display_name, &provider.display_name.en);
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
    });
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
                let boundaries: Vec<usize> = (0..=xml.len()).filter(|i| xml.is_char_boundary(*i)).collect();
                xml.insert_str(*at.get(&boundaries), &text);
            }
            xml
        })
}

#[test]
fn prop_autoconfig_any_document_is_bounded() {
    let document = prop_oneof![damaged_document(), any::<String>()];
    check("autoconfig parse(any/damaged document)", 1000, document, |xml| {
        let Ok(config) = parse_client_config(&xml) else {
            return Ok(());
        };
        prop_assert!(xml.len() <= MAX_DOCUMENT_BYTES);
        let servers: Vec<&Endpoint> =
            config.imap.iter().chain(&config.pop3).chain(&config.smtp).collect();
        prop_assert!(!servers.is_empty());
        for server in servers {
            prop_assert!(server.port != 0);
            prop_assert!(host_is_valid(&server.host), "host {:?}", server.host);
        }
        for domain in &config.domains {
            prop_assert!(host_is_valid(domain) && !domain.contains('%'), "{:?}", domain);
        }
        prop_assert!(config.provider_id.chars().count() <= 200);
        prop_assert!(config.display_name.chars().count() <= 200);
        prop_assert!(config.help_url.as_ref().is_none_or(|u| u.chars().count() <= 2048));
        prop_assert!(config.notes.len() <= xml.len());
        Ok(())
    });
}

/// A host with `%EMAILDOMAIN%` filled in with a valid mail domain is still a host name: at most
/// 253 octets, labels of at most 63.
#[test]
fn prop_autoconfig_filled_hosts_are_host_names() {
    let domain = proptest::collection::vec(label(), 2..5)
        .prop_map(|labels| labels.join("."))
        .prop_filter("a valid domain", |d| d.len() <= 253);
    check("autoconfig fill_email_domain(generated)", 1000, (provider(), domain), |(provider, domain)| {
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
    });
}
