//! Errors of the sync engine. Jira failures are not errors here: they become outbox states
//! (retry later, ambiguous, parked). What remains is the local database.

use vulnbridge_store::DataError;

/// What can stop a push pass.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("the local database failed during sync ({0}); nothing was lost: queued work stays in the outbox and resumes on the next pass")]
    Store(#[from] DataError),
    #[error("an outbox operation is damaged or missing ({0}); it was left untouched; refresh the list, and report this with the database file if it stays")]
    CorruptOp(String),
    #[error("no Jira client is registered for connection \"{0}\"; check the connection in Settings (sign in again if asked)")]
    UnknownConnection(String),
    #[error("the routing rule of outbox operation #{0} was deleted, so its ticket cannot be rebuilt; the operation stays parked")]
    RuleGone(vulnbridge_store::OutboxId),
}

impl SyncError {
    /// A stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::Store(e) => e.code(),
            SyncError::CorruptOp(_) => "corrupt_outbox_op",
            SyncError::UnknownConnection(_) => "unknown_connection",
            SyncError::RuleGone(_) => "rule_gone",
        }
    }
}
