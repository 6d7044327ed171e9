//! Exports: the settings as files a mail program can import, and as guides a person can print.
//!
//! Every format is generated from the one settings model ([`AccountSettings`]), plus the chosen
//! mail program ([`Client`]) and language where the format has words in it; no format keeps its
//! own copy of a host, port or label. [`export`] picks the format:
//!
//! - [`Format::Mobileconfig`]: an Apple configuration profile ([`mobileconfig`]);
//! - [`Format::Autoconfig`]: a Thunderbird `clientConfig` v1.1 document, written by the same
//!   writer that exports embedded providers ([`autoconfig_xml`]);
//! - [`Format::Autodiscover`]: an Outlook POX Autodiscover response ([`autodiscover_xml`]);
//! - [`Format::Markdown`] / [`Format::Text`]: the settings sheet ([`markdown`], [`text`]);
//! - [`Format::Html`]: a self-contained, printable guide ([`html_guide`]);
//! - [`Format::ThunderbirdQr`] / [`Format::ThunderbirdQrJson`]: Thunderbird for Android's
//!   "Export for Mobile" QR code as a picture ([`QrImage`]: PNG through [`export_file`], SVG as
//!   text) or its JSON payload ([`thunderbird_qr_json`]).
//!
//! The secret is not an input of [`export`] or of any format function, so it cannot end up in a
//! file by accident. The one exception is [`mobileconfig`]'s `include_password`, which the caller
//! passes only after the person has explicitly agreed.

mod autoconfig;
mod autodiscover;
mod common;
mod html;
mod mobileconfig;
mod sheet;
mod thunderbird_qr;

pub use self::autoconfig::{autoconfig_file_name, autoconfig_instructions, autoconfig_xml};
pub use self::autodiscover::{OUTLOOK_RESPONSE_NS, autodiscover_domain_xml, autodiscover_xml};
pub use self::common::ExportError;
pub use self::html::html_guide;
pub use self::mobileconfig::mobileconfig;
pub use self::sheet::{markdown, text};
pub use self::thunderbird_qr::{QUIET_ZONE, QrImage, thunderbird_qr_json};

use crate::core::client::model::Client;
use crate::core::i18n::Lang;
use crate::core::provider::database;
use crate::core::settings::AccountSettings;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Apple configuration profile (`.mobileconfig`) for iPhone, iPad and Mac Mail.
    Mobileconfig,
    /// Thunderbird autoconfig (`clientConfig` v1.1) document.
    Autoconfig,
    /// Outlook "plain old XML" Autodiscover response.
    Autodiscover,
    /// Settings sheet and steps in Markdown.
    Markdown,
    /// Settings sheet and steps in plain text.
    Text,
    /// Self-contained printable HTML guide.
    Html,
    /// Thunderbird for Android's QR code (PNG as a file, SVG as text).
    ThunderbirdQr,
    /// The JSON payload of that QR code.
    ThunderbirdQrJson,
}

impl Format {
    /// Every format, in the order a menu lists them.
    pub const ALL: [Format; 8] = [
        Format::Html,
        Format::Text,
        Format::Markdown,
        Format::Mobileconfig,
        Format::Autoconfig,
        Format::Autodiscover,
        Format::ThunderbirdQr,
        Format::ThunderbirdQrJson,
    ];

    /// The stable code (command line `--format`, file dialogs).
    pub fn code(self) -> &'static str {
        match self {
            Format::Mobileconfig => "mobileconfig",
            Format::Autoconfig => "autoconfig",
            Format::Autodiscover => "autodiscover",
            Format::Markdown => "markdown",
            Format::Text => "text",
            Format::Html => "html",
            Format::ThunderbirdQr => "thunderbird-qr",
            Format::ThunderbirdQrJson => "thunderbird-qr-json",
        }
    }

    /// Message id of the summary step's Save… button for this format.
    pub fn save_button_id(self) -> &'static str {
        match self {
            Format::Html => "save-guide",
            Format::Text => "save-sheet",
            Format::Markdown => "save-markdown",
            Format::Mobileconfig => "save-profile",
            Format::Autoconfig => "save-autoconfig",
            Format::Autodiscover => "save-autodiscover",
            Format::ThunderbirdQr => "save-thunderbird-qr",
            Format::ThunderbirdQrJson => "save-thunderbird-qr-json",
        }
    }

    /// The format for a code from [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Mobileconfig => "mobileconfig",
            Format::Autoconfig | Format::Autodiscover => "xml",
            Format::Markdown => "md",
            Format::Text => "txt",
            Format::Html => "html",
            Format::ThunderbirdQr => "png",
            Format::ThunderbirdQrJson => "json",
        }
    }

    /// Whether the output is written in one mail program's words (and so needs a [`Client`]).
    pub fn needs_client(self) -> bool {
        matches!(self, Format::Markdown | Format::Text | Format::Html)
    }

    /// The file name to suggest when saving: `DOMAIN.xml` for autoconfig (the name Thunderbird
    /// looks for), `autodiscover.xml` for Autodiscover (the name Outlook fetches), otherwise the
    /// address with this format's extension. Characters that some systems forbid in file names
    /// are replaced by `_`.
    pub fn default_file_name(self, settings: &AccountSettings) -> String {
        let name = match self {
            Format::Autoconfig => {
                autoconfig_file_name(settings).unwrap_or_else(|_| "config-v1.1.xml".to_owned())
            }
            Format::Autodiscover => "autodiscover.xml".to_owned(),
            Format::ThunderbirdQr | Format::ThunderbirdQrJson => {
                format!("{}-thunderbird-qr.{}", settings.address, self.extension())
            }
            _ => format!("{}.{}", settings.address, self.extension()),
        };
        safe_file_name(&name)
    }
}

