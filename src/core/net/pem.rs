//! The one reader of PEM bundles: the certificate blocks of a file of extra roots (`--ca-file`,
//! `MAILWIZ_CA_FILE`, a test's CA) and of the system's bundle files.
//!
//! Bytes go in; the `-----BEGIN CERTIFICATE-----` … `-----END CERTIFICATE-----` blocks come out,
//! markers included and in file order, for the TLS connector ([`super::tls`]) to parse. Anything
//! between the blocks (keys, comments in any encoding, other kinds of block) is skipped.

/// The line that opens a certificate block.
pub const PEM_BEGIN: &str = "-----BEGIN CERTIFICATE-----";
/// The line that closes a certificate block.
pub const PEM_END: &str = "-----END CERTIFICATE-----";

/// The certificate blocks of a PEM file (markers included), wherever they are among other bytes
/// (keys, comments in any encoding). An unterminated last block is left out.
pub fn certificate_blocks(pem: &[u8]) -> Vec<&[u8]> {
    let (begin, end) = (PEM_BEGIN.as_bytes(), PEM_END.as_bytes());
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let mut blocks = Vec::new();
    let mut rest = pem;
    while let Some(start) = find(rest, begin) {
        let Some(len) = find(&rest[start..], end) else {
            break;
        };
        let block_end = start + len + end.len();
        blocks.push(&rest[start..block_end]);
        rest = &rest[block_end..];
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
        let blocks = certificate_blocks(bundle);
        assert_eq!(blocks.len(), 2);
        assert!(blocks[0].starts_with(PEM_BEGIN.as_bytes()));
        assert!(blocks[0].ends_with(PEM_END.as_bytes()));
        assert!(String::from_utf8_lossy(blocks[1]).contains("CCCC"));
    }

    #[test]
    fn unterminated_or_empty_input_gives_nothing() {
        assert!(certificate_blocks(b"").is_empty());
        assert!(certificate_blocks(b"-----BEGIN CERTIFICATE-----\nAAAA").is_empty());
        assert!(certificate_blocks(&[0xff, 0xfe]).is_empty());
    }
}
