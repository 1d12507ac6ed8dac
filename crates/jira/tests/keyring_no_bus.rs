//! With no D-Bus session bus, the keyring store fails with a typed error that says what to do,
//! and nothing is stored anywhere else. Own test binary: it changes the process environment
//! (and libdbus remembers the bus address per process).

mod support;

use vulnbridge_jira::KeyringStore;

#[test]
fn no_session_bus_gives_an_actionable_error() {
    std::env::remove_var("DISPLAY");
    let missing = std::env::temp_dir().join("vulnbridge-no-such-bus-socket");
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", missing.display()),
    );
    support::keyring_checks::assert_unavailable(
        &KeyringStore::new(),
        "no bus",
        "vulnbridge-no-such-bus-socket",
    );
}
