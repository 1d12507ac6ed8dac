//! Export and import of the whole routing + mapping configuration as a readable JSON file a
//! team can share. No secrets: connections are referenced by name and site URL, applications
//! and groups by name. An import is checked completely before anything is written.

use crate::commands::routing::{now_stamp, store_work};
use crate::AppError;
use serde::Serialize;
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;
use vulnbridge_mapping::{RoutingDocument, TransferError};
use vulnbridge_store::Store;

/// What an export wrote.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportReport {
    pub path: String,
    pub rules: u32,
}

/// What an import did.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub created: u32,
    pub updated: u32,
    /// Applications or groups that did not exist and were created.
    pub created_scopes: Vec<String>,
}

fn app_error(e: TransferError) -> AppError {
    AppError::new(e.code(), e.to_string())
}

/// The document (shared with `vulnbridge-cli routing export`).
fn export_document(store: &Store) -> Result<RoutingDocument, AppError> {
    vulnbridge_mapping::export_routing(store, &now_stamp()).map_err(app_error)
}

/// Checks every rule of `text` against this machine's connections, then writes them all in
/// one transaction (shared with `vulnbridge-cli routing import`).
fn import_document(store: &Store, text: &str) -> Result<ImportReport, AppError> {
    let done = vulnbridge_mapping::import_routing(store, text, &now_stamp()).map_err(app_error)?;
    Ok(ImportReport {
        created: done.created,
        updated: done.updated,
        created_scopes: done.created_scopes,
    })
}

/// Writes the routing configuration to `path` as indented JSON.
#[tauri::command]
#[specta::specta]
pub async fn export_routing_config(app: AppHandle, path: String) -> Result<ExportReport, AppError> {
    store_work(&app, move |s| {
        let doc = export_document(s)?;
        let text = vulnbridge_mapping::routing_file_text(&doc).map_err(app_error)?;
        std::fs::write(&path, text).map_err(|e| {
            AppError::new(
                "write_failed",
                format!("Could not write {path} ({e}); pick another place."),
            )
        })?;
        Ok(ExportReport {
            rules: u32::try_from(doc.rules.len()).unwrap_or(u32::MAX),
            path,
        })
    })
    .await
}

/// Reads a routing export and adds (or updates, by rule name and scope) its rules. Imported
/// enabled rules count from now: an import never tickets the backlog.
#[tauri::command]
#[specta::specta]
pub async fn import_routing_config(app: AppHandle, path: String) -> Result<ImportReport, AppError> {
    store_work(&app, move |s| {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| AppError::new("read_failed", format!("Could not read {path} ({e}).")))?;
        import_document(s, &text)
    })
    .await
}

/// Asks where to save an export (`null` when cancelled).
#[tauri::command]
#[specta::specta]
pub async fn pick_routing_export_path(app: AppHandle) -> Result<Option<String>, AppError> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("Export routing configuration")
            .set_file_name("vulnbridge-routing.json")
            .add_filter("JSON", &["json"])
            .blocking_save_file()
    })
    .await
    .map_err(|e| AppError::new("internal_error", e.to_string()))?;
    Ok(picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}

/// Asks for a routing export to import (`null` when cancelled).
#[tauri::command]
#[specta::specta]
pub async fn pick_routing_import_file(app: AppHandle) -> Result<Option<String>, AppError> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("Import routing configuration")
            .add_filter("JSON", &["json"])
            .blocking_pick_file()
    })
    .await
    .map_err(|e| AppError::new("internal_error", e.to_string()))?;
    Ok(picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}

#[cfg(test)]
#[path = "routing_transfer_tests.rs"]
mod tests;
