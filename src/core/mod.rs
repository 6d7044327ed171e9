//! The program without its windows: data, lookup, test connections, secrets and settings.
//!
//! Nothing in here draws or depends on the GUI toolkit; the wizard (`ui`) and the command line
//! (`cli`) call into these modules and turn the codes they return into words through [`i18n`]
//! (every enum with words has a `message_id()`).
//!
//! Layers, bottom up: [`net`] (cancel, deadlines, DNS, TCP, TLS, PEM) under [`probe`] (test
//! connections) and [`discovery`] (finding settings for unknown domains); the data ([`provider`],
//! [`client`], [`clientconfig`]); [`diagnosis`] of test results; and [`settings`], where
//! [`settings::resolve`] decides which settings apply to an address for every front end, with the
//! texts and [`export`] formats made from them.

pub mod address;
pub mod client;
pub mod clientconfig;
pub mod date;
pub mod diagnosis;
pub mod discovery;
pub mod domain;
pub mod export;
pub mod i18n;
pub mod input;
pub mod ispdb;
pub mod net;
pub mod ports;
pub mod probe;
#[cfg(test)]
pub(crate) mod props;
pub mod provider;
pub mod report;
pub mod secret;
pub mod settings;
pub mod shown;
