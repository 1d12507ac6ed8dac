use std::path::PathBuf;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data folder {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("the database is at schema version {found}, newer than this app understands ({latest}); update Vulnbridge or restore a backup")]
    TooNew { found: u32, latest: u32 },
    #[error("migration {version} ({name}) failed: {source}")]
    Migration {
        version: u32,
        name: &'static str,
        source: rusqlite::Error,
    },
    #[error("database setting rejected: {0}")]
    Pragma(String),
    #[error("cannot back up the database: {0}")]
    Backup(String),
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}
