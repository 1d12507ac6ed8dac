//! A session bus without any Secret Service on it (nothing provides org.freedesktop.secrets):
//! the keyring store fails with a typed, actionable error. Own test binary: it changes the
//! process environment (and libdbus remembers the bus address per process).

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use vulnbridge_jira::KeyringStore;

/// A private session bus that can activate no services at all.
const BARE_BUS: &str = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#;

#[test]
fn a_bus_without_secret_service_gives_an_actionable_error() {
    std::env::remove_var("DISPLAY");
    let config =
        std::env::temp_dir().join(format!("vulnbridge-bare-bus-{}.conf", std::process::id()));
    std::fs::write(&config, BARE_BUS).expect("write bus config");
    let mut bus = Command::new("dbus-daemon")
        .arg(format!("--config-file={}", config.display()))
        .args(["--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-daemon must be installed for this test (Debian: apt-get install dbus)");
    let mut address = String::new();
    BufReader::new(bus.stdout.take().expect("stdout"))
        .read_line(&mut address)
        .expect("bus address");
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", address.trim());
    let outcome = std::panic::catch_unwind(|| {
        support::keyring_checks::assert_unavailable(
            &KeyringStore::new(),
            "no Secret Service",
            "org.freedesktop.secrets",
        )
    });
    bus.kill().expect("stop the dbus-daemon this test started");
    let _ = bus.wait();
    let _ = std::fs::remove_file(&config);
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}
