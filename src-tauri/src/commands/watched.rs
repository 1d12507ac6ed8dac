//! Watched folders: list, add (with the application its scans belong to), pause, remove.

use crate::commands::findings::with_store;
use crate::AppError;
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;
use vulnbridge_store::{WatchedFolder, WatchedFolderId};

#[tauri::command]
#[specta::specta]
pub async fn list_watched_folders(app: AppHandle) -> Result<Vec<WatchedFolder>, AppError> {
    with_store(&app, |s| s.watched_folders()).await
}

/// Watches `path`; new scan files there are imported into `application` (created if new).
#[tauri::command]
#[specta::specta]
pub async fn add_watched_folder(
    app: AppHandle,
    path: String,
    application: String,
) -> Result<Vec<WatchedFolder>, AppError> {
    let dir = std::path::Path::new(path.trim());
    if !dir.is_dir() {
        return Err(AppError::new(
            "not_a_folder",
            format!(
                "{} is not a folder that exists on this computer.",
                dir.display()
            ),
        ));
    }
    if application.trim().is_empty() {
        return Err(AppError::new(
            "invalid_application",
            "Name the application these scans belong to.",
        ));
    }
    let path = dir.display().to_string();
    with_store(&app, move |s| {
        let (app_id, _) = s.ensure_application(&application)?;
        s.add_watched_folder(&path, app_id)?;
        s.watched_folders()
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_watched_folder_enabled(
    app: AppHandle,
    id: WatchedFolderId,
    enabled: bool,
) -> Result<Vec<WatchedFolder>, AppError> {
    with_store(&app, move |s| {
        s.set_watched_folder_enabled(id, enabled)?;
        s.watched_folders()
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_watched_folder(
    app: AppHandle,
    id: WatchedFolderId,
) -> Result<Vec<WatchedFolder>, AppError> {
    with_store(&app, move |s| {
        s.remove_watched_folder(id)?;
        s.watched_folders()
    })
    .await
}

/// Opens the system folder chooser; `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn pick_folder(app: AppHandle) -> Result<Option<String>, AppError> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("Choose a folder to watch")
            .blocking_pick_folder()
    })
    .await
    .map_err(|e| AppError::new("internal_error", e.to_string()))?;
    Ok(picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}
