//! Errors that stop a command as a whole (a single bad scan file does not: see `import`).

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(
        "cannot find the platform data folder; pass --data-dir DIR or set VULNBRIDGE_DATA_DIR"
    )]
    NoDataDir,
    #[error(transparent)]
    Store(#[from] vulnbridge_store::StoreError),
    #[error(transparent)]
    Data(#[from] vulnbridge_store::DataError),
}
