//! Shared harness for integration tests (`mod common;`): a real Dovecot on loopback with
//! throwaway certificates ([`dovecot`], [`certs`]), small scripted peers for what no real
//! server does ([`scripted`]), and what the probe tests share ([`probing`]). Fixtures are
//! generated into temp dirs per test; nothing is read from the system's mail configuration. A
//! recording proxy ([`proxy`]) shows what a client put on the wire; [`ui`] is the wizard flows'
//! kittest harness.

#![allow(dead_code)]

pub mod certs;
pub mod cli;
pub mod dnsmasq;
pub mod dovecot;
pub mod https;
pub mod probing;
pub mod proxy;
pub mod scripted;
pub mod ui;

// Not every test crate that includes this module starts a Dovecot.
#[allow(unused_imports)]
pub use dovecot::Dovecot;

/// Standard base64 (a test-side copy, so tests check the probe against an independent encoder).
pub fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(ALPHABET[(n >> 18) as usize & 63] as char);
        out.push(ALPHABET[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            ALPHABET[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            ALPHABET[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

/// True when `haystack` contains `needle` as bytes.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every form of the secret a probe could put on the wire: raw, base64 (SMTP AUTH LOGIN) and
/// base64 of the SASL PLAIN message.
pub fn secret_forms(username: &str, secret: &str) -> Vec<Vec<u8>> {
    let plain = format!("\0{username}\0{secret}");
    vec![
        secret.as_bytes().to_vec(),
        base64(secret.as_bytes()).into_bytes(),
        base64(plain.as_bytes()).into_bytes(),
    ]
}
