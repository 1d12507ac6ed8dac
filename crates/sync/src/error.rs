//! Errors of the sync engine. Jira failures are not errors here: they become outbox states
//! (retry later, ambiguous, parked). What remains is the local database.

use vulnbridge_store::DataError;

/// What can stop a push pass.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("the local database failed during sync ({0}); nothing was lost: queued work stays in the outbox and resumes on the next pass")]
    Store(#[from] DataError),
    #[error("an outbox operation is damaged ({0}); it was left untouched; report this with the database file")]
    CorruptOp(String),
}

impl SyncError {
    /// A stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::Store(e) => e.code(),
            SyncError::CorruptOp(_) => "corrupt_outbox_op",
        }
    }
}
