//! With no D-Bus session bus, the keyring store fails with a typed error that says what to do,
//! and nothing is stored anywhere else. (Own test binary: it changes the process environment.)

use vulnbridge_jira::{ConnectionId, KeyringStore, SecretKind, SecretStore};

#[test]
fn no_session_bus_gives_an_actionable_error() {
    let missing = std::env::temp_dir().join("vulnbridge-no-such-bus-socket");
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", missing.display()),
    );
    std::env::remove_var("DISPLAY");
    let store = KeyringStore::new();
    let connection = ConnectionId::new("no-bus").expect("id");

    let error = store
        .set(
            &connection,
            SecretKind::ApiToken,
            &"never-stored-token".into(),
        )
        .expect_err("no bus");
    assert_eq!(error.code(), "keyring_unavailable", "{error}");
    let message = error.to_string();
    assert!(message.contains("gnome-keyring or KWallet"), "{message}");
    assert!(message.contains("D-Bus session bus"), "{message}");
    assert!(!message.contains("never-stored-token"));

    assert_eq!(
        store.probe().expect_err("no bus").code(),
        "keyring_unavailable"
    );
    assert_eq!(
        store
            .get(&connection, SecretKind::ApiToken)
            .expect_err("no bus")
            .code(),
        "keyring_unavailable"
    );
}
