//! The authorization code (or app password) and where it may be kept.
//!
//! [`Secret`] wraps the code so that it is wiped from memory when dropped, prints as `[redacted]`,
//! and cannot be serialised (it implements neither `Serialize` nor `Display`). The only way to
//! read it is [`Secret::expose`], used by the probes when they log in and by the keyring store.
//!
//! [`SecretStore`] is where a code may be remembered between runs: the OS keyring
//! ([`KeyringStore`], through keyring-core and the platform store crates), or nowhere. Persisted
//! program state holds only a [`KeyringRef`] — service and account names — never the code.

use std::fmt;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// An authorization code / app password. Zeroed on drop, redacted in `Debug`, not serialisable.
#[derive(Clone, Default)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a code as typed or pasted.
    pub fn new(code: impl Into<String>) -> Self {
        Self(Zeroizing::new(code.into()))
    }

    /// The code itself. Only for logging in and for the keyring; never for display or logs.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when nothing was entered.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Mutable access for a text field bound to the code (the GUI's text field edits a `String`
    /// in place). The buffer is first given room for [`Self::EDIT_CAPACITY`] bytes, so typing or
    /// pasting a code never makes it grow — growing would move the text and leave an unwiped
    /// copy behind in freed memory. The smaller buffer it replaces is wiped.
    pub fn as_mut_string(&mut self) -> &mut String {
        if self.0.capacity() < Self::EDIT_CAPACITY {
            let mut roomy = Zeroizing::new(String::with_capacity(Self::EDIT_CAPACITY));
            roomy.push_str(&self.0);
            self.0 = roomy;
        }
        &mut self.0
    }

    /// Room kept for a code being edited: far more than any authorization code or app password,
    /// and as much as the command line takes ([`crate::core::input::MAX_CODE_BYTES`]).
    pub const EDIT_CAPACITY: usize = 1024;
    /// The most characters the text field takes: each is at most 4 bytes, so the buffer never
    /// has to grow.
    pub const EDIT_MAX_CHARS: usize = Self::EDIT_CAPACITY / 4;
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

/// The service name under which mailwiz keeps codes in the OS keyring.
pub const KEYRING_SERVICE: &str = "mailwiz";

/// Where a remembered code lives: enough to find it again, nothing secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyringRef {
    /// Keyring service name (always [`KEYRING_SERVICE`]).
    pub service: String,
    /// Keyring account name: the e-mail address.
    pub account: String,
}

impl KeyringRef {
    /// The reference for an address.
    pub fn for_address(address: &str) -> Self {
        Self {
            service: KEYRING_SERVICE.to_owned(),
            account: address.to_owned(),
        }
    }
}

/// Why the keyring could not be used. Carries no secret.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum SecretStoreError {
    /// No keyring service is running or reachable on this computer.
    #[error("no keyring is available on this computer: {0}")]
    Unavailable(String),
    /// The keyring has no code for this address.
    #[error("no code is stored for this address")]
    NotFound,
    /// The keyring refused or failed the operation.
    #[error("the keyring reported an error: {0}")]
    Failed(String),
}

/// A place to remember codes between runs.
pub trait SecretStore: Send + Sync {
    /// Stores (or replaces) the code for the reference.
    fn save(&self, at: &KeyringRef, secret: &Secret) -> Result<(), SecretStoreError>;
    /// Reads the code back.
    fn load(&self, at: &KeyringRef) -> Result<Secret, SecretStoreError>;
    /// Forgets the code; forgetting a missing code is not an error.
    fn delete(&self, at: &KeyringRef) -> Result<(), SecretStoreError>;
}

/// The OS keyring through keyring-core's default store.
#[derive(Debug, Default, Clone, Copy)]
pub struct KeyringStore;

impl KeyringStore {
    /// Installs the platform's native store as keyring-core's default. Returns an error (with a
    /// plain reason) when this computer has no usable keyring; the program keeps working without.
    pub fn install_native() -> Result<Self, SecretStoreError> {
        native_store()?;
        Ok(Self)
    }

