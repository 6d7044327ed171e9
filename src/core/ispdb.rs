//! The built-in copy of Thunderbird's ISPDB: the 163 `clientConfig` files of
//! thunderbird/autoconfig at one commit, shipped unchanged under `assets/ispdb/` (Mozilla Public
//! License 2.0, with their provenance) and embedded by `build.rs`.
//!
//! Read once, on first use, through the same reader as every other clientConfig document
//! ([`crate::core::clientconfig`]); each file becomes a provider (one per domain when its host
//! names are written with `%EMAILDOMAIN%`). It sits below mailwiz's own provider files: discovery
//! asks it right after them, so any of its domains answers at once and offline, and the online
//! ISPDB is still asked for every other domain.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::core::clientconfig::{ClientConfig, parse_client_config, provider_from_client_config};
use crate::core::provider::model::Provider;

/// The commit of thunderbird/autoconfig the files were copied from.
pub const SNAPSHOT_COMMIT: &str = "c6ad79659b5fc321d1593ec4c277815b83e5dec5";
/// That commit's date: how current the copy is (shown beside every answer from it).
pub const SNAPSHOT_DATE: &str = "2026-03-12";

/// The providers of the copy and its domains.
#[derive(Debug, Default)]
pub struct Snapshot {
    providers: Vec<Provider>,
    by_domain: HashMap<String, usize>,
    /// Files that give no provider, with why (a file of servers mailwiz does not speak).
    unusable: Vec<(String, String)>,
}

impl Snapshot {
    /// Reads the files: (file name, XML text).
    pub fn parse(files: &[(&str, &str)]) -> Self {
        let mut snapshot = Snapshot::default();
        for (name, xml) in files {
            match parse_client_config(xml) {
                Ok(config) => snapshot.add(name, config),
                Err(e) => snapshot.unusable.push(((*name).to_owned(), e.to_string())),
            }
        }
        snapshot
    }

    fn add(&mut self, file: &str, config: ClientConfig) {
        let source = format!(
            "https://github.com/thunderbird/autoconfig/blob/{SNAPSHOT_COMMIT}/ispdb/{file}"
        );
        let per_domain = config
            .imap
            .iter()
            .chain(&config.pop3)
            .chain(&config.smtp)
            .any(|e| e.host.contains("%EMAILDOMAIN%"));
        let configs = if per_domain {
            config
                .domains
                .iter()
                .map(|domain| {
                    let mut filled = config.clone();
                    filled.fill_email_domain(domain);
                    filled.domains = vec![domain.clone()];
                    filled
                })
                .collect()
        } else {
            vec![config]
        };
        for config in configs {
            let mut provider = provider_from_client_config(&config, &source, SNAPSHOT_DATE);
            provider.id = format!("ispdb-{}", provider.id);
            if per_domain && let Some(domain) = config.domains.first() {
                provider.id = format!("ispdb-{}", domain.replace('.', "-"));
            }
            let index = self.providers.len();
            for domain in &provider.domains {
                self.by_domain.entry(domain.clone()).or_insert(index);
            }
            self.providers.push(provider);
        }
    }

    /// The provider of the copy that serves exactly this ASCII domain.
    pub fn by_domain(&self, domain_ascii: &str) -> Option<&Provider> {
        self.by_domain
            .get(domain_ascii)
            .and_then(|&i| self.providers.get(i))
    }

    /// Every provider of the copy.
    pub fn all(&self) -> &[Provider] {
        &self.providers
    }

    /// Files that give no provider, with the reason.
    pub fn unusable(&self) -> &[(String, String)] {
        &self.unusable
    }
}

/// The built-in copy, read on first use.
pub fn snapshot() -> &'static Snapshot {
    static SNAPSHOT: OnceLock<Snapshot> = OnceLock::new();
    SNAPSHOT.get_or_init(|| Snapshot::parse(crate::assets::ISPDB_FILES))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::provider::database;

    #[test]
    fn every_file_of_the_copy_is_read_and_its_domains_answer() {
        let snapshot = snapshot();
        assert_eq!(
            crate::assets::ISPDB_FILES.len(),
            163,
            "the whole snapshot is shipped"
        );
        assert!(
            snapshot.unusable().is_empty(),
            "files that give no provider: {:?}",
            snapshot.unusable()
        );
        let domains: usize = crate::assets::ISPDB_FILES
            .iter()
            .map(|(_, xml)| xml.matches("<domain>").count())
            .sum();
        assert_eq!(domains, 963, "the snapshot's <domain> entries");
        let mut answering = 0;
        for provider in snapshot.all() {
            assert!(provider.id.starts_with("ispdb-"), "{}", provider.id);
            assert_eq!(provider.last_checked, SNAPSHOT_DATE);
            assert!(
                !provider.imap.is_empty() || !provider.pop3.is_empty(),
                "{} has no incoming server",
                provider.id
            );
            for domain in &provider.domains {
                assert!(snapshot.by_domain(domain).is_some(), "{domain}");
                answering += 1;
            }
        }
        assert!(answering >= 900, "only {answering} domains answer");
    }

    #[test]
    fn email_domain_hosts_are_filled_per_domain() {
        for provider in snapshot().all() {
            for e in provider
                .imap
                .iter()
                .chain(&provider.pop3)
                .chain(&provider.smtp)
            {
                assert!(!e.host.contains('%'), "{}: {}", provider.id, e.host);
            }
        }
    }

    #[test]
    fn own_provider_files_are_not_replaced() {
        // 163.com is both in the copy and in mailwiz's own files: the own file is found first.
        assert!(snapshot().by_domain("163.com").is_some());
        assert_eq!(
            database().by_domain("163.com").map(|p| p.id.as_str()),
            Some("netease-163")
        );
    }
}
