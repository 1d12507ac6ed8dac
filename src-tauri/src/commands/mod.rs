//! IPC commands, one file per domain. Each returns `Result<_, AppError>`.

pub mod app;
pub mod sync;
