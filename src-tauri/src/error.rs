//! The one error type that crosses IPC: `{code, message}`, never a bare string.

use serde::Serialize;

/// An error as the UI receives it: a stable machine `code` and a human `message` that says
/// what went wrong and what to do. Never carries secrets.
#[derive(Debug, Clone, Serialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: String,
    pub message: String,
}

impl AppError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

impl From<vulnbridge_store::StoreError> for AppError {
    fn from(err: vulnbridge_store::StoreError) -> Self {
        let code = match &err {
            vulnbridge_store::StoreError::TooNew { .. } => "database_too_new",
            vulnbridge_store::StoreError::DataDir { .. } => "data_dir_unavailable",
            vulnbridge_store::StoreError::Open { .. } => "database_unavailable",
            vulnbridge_store::StoreError::Backup(_) => "backup_failed",
            _ => "database_error",
        };
        AppError::new(code, err.to_string())
    }
}
