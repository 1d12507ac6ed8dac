//! The findings dashboard: query, summary, detail, bulk status, applications.

use crate::state::AppState;
use crate::AppError;
use tauri::{AppHandle, Manager};
use vulnbridge_store::{
    DataError, FindingDetail, FindingId, FindingPage, FindingQuery, FindingStatus, FindingSummary,
    TicketLink,
};

impl From<DataError> for AppError {
    fn from(err: DataError) -> Self {
        AppError::new(err.code(), err.to_string())
    }
}

/// Runs a store read or write off the async runtime.
pub(crate) async fn with_store<T: Send + 'static>(
    app: &AppHandle,
    work: impl FnOnce(&mut vulnbridge_store::Store) -> Result<T, DataError> + Send + 'static,
) -> Result<T, AppError> {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        state.with_store_mut(work)
    })
    .await
    .map_err(|e| AppError::new("internal_error", format!("a background task failed: {e}")))?
    .map_err(AppError::from)
}

#[tauri::command]
#[specta::specta]
pub async fn query_findings(app: AppHandle, query: FindingQuery) -> Result<FindingPage, AppError> {
    with_store(&app, move |s| s.query_findings(&query)).await
}

#[tauri::command]
#[specta::specta]
pub async fn finding_summary(
    app: AppHandle,
    query: FindingQuery,
) -> Result<FindingSummary, AppError> {
    with_store(&app, move |s| s.finding_summary(&query)).await
}

/// The Jira ticket linked to a finding, if any (key, URL, last known status).
#[tauri::command]
#[specta::specta]
pub async fn finding_ticket(app: AppHandle, id: FindingId) -> Result<Option<TicketLink>, AppError> {
    with_store(&app, move |s| s.ticket_link(id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn finding_detail(app: AppHandle, id: FindingId) -> Result<FindingDetail, AppError> {
    with_store(&app, move |s| s.finding_detail(id)).await
}

/// Sets the status of many findings at once (bulk actions); returns how many changed.
#[tauri::command]
#[specta::specta]
pub async fn set_findings_status(
    app: AppHandle,
    ids: Vec<FindingId>,
    status: FindingStatus,
    reason: String,
) -> Result<u32, AppError> {
    if ids.len() > 100_000 {
        return Err(AppError::new(
            "too_many",
            "Select at most 100,000 findings at once.",
        ));
    }
    with_store(&app, move |s| {
        s.set_status(&ids, status, Some(reason.as_str()))
    })
    .await
}
