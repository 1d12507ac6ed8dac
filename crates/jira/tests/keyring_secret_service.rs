//! The keyring store against the REAL Secret Service. Run under the private one:
//!
//!     crates/jira/scripts/with-secret-service.sh cargo test -p vulnbridge-jira
//!
//! Without it these tests fail on purpose (they never skip): credentials only ever live in the
//! keyring, so an untested keyring path is an untested product.

use std::time::{SystemTime, UNIX_EPOCH};

use vulnbridge_jira::{ConnectionId, KeyringStore, SecretKind, SecretStore, Sensitive};

fn store() -> KeyringStore {
    assert!(
        std::env::var_os("VULNBRIDGE_TEST_SECRET_SERVICE").is_some(),
        "The keyring tests need a private Secret Service and refuse to use your real keyring. \
         Run them as: crates/jira/scripts/with-secret-service.sh cargo test -p vulnbridge-jira \
         (needs dbus and gnome-keyring installed)."
    );
    let store = KeyringStore::new();
    if let Err(error) = store.probe() {
        panic!(
            "No usable Secret Service is reachable [{}]: {error}",
            error.code()
        );
    }
    store
}

fn unique_connection(name: &str) -> ConnectionId {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_nanos();
    ConnectionId::new(format!("test-{name}-{}-{nanos}", std::process::id())).expect("id")
}

#[test]
fn every_secret_kind_round_trips_through_the_secret_service() {
    let store = store();
    let connection = unique_connection("roundtrip");
    for kind in SecretKind::ALL {
        assert!(
            store.get(&connection, kind).expect("get").is_none(),
            "{kind:?} starts empty"
        );
        let value = Sensitive::new(format!("secret-{}-ünïcødé", kind.key()));
        store.set(&connection, kind, &value).expect("set");
        assert_eq!(
            store
                .get(&connection, kind)
                .expect("get")
                .expect("stored")
                .expose(),
            value.expose()
        );
    }
    // Replacing keeps one value, and kinds do not overwrite each other.
    store
        .set(&connection, SecretKind::RefreshToken, &"rotated".into())
        .expect("replace");
    assert_eq!(
        store
            .require(&connection, SecretKind::RefreshToken)
            .expect("get")
            .expose(),
        "rotated"
    );
    assert_eq!(
        store
            .require(&connection, SecretKind::Pat)
            .expect("get")
            .expose(),
        "secret-pat-ünïcødé"
    );

    store.delete(&connection, SecretKind::Pat).expect("delete");
    assert!(store
        .get(&connection, SecretKind::Pat)
        .expect("get")
        .is_none());
    store
        .delete(&connection, SecretKind::Pat)
        .expect("deleting twice is fine");
    store.delete_all(&connection).expect("delete all");
    for kind in SecretKind::ALL {
        assert!(
            store.get(&connection, kind).expect("get").is_none(),
            "{kind:?} deleted"
        );
    }
}

#[test]
fn connections_are_isolated() {
    let store = store();
    let (a, b) = (unique_connection("a"), unique_connection("b"));
    store
        .set(&a, SecretKind::ApiToken, &"token-a".into())
        .expect("set");
    assert!(store.get(&b, SecretKind::ApiToken).expect("get").is_none());
    store.delete_all(&a).expect("cleanup");
}
