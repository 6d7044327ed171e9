//! The Windows keyring for real: a code is stored in, read back from and deleted from the
//! Windows Credential Manager (CredWriteW / CredReadW / CredDeleteW through
//! windows-native-keyring-store). Cross-built and run under Wine by `scripts/windows.sh test`
//! in two processes, so that the script can look at every file Wine wrote in between and show
//! that none holds the code in any form; on other systems this file is empty.
#![cfg(windows)]

use mailwiz::core::secret::Secret;
use mailwiz::core::secret::{KeyringRef, KeyringStore, SecretStore, SecretStoreError};

fn phase() -> (String, String) {
    let phase = std::env::var("MAILWIZ_KEYRING_PHASE")
        .expect("run through scripts/windows.sh test (MAILWIZ_KEYRING_PHASE=store|forget)");
    let code = std::env::var("MAILWIZ_KEYRING_CODE").expect("MAILWIZ_KEYRING_CODE");
    (phase, code)
}

#[test]
fn store_read_back_and_delete_through_credential_manager() {
    let (phase, code) = phase();
    let store = KeyringStore::install_and_check_native().expect("Credential Manager answers");
    let at = KeyringRef::for_address("keyring-test@qq.com");
    match phase.as_str() {
        "store" => {
            store.save(&at, &Secret::new(&code)).expect("save");
            assert_eq!(store.load(&at).expect("load").expose(), code);
        }
        "forget" => {
            // A new process reads what the first one stored: it is in Credential Manager.
            assert_eq!(store.load(&at).expect("load").expose(), code);
            store.delete(&at).expect("delete");
            assert_eq!(store.load(&at).map(|_| ()), Err(SecretStoreError::NotFound));
            store.delete(&at).expect("deleting what is gone is fine");
        }
        other => panic!("unknown phase {other}"),
    }
}
