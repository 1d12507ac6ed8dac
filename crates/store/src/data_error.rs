//! Errors of the data operations (applications, imports, findings, timeline, watched folders).

use crate::StoreError;

/// What can go wrong reading or writing findings and their surroundings. [`DataError::code`]
/// gives a stable machine code for IPC (`{code, message}`); the message is for people.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error(
        "an application named \"{0}\" already exists; pick another name or use the existing one"
    )]
    ApplicationExists(String),
    #[error("a group named \"{0}\" already exists; pick another name")]
    GroupExists(String),
    #[error("a name cannot be empty")]
    EmptyName,
    #[error("application #{0} does not exist (it may have been deleted); refresh the list")]
    ApplicationNotFound(u32),
    #[error("group #{0} does not exist (it may have been deleted); refresh the list")]
    GroupNotFound(u32),
    #[error("finding #{0} does not exist; refresh the list")]
    FindingNotFound(u32),
    #[error("watched folder #{0} does not exist; refresh the list")]
    WatchedFolderNotFound(u32),
    #[error("the folder {0} is already watched")]
    FolderAlreadyWatched(String),
    #[error("application \"{name}\" still has {findings} finding(s); only an application without findings can be deleted, so its history is never lost")]
    ApplicationNotEmpty { name: String, findings: u32 },
    #[error("stored data is damaged ({0}); restore a backup or re-import the scan")]
    Corrupt(String),
    #[error("row id {0} is beyond what this app supports")]
    IdOutOfRange(i64),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl DataError {
    /// A stable code for the UI (`"application_exists"`, `"not_found"`, …).
    pub fn code(&self) -> &'static str {
        match self {
            DataError::ApplicationExists(_) => "application_exists",
            DataError::GroupExists(_) => "group_exists",
            DataError::EmptyName => "empty_name",
            DataError::ApplicationNotFound(_)
            | DataError::GroupNotFound(_)
            | DataError::FindingNotFound(_)
            | DataError::WatchedFolderNotFound(_) => "not_found",
            DataError::FolderAlreadyWatched(_) => "folder_already_watched",
            DataError::ApplicationNotEmpty { .. } => "application_not_empty",
            DataError::Corrupt(_) => "corrupt",
            DataError::IdOutOfRange(_) => "id_out_of_range",
            DataError::Store(_) | DataError::Sqlite(_) => "database",
        }
    }
}

/// `true` when `err` is a UNIQUE constraint violation.
pub(crate) fn is_unique_violation(err: &rusqlite::Error) -> bool {
    matches!(
        err,
        rusqlite::Error::SqliteFailure(e, _)
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
    )
}
