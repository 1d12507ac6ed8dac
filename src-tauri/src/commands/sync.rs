//! Background sync controls shared by the UI and the tray.

use crate::events::{SyncState, SyncStatus};
use crate::state::{keys, AppState};
use crate::AppError;
use tauri::{AppHandle, Manager, State};
use tauri_specta::Event;

#[tauri::command]
#[specta::specta]
pub fn get_sync_status(state: State<'_, AppState>) -> SyncStatus {
    state.sync_status()
}

/// Pauses or resumes background sync; remembered across restarts.
#[tauri::command]
#[specta::specta]
pub fn set_sync_paused(app: AppHandle, paused: bool) -> Result<SyncStatus, AppError> {
    apply_pause(&app, paused)
}

/// Asks for a sync pass now (from the UI or the tray).
#[tauri::command]
#[specta::specta]
pub fn request_sync(app: AppHandle) -> Result<SyncStatus, AppError> {
    Ok(sync_now(&app))
}

pub fn apply_pause(app: &AppHandle, paused: bool) -> Result<SyncStatus, AppError> {
    let state = app.state::<AppState>();
    state.with_store(|store| {
        store.set_setting(keys::SYNC_PAUSED, if paused { "true" } else { "false" })
    })?;
    let status = state.update_sync(|s| {
        s.paused = paused;
        s.describe();
    });
    tracing::info!(paused, "sync pause changed");
    publish(app, &status);
    Ok(status)
}

pub fn sync_now(app: &AppHandle) -> SyncStatus {
    let state = app.state::<AppState>();
    let status = state.sync_status();
    if status.paused {
        tracing::info!("sync requested while paused; ignored");
        return status;
    }
    tracing::info!("sync requested");
    match state.sync_trigger.get() {
        Some(trigger) => {
            trigger.now();
            let status = state.update_sync(|s| {
                s.state = SyncState::Syncing;
                s.message = "Syncing with Jira…".into();
            });
            publish(app, &status);
            status
        }
        None => status,
    }
}

/// Sends the status to the window and the tray.
pub fn publish(app: &AppHandle, status: &SyncStatus) {
    crate::tray::reflect_sync(app, status);
    if let Err(err) = status.clone().emit(app) {
        tracing::warn!(%err, "could not send the sync status to the window");
    }
}
