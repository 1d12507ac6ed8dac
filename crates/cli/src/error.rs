//! Errors that stop a command as a whole (a single bad scan file does not: see `import`).

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(
        "cannot find the platform data folder; pass --data-dir DIR or set VULNBRIDGE_DATA_DIR"
    )]
    NoDataDir,
    #[error(
        "no Jira connection is saved in {0}; add one in the app (Connections) or point \
         --data-dir at the app's data folder"
    )]
    NoConnections(String),
    #[error("cannot start the async runtime ({0}); check the process limits and try again")]
    Runtime(String),
    #[error("cannot write JSON output ({0})")]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Store(#[from] vulnbridge_store::StoreError),
    #[error(transparent)]
    Data(#[from] vulnbridge_store::DataError),
    #[error(transparent)]
    Connections(#[from] vulnbridge_connections::ConnectionsError),
    #[error("cannot {action} {path} ({reason}); check the path and permissions")]
    File {
        path: String,
        action: &'static str,
        reason: String,
    },
    #[error("routing file: {0}")]
    Routing(#[from] vulnbridge_mapping::TransferError),
    #[error("sync stopped: {0}")]
    Sync(#[from] vulnbridge_sync::SyncError),
}
