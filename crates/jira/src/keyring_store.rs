//! The real [`SecretStore`]: the OS keyring through the freedesktop Secret Service
//! (gnome-keyring, KWallet). There is no fallback: without a reachable, unlocked keyring every
//! call fails with a typed error that says how to fix it.

use keyring::secret_service::SsCredential;
use keyring::Entry;

use crate::connection::ConnectionId;
use crate::error::{Error, Result};
use crate::secret::Sensitive;
use crate::secret_store::{SecretKind, SecretStore};

/// Keyring service name for all Vulnbridge secrets.
pub const KEYRING_SERVICE: &str = "dev.vulnbridge.desktop";

/// Secrets in the Secret Service, one item per (connection, kind), account `"<id>/<kind>"`.
#[derive(Debug, Clone)]
pub struct KeyringStore {
    service: String,
}

impl Default for KeyringStore {
    fn default() -> Self {
        Self::new()
    }
}

impl KeyringStore {
    /// The store under [`KEYRING_SERVICE`].
    pub fn new() -> Self {
        Self {
            service: KEYRING_SERVICE.to_owned(),
        }
    }

    /// Checks that the Secret Service answers and is unlocked, without touching any secret.
    /// The app calls this at start-up to show a clear message early.
    pub fn probe(&self) -> Result<()> {
        match self
            .entry("__probe__", SecretKind::AccessToken)?
            .get_password()
        {
            Ok(_) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(classify(error, "keyring check")),
        }
    }

    fn entry(&self, account: &str, kind: SecretKind) -> Result<Entry> {
        // Built explicitly on the Secret Service: keyring's default store can silently be an
        // in-memory mock when platform features are missing, which would lose secrets.
        let user = format!("{account}/{}", kind.key());
        let credential = SsCredential::new_with_target(None, &self.service, &user)
            .map_err(|error| classify(error, kind.label()))?;
        Ok(Entry::new_with_credential(Box::new(credential)))
    }
}

impl SecretStore for KeyringStore {
    fn get(
        &self,
        connection: &ConnectionId,
        kind: SecretKind,
    ) -> Result<Option<Sensitive<String>>> {
        match self.entry(connection.as_str(), kind)?.get_password() {
            Ok(value) => Ok(Some(Sensitive::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(classify(error, kind.label())),
        }
    }

    fn set(
        &self,
        connection: &ConnectionId,
        kind: SecretKind,
        value: &Sensitive<String>,
    ) -> Result<()> {
        self.entry(connection.as_str(), kind)?
            .set_password(value.expose())
            .map_err(|error| classify(error, kind.label()))
    }

    fn delete(&self, connection: &ConnectionId, kind: SecretKind) -> Result<()> {
        match self.entry(connection.as_str(), kind)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(classify(error, kind.label())),
        }
    }
}

/// Turns a keyring error into one that says what to do. The keyring's messages describe the
/// platform failure (D-Bus names, "locked"); they never contain the secret.
pub(crate) fn classify(error: keyring::Error, what: &'static str) -> Error {
    let detail = match &error {
        keyring::Error::PlatformFailure(inner) | keyring::Error::NoStorageAccess(inner) => {
            inner.to_string()
        }
        keyring::Error::Ambiguous(items) => format!("{} matching keyring items", items.len()),
        other => other.to_string(),
    };
    let lower = detail.to_ascii_lowercase();
    match error {
        keyring::Error::NoStorageAccess(_) => Error::KeyringLocked { detail },
        keyring::Error::PlatformFailure(_)
            if lower.contains("noreply") || lower.contains("locked") =>
        {
            Error::KeyringLocked { detail }
        }
        keyring::Error::PlatformFailure(_) => Error::KeyringUnavailable { detail },
        _ => Error::KeyringFailure { kind: what, detail },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Platform(&'static str);
    impl std::fmt::Display for Platform {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }
    impl std::error::Error for Platform {}

    #[test]
    fn keyring_errors_become_actionable_messages() {
        let no_bus = classify(
            keyring::Error::PlatformFailure(Box::new(Platform(
                "D-Bus error: Unable to autolaunch a dbus-daemon without a $DISPLAY for X11",
            ))),
            "API token",
        );
        assert_eq!(no_bus.code(), "keyring_unavailable");
        let message = no_bus.to_string();
        assert!(message.contains("gnome-keyring or KWallet"), "{message}");
        assert!(message.contains("D-Bus session bus"), "{message}");
        assert!(message.contains("autolaunch"), "{message}");

        let locked = classify(
            keyring::Error::NoStorageAccess(Box::new(Platform("Locked"))),
            "PAT",
        );
        assert_eq!(locked.code(), "keyring_locked");
        assert!(locked.to_string().contains("Unlock"));

        let no_reply = classify(
            keyring::Error::PlatformFailure(Box::new(Platform(
                "org.freedesktop.DBus.Error.NoReply",
            ))),
            "PAT",
        );
        assert_eq!(no_reply.code(), "keyring_locked");

        let bad = classify(
            keyring::Error::BadEncoding(b"\xff-not-utf8-secret".to_vec()),
            "password",
        );
        assert_eq!(bad.code(), "keyring_failure");
        assert!(!bad.to_string().contains("not-utf8-secret"));
    }
}
