//! What a TLS handshake tells the probe: the connector for one probe (`core::net::tls`, the one
//! connector: system roots plus extra roots, verification always on) with its set-up failures as
//! probe failures; the precise [`Failure`] behind a failed handshake; the protocol version and
//! cipher suite read from the server's first handshake bytes.
//!
//! The handshake itself runs in `core::net::tls`; the transport hands its failure — the library's
//! words and the server bytes seen during it — to [`classify_handshake_error`]. Classification
//! looks first at the bytes the server sent (plain text where a TLS record was due means implicit
//! TLS to a plain/STARTTLS port, on any backend), then at the numeric error codes of Windows
//! (CryptoAPI/SChannel HRESULTs, "os error -2146762481") and macOS (Security framework OSStatus,
//! "code: -67843"), whose words are in the system's language and so cannot be matched, then at
//! the error text. The phrases are OpenSSL's (Linux) with those of Secure Transport (macOS) and
//! SChannel (Windows) beside them; anything unrecognised is `TlsOther`, never a wrong specific
//! cause.

use super::fail::Fail;
use super::model::Failure;
use crate::core::net::tls::{Connector, ConnectorError, RootsError};

/// The connector for one probe, with these extra roots; a root that cannot be used, or a TLS
/// library that cannot be set up, is a [`Failure::TlsOther`] before any connection.
pub(super) fn connector(extra_roots_pem: &[Vec<u8>]) -> Result<Connector, Fail> {
    Connector::new(extra_roots_pem).map_err(|e| {
        let detail = match e {
            ConnectorError::Roots(RootsError::NoCertificate { entry }) => {
                format!("extra root certificate {entry} unreadable: no PEM certificate in it")
            }
            ConnectorError::Roots(RootsError::Unreadable { entry, why, .. }) => {
                format!("extra root certificate {entry} unreadable: {why}")
            }
            ConnectorError::Setup(e) => format!("TLS setup failed: {e}"),
        };
        Fail::new(Failure::TlsOther, detail)
    })
}

/// Whether bytes received where a TLS record was due start like one: a record type
/// (change_cipher_spec, alert, handshake, application_data) and major version 3.
pub(super) fn looks_like_tls_record(bytes: &[u8]) -> bool {
    match bytes {
        [] => false,
        [kind] => (0x14..=0x17).contains(kind),
        [kind, major, ..] => (0x14..=0x17).contains(kind) && *major == 0x03,
    }
}

/// The cause of a failed handshake, from the bytes the server sent during it and the error text.
pub(super) fn classify_handshake_error(message: &str, server_bytes: &[u8]) -> Failure {
    if !server_bytes.is_empty() && !looks_like_tls_record(server_bytes) {
        return Failure::TlsToPlainPort;
    }
    if let Some(failure) = platform_code_failure(message) {
        return failure;
    }
    let text = message.to_ascii_lowercase();
    let any = |phrases: &[&str]| phrases.iter().any(|p| text.contains(p));
    // Specific certificate causes first: OpenSSL puts them in parentheses after the generic
    // "certificate verify failed".
    if any(&[
        "has expired",
        "not yet valid",
        "expired certificate",
        "validity period",
        "certificate expired",
    ]) {
        Failure::CertificateExpired
    } else if any(&[
        "hostname mismatch",
        "ip address mismatch",
        "name mismatch",
        "principal name is incorrect",
        "cn_no_match",
        "does not match the target host",
    ]) {
        Failure::CertificateNameMismatch
    } else if any(&[
        "wrong version number",
        "packet length too long",
        "record layer failure",
        "record_layer_failure",
        "http request",
        "unknown protocol",
        "record overflow",
        "bad record",
        "unexpected record",
        "invalid record",
    ]) {
        Failure::TlsToPlainPort
    } else if any(&[
        "unable to get local issuer",
        "unable to get issuer",
        "self-signed",
        "self signed",
        "unable to verify the first certificate",
        "certificate verify failed",
        "not trusted",
        "untrusted",
        "unknown ca",
        "unknown certificate authority",
        "invalid certificate chain",
    ]) {
        Failure::CertificateUntrusted
    } else {
        Failure::TlsOther
    }
}

