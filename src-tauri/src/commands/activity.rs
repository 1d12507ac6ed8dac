//! The Activity screen: the recent event feed and the work waiting in the outbox.

use crate::commands::findings::with_store;
use crate::AppError;
use tauri::AppHandle;
use vulnbridge_store::{ActivityEntry, PendingOperation};

const MAX_ROWS: u32 = 2_000;

#[tauri::command]
#[specta::specta]
pub async fn list_activity(app: AppHandle, limit: u32) -> Result<Vec<ActivityEntry>, AppError> {
    with_store(&app, move |s| s.recent_activity(limit.min(MAX_ROWS))).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_pending_operations(app: AppHandle) -> Result<Vec<PendingOperation>, AppError> {
    with_store(&app, |s| s.pending_operations(MAX_ROWS)).await
}