/// Exports the settings in a format. `client` is needed for the formats written in a mail
/// program's words ([`Format::needs_client`]) and ignored by the others. The HTML guide includes
/// the provider's own steps for getting the code when the settings name a built-in provider.
/// No password is ever included (see [`mobileconfig`] for the explicit way to include one).
pub fn export(
    format: Format,
    settings: &AccountSettings,
    client: Option<&Client>,
    lang: Lang,
) -> Result<String, ExportError> {
    let client = || client.ok_or(ExportError::NeedsClient);
    match format {
        Format::Mobileconfig => mobileconfig(settings, lang, None),
        Format::Autoconfig => autoconfig_xml(settings),
        Format::Autodiscover => autodiscover_xml(settings),
        Format::Markdown => Ok(markdown(settings, client()?, lang)),
        Format::Text => Ok(text(settings, client()?, lang)),
        Format::Html => {
            let provider = settings
                .provider_id
                .as_deref()
                .and_then(|id| database().get(id));
            Ok(html_guide(settings, client()?, lang, provider))
        }
        Format::ThunderbirdQr => Ok(QrImage::thunderbird(settings)?.svg(QR_MODULE)),
        Format::ThunderbirdQrJson => thunderbird_qr_json(settings, ""),
    }
}

/// Pixels (PNG) or user units (SVG) per QR module: a 41-module code is 392 pixels wide.
pub const QR_MODULE: usize = 8;

/// The file to save for a format: the QR code as a PNG picture ([`Format::extension`]),
/// everything else as [`export`]'s text.
pub fn export_file(
    format: Format,
    settings: &AccountSettings,
    client: Option<&Client>,
    lang: Lang,
) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::ThunderbirdQr => QrImage::thunderbird(settings)?.png(QR_MODULE),
        _ => export(format, settings, client, lang).map(String::into_bytes),
    }
}

/// `name` with characters that Windows, macOS or Linux refuse in file names (and control
/// characters) replaced by `_`.
fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    // A leading dot would hide the file on macOS and Linux.
    match cleaned.strip_prefix('.') {
        Some(rest) => format!("_{rest}"),
        None => cleaned,
    }
}

/// Writes `text` to `path` so that the file either appears complete or not at all, and never
/// through a path someone else could have planted: it goes to a new temporary file beside it
/// (created, never opened if it exists — a link there is not followed), is flushed to disk, then
/// renamed over `path`. On any error an existing `path` is left as it was, and only a temporary
/// file this call created is removed.
pub fn write_file(path: &std::path::Path, content: impl AsRef<[u8]>) -> std::io::Result<()> {
    use std::io::Write;
    let Some(name) = path.file_name() else {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a file name",
        ));
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let temp = dir.join(format!(
        ".{}.{}.part",
        name.to_string_lossy(),
        std::process::id()
    ));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)?;
    let flushed = file
        .write_all(content.as_ref())
        .and_then(|()| file.sync_all());
    // Closed before the rename (Windows does not rename an open file).
    drop(file);
    let written = flushed.and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A link planted at the temporary name is neither followed nor removed; the write fails
    /// and the target keeps its old content.
    #[cfg(unix)]
    #[test]
    fn a_planted_temporary_is_left_alone() {
        let dir = std::env::temp_dir().join(format!("mailwiz-write-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let victim = dir.join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        let target = dir.join("out.xml");
        std::fs::write(&target, "old").unwrap();
        let planted = dir.join(format!(".out.xml.{}.part", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        assert!(write_file(&target, "new").is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert!(planted.is_symlink());
        std::fs::remove_file(&planted).unwrap();
        write_file(&target, "new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        let _ = std::fs::remove_dir_all(&dir);
    }
    use crate::core::client::catalog;
    use crate::core::settings::Incoming;

    fn qq() -> AccountSettings {
        common::built_in_settings("someone@qq.com", Incoming::Imap)
    }

    #[test]
    fn codes_round_trip_and_extensions() {
        for f in Format::ALL {
            assert_eq!(Format::from_code(f.code()), Some(f));
        }
        assert_eq!(Format::from_code("pdf"), None);
        assert_eq!(Format::Mobileconfig.extension(), "mobileconfig");
        assert_eq!(Format::Markdown.extension(), "md");
    }

    #[test]
    fn default_file_names() {
        let s = qq();
        assert_eq!(
            Format::Mobileconfig.default_file_name(&s),
            "someone@qq.com.mobileconfig"
        );
        assert_eq!(Format::Autoconfig.default_file_name(&s), "qq.com.xml");
        assert_eq!(
            Format::Autodiscover.default_file_name(&s),
            "autodiscover.xml"
        );
        assert_eq!(Format::Html.default_file_name(&s), "someone@qq.com.html");
        assert_eq!(safe_file_name("a/b:c*?.txt"), "a_b_c__.txt");
        assert_eq!(safe_file_name(".hidden"), "_hidden");
    }

    #[test]
    fn guide_formats_need_a_client() {
        let s = qq();
        for f in Format::ALL {
            let result = export(f, &s, None, Lang::En);
            if f.needs_client() {
                assert_eq!(result, Err(ExportError::NeedsClient), "{f:?}");
            } else {
                assert!(result.is_ok(), "{f:?}: {result:?}");
            }
        }
        let tb = catalog().get("thunderbird");
        for f in Format::ALL {
            assert!(export(f, &s, tb, Lang::ZhTw).is_ok(), "{f:?}");
        }
    }

    #[test]
    fn every_error_has_a_message_in_every_language() {
        for e in ExportError::ALL {
            for lang in Lang::ALL {
                assert!(
                    crate::core::i18n::has(lang, e.message_id()),
                    "{} {lang:?}",
                    e.message_id()
                );
            }
        }
    }
}