/// Windows (winerror.h; as the signed numbers std prints, "os error N") and macOS (SecBase.h,
/// SecureTransport.h; OSStatus) certificate and handshake error codes, and what each means here.
/// Codes that say something other than a certificate problem map to `TlsOther` on purpose, so
/// that no phrase in their (localised) text can be mistaken for a cause.
const PLATFORM_CODES: &[(i64, Failure)] = &[
    // Windows CryptoAPI trust errors (0x800B01xx, 0x8009xxxx).
    (-2_146_762_495, Failure::CertificateExpired), // CERT_E_EXPIRED 0x800B0101
    (-2_146_893_016, Failure::CertificateExpired), // SEC_E_CERT_EXPIRED 0x80090328
    (-2_146_762_494, Failure::CertificateUntrusted), // CERT_E_VALIDITYPERIODNESTING 0x800B0102
    (-2_146_762_487, Failure::CertificateUntrusted), // CERT_E_UNTRUSTEDROOT 0x800B0109
    (-2_146_762_486, Failure::CertificateUntrusted), // CERT_E_CHAINING 0x800B010A
    (-2_146_762_484, Failure::CertificateUntrusted), // CERT_E_REVOKED 0x800B010C
    (-2_146_762_483, Failure::CertificateUntrusted), // CERT_E_UNTRUSTEDTESTROOT 0x800B010D
    (-2_146_762_480, Failure::CertificateUntrusted), // CERT_E_WRONG_USAGE 0x800B0110
    (-2_146_869_244, Failure::CertificateUntrusted), // TRUST_E_CERT_SIGNATURE 0x80096004
    (-2_146_893_019, Failure::CertificateUntrusted), // SEC_E_UNTRUSTED_ROOT 0x80090325
    (-2_146_893_017, Failure::CertificateUntrusted), // SEC_E_CERT_UNKNOWN 0x80090327
    (-2_146_762_481, Failure::CertificateNameMismatch), // CERT_E_CN_NO_MATCH 0x800B010F
    (-2_146_893_022, Failure::CertificateNameMismatch), // SEC_E_WRONG_PRINCIPAL 0x80090322
    // Revocation could not be checked: not a verdict on the certificate.
    (-2_146_762_482, Failure::TlsOther), // CERT_E_REVOCATION_FAILURE 0x800B010E
    (-2_146_885_614, Failure::TlsOther), // CRYPT_E_NO_REVOCATION_CHECK 0x80092012
    (-2_146_885_613, Failure::TlsOther), // CRYPT_E_REVOCATION_OFFLINE 0x80092013
    (-2_146_893_018, Failure::TlsOther), // SEC_E_ILLEGAL_MESSAGE 0x80090326
    (-2_146_893_007, Failure::TlsOther), // SEC_E_ALGORITHM_MISMATCH 0x80090331
    (-2_146_893_052, Failure::TlsOther), // SEC_E_INTERNAL_ERROR 0x80090304
    (-2_146_893_054, Failure::TlsOther), // SEC_E_UNSUPPORTED_FUNCTION 0x80090302
    // macOS: SecTrustEvaluateWithError (what native-tls reports for a rejected certificate).
    (-67_843, Failure::CertificateUntrusted), // errSecNotTrusted
    (-25_318, Failure::CertificateUntrusted), // errSecCreateChainFailed
    (-67_818, Failure::CertificateExpired),   // errSecCertificateExpired
    (-67_602, Failure::CertificateNameMismatch), // errSecHostNameMismatch
    // macOS Secure Transport.
    (-9_807, Failure::CertificateUntrusted), // errSSLXCertChainInvalid
    (-9_808, Failure::CertificateUntrusted), // errSSLBadCert
    (-9_812, Failure::CertificateUntrusted), // errSSLUnknownRootCert
    (-9_813, Failure::CertificateUntrusted), // errSSLNoRootCert
    (-9_814, Failure::CertificateExpired),   // errSSLCertExpired
    (-9_815, Failure::CertificateExpired),   // errSSLCertNotYetValid
    (-9_843, Failure::CertificateNameMismatch), // errSSLHostNameMismatch
];

