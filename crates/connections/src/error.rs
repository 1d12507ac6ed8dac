/// Errors of connection management. Jira errors keep their own code and message.
#[derive(Debug, thiserror::Error)]
pub enum ConnectionsError {
    #[error(transparent)]
    Jira(#[from] vulnbridge_jira::Error),
    #[error(transparent)]
    Store(#[from] vulnbridge_store::StoreError),
    #[error("no connection with id {0}; it may have been removed")]
    NotFound(String),
    #[error("another connection is already called '{0}'; pick a different name")]
    DuplicateName(String),
    #[error("{0}")]
    Invalid(String),
    #[error("the stored settings of connection {id} cannot be read ({detail}); remove it and connect again")]
    CorruptSettings { id: String, detail: String },
    #[error("the local Jira sandbox could not start: {0}")]
    Sandbox(String),
}

impl ConnectionsError {
    /// Stable machine code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Jira(e) => e.code(),
            Self::Store(_) => "database_error",
            Self::NotFound(_) => "connection_not_found",
            Self::DuplicateName(_) => "duplicate_name",
            Self::Invalid(_) => "invalid_settings",
            Self::CorruptSettings { .. } => "corrupt_settings",
            Self::Sandbox(_) => "sandbox_unavailable",
        }
    }
}
