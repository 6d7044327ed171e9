//! TLS set-up: one native-tls connector per probe, trusting the system's roots plus any extra
//! roots the caller hands in (PEM, one or more certificates per entry).
//!
//! Certificate chain and host name checks always stay on; this module has no switch to relax
//! them. A certificate the system does not trust, an expired one or one for another name makes the
//! handshake fail, which the probe reports as `Outcome::SecureFailed`.

use std::sync::{Mutex, PoisonError};

use native_tls::{Certificate, TlsConnector};

use super::Outcome;
use super::run::Fail;

const PEM_BEGIN: &str = "-----BEGIN CERTIFICATE-----";
const PEM_END: &str = "-----END CERTIFICATE-----";

/// The last connector built and the extra roots it was built with.
static LAST: Mutex<Option<(Vec<Vec<u8>>, TlsConnector)>> = Mutex::new(None);

/// The connector for one probe. Building one loads the system's roots (~65 ms), so the last one
/// is kept and reused while the extra roots stay the same (the usual case: none).
pub(super) fn connector(extra_roots_pem: &[Vec<u8>]) -> Result<TlsConnector, Fail> {
    let mut last = LAST.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((roots, connector)) = last.as_ref()
        && roots.as_slice() == extra_roots_pem
    {
        return Ok(connector.clone());
    }
    let connector = build(extra_roots_pem)?;
    *last = Some((extra_roots_pem.to_vec(), connector.clone()));
    Ok(connector)
}

fn build(extra_roots_pem: &[Vec<u8>]) -> Result<TlsConnector, Fail> {
    let mut builder = TlsConnector::builder();
    for (index, pem) in extra_roots_pem.iter().enumerate() {
        let unreadable = |why: String| {
            Fail::new(
                Outcome::SecureFailed,
                format!("extra root certificate {} unreadable: {why}", index + 1),
            )
        };
        let blocks = pem_certificates(pem);
        if blocks.is_empty() {
            return Err(unreadable("no PEM certificate in it".into()));
        }
        for block in blocks {
            let root = Certificate::from_pem(block).map_err(|e| unreadable(e.to_string()))?;
            builder.add_root_certificate(root);
        }
    }
    builder
        .build()
        .map_err(|e| Fail::new(Outcome::SecureFailed, format!("TLS setup failed: {e}")))
}

/// Splits a PEM bundle into its certificate blocks (markers included); other blocks are ignored.
fn pem_certificates(pem: &[u8]) -> Vec<&[u8]> {
    let text = String::from_utf8_lossy(pem);
    let mut blocks = Vec::new();
    let mut from = 0;
    // Offsets found in the lossy text are valid in `pem` only while the two agree byte for byte;
    // PEM is ASCII, so anything else is not a certificate anyway.
    if text.len() != pem.len() {
        return blocks;
    }
    while let Some(start) = text.get(from..).and_then(|rest| rest.find(PEM_BEGIN)) {
        let start = from + start;
        let Some(end) = text.get(start..).and_then(|rest| rest.find(PEM_END)) else {
            break;
        };
        let end = start + end + PEM_END.len();
        if let Some(block) = pem.get(start..end) {
            blocks.push(block);
        }
        from = end;
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_bundles_and_ignores_keys() {
        let bundle = b"junk\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n\
            -----BEGIN PRIVATE KEY-----\nBBBB\n-----END PRIVATE KEY-----\n\
            -----BEGIN CERTIFICATE-----\nCCCC\n-----END CERTIFICATE-----\n";
        let blocks = pem_certificates(bundle);
        assert_eq!(blocks.len(), 2);
        assert!(blocks[0].starts_with(PEM_BEGIN.as_bytes()));
        assert!(blocks[0].ends_with(PEM_END.as_bytes()));
        assert!(String::from_utf8_lossy(blocks[1]).contains("CCCC"));
    }

    #[test]
    fn unterminated_or_empty_input_gives_nothing() {
        assert!(pem_certificates(b"").is_empty());
        assert!(pem_certificates(b"-----BEGIN CERTIFICATE-----\nAAAA").is_empty());
        assert!(pem_certificates(&[0xff, 0xfe]).is_empty());
    }

    #[test]
    fn garbage_root_is_a_secure_failure() {
        let fail = connector(&[b"not a certificate".to_vec()]).unwrap_err();
        assert_eq!(fail.outcome, Outcome::SecureFailed);
        let fail = connector(&[format!("{PEM_BEGIN}\n!!!\n{PEM_END}\n").into_bytes()]).unwrap_err();
        assert_eq!(fail.outcome, Outcome::SecureFailed);
    }

    #[test]
    fn system_roots_alone_build() {
        assert!(connector(&[]).is_ok());
        assert!(connector(&[]).is_ok());
    }
}