/// The failure a Windows or macOS error code in the message stands for: every decimal number
/// ("os error -2146762481", "code: -67843") and every 0x-prefixed 32-bit hex number
/// ("0x800B010F") is looked up; the first known one decides.
fn platform_code_failure(message: &str) -> Option<Failure> {
    let bytes = message.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let rest = &message[at..];
        let (number, used) =
            if let Some(hex) = rest.strip_prefix("0x").or_else(|| rest.strip_prefix("0X")) {
                let digits = hex.bytes().take_while(u8::is_ascii_hexdigit).count();
                let value = u32::from_str_radix(&hex[..digits.min(8)], 16).ok();
                (value.map(|v| i64::from(v as i32)), 2 + digits)
            } else if bytes[at] == b'-' || bytes[at].is_ascii_digit() {
                let sign = usize::from(bytes[at] == b'-');
                let digits = rest[sign..].bytes().take_while(u8::is_ascii_digit).count();
                let value = rest[..sign + digits.min(18)].parse::<i64>().ok();
                (value, (sign + digits).max(1))
            } else {
                (None, rest.chars().next().map_or(1, char::len_utf8))
            };
        if let Some(failure) = number.and_then(|n| {
            PLATFORM_CODES
                .iter()
                .find(|(code, _)| *code == n)
                .map(|(_, f)| *f)
        }) {
            return Some(failure);
        }
        at += used;
    }
    None
}

/// What the server's ServerHello says: the negotiated version and cipher suite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Hello {
    /// "TLSv1.3", "TLSv1.2", …
    pub version: &'static str,
    /// An IANA name for common suites, else the number, e.g. "cipher 0xC0AB".
    pub cipher: String,
}

/// Reads the ServerHello at the start of what the server sent in the handshake (it travels in
/// clear in every TLS version). TLS 1.3 names its version in the `supported_versions` extension;
/// before, the hello's own version field counts.
pub(super) fn server_hello(bytes: &[u8]) -> Option<Hello> {
    let record = bytes.strip_prefix(&[0x16, 0x03])?;
    let (_minor, record) = record.split_first()?;
    let (length, record) = take_u16(record)?;
    // A record may hold several handshake messages (TLS 1.2); the hello is the first.
    let record = record.get(..usize::from(length))?;
    let (&kind, record) = record.split_first()?;
    if kind != 0x02 {
        return None;
    }
    let (length, record) = record.split_at_checked(3)?;
    let length =
        usize::from(length[0]) << 16 | usize::from(length[1]) << 8 | usize::from(length[2]);
    let body = record.get(..length)?;
    let (legacy_version, body) = take_u16(body)?;
    let (_random, body) = body.split_at_checked(32)?;
    let (&session_length, body) = body.split_first()?;
    let (_session, body) = body.split_at_checked(usize::from(session_length))?;
    let (cipher, body) = take_u16(body)?;
    let (_compression, body) = body.split_first()?;
    let mut version = legacy_version;
    if !body.is_empty() {
        let (extensions_length, body) = take_u16(body)?;
        let mut extensions = body.get(..usize::from(extensions_length))?;
        while !extensions.is_empty() {
            let (kind, rest) = take_u16(extensions)?;
            let (length, rest) = take_u16(rest)?;
            let (data, rest) = rest.split_at_checked(usize::from(length))?;
            if kind == 0x002b {
                version = take_u16(data)?.0;
            }
            extensions = rest;
        }
    }
    let version = match version {
        0x0304 => "TLSv1.3",
        0x0303 => "TLSv1.2",
        0x0302 => "TLSv1.1",
        0x0301 => "TLSv1.0",
        _ => return None,
    };
    Some(Hello {
        version,
        cipher: cipher_name(cipher),
    })
}

fn take_u16(bytes: &[u8]) -> Option<(u16, &[u8])> {
    let (head, rest) = bytes.split_at_checked(2)?;
    Some((u16::from_be_bytes([head[0], head[1]]), rest))
}

