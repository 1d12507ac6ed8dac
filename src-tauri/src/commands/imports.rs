//! Importing scan files: choosing them, and reading/parsing/recording them with progress.

use crate::commands::findings::with_store;
use crate::AppError;
use serde::Serialize;
use std::path::PathBuf;
use tauri::ipc::Channel;
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;
use vulnbridge_intake::{prepare_file, record_file, Phase};
use vulnbridge_store::ImportSummary;

/// Progress of an import, streamed while it runs.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ImportProgress {
    pub file_index: u32,
    pub file_count: u32,
    pub file_name: String,
    /// "Reading", "Parsing" or "Saving".
    pub phase: String,
    /// Bytes of all files done so far, and in total (for one progress bar; saturating).
    pub done_bytes: u32,
    pub total_bytes: u32,
}

/// How one file went.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct FileImport {
    pub path: String,
    pub file_name: String,
    pub summary: Option<ImportSummary>,
    pub warnings: Vec<String>,
    pub error: Option<AppError>,
}

/// Opens the system file chooser for scan files; an empty list when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn pick_scan_files(app: AppHandle) -> Result<Vec<String>, AppError> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("Choose scan result files")
            .add_filter(
                "Scan results",
                &["json", "sarif", "xml", "csv", "jsonl", "txt"],
            )
            .add_filter("All files", &["*"])
            .blocking_pick_files()
    })
    .await
    .map_err(|e| AppError::new("internal_error", e.to_string()))?;
    Ok(picked
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
        .collect())
}

/// Imports files into the application called `application` (created when new). Every file is
/// its own transaction: a bad file is reported and the others still import.
#[tauri::command]
#[specta::specta]
pub async fn import_scan_files(
    app: AppHandle,
    application: String,
    paths: Vec<String>,
    progress: Channel<ImportProgress>,
) -> Result<Vec<FileImport>, AppError> {
    if application.trim().is_empty() {
        return Err(AppError::new(
            "invalid_application",
            "Name the application these scans belong to.",
        ));
    }
    if paths.is_empty() {
        return Err(AppError::new("no_files", "Choose at least one scan file."));
    }
    let name = application.clone();
    let app_id = with_store(&app, move |store| Ok(store.ensure_application(&name)?.0)).await?;
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    let sizes: Vec<u64> = paths
        .iter()
        .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .collect();
    let total: u64 = sizes.iter().sum();
    let count = u32::try_from(paths.len()).unwrap_or(u32::MAX);
    let mut before = 0u64;
    let mut results = Vec::with_capacity(paths.len());
    for (index, path) in paths.into_iter().enumerate() {
        let name = vulnbridge_intake::display_name(&path);
        let send = {
            let progress = progress.clone();
            move |phase: Phase, done: u64| {
                let _ = progress.send(ImportProgress {
                    file_index: u32::try_from(index).unwrap_or(u32::MAX),
                    file_count: count,
                    file_name: name.clone(),
                    phase: phase.label().to_owned(),
                    done_bytes: saturate(before + done),
                    total_bytes: saturate(total),
                });
            }
        };
        // Read and parse without holding the database, so the window stays responsive.
        let reading = send.clone();
        let prepared = tauri::async_runtime::spawn_blocking(move || {
            prepare_file(&path, &mut |phase, done, _| reading(phase, done))
        })
        .await
        .map_err(|e| AppError::new("internal_error", e.to_string()))?;
        if let Some(size) = sizes.get(index) {
            send(Phase::Saving, *size);
            before += size;
        }
        let folder = folder_key(&prepared.path);
        let outcome = with_store(&app, move |store| {
            let outcome = record_file(store, app_id, prepared)?;
            // Remember where this application's scans come from, to suggest it next time.
            if let (Some(key), Ok(_)) = (folder, &outcome.result) {
                store.remember_target(&key, app_id)?;
            }
            Ok(outcome)
        })
        .await?;
        results.push(file_import(outcome));
    }
    Ok(results)
}

/// The key under which a file's folder is remembered with its application.
fn folder_key(path: &std::path::Path) -> Option<String> {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(|p| format!("folder:{}", p.display()))
}

/// The application scans from this file's folder were imported into before, if any.
#[tauri::command]
#[specta::specta]
pub async fn suggest_application(app: AppHandle, path: String) -> Result<Option<String>, AppError> {
    let Some(key) = folder_key(std::path::Path::new(&path)) else {
        return Ok(None);
    };
    with_store(&app, move |store| {
        let Some(id) = store.application_for_target(&key)? else {
            return Ok(None);
        };
        Ok(store
            .list_applications()?
            .into_iter()
            .find(|a| a.id == id)
            .map(|a| a.name))
    })
    .await
}

fn file_import(outcome: vulnbridge_intake::FileOutcome) -> FileImport {
    let path = outcome.path.display().to_string();
    match outcome.result {
        Ok(imported) => FileImport {
            path,
            file_name: outcome.file_name,
            summary: Some(imported.summary),
            warnings: imported.warnings,
            error: None,
        },
        Err(failure) => FileImport {
            path,
            file_name: outcome.file_name,
            summary: None,
            warnings: Vec::new(),
            error: Some(AppError::new(failure.code, failure.problem)),
        },
    }
}

fn saturate(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
