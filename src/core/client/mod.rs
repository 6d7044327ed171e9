//! Mail clients: the embedded catalog of programs and their setup screens.
//!
//! Parsed once from the TOML files embedded by `build.rs`, sorted by each file's `order`.

pub mod model;

use std::sync::OnceLock;

use crate::core::provider::DataError;
use model::Client;

/// All clients, in picker order.
#[derive(Debug)]
pub struct Catalog {
    clients: Vec<Client>,
}

impl Catalog {
    /// Parses client files; broken files are returned as errors beside the rest.
    pub fn parse(files: &[(&str, &str)]) -> (Self, Vec<DataError>) {
        let mut clients = Vec::new();
        let mut errors = Vec::new();
        for (path, text) in files {
            match toml::from_str::<Client>(text) {
                Ok(c) => clients.push(c),
                Err(e) => errors.push(DataError {
                    path: (*path).to_owned(),
                    message: e.to_string(),
                }),
            }
        }
        clients.sort_by_key(|c| (c.order, c.id.clone()));
        (Self { clients }, errors)
    }

    /// Every client in picker order.
    pub fn all(&self) -> &[Client] {
        &self.clients
    }

    /// A client by id.
    pub fn get(&self, id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.id == id)
    }
}

/// The embedded catalog (parsed on first use).
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let (catalog, errors) = Catalog::parse(crate::assets::CLIENT_FILES);
        for e in errors {
            eprintln!("mailwiz: skipping client file {e}");
        }
        catalog
    })
}

#[cfg(test)]
mod tests {
    use super::model::*;
    use super::*;
    use crate::core::i18n::Lang;

    #[test]
    fn every_client_file_parses_and_is_complete() {
        let (catalog, errors) = Catalog::parse(crate::assets::CLIENT_FILES);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(catalog.all().len() >= 9, "expected 9 clients");
        let mut ids = std::collections::HashSet::new();
        for (path, _) in crate::assets::CLIENT_FILES {
            let id = path.trim_end_matches(".toml");
            assert!(
                catalog.get(id).is_some(),
                "{path}: id must equal the file name"
            );
        }
        for c in catalog.all() {
            assert!(ids.insert(c.id.clone()), "duplicate id {}", c.id);
            assert!(!c.navigation.is_empty(), "{}: no navigation", c.id);
            assert!(!c.screens.is_empty(), "{}: no screens", c.id);
            assert!(!c.sources.is_empty(), "{}: no sources", c.id);
            for lang in Lang::ALL {
                assert!(!c.name.get(lang).is_empty(), "{}: name {lang:?}", c.id);
                assert!(!c.hint.get(lang).is_empty(), "{}: hint {lang:?}", c.id);
            }
            for s in &c.suggest_instead {
                assert!(catalog.get(s).is_some(), "{}: unknown suggestion {s}", c.id);
            }
            let kinds: Vec<FieldKind> = c
                .screens
                .iter()
                .flat_map(|s| s.fields.iter().map(|f| f.kind))
                .collect();
            if !c.discontinued {
                for needed in [FieldKind::IncomingHost, FieldKind::OutgoingHost] {
                    assert!(kinds.contains(&needed), "{}: no {needed:?} field", c.id);
                }
            }
        }
        assert!(catalog.get("windows-mail").is_some_and(|c| c.discontinued));
    }

    /// A provider condition naming an unknown provider would silently hide the step everywhere.
    #[test]
    fn provider_conditions_name_known_providers() {
        let providers = crate::core::provider::database();
        for c in catalog().all() {
            let conditions = c
                .navigation
                .iter()
                .flat_map(|n| n.providers.iter())
                .chain(c.pitfalls.iter().flat_map(|p| p.providers.iter()));
            for id in conditions {
                assert!(
                    providers.get(id).is_some(),
                    "{}: unknown provider {id}",
                    c.id
                );
            }
        }
    }

    /// Sources name the real page or file, never the research notes that summarised them.
    #[test]
    fn sources_are_not_the_research_notes() {
        for c in catalog().all() {
            for s in &c.sources {
                assert!(!s.contains("clients.md"), "{}: {s}", c.id);
            }
        }
    }
}
