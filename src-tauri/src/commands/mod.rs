//! IPC commands, one file per domain. Each returns `Result<_, AppError>`.

pub mod activity;
pub mod app;
pub mod applications;
pub mod connections;
pub mod findings;
pub mod imports;
pub mod routing;
pub mod routing_backfill;
pub mod routing_jira;
pub mod routing_ticket;
pub mod routing_transfer;
pub mod settings;
pub mod sync;
pub mod watched;
