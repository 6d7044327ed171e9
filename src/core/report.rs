//! Help-desk mode's session report: a short reference code for the session, and the "Copy
//! report" text — where the person is in the wizard, the settings, the test results with
//! diagnosis and timings, the mailwiz version and the operating system. The secret is not an
//! input to anything here, so it cannot appear in the report.

use crate::core::client::model::Client;
use crate::core::i18n::{Lang, tr};
use crate::core::settings::{AccountSettings, TestReport, helpdesk_text};

/// Letters for reference codes: Crockford's base32 without I, L, O and U, so a code read aloud
/// over the phone cannot be mistaken.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A short code naming this session ("MW-4K7Q-2B"), so caller and help desk know they talk about
/// the same window and report. Not a secret and not unique worldwide: only hard to confuse.
pub fn session_reference() -> String {
    use sha2::{Digest, Sha256};
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let mut hasher = Sha256::new();
    hasher.update(now.to_le_bytes());
    hasher.update(std::process::id().to_le_bytes());
    let digest = hasher.finalize();
    let chars: String = digest
        .iter()
        .take(6)
        .map(|b| ALPHABET[usize::from(*b) % 32] as char)
        .collect();
    format!("MW-{}-{}", &chars[..4], &chars[4..])
}

/// The operating system as a person would name it: the distribution's pretty name on Linux,
/// else the OS family and architecture.
pub fn os_description() -> String {
    let arch = std::env::consts::ARCH;
    #[cfg(target_os = "linux")]
    if let Ok(bytes) =
        crate::core::input::read_file_capped(std::path::Path::new("/etc/os-release"), 64 * 1024)
        && let Some(name) = String::from_utf8_lossy(&bytes)
            .lines()
            .find_map(|l| l.strip_prefix("PRETTY_NAME="))
    {
        let name = crate::core::shown::escaped(name.trim_matches('"'));
        return format!("{name} ({arch})");
    }
    format!("{} ({arch})", std::env::consts::OS)
}

/// Everything the report says.
#[derive(Debug, Clone)]
pub struct SessionReport<'a> {
    /// The session's reference code.
    pub reference: &'a str,
    /// The title of the step the person is on.
    pub step_title: String,
    /// The address as typed (may be incomplete).
    pub address: &'a str,
    /// The chosen mail program.
    pub client: Option<&'a Client>,
    /// The settings, when the answers so far make them complete.
    pub settings: Option<&'a AccountSettings>,
    /// The test.
    pub test: &'a TestReport,
    /// The operating system.
    pub os: String,
}

/// The "Copy report" text.
pub fn report_text(r: &SessionReport<'_>, lang: Lang) -> String {
    let mut out = format!(
        "{} {}\n{}: {}\n",
        tr(lang, "report-heading"),
        r.reference,
        tr(lang, "report-step"),
        r.step_title
    );
    match (r.settings, r.client) {
        (Some(settings), Some(client)) => {
            out.push_str(&helpdesk_text(settings, client, r.test, lang))
        }
        _ => {
            out.push_str(&format!(
                "{}: {}\n",
                tr(lang, "hd-address"),
                r.address.trim()
            ));
            if let Some(client) = r.client {
                out.push_str(&format!(
                    "{}: {}\n",
                    tr(lang, "hd-client"),
                    client.name.get(lang)
                ));
            }
            out.push_str(&format!("{}\n", tr(lang, "report-incomplete")));
            out.push_str(&format!("mailwiz {}\n", env!("CARGO_PKG_VERSION")));
        }
    }
    out.push_str(&format!("{}: {}\n", tr(lang, "report-os"), r.os));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::client::catalog;
    use crate::core::provider::{Lookup, database};
    use crate::core::settings::Incoming;

    #[test]
    fn reference_codes_are_short_and_unambiguous() {
        let code = session_reference();
        assert_eq!(code.len(), 10, "{code}");
        assert!(code.starts_with("MW-"));
        assert!(!code[3..].contains(['I', 'L', 'O', 'U']), "{code}");
    }

    #[test]
    fn report_has_version_os_reference_and_settings() {
        let Lookup::Found { address, provider } = database().lookup("someone@qq.com") else {
            panic!("qq");
        };
        let settings = AccountSettings::from_provider(&address, provider, Incoming::Imap).unwrap();
        let client = catalog().get("foxmail").unwrap();
        for lang in Lang::ALL {
            let text = report_text(
                &SessionReport {
                    reference: "MW-ABCD-EF",
                    step_title: "Summary".into(),
                    address: "someone@qq.com",
                    client: Some(client),
                    settings: Some(&settings),
                    test: &TestReport::NotRun,
                    os: os_description(),
                },
                lang,
            );
            assert!(text.contains("MW-ABCD-EF"), "{text}");
            assert!(
                text.contains("imap.qq.com") && text.contains("993"),
                "{text}"
            );
            assert!(text.contains(env!("CARGO_PKG_VERSION")), "{text}");
            assert!(text.contains(std::env::consts::ARCH), "{text}");
        }
        // Incomplete answers still give a report.
        let text = report_text(
            &SessionReport {
                reference: "MW-ABCD-EF",
                step_title: "Address".into(),
                address: "someone@",
                client: None,
                settings: None,
                test: &TestReport::NotRun,
                os: "test OS".into(),
            },
            Lang::En,
        );
        assert!(
            text.contains("someone@") && text.contains("test OS"),
            "{text}"
        );
    }
}
