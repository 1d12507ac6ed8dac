//! What the shell keeps between IPC calls.

use crate::events::SyncStatus;
use std::path::PathBuf;
use std::sync::Mutex;
use tracing_appender::non_blocking::WorkerGuard;
use vulnbridge_store::Store;

/// Settings keys used by the shell.
pub mod keys {
    pub const WELCOME_DONE: &str = "welcome.completed";
    pub const SYNC_PAUSED: &str = "sync.paused";
}

pub struct AppState {
    pub data_dir: PathBuf,
    pub store: Mutex<Store>,
    pub sync: Mutex<SyncStatus>,
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
            _log_guard: log_guard,
        })
    }

    /// Runs `f` with the database. A poisoned lock (a panic elsewhere) is recovered, not spread.
    pub fn with_store<T>(&self, f: impl FnOnce(&Store) -> T) -> T {
        let guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        f(&guard)
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
