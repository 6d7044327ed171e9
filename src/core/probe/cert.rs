//! Facts about the server's certificate for the Secure stage and the transcript: subject and
//! issuer names, validity (UTC) and the SHA-256 fingerprint of the leaf certificate.
//!
//! The TLS library has already verified the certificate; this only reads it, so a help desk can
//! compare it with what a browser or `openssl x509 -fingerprint -sha256` shows. The DER is walked
//! by a small, bounds-checked reader that knows just the path to these fields
//! (Certificate → tbsCertificate → issuer, validity, subject); anything unexpected yields `None`
//! for the field, never a panic. The fingerprint is over the whole DER, as everyone computes it.

use sha2::{Digest, Sha256};

use super::text::bounded;

/// Longest name kept, in characters.
const NAME_MAX_CHARS: usize = 100;

const TAG_SEQUENCE: u8 = 0x30;
const TAG_SET: u8 = 0x31;
const TAG_OID: u8 = 0x06;
const TAG_VERSION: u8 = 0xa0;
const OID_COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];
const OID_ORGANIZATION: &[u8] = &[0x55, 0x04, 0x0a];

/// What the probe tells about a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CertFacts {
    /// `CN=…` of the subject (or `O=…` when it has no common name).
    pub subject: Option<String>,
    /// `CN=…` of the issuer (or `O=…`).
    pub issuer: Option<String>,
    /// Start of validity, `YYYY-MM-DDTHH:MM:SSZ`.
    pub not_before: Option<String>,
    /// End of validity, `YYYY-MM-DDTHH:MM:SSZ`.
    pub not_after: Option<String>,
    /// SHA-256 of the DER, upper-case hex pairs joined by `:`.
    pub sha256: String,
}

impl CertFacts {
    /// Reads the facts from a certificate in DER.
    pub fn from_der(der: &[u8]) -> Self {
        let fields = tbs_fields(der);
        let name = |n: Option<&[u8]>| n.and_then(display_name);
        let time = |t: Option<Tlv<'_>>| t.and_then(|t| format_time(t.tag, t.value));
        Self {
            subject: name(fields.as_ref().map(|f| f.subject)),
            issuer: name(fields.as_ref().map(|f| f.issuer)),
            not_before: time(fields.as_ref().map(|f| f.not_before)),
            not_after: time(fields.as_ref().map(|f| f.not_after)),
            sha256: fingerprint(der),
        }
    }

    /// One line: `subject CN=…; issuer CN=…; valid … to …; SHA-256 AB:…`.
    pub fn summary(&self) -> String {
        let unknown = "?";
        format!(
            "subject {}; issuer {}; valid {} to {}; SHA-256 {}",
            self.subject.as_deref().unwrap_or(unknown),
            self.issuer.as_deref().unwrap_or(unknown),
            self.not_before.as_deref().unwrap_or(unknown),
            self.not_after.as_deref().unwrap_or(unknown),
            self.sha256
        )
    }
}

/// SHA-256 of `der` as `AB:CD:…`.
pub(super) fn fingerprint(der: &[u8]) -> String {
    let digest = Sha256::digest(der);
    let pairs: Vec<String> = digest.iter().map(|b| format!("{b:02X}")).collect();
    pairs.join(":")
}

/// One DER element: tag and contents.
#[derive(Debug, Clone, Copy)]
struct Tlv<'a> {
    tag: u8,
    value: &'a [u8],
}

/// Reads one element from the front of `input`; the rest follows. Only single-byte tags and
/// definite lengths of up to 4 bytes (DER certificates use nothing else).
fn read_tlv(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let (&tag, rest) = input.split_first()?;
    if tag & 0x1f == 0x1f {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    let (length, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 {
            return None;
        }
        let (bytes, rest) = rest.split_at_checked(count)?;
        let length = bytes.iter().fold(0usize, |n, &b| (n << 8) | usize::from(b));
        (length, rest)
    };
    let (value, rest) = rest.split_at_checked(length)?;
    Some((Tlv { tag, value }, rest))
}

/// Reads one element that must carry `tag`.
fn expect(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (tlv, rest) = read_tlv(input)?;
    (tlv.tag == tag).then_some((tlv.value, rest))
}

struct TbsFields<'a> {
    issuer: &'a [u8],
    subject: &'a [u8],
    not_before: Tlv<'a>,
    not_after: Tlv<'a>,
}

/// Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL, serialNumber,
/// signature, issuer, validity SEQUENCE { notBefore, notAfter }, subject, … }, … }
fn tbs_fields(der: &[u8]) -> Option<TbsFields<'_>> {
    let (certificate, _) = expect(der, TAG_SEQUENCE)?;
    let (tbs, _) = expect(certificate, TAG_SEQUENCE)?;
    let (first, mut rest) = read_tlv(tbs)?;
    if first.tag == TAG_VERSION {
        // The version was first; the serial number follows.
        (_, rest) = read_tlv(rest)?;
    }
    let (_signature, rest) = expect(rest, TAG_SEQUENCE)?;
    let (issuer, rest) = expect(rest, TAG_SEQUENCE)?;
    let (validity, rest) = expect(rest, TAG_SEQUENCE)?;
    let (subject, _) = expect(rest, TAG_SEQUENCE)?;
    let (not_before, after) = read_tlv(validity)?;
    let (not_after, _) = read_tlv(after)?;
    Some(TbsFields {
        issuer,
        subject,
        not_before,
        not_after,
    })
}

/// `CN=…` from a Name (SEQUENCE OF SET OF SEQUENCE { OID, value }), else `O=…`.
fn display_name(name: &[u8]) -> Option<String> {
    let mut common_name = None;
    let mut organization = None;
    let mut rdns = name;
    while !rdns.is_empty() {
        let (set, rest) = expect(rdns, TAG_SET)?;
        rdns = rest;
        let mut attributes = set;
        while !attributes.is_empty() {
            let (attribute, rest) = expect(attributes, TAG_SEQUENCE)?;
            attributes = rest;
            let (oid, value) = expect(attribute, TAG_OID)?;
            let (value, _) = read_tlv(value)?;
            let slot = match oid {
                OID_COMMON_NAME => &mut common_name,
                OID_ORGANIZATION => &mut organization,
                _ => continue,
            };
            if slot.is_none() {
                *slot = decode_string(value.tag, value.value);
            }
        }
    }
    let (label, text) = match (common_name, organization) {
        (Some(cn), _) => ("CN", cn),
        (None, Some(o)) => ("O", o),
        (None, None) => return None,
    };
    Some(format!("{label}={}", bounded(&text, NAME_MAX_CHARS)))
}

/// The text of a directory string, by its ASN.1 type.
fn decode_string(tag: u8, bytes: &[u8]) -> Option<String> {
    match tag {
        // UTF8String, NumericString, PrintableString, IA5String, VisibleString.
        0x0c | 0x12 | 0x13 | 0x16 | 0x1a => Some(String::from_utf8_lossy(bytes).into_owned()),
        // TeletexString: in practice Latin-1.
        0x14 => Some(bytes.iter().map(|&b| char::from(b)).collect()),
        // BMPString: UTF-16BE.
        0x1e => {
            let units = bytes
                .chunks_exact(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]));
            Some(
                char::decode_utf16(units)
                    .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                    .collect(),
            )
        }
        // UniversalString: UTF-32BE.
        0x1c => Some(
            bytes
                .chunks_exact(4)
                .map(|quad| {
                    char::from_u32(u32::from_be_bytes([quad[0], quad[1], quad[2], quad[3]]))
                        .unwrap_or(char::REPLACEMENT_CHARACTER)
                })
                .collect(),
        ),
        _ => None,
    }
}

