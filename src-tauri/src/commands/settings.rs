//! Preferences: the sync schedule, the log level, opening the log folder, database backups.

use crate::logging::log_dir;
use crate::state::{keys, AppState};
use crate::AppError;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};

/// Log levels the user can pick (applied at the next start).
const LEVELS: [&str; 5] = ["error", "warn", "info", "debug", "trace"];

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Preferences {
    /// Minutes between background sync passes.
    pub sync_interval_minutes: u32,
    /// error, warn, info, debug or trace.
    pub log_level: String,
}

fn read(state: &AppState) -> Result<Preferences, AppError> {
    state.with_store(|s| {
        Ok(Preferences {
            sync_interval_minutes: s
                .setting(keys::SYNC_INTERVAL)?
                .and_then(|v| v.parse().ok())
                .unwrap_or(crate::sync_service::DEFAULT_INTERVAL_MINUTES),
            log_level: s.setting(keys::LOG_LEVEL)?.unwrap_or_else(|| "info".into()),
        })
    })
}

#[tauri::command]
#[specta::specta]
pub fn get_preferences(state: State<'_, AppState>) -> Result<Preferences, AppError> {
    read(&state)
}

/// Sets how often background sync runs (1 minute to 24 hours).
#[tauri::command]
#[specta::specta]
pub fn set_sync_interval(
    state: State<'_, AppState>,
    minutes: u32,
) -> Result<Preferences, AppError> {
    if !(1..=1440).contains(&minutes) {
        return Err(AppError::new(
            "invalid_interval",
            "Choose between 1 minute and 1,440 minutes (a day).",
        ));
    }
    state.with_store(|s| s.set_setting(keys::SYNC_INTERVAL, &minutes.to_string()))?;
    if let Some(trigger) = state.sync_trigger.get() {
        trigger.reschedule();
    }
    read(&state)
}

/// Sets the log level used from the next start.
#[tauri::command]
#[specta::specta]
pub fn set_log_level(state: State<'_, AppState>, level: String) -> Result<Preferences, AppError> {
    if !LEVELS.contains(&level.as_str()) {
        return Err(AppError::new(
            "invalid_log_level",
            format!("Choose one of: {}.", LEVELS.join(", ")),
        ));
    }
    state.with_store(|s| s.set_setting(keys::LOG_LEVEL, &level))?;
    read(&state)
}

/// Opens the folder with the log files in the file manager.
#[tauri::command]
#[specta::specta]
pub fn open_log_folder(state: State<'_, AppState>) -> Result<(), AppError> {
    let dir = log_dir(&state.data_dir);
    if std::env::var("VULNBRIDGE_BROWSER").as_deref() == Ok("none") {
        return Ok(());
    }
    open::that_detached(&dir).map_err(|e| {
        AppError::new(
            "open_failed",
            format!(
                "The log folder {} could not be opened ({e}).",
                dir.display()
            ),
        )
    })
}

/// Writes a consistent copy of the database to `<data dir>/backups/` and returns its path.
#[tauri::command]
#[specta::specta]
pub async fn backup_database(app: AppHandle) -> Result<String, AppError> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let dir = state.data_dir.join("backups");
        std::fs::create_dir_all(&dir).map_err(|e| {
            AppError::new(
                "backup_failed",
                format!("Cannot create {}: {e}", dir.display()),
            )
        })?;
        let name = format!(
            "vulnbridge-{}.sqlite3",
            chrono::Utc::now().format("%Y%m%d-%H%M%S")
        );
        let target = dir.join(name);
        state.with_store(|s| s.backup_to(&target))?;
        tracing::info!(path = %target.display(), "database backed up");
        Ok(target.display().to_string())
    })
    .await
    .map_err(|e| AppError::new("internal_error", e.to_string()))?
}
