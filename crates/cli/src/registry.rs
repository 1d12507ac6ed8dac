//! The connection registry as the app builds it: settings from the database, secrets from the
//! OS keyring (Secret Service), never from files or the environment.

use std::sync::Arc;

use vulnbridge_connections::Registry;
use vulnbridge_jira::{ClientOptions, KeyringStore};

pub fn keyring_registry() -> Registry {
    Registry::new(Arc::new(KeyringStore::new()), ClientOptions::default())
}