/// UTCTime `YYMMDDHHMMSSZ` (years 50–99 are 19xx) or GeneralizedTime `YYYYMMDDHHMMSSZ`, as
/// `YYYY-MM-DDTHH:MM:SSZ`.
fn format_time(tag: u8, bytes: &[u8]) -> Option<String> {
    let digits = bytes.strip_suffix(b"Z")?;
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let text = std::str::from_utf8(digits).ok()?;
    let (year, rest) = match (tag, text.len()) {
        (0x17, 12) => {
            let (yy, rest) = text.split_at(2);
            let yy: u32 = yy.parse().ok()?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, rest)
        }
        (0x18, 14) => {
            let (yyyy, rest) = text.split_at(4);
            (yyyy.parse().ok()?, rest)
        }
        _ => return None,
    };
    let part = |i: usize| rest.get(i..i + 2);
    Some(format!(
        "{year:04}-{}-{}T{}:{}:{}Z",
        part(0)?,
        part(2)?,
        part(4)?,
        part(6)?,
        part(8)?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcgen::{
        BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair,
    };

    fn ca(common_name: &str) -> Issuer<'static, KeyPair> {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let mut name = DistinguishedName::new();
        name.push(DnType::CommonName, common_name);
        params.distinguished_name = name;
        Issuer::new(params, key)
    }

    fn leaf(
        issuer: &Issuer<'_, KeyPair>,
        name: DistinguishedName,
        dates: Option<(i32, i32)>,
    ) -> Vec<u8> {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(vec!["mail.example.test".to_owned()]).unwrap();
        params.distinguished_name = name;
        if let Some((from, to)) = dates {
            params.not_before = rcgen::date_time_ymd(from, 3, 4);
            params.not_after = rcgen::date_time_ymd(to, 11, 12);
        }
        params.signed_by(&key, issuer).unwrap().der().to_vec()
    }

    fn cn(text: &str) -> DistinguishedName {
        let mut name = DistinguishedName::new();
        name.push(DnType::OrganizationName, "Example Org");
        name.push(DnType::CommonName, text);
        name
    }

    #[test]
    fn reads_names_validity_and_fingerprint_of_a_real_certificate() {
        let issuer = ca("mailwiz unit CA");
        let der = leaf(&issuer, cn("mail.example.test"), Some((2019, 2020)));
        let facts = CertFacts::from_der(&der);
        assert_eq!(facts.subject.as_deref(), Some("CN=mail.example.test"));
        assert_eq!(facts.issuer.as_deref(), Some("CN=mailwiz unit CA"));
        // Before 2050: UTCTime.
        assert_eq!(facts.not_before.as_deref(), Some("2019-03-04T00:00:00Z"));
        assert_eq!(facts.not_after.as_deref(), Some("2020-11-12T00:00:00Z"));
        assert_eq!(facts.sha256, fingerprint(&der));
        assert_eq!(facts.sha256.len(), 32 * 3 - 1);
        assert_eq!(
            facts.summary(),
            format!(
                "subject CN=mail.example.test; issuer CN=mailwiz unit CA; \
                 valid 2019-03-04T00:00:00Z to 2020-11-12T00:00:00Z; SHA-256 {}",
                facts.sha256
            )
        );
    }

    #[test]
    fn reads_generalized_time_and_utf8_names() {
        let issuer = ca("测试 CA");
        // From 2050 on, validity is a GeneralizedTime.
        let der = leaf(&issuer, cn("邮件.例子.中国"), Some((1975, 2051)));
        let facts = CertFacts::from_der(&der);
        assert_eq!(facts.subject.as_deref(), Some("CN=邮件.例子.中国"));
        assert_eq!(facts.issuer.as_deref(), Some("CN=测试 CA"));
        assert_eq!(facts.not_before.as_deref(), Some("1975-03-04T00:00:00Z"));
        assert_eq!(facts.not_after.as_deref(), Some("2051-11-12T00:00:00Z"));
    }

    #[test]
    fn falls_back_to_organization_and_reads_other_string_types() {
        let issuer = ca("CA");
        let mut name = DistinguishedName::new();
        name.push(DnType::CountryName, "CN");
        name.push(DnType::OrganizationName, "Ωmega Mail");
        let der = leaf(&issuer, name, None);
        assert_eq!(
            CertFacts::from_der(&der).subject.as_deref(),
            Some("O=Ωmega Mail")
        );
        let bmp: Vec<u8> = "Ωmega".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode_string(0x1e, &bmp).as_deref(), Some("Ωmega"));
        assert_eq!(
            decode_string(0x14, &[0x63, 0x61, 0x66, 0xe9]).as_deref(),
            Some("café")
        );
        assert_eq!(
            decode_string(0x1c, &[0, 0, 0x4e, 0x2d]).as_deref(),
            Some("中")
        );
        assert_eq!(decode_string(0x04, b"octets"), None);
    }

    #[test]
    fn times_are_checked() {
        assert_eq!(
            format_time(0x17, b"491231235959Z").as_deref(),
            Some("2049-12-31T23:59:59Z")
        );
        assert_eq!(
            format_time(0x17, b"500101000000Z").as_deref(),
            Some("1950-01-01T00:00:00Z")
        );
        assert_eq!(
            format_time(0x18, b"40960101000000Z").as_deref(),
            Some("4096-01-01T00:00:00Z")
        );
        assert_eq!(format_time(0x17, b"5001010000Z"), None);
        assert_eq!(format_time(0x17, b"500101000000"), None);
        assert_eq!(format_time(0x18, b"2024010100000aZ"), None);
        assert_eq!(format_time(0x17, b"40960101000000Z"), None);
    }

    #[test]
    fn fingerprint_is_sha256_in_colon_hex() {
        // FIPS 180-2 test vector for "abc".
        assert_eq!(
            fingerprint(b"abc"),
            "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD"
        );
    }

    #[test]
    fn truncated_or_garbage_der_never_panics() {
        let issuer = ca("mailwiz unit CA");
        let der = leaf(&issuer, cn("mail.example.test"), None);
        for end in 0..der.len() {
            let facts = CertFacts::from_der(&der[..end]);
            // The outer SEQUENCE is cut, so nothing can be read; the fingerprint still comes.
            assert_eq!(facts.subject, None, "{end}");
            assert_eq!(facts.sha256, fingerprint(&der[..end]));
        }
        for garbage in [
            &[][..],
            &[0x30],
            &[0x30, 0x85, 1, 2, 3, 4, 5],
            &[0x1f, 0x01, 0x00],
            &[0x30, 0x80],
        ] {
            assert_eq!(CertFacts::from_der(garbage).subject, None);
        }
        // Bytes flipped one at a time: any result is fine, a panic is not.
        for i in 0..der.len() {
            let mut bent = der.clone();
            bent[i] ^= 0xff;
            let _ = CertFacts::from_der(&bent);
        }
    }
}
