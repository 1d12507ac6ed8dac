//! What the shell keeps between IPC calls.

use crate::events::SyncStatus;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tracing_appender::non_blocking::WorkerGuard;
use vulnbridge_connections::{Registry, SandboxDemo};
use vulnbridge_jira::{ClientOptions, CloudEndpoints, KeyringStore};
use vulnbridge_store::Store;

/// Settings keys used by the shell.
pub mod keys {
    pub const WELCOME_DONE: &str = "welcome.completed";
    pub const SYNC_PAUSED: &str = "sync.paused";
    pub const SYNC_INTERVAL: &str = "sync.interval_minutes";
    pub const LOG_LEVEL: &str = "log.level";
}

pub struct AppState {
    pub data_dir: PathBuf,
    pub store: Mutex<Store>,
    pub sync: Mutex<SyncStatus>,
    /// Jira connections; secrets in the OS keyring.
    pub registry: Registry,
    /// Wakes the background sync thread (set once it started).
    pub sync_trigger: std::sync::OnceLock<crate::sync_service::SyncTrigger>,
    /// The built-in Jira sandbox, once the user asked for it.
    pub sandbox: tokio::sync::Mutex<Option<SandboxDemo>>,
    _log_guard: WorkerGuard,
}

impl AppState {
    pub fn open(
        data_dir: PathBuf,
        log_guard: WorkerGuard,
    ) -> Result<Self, Box<dyn std::error::Error>> {
        let store = Store::open_in_dir(&data_dir)?;
        let paused = store.setting(keys::SYNC_PAUSED)?.as_deref() == Some("true");
        Ok(Self {
            data_dir,
            store: Mutex::new(store),
            sync: Mutex::new(SyncStatus::initial(paused)),
            registry: Registry::new(Arc::new(KeyringStore::new()), ClientOptions::default())
                .with_cloud_endpoints(cloud_endpoints_from_env()),
            sandbox: tokio::sync::Mutex::new(None),
            sync_trigger: std::sync::OnceLock::new(),
            _log_guard: log_guard,
        })
    }

    /// Runs `f` with the database. A poisoned lock (a panic elsewhere) is recovered, not spread.
    pub fn with_store<T>(&self, f: impl FnOnce(&Store) -> T) -> T {
        let guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        f(&guard)
    }

    /// [`AppState::with_store`] for writes that need `&mut Store` (transactions).
    pub fn with_store_mut<T>(&self, f: impl FnOnce(&mut Store) -> T) -> T {
        let mut guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }

    pub fn sync_status(&self) -> SyncStatus {
        self.sync.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn update_sync(&self, f: impl FnOnce(&mut SyncStatus)) -> SyncStatus {
        let mut guard = self.sync.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard);
        guard.clone()
    }
}

/// Atlassian's auth and API hosts, unless `VULNBRIDGE_CLOUD_AUTH_URL` and
/// `VULNBRIDGE_CLOUD_API_URL` point Cloud OAuth somewhere else (the sandbox, in tests).
fn cloud_endpoints_from_env() -> CloudEndpoints {
    let parse = |name: &str| {
        std::env::var(name)
            .ok()
            .and_then(|v| url::Url::parse(&v).ok())
    };
    let mut endpoints = CloudEndpoints::default();
    if let (Some(auth), Some(api)) = (
        parse("VULNBRIDGE_CLOUD_AUTH_URL"),
        parse("VULNBRIDGE_CLOUD_API_URL"),
    ) {
        tracing::warn!(%auth, %api, "Cloud OAuth endpoints overridden by the environment");
        endpoints = CloudEndpoints {
            auth_base: auth,
            api_base: api,
        };
    }
    endpoints
}

/// The log level saved in Settings, read before logging starts (and without migrating or
/// otherwise touching the database); `None` when unset or unreadable.
pub fn stored_log_level(data_dir: &std::path::Path) -> Option<String> {
    vulnbridge_store::peek_setting(
        &data_dir.join(vulnbridge_store::DB_FILE_NAME),
        keys::LOG_LEVEL,
    )
}
