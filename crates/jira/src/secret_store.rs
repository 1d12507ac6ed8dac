//! Where a connection's secrets live: the [`SecretStore`] trait and an in-memory store for
//! tests and the demo mode. The real store is [`crate::keyring_store::KeyringStore`].

use std::collections::HashMap;
use std::sync::Mutex;

use crate::connection::ConnectionId;
use crate::error::{Error, Result};
use crate::secret::Sensitive;

/// The kinds of secret a connection can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecretKind {
    ApiToken,
    Pat,
    Password,
    ClientSecret,
    RefreshToken,
    AccessToken,
}

impl SecretKind {
    pub const ALL: [SecretKind; 6] = [
        Self::ApiToken,
        Self::Pat,
        Self::Password,
        Self::ClientSecret,
        Self::RefreshToken,
        Self::AccessToken,
    ];

    /// Stable key used in the keyring entry name.
    pub fn key(self) -> &'static str {
        match self {
            Self::ApiToken => "api_token",
            Self::Pat => "pat",
            Self::Password => "password",
            Self::ClientSecret => "client_secret",
            Self::RefreshToken => "refresh_token",
            Self::AccessToken => "access_token",
        }
    }

    /// Human name for messages.
    pub fn label(self) -> &'static str {
        match self {
            Self::ApiToken => "API token",
            Self::Pat => "personal access token",
            Self::Password => "password",
            Self::ClientSecret => "OAuth client secret",
            Self::RefreshToken => "OAuth refresh token",
            Self::AccessToken => "OAuth access token",
        }
    }
}

/// Get/set/delete a connection's secrets. Implementations must never write secrets anywhere
/// but a secure store. Calls may block briefly (D-Bus); async code calls them through
/// `spawn_blocking`.
pub trait SecretStore: Send + Sync {
    /// The secret, or `None` if none is stored.
    fn get(&self, connection: &ConnectionId, kind: SecretKind)
        -> Result<Option<Sensitive<String>>>;
    /// Stores (or replaces) the secret.
    fn set(
        &self,
        connection: &ConnectionId,
        kind: SecretKind,
        value: &Sensitive<String>,
    ) -> Result<()>;
    /// Removes the secret; removing a missing secret is not an error.
    fn delete(&self, connection: &ConnectionId, kind: SecretKind) -> Result<()>;

    /// The secret, or [`Error::SecretMissing`].
    fn require(&self, connection: &ConnectionId, kind: SecretKind) -> Result<Sensitive<String>> {
        self.get(connection, kind)?
            .filter(|s| !s.is_empty())
            .ok_or(Error::SecretMissing { kind: kind.label() })
    }

    /// Removes every secret of a connection (when the user deletes it).
    fn delete_all(&self, connection: &ConnectionId) -> Result<()> {
        for kind in SecretKind::ALL {
            self.delete(connection, kind)?;
        }
        Ok(())
    }
}

/// Secrets in process memory only (tests, demo mode against the sandbox). Never persisted.
#[derive(Default)]
pub struct MemorySecretStore {
    entries: Mutex<HashMap<(ConnectionId, SecretKind), Sensitive<String>>>,
}

impl MemorySecretStore {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<(ConnectionId, SecretKind), Sensitive<String>>> {
        // A panic while holding the lock cannot leave the map half-written; keep going.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl std::fmt::Debug for MemorySecretStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemorySecretStore")
            .field("entries", &self.lock().len())
            .finish()
    }
}

impl SecretStore for MemorySecretStore {
    fn get(
        &self,
        connection: &ConnectionId,
        kind: SecretKind,
    ) -> Result<Option<Sensitive<String>>> {
        Ok(self.lock().get(&(connection.clone(), kind)).cloned())
    }

    fn set(
        &self,
        connection: &ConnectionId,
        kind: SecretKind,
        value: &Sensitive<String>,
    ) -> Result<()> {
        self.lock()
            .insert((connection.clone(), kind), value.clone());
        Ok(())
    }

    fn delete(&self, connection: &ConnectionId, kind: SecretKind) -> Result<()> {
        self.lock().remove(&(connection.clone(), kind));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_store_round_trip_and_missing_secret_message() {
        let store = MemorySecretStore::new();
        let id = ConnectionId::new("conn-1").expect("id");
        assert!(store.get(&id, SecretKind::Pat).expect("get").is_none());
        store
            .set(&id, SecretKind::Pat, &"pat-value".into())
            .expect("set");
        assert_eq!(
            store.require(&id, SecretKind::Pat).expect("get").expose(),
            "pat-value"
        );
        assert!(!format!("{store:?}").contains("pat-value"));
        store.delete_all(&id).expect("delete");
        let err = store.require(&id, SecretKind::Pat).expect_err("gone");
        assert_eq!(err.code(), "secret_missing");
        assert!(err.to_string().contains("personal access token"));
    }
}