fn cipher_name(suite: u16) -> String {
    let name = match suite {
        0x1301 => "TLS_AES_128_GCM_SHA256",
        0x1302 => "TLS_AES_256_GCM_SHA384",
        0x1303 => "TLS_CHACHA20_POLY1305_SHA256",
        0xc02b => "ECDHE-ECDSA-AES128-GCM-SHA256",
        0xc02c => "ECDHE-ECDSA-AES256-GCM-SHA384",
        0xc02f => "ECDHE-RSA-AES128-GCM-SHA256",
        0xc030 => "ECDHE-RSA-AES256-GCM-SHA384",
        0xcca8 => "ECDHE-RSA-CHACHA20-POLY1305",
        0xcca9 => "ECDHE-ECDSA-CHACHA20-POLY1305",
        _ => return format!("cipher 0x{suite:04X}"),
    };
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::net::pem::{PEM_BEGIN, PEM_END};

    #[test]
    fn garbage_root_is_a_secure_failure() {
        let fail = connector(&[b"not a certificate".to_vec()]).unwrap_err();
        assert_eq!(fail.outcome, crate::core::probe::Outcome::SecureFailed);
        assert_eq!(fail.failure, Failure::TlsOther);
        let fail = connector(&[format!("{PEM_BEGIN}\n!!!\n{PEM_END}\n").into_bytes()]).unwrap_err();
        assert_eq!(fail.failure, Failure::TlsOther);
    }

    #[test]
    fn handshake_errors_are_classified() {
        let tls = [0x16, 0x03, 0x03, 0x00, 0x7a];
        let cases = [
            // OpenSSL 3 (native-tls appends the verify result in parentheses).
            (
                "error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed:../ssl/statem/statem_clnt.c:1889: (unable to get local issuer certificate)",
                Failure::CertificateUntrusted,
            ),
            (
                "error:0A000086:SSL routines::certificate verify failed (self-signed certificate)",
                Failure::CertificateUntrusted,
            ),
            (
                "error:0A000086:SSL routines::certificate verify failed (self signed certificate in certificate chain)",
                Failure::CertificateUntrusted,
            ),
            (
                "error:0A000086:SSL routines::certificate verify failed (certificate has expired)",
                Failure::CertificateExpired,
            ),
            (
                "error:0A000086:SSL routines::certificate verify failed (certificate is not yet valid)",
                Failure::CertificateExpired,
            ),
            (
                "error:0A000086:SSL routines::certificate verify failed (Hostname mismatch)",
                Failure::CertificateNameMismatch,
            ),
            (
                "error:0A000086:SSL routines::certificate verify failed (IP address mismatch)",
                Failure::CertificateNameMismatch,
            ),
            (
                "error:0A00010B:SSL routines:ssl3_get_record:wrong version number",
                Failure::TlsToPlainPort,
            ),
            (
                "error:0A0000C6:SSL routines::packet length too long",
                Failure::TlsToPlainPort,
            ),
            (
                "error:0A000139:SSL routines::record layer failure",
                Failure::TlsToPlainPort,
            ),
            (
                "error:0A000126:SSL routines::unexpected eof while reading",
                Failure::TlsOther,
            ),
            (
                "error:0A000410:SSL routines::sslv3 alert handshake failure",
                Failure::TlsOther,
            ),
            // SChannel and Secure Transport.
            (
                "The certificate chain was issued by an authority that is not trusted.",
                Failure::CertificateUntrusted,
            ),
            (
                "The target principal name is incorrect.",
                Failure::CertificateNameMismatch,
            ),
            (
                "A required certificate is not within its validity period when verifying against the current system clock",
                Failure::CertificateExpired,
            ),
            (
                "The certificate was not trusted.",
                Failure::CertificateUntrusted,
            ),
            ("something new", Failure::TlsOther),
            // Windows, by code: real Windows text in another language, and Wine's empty text.
            (
                "證書的 CN 名稱與傳遞的值不符。 (os error -2146762481)",
                Failure::CertificateNameMismatch,
            ),
            (
                "OS Error -2146762481 (FormatMessageW() returned error 317) (os error -2146762481)",
                Failure::CertificateNameMismatch,
            ),
            (
                "Os { code: -2146762487, kind: Uncategorized, message: \"证书链由不受信任的颁发机构颁发。\" }",
                Failure::CertificateUntrusted,
            ),
            ("(os error -2146762495)", Failure::CertificateExpired),
            ("(os error -2146893022)", Failure::CertificateNameMismatch),
            ("0x800B0109", Failure::CertificateUntrusted),
            // Revocation not checkable is no verdict on the certificate, whatever the words say.
            (
                "certificate expired? (os error -2146762482)",
                Failure::TlsOther,
            ),
            // macOS, by code (native-tls's debug form carries it).
            (
                "Error { code: -67843, message: \"证书不受信任\" }",
                Failure::CertificateUntrusted,
            ),
            ("Error { code: -67602 }", Failure::CertificateNameMismatch),
            ("Error { code: -67818 }", Failure::CertificateExpired),
            ("error code -9843", Failure::CertificateNameMismatch),
            // Numbers that are no known code change nothing.
            (
                "error 10 at 0 depth lookup: certificate has expired (os error 2)",
                Failure::CertificateExpired,
            ),
        ];
        for (message, expected) in cases {
            assert_eq!(
                classify_handshake_error(message, &tls),
                expected,
                "{message}"
            );
            assert_eq!(
                classify_handshake_error(message, &[]),
                expected,
                "{message}"
            );
        }
        // Plain text where a record was due decides, whatever the backend says.
        for greeting in [&b"* OK"[..], b"+OK D", b"220 s", b"-ERR"] {
            assert_eq!(
                classify_handshake_error("anything", greeting),
                Failure::TlsToPlainPort
            );
        }
    }

    #[test]
    fn tls_records_are_recognised() {
        assert!(looks_like_tls_record(&[0x16, 0x03, 0x01]));
        assert!(looks_like_tls_record(&[0x15, 0x03]));
        assert!(looks_like_tls_record(&[0x16]));
        assert!(!looks_like_tls_record(b"* OK"));
        assert!(!looks_like_tls_record(&[0x16, 0x20]));
        assert!(!looks_like_tls_record(&[]));
    }

    /// A ServerHello record with this version field, cipher and extensions.
    fn hello(legacy: u16, cipher: u16, extensions: &[u8]) -> Vec<u8> {
        let mut body = Vec::new();
        body.extend_from_slice(&legacy.to_be_bytes());
        body.extend_from_slice(&[7; 32]);
        body.push(32);
        body.extend_from_slice(&[9; 32]);
        body.extend_from_slice(&cipher.to_be_bytes());
        body.push(0);
        body.extend_from_slice(&u16::try_from(extensions.len()).unwrap().to_be_bytes());
        body.extend_from_slice(extensions);
        let mut message = vec![0x02, 0, 0, u8::try_from(body.len()).unwrap()];
        message.extend_from_slice(&body);
        let mut record = vec![0x16, 0x03, 0x03];
        record.extend_from_slice(&u16::try_from(message.len()).unwrap().to_be_bytes());
        record.extend_from_slice(&message);
        record
    }

    #[test]
    fn server_hello_gives_version_and_cipher() {
        // TLS 1.3: key_share, then supported_versions = 0x0304.
        let tls13 = hello(
            0x0303,
            0x1302,
            &[
                0x00, 0x33, 0x00, 0x02, 0xaa, 0xbb, 0x00, 0x2b, 0x00, 0x02, 0x03, 0x04,
            ],
        );
        let parsed = server_hello(&tls13).unwrap();
        assert_eq!(parsed.version, "TLSv1.3");
        assert_eq!(parsed.cipher, "TLS_AES_256_GCM_SHA384");
        // More records after the hello do not matter.
        let mut more = tls13.clone();
        more.extend_from_slice(&[0x14, 0x03, 0x03, 0x00, 0x01, 0x01]);
        assert_eq!(server_hello(&more).unwrap().version, "TLSv1.3");
        let tls12 = hello(0x0303, 0xc030, &[0xff, 0x01, 0x00, 0x01, 0x00]);
        assert_eq!(
            server_hello(&tls12).unwrap(),
            Hello {
                version: "TLSv1.2",
                cipher: "ECDHE-RSA-AES256-GCM-SHA384".into()
            }
        );
        assert_eq!(
            server_hello(&hello(0x0301, 0x0035, &[])).unwrap().cipher,
            "cipher 0x0035"
        );
        // Truncations and other records give nothing, without panicking.
        for end in 0..tls13.len() {
            assert_eq!(server_hello(&tls13[..end]), None, "{end}");
        }
        assert_eq!(server_hello(b"* OK hi"), None);
        assert_eq!(
            server_hello(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]),
            None
        );
    }

    #[test]
    fn system_roots_alone_build() {
        assert!(connector(&[]).is_ok());
        assert!(connector(&[]).is_ok());
    }
}
