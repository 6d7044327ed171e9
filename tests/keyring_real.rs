//! The OS keyring for real: a code is stored, read back and deleted through a real Secret
//! Service (gnome-keyring in the private D-Bus session that scripts/test.sh starts), and without
//! any Secret Service the program gets a plain "unavailable" instead of an error or a hang.

use mailwiz::core::secret::{KeyringRef, KeyringStore, Secret, SecretStore, SecretStoreError};

fn require_keyring_session() {
    assert_eq!(
        std::env::var("MAILWIZ_KEYRING_TEST").as_deref(),
        Ok("1"),
        "run the tests through scripts/test.sh: it starts gnome-keyring in a private D-Bus session"
    );
}

#[test]
fn store_read_back_and_delete_through_the_secret_service() {
    require_keyring_session();
    // Without a session bus there is no keyring: a plain error, quickly.
    let real_bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS");
    // SAFETY: this test binary has a single test, so no other thread reads the environment.
    unsafe {
        std::env::set_var(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/mailwiz-bus",
        )
    };
    let started = std::time::Instant::now();
    let none = KeyringStore::install_and_check_native();
    assert!(
        matches!(
            none,
            Err(SecretStoreError::Unavailable(_)) | Err(SecretStoreError::Failed(_))
        ),
        "{none:?}"
    );
    assert!(started.elapsed().as_secs() < 5, "the check must not hang");
    // SAFETY: as above.
    unsafe {
        match &real_bus {
            Some(v) => std::env::set_var("DBUS_SESSION_BUS_ADDRESS", v),
            None => std::env::remove_var("DBUS_SESSION_BUS_ADDRESS"),
        }
    }

    let store = KeyringStore::install_and_check_native().expect("gnome-keyring answers");
    let at = KeyringRef::for_address("keyring-test@qq.com");
    let code = Secret::new("abcdefghijklmnop");
    store.save(&at, &code).expect("save");
    assert_eq!(store.load(&at).expect("load").expose(), "abcdefghijklmnop");
    store.delete(&at).expect("delete");
    assert_eq!(store.load(&at).map(|_| ()), Err(SecretStoreError::NotFound));
    // Deleting what is gone is fine.
    store.delete(&at).expect("delete again");
}
