//! Thunderbird's "Export for Mobile" QR code: the settings handed to Thunderbird for Android,
//! which scans it when it starts ("Already using Thunderbird on desktop?" → "Import settings").
//!
//! The payload follows thunderbird/thunderbird-android `feature/migration/qrcode/qr-code-format.md`
//! (specification version 1 of 2025-02-06, format version 1), JSON arrays in this order:
//!
//! ```text
//! [1, [1, 1],
//!  [incoming protocol (0 IMAP, 1 POP3), host, port, security, authentication, user name],
//!  [[[0 (SMTP), host, port, security, authentication, user name], [address, display name]]]]
//! ```
//!
//! - security: 0 plain, 2 STARTTLS ("AlwaysStartTls"), 3 TLS; 1 is reserved and never written;
//! - authentication: 1 password (cleartext inside TLS), 6 OAuth2 for providers that accept only
//!   their own sign-in (Thunderbird for Android signs in to Google and Microsoft itself);
//! - the optional `AccountName` and `Password` elements are omitted, so the reader names the
//!   account by the address and asks for the code on the phone. The code is not an input of any
//!   function here: it cannot end up in the picture.
//!
//! Every field is checked as the specification requires of a reader (and as Thunderbird for
//! Android's `QrCodePayloadValidator` does): ASCII host names or IP addresses, ports 1–65535,
//! single-line user name and display name, an ASCII address. A reader that finds one bad field
//! skips the whole account, so a payload that would be skipped is an error here instead.
//!
//! The code is drawn by the `qrcode` crate with error correction M (15 % of the symbol may be
//! damaged or dirty) and a quiet zone of four modules, black on white whatever the theme.

use qrcode::{Color, EcLevel, QrCode};

use super::common::{ExportError, parsed_address};
use crate::core::provider::model::{Endpoint, PasswordKind, Security};
use crate::core::settings::{AccountSettings, Incoming};

/// The specification's format version.
pub const FORMAT_VERSION: u8 = 1;
/// Width of the quiet zone around the code, in modules (ISO/IEC 18004 asks for four).
pub const QUIET_ZONE: usize = 4;

/// The specification's `ConnectionSecurity` value.
fn security_value(security: Security) -> u8 {
    match security {
        Security::None => 0,
        Security::Starttls => 2,
        Security::Tls => 3,
    }
}

/// The specification's `AuthenticationType` value.
fn authentication_value(kind: PasswordKind) -> u8 {
    match kind {
        PasswordKind::Oauth2Only => 6,
        PasswordKind::AuthorizationCode | PasswordKind::AppPassword | PasswordKind::Password => 1,
    }
}

/// Whether `host` is what the specification's `Hostname` allows: an IPv4 or IPv6 address, or an
/// ASCII host name (letters, digits and hyphens in labels of 1–63, 253 characters at most).
fn is_valid_host(host: &str) -> bool {
    if host.parse::<std::net::IpAddr>().is_ok() {
        return true;
    }
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

fn is_single_line(text: &str) -> bool {
    !text.contains(['\r', '\n'])
}

fn checked_server(endpoint: &Endpoint) -> Result<(), ExportError> {
    if !is_valid_host(&endpoint.host) || endpoint.port == 0 {
        return Err(ExportError::NotForThunderbirdMobile);
    }
    Ok(())
}

/// The JSON payload of the QR code for these settings (see the module comment). `display_name`
/// is the name the phone puts on sent mail; empty leaves it to the person to set there.
pub fn thunderbird_qr_json(
    settings: &AccountSettings,
    display_name: &str,
) -> Result<String, ExportError> {
    let address = parsed_address(settings)?.ascii();
    if !address.is_ascii() || !is_single_line(&settings.username) || !is_single_line(display_name) {
        return Err(ExportError::NotForThunderbirdMobile);
    }
    checked_server(&settings.incoming)?;
    checked_server(&settings.outgoing)?;
    let authentication = authentication_value(settings.password_kind);
    let incoming_protocol = match settings.incoming_protocol {
        Incoming::Imap => 0,
        Incoming::Pop3 => 1,
    };
    let payload = serde_json::json!([
        FORMAT_VERSION,
        [1, 1],
        [
            incoming_protocol,
            settings.incoming.host,
            settings.incoming.port,
            security_value(settings.incoming.security),
            authentication,
            settings.username,
        ],
        [[
            [
                0,
                settings.outgoing.host,
                settings.outgoing.port,
                security_value(settings.outgoing.security),
                authentication,
                settings.username,
            ],
            [address, display_name],
        ]],
    ]);
    Ok(payload.to_string())
}

/// A QR code as dark and light modules, without its quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrImage {
    width: usize,
    dark: Vec<bool>,
}

impl QrImage {
    /// The code for `payload`, error correction M, the smallest version that holds it.
    pub fn encode(payload: &str) -> Result<QrImage, ExportError> {
        let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
            .map_err(|_| ExportError::NotForThunderbirdMobile)?;
        Ok(QrImage {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        })
    }

    /// The Thunderbird for Android code for these settings.
    pub fn thunderbird(settings: &AccountSettings) -> Result<QrImage, ExportError> {
        QrImage::encode(&thunderbird_qr_json(settings, "")?)
    }

