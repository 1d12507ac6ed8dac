//! Shared assertion for the "no usable keyring" tests.

use vulnbridge_jira::{ConnectionId, KeyringStore, SecretKind, SecretStore};

/// Every store operation fails with `keyring_unavailable`, an actionable message that keeps
/// the platform's reason (`cause`), and no trace of the secret.
pub fn assert_unavailable(store: &KeyringStore, case: &str, cause: &str) {
    let connection = ConnectionId::new("no-keyring").expect("id");
    let error = store
        .set(
            &connection,
            SecretKind::ApiToken,
            &"never-stored-token".into(),
        )
        .expect_err("no keyring");
    assert_eq!(error.code(), "keyring_unavailable", "{case}: {error}");
    let message = error.to_string();
    assert!(
        message.contains("gnome-keyring or KWallet"),
        "{case}: {message}"
    );
    assert!(message.contains("D-Bus session bus"), "{case}: {message}");
    assert!(
        message.contains(cause),
        "{case}: the platform's reason is kept: {message}"
    );
    assert!(!message.contains("never-stored-token"));
    assert_eq!(
        store.probe().expect_err("no keyring").code(),
        "keyring_unavailable",
        "{case}"
    );
    let read = store
        .get(&connection, SecretKind::ApiToken)
        .expect_err("no keyring");
    assert_eq!(read.code(), "keyring_unavailable", "{case}");
}