    /// Installs the native store and checks that it answers (a read of an entry that does not
    /// exist must come back as "not found"). This may block on D-Bus; call it off the UI thread.
    pub fn install_and_check_native() -> Result<Self, SecretStoreError> {
        let store = Self::install_native()?;
        match store.load(&KeyringRef::for_address("mailwiz-availability-check")) {
            Ok(_) | Err(SecretStoreError::NotFound) => Ok(store),
            Err(e) => Err(e),
        }
    }

    /// Installs keyring-core's in-memory mock store (tests and demos).
    pub fn install_mock() -> Self {
        keyring_core::set_default_store(
            keyring_core::mock::Store::new()
                .unwrap_or_else(|_| unreachable!("the mock store cannot fail to build")),
        );
        Self
    }

    fn entry(at: &KeyringRef) -> Result<keyring_core::Entry, SecretStoreError> {
        keyring_core::Entry::new(&at.service, &at.account).map_err(map_error)
    }
}

#[cfg(target_os = "linux")]
fn native_store() -> Result<(), SecretStoreError> {
    let store = zbus_secret_service_keyring_store::Store::new()
        .map_err(|e| SecretStoreError::Unavailable(e.to_string()))?;
    keyring_core::set_default_store(store);
    Ok(())
}

#[cfg(target_os = "macos")]
fn native_store() -> Result<(), SecretStoreError> {
    let store = apple_native_keyring_store::keychain::Store::new()
        .map_err(|e| SecretStoreError::Unavailable(e.to_string()))?;
    keyring_core::set_default_store(store);
    Ok(())
}

#[cfg(target_os = "windows")]
fn native_store() -> Result<(), SecretStoreError> {
    let store = windows_native_keyring_store::Store::new()
        .map_err(|e| SecretStoreError::Unavailable(e.to_string()))?;
    keyring_core::set_default_store(store);
    Ok(())
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn native_store() -> Result<(), SecretStoreError> {
    Err(SecretStoreError::Unavailable("unsupported platform".into()))
}

fn map_error(e: keyring_core::Error) -> SecretStoreError {
    match e {
        keyring_core::Error::NoEntry => SecretStoreError::NotFound,
        keyring_core::Error::NoStorageAccess(inner) => {
            SecretStoreError::Unavailable(inner.to_string())
        }
        keyring_core::Error::NoDefaultStore => {
            SecretStoreError::Unavailable("no keyring store is set up".into())
        }
        other => SecretStoreError::Failed(other.to_string()),
    }
}

impl SecretStore for KeyringStore {
    fn save(&self, at: &KeyringRef, secret: &Secret) -> Result<(), SecretStoreError> {
        Self::entry(at)?
            .set_password(secret.expose())
            .map_err(map_error)
    }

    fn load(&self, at: &KeyringRef) -> Result<Secret, SecretStoreError> {
        Self::entry(at)?
            .get_password()
            .map(Secret::new)
            .map_err(map_error)
    }

    fn delete(&self, at: &KeyringRef) -> Result<(), SecretStoreError> {
        match Self::entry(at)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_error(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_a_code_never_moves_its_buffer() {
        let mut code = Secret::new("ab");
        let text = code.as_mut_string();
        let start = text.as_ptr();
        for _ in 0..100 {
            text.push('x');
        }
        text.push_str(" pasted: abcdefghijklmnop abcdefghijklmnop");
        assert_eq!(text.as_ptr(), start, "the buffer grew and moved");
        assert!(code.expose().starts_with("abxxx"));
        // A second call keeps the same buffer.
        assert_eq!(code.as_mut_string().as_ptr(), start);
    }

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("abcdefghijklmnop");
        let shown = format!("{s:?}");
        assert!(!shown.contains("abcdefghijklmnop"));
        assert!(shown.contains("redacted"));
    }
}