    /// Modules per side, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Modules per side with the quiet zone on both sides.
    pub fn width_with_quiet_zone(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// Whether the module at column `x`, row `y` (quiet zone not counted) is dark.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// An SVG picture: one black path on a white square, the quiet zone included, `module`
    /// user units per module.
    pub fn svg(&self, module: usize) -> String {
        let side = self.width_with_quiet_zone() * module;
        let mut path = String::new();
        for y in 0..self.width {
            for x in 0..self.width {
                if self.is_dark(x, y) {
                    let (px, py) = ((x + QUIET_ZONE) * module, (y + QUIET_ZONE) * module);
                    path.push_str(&format!("M{px} {py}h{module}v{module}h-{module}z"));
                }
            }
        }
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{side}\" \
             height=\"{side}\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\">\n\
             <rect width=\"{side}\" height=\"{side}\" fill=\"#ffffff\"/>\n\
             <path fill=\"#000000\" d=\"{path}\"/>\n</svg>\n"
        )
    }

    /// A greyscale PNG picture, the quiet zone included, `module` pixels per module.
    pub fn png(&self, module: usize) -> Result<Vec<u8>, ExportError> {
        let side = self.width_with_quiet_zone() * module;
        let mut pixels = vec![255u8; side * side];
        for y in 0..self.width {
            for x in 0..self.width {
                if self.is_dark(x, y) {
                    for row in 0..module {
                        let start =
                            ((y + QUIET_ZONE) * module + row) * side + (x + QUIET_ZONE) * module;
                        pixels[start..start + module].fill(0);
                    }
                }
            }
        }
        let side32 = u32::try_from(side).unwrap_or(u32::MAX);
        let mut out = Vec::new();
        let written = {
            let mut encoder = png::Encoder::new(&mut out, side32, side32);
            encoder.set_color(png::ColorType::Grayscale);
            encoder.set_depth(png::BitDepth::Eight);
            encoder.write_header().and_then(|mut writer| {
                writer.write_image_data(&pixels)?;
                writer.finish()
            })
        };
        // Writing into a Vec fails only for a size that does not match the pixels (a picture
        // too large to describe); never an empty file that looks saved.
        written
            .map(|()| out)
            .map_err(|_| ExportError::NotForThunderbirdMobile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::export::common::built_in_settings as settings;

    #[test]
    fn qq_imap_follows_the_specification_example() {
        let json = thunderbird_qr_json(&settings("someone@qq.com", Incoming::Imap), "").unwrap();
        assert_eq!(
            json,
            r#"[1,[1,1],[0,"imap.qq.com",993,3,1,"someone@qq.com"],[[[0,"smtp.qq.com",465,3,1,"someone@qq.com"],["someone@qq.com",""]]]]"#
        );
    }

    #[test]
    fn pop3_starttls_and_oauth2_values() {
        let s = settings("someone@163.com", Incoming::Pop3);
        let v: serde_json::Value =
            serde_json::from_str(&thunderbird_qr_json(&s, "Li Lei").unwrap()).unwrap();
        assert_eq!(v[2][0], 1);
        assert_eq!(v[3][0][1], serde_json::json!(["someone@163.com", "Li Lei"]));
        let mut s = settings("someone@outlook.com", Incoming::Imap);
        assert_eq!(s.password_kind, PasswordKind::Oauth2Only);
        s.outgoing.security = Security::Starttls;
        let v: serde_json::Value =
            serde_json::from_str(&thunderbird_qr_json(&s, "").unwrap()).unwrap();
        assert_eq!(v[2][4], 6);
        assert_eq!(v[3][0][0][3], 2);
        assert_eq!(v[3][0][0][4], 6);
    }

    #[test]
    fn what_a_reader_would_skip_is_refused() {
        let base = settings("someone@qq.com", Incoming::Imap);
        let mut bad_host = base.clone();
        bad_host.incoming.host = "imap.qq.com/evil".into();
        let mut unicode_host = base.clone();
        unicode_host.outgoing.host = "smtp.例子.com".into();
        let mut two_lines = base.clone();
        two_lines.username = "someone\r\nLOGOUT".into();
        let mut unicode_local = base.clone();
        unicode_local.address = "李雷@qq.com".into();
        for s in [bad_host, unicode_host, two_lines, unicode_local] {
            assert_eq!(
                thunderbird_qr_json(&s, ""),
                Err(ExportError::NotForThunderbirdMobile),
                "{s:?}"
            );
        }
        assert_eq!(
            thunderbird_qr_json(&base, "a\nb"),
            Err(ExportError::NotForThunderbirdMobile)
        );
        let mut ip = base;
        ip.incoming.host = "127.0.0.1".into();
        assert!(thunderbird_qr_json(&ip, "").is_ok());
    }

    #[test]
    fn pictures_have_the_quiet_zone() {
        let qr = QrImage::thunderbird(&settings("someone@qq.com", Incoming::Imap)).unwrap();
        assert!(qr.width() >= 21);
        let svg = qr.svg(4);
        let side = qr.width_with_quiet_zone() * 4;
        assert!(
            svg.contains(&format!("viewBox=\"0 0 {side} {side}\"")),
            "{svg}"
        );
        // The finder pattern's corner is dark, the quiet zone light.
        assert!(qr.is_dark(0, 0));
        assert!(svg.contains(&format!("M{} {}h4v4h-4z", 4 * 4, 4 * 4)));
        let png = qr.png(8).unwrap();
        assert_eq!(&png[1..4], b"PNG");
    }
}
