//! What every export format shares: why a format cannot be made ([`ExportError`]), the parsed
//! address of the settings, and XML escaping.

use crate::core::address::{self, Address};
use crate::core::settings::AccountSettings;

/// Why a format could not be produced. Each has a stable [`code`](Self::code) and a message
/// `export-error-<code>` in every language; none carries personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// The provider accepts only its own sign-in (OAuth2), which this file format cannot set up:
    /// the file would configure a password login that is always refused.
    #[error("the provider accepts only its own sign-in, which this format cannot set up")]
    NeedsProviderSignIn,
    /// The address in the settings is not a valid address (no domain to write the file for).
    #[error("the address in the settings is not a valid e-mail address")]
    BadAddress,
    /// The user name is neither the address nor its local part, so a file for the whole domain
    /// cannot describe it.
    #[error("the user name is neither the address nor the part before the @")]
    UsernameNotTemplatable,
    /// The format is written in one mail program's words, and none was given.
    #[error("this format needs a mail program")]
    NeedsClient,
    /// Thunderbird for Android would skip these settings: a host name, user name or address its
    /// QR reader does not accept (e.g. non-ASCII), or more than a QR code holds.
    #[error("Thunderbird for Android cannot read these settings from a QR code")]
    NotForThunderbirdMobile,
}

impl ExportError {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            ExportError::NeedsProviderSignIn => "needs-provider-sign-in",
            ExportError::BadAddress => "bad-address",
            ExportError::UsernameNotTemplatable => "username-not-templatable",
            ExportError::NeedsClient => "needs-client",
            ExportError::NotForThunderbirdMobile => "not-for-thunderbird-mobile",
        }
    }

    /// Every error.
    pub const ALL: [ExportError; 5] = [
        ExportError::NeedsProviderSignIn,
        ExportError::BadAddress,
        ExportError::UsernameNotTemplatable,
        ExportError::NeedsClient,
        ExportError::NotForThunderbirdMobile,
    ];

    /// The Fluent message id that explains the error (`export-error-<code>`).
    pub fn message_id(self) -> &'static str {
        match self {
            ExportError::NeedsProviderSignIn => "export-error-needs-provider-sign-in",
            ExportError::BadAddress => "export-error-bad-address",
            ExportError::UsernameNotTemplatable => "export-error-username-not-templatable",
            ExportError::NeedsClient => "export-error-needs-client",
            ExportError::NotForThunderbirdMobile => "export-error-not-for-thunderbird-mobile",
        }
    }
}

/// The address of the settings, parsed (for its ASCII domain and local part).
pub(super) fn parsed_address(settings: &AccountSettings) -> Result<Address, ExportError> {
    address::parse(&settings.address).map_err(|_| ExportError::BadAddress)
}

/// XML character data or attribute value with `& < > " '` escaped.
pub(super) fn xml_escape(text: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(text)
}

/// The settings of a built-in provider's address, for the formats' tests.
#[cfg(test)]
pub(super) fn built_in_settings(
    address: &str,
    incoming: crate::core::settings::Incoming,
) -> AccountSettings {
    use crate::core::provider::{Lookup, database};
    let Lookup::Found { address, provider } = database().lookup(address) else {
        panic!("{address} not found")
    };
    AccountSettings::from_provider(&address, provider, incoming).unwrap()
}
