//! Reading what a person or a script hands in — a file named on the command line, the code on
//! standard input — with a size cap first: nothing is read past the cap, so a 1 GB file, a
//! device that never ends (`/dev/zero`) or a flood on a pipe costs at most the cap in memory.

use std::io::{BufRead, Read};
use std::path::Path;

use crate::core::net::tls::RootsError;

/// The largest CA bundle read (a system's whole bundle is about 220 KiB).
pub const MAX_CA_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// The longest code read from standard input, in bytes (codes are 16 characters; passwords are
/// rarely above 64).
pub const MAX_CODE_BYTES: u64 = 1024;

/// Why an input was refused.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// It could not be opened or read.
    #[error("{0}")]
    Unreadable(#[from] std::io::Error),
    /// It is larger than the cap (the cap in bytes).
    #[error("larger than {0} bytes")]
    TooLarge(u64),
    /// It is not UTF-8 text.
    #[error("not UTF-8 text")]
    NotText,
    /// A CA file with no PEM certificate in it (or only a key).
    #[error("no PEM certificate in it")]
    NoCertificate,
    /// A CA file whose certificate number `n` (from 1) cannot be read.
    #[error("certificate {0} cannot be read")]
    BadCertificate(usize),
}

impl InputError {
    /// Message id of the error in words (arguments: `path`; `error` for
    /// [`Unreadable`](Self::Unreadable), `limit` in KiB for [`TooLarge`](Self::TooLarge), `n` for
    /// [`BadCertificate`](Self::BadCertificate)).
    pub fn message_id(&self) -> &'static str {
        match self {
            InputError::Unreadable(_) => "cli-input-unreadable",
            InputError::TooLarge(_) => "cli-input-too-large",
            InputError::NotText => "cli-input-not-text",
            InputError::NoCertificate => "cli-ca-file-no-certificate",
            InputError::BadCertificate(_) => "cli-ca-file-bad-certificate",
        }
    }
}

/// The whole of `reader`, or [`InputError::TooLarge`] as soon as it goes past `cap` bytes.
pub fn read_capped(reader: impl Read, cap: u64) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    reader.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(InputError::TooLarge(cap));
    }
    Ok(bytes)
}

/// The file at `path`, read up to `cap` bytes.
pub fn read_file_capped(path: &Path, cap: u64) -> Result<Vec<u8>, InputError> {
    read_capped(std::fs::File::open(path)?, cap)
}

/// A CA bundle (`--ca-file`, `MAILWIZ_CA_FILE`): at most [`MAX_CA_FILE_BYTES`], and at least one
/// PEM certificate, every one of them readable — checked here, so a wrong file is bad input and
/// not a "not found" or a TLS failure later.
pub fn ca_bundle(path: &Path) -> Result<Vec<u8>, InputError> {
    let pem = read_file_capped(path, MAX_CA_FILE_BYTES)?;
    let roots = crate::core::net::tls::parse_roots(std::slice::from_ref(&pem));
    match roots {
        Ok(_) => Ok(pem),
        Err(RootsError::NoCertificate { .. }) => Err(InputError::NoCertificate),
        Err(RootsError::Unreadable { block, .. }) => Err(InputError::BadCertificate(block)),
    }
}

/// The first line of `input` (a code on standard input) without its line end: at most
/// [`MAX_CODE_BYTES`], UTF-8. `Ok(None)` when the line is empty.
pub fn code_line(
    input: &mut dyn BufRead,
) -> Result<Option<zeroize::Zeroizing<String>>, InputError> {
    let mut line = zeroize::Zeroizing::new(Vec::new());
    input
        .take(MAX_CODE_BYTES.saturating_add(2))
        .read_until(b'\n', &mut line)?;
    let ends = |b: &u8| matches!(b, b'\r' | b'\n');
    while line.last().is_some_and(ends) {
        line.pop();
    }
    if line.len() as u64 > MAX_CODE_BYTES {
        return Err(InputError::TooLarge(MAX_CODE_BYTES));
    }
    let text = std::str::from_utf8(&line).map_err(|_| InputError::NotText)?;
    Ok((!text.is_empty()).then(|| zeroize::Zeroizing::new(text.to_owned())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_stops_at_the_cap() {
        assert_eq!(read_capped(&b"abc"[..], 3).unwrap(), b"abc");
        assert!(matches!(
            read_capped(&b"abcd"[..], 3),
            Err(InputError::TooLarge(3))
        ));
        // An endless source costs the cap, not all memory.
        let endless = std::io::repeat(0);
        assert!(matches!(
            read_capped(endless, 1024),
            Err(InputError::TooLarge(1024))
        ));
    }

    #[test]
    fn a_code_line_is_bounded_and_text() {
        let mut input = &b"s3cret\r\nnext"[..];
        assert_eq!(code_line(&mut input).unwrap().unwrap().as_str(), "s3cret");
        assert!(code_line(&mut &b"\n"[..]).unwrap().is_none());
        assert!(code_line(&mut &b""[..]).unwrap().is_none());
        assert!(matches!(
            code_line(&mut &b"\xff\xfe\n"[..]),
            Err(InputError::NotText)
        ));
        let long = vec![b'a'; 100_000];
        assert!(matches!(
            code_line(&mut &long[..]),
            Err(InputError::TooLarge(MAX_CODE_BYTES))
        ));
        let exactly = vec![b'a'; MAX_CODE_BYTES as usize];
        assert_eq!(code_line(&mut &exactly[..]).unwrap().unwrap().len(), 1024);
    }

    #[test]
    fn a_ca_file_needs_a_readable_certificate() {
        let dir = std::env::temp_dir().join(format!("mailwiz-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let key_only = dir.join("key.pem");
        std::fs::write(
            &key_only,
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        )
        .unwrap();
        assert!(matches!(
            ca_bundle(&key_only),
            Err(InputError::NoCertificate)
        ));
        let garbage = dir.join("garbage.pem");
        std::fs::write(
            &garbage,
            "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        assert!(matches!(
            ca_bundle(&garbage),
            Err(InputError::BadCertificate(1))
        ));
        assert!(matches!(
            ca_bundle(&dir.join("missing.pem")),
            Err(InputError::Unreadable(_))
        ));
        #[cfg(unix)]
        assert!(matches!(
            ca_bundle(Path::new("/dev/zero")),
            Err(InputError::TooLarge(MAX_CA_FILE_BYTES))
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
