//! Providers: the embedded database and lookup by address.
//!
//! The database is parsed once from the TOML files embedded by `build.rs`. Lookup takes what the
//! person typed, parses it ([`crate::core::address`]), and matches the ASCII domain exactly
//! against every provider's domains — `mail.qq.com` is not `qq.com`, and an unknown domain is a
//! clear [`Lookup::NotInList`] that leads to manual entry.

pub mod model;

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::core::address::{self, Address, AddressError};
use model::{Endpoint, Provider, ProviderKind, UsernameForm};

/// All providers, parsed from the embedded files.
#[derive(Debug)]
pub struct Database {
    providers: Vec<Provider>,
    by_domain: HashMap<String, usize>,
}

/// A data file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct DataError {
    /// The file, relative to assets/providers.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl Database {
    /// Parses provider files. Files that fail to parse are returned as errors next to the
    /// database built from the rest, so a broken file never takes the program down.
    pub fn parse(files: &[(&str, &str)]) -> (Self, Vec<DataError>) {
        let mut providers = Vec::new();
        let mut errors = Vec::new();
        for (path, text) in files {
            match toml::from_str::<Provider>(text) {
                Ok(p) => providers.push(p),
                Err(e) => errors.push(DataError {
                    path: (*path).to_owned(),
                    message: e.to_string(),
                }),
            }
        }
        providers.sort_by(|a, b| a.id.cmp(&b.id));
        let mut by_domain = HashMap::new();
        for (i, p) in providers.iter().enumerate() {
            for d in &p.domains {
                by_domain.entry(d.clone()).or_insert(i);
            }
        }
        (
            Self {
                providers,
                by_domain,
            },
            errors,
        )
    }

    /// Every provider, sorted by id.
    pub fn all(&self) -> &[Provider] {
        &self.providers
    }

    /// A provider by id.
    pub fn get(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.id == id)
    }

    /// The provider serving exactly this ASCII domain.
    pub fn by_domain(&self, domain_ascii: &str) -> Option<&Provider> {
        self.by_domain
            .get(domain_ascii)
            .and_then(|&i| self.providers.get(i))
    }

    /// Looks up what a person typed.
    pub fn lookup(&self, input: &str) -> Lookup<'_> {
        match address::parse(input) {
            Err(e) => Lookup::Malformed(e),
            Ok(address) => match self.by_domain(&address.domain_ascii) {
                Some(provider) => Lookup::Found { address, provider },
                None => Lookup::NotInList { address },
            },
        }
    }

    /// Providers whose name, id or domains contain the query (for the searchable list).
    pub fn search(&self, query: &str) -> Vec<&Provider> {
        let q = query.trim().to_lowercase();
        let mut hits: Vec<&Provider> = self
            .providers
            .iter()
            .filter(|p| {
                q.is_empty()
                    || p.id.contains(&q)
                    || p.domains.iter().any(|d| d.contains(&q))
                    || [
                        &p.display_name.en,
                        &p.display_name.zh_cn,
                        &p.display_name.zh_tw,
                    ]
                    .iter()
                    .any(|n| n.to_lowercase().contains(&q))
            })
            .collect();
        // Company entry last; otherwise personal before business, then by English name.
        hits.sort_by_key(|p| {
            let rank = match p.kind {
                ProviderKind::Personal => 0,
                ProviderKind::Business => 1,
                ProviderKind::Company => 2,
            };
            (rank, p.display_name.en.to_lowercase())
        });
        hits
    }
}

/// The result of looking up an address.
#[derive(Debug)]
pub enum Lookup<'a> {
    /// The address is not an address.
    Malformed(AddressError),
    /// The domain is not in the built-in list.
    NotInList {
        /// The parsed address.
        address: Address,
    },
    /// A known provider.
    Found {
        /// The parsed address.
        address: Address,
        /// The provider.
        provider: &'a Provider,
    },
}

/// The embedded database (parsed on first use).
pub fn database() -> &'static Database {
    static DB: OnceLock<Database> = OnceLock::new();
    DB.get_or_init(|| {
        let (db, errors) = Database::parse(crate::assets::PROVIDER_FILES);
        for e in errors {
            eprintln!("mailwiz: skipping provider file {e}");
        }
        db
    })
}

impl Provider {
    /// The login name this provider expects for an address.
    pub fn username_for(&self, address: &Address) -> String {
        match self.username {
            UsernameForm::FullAddress => address.ascii(),
            UsernameForm::LocalPart => address.local.clone(),
        }
    }

    /// Preferred IMAP endpoint.
    pub fn preferred_imap(&self) -> Option<&Endpoint> {
        self.imap.first()
    }

    /// Preferred POP3 endpoint.
    pub fn preferred_pop3(&self) -> Option<&Endpoint> {
        self.pop3.first()
    }

    /// Preferred SMTP endpoint.
    pub fn preferred_smtp(&self) -> Option<&Endpoint> {
        self.smtp.first()
    }
}

#[cfg(test)]
mod tests;
