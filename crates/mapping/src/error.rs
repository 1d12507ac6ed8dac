//! Errors of this crate.

use crate::validate::MappingProblem;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MappingError {
    /// The createmeta answer could not be read.
    #[error("Jira's create metadata could not be read: {detail}")]
    Createmeta { detail: String },
    /// The mapping does not fit the issue type's fields; fix these before sending.
    #[error("the field mapping has {} problem(s); first: {}", problems.len(), first_message(problems))]
    Invalid { problems: Vec<MappingProblem> },
    /// A field Jira requires got no value for this finding.
    #[error("“{field_name}” ({field_id}) is required but got no value for this finding: {reason}")]
    NoValue {
        field_id: String,
        field_name: String,
        reason: String,
    },
    /// A bulk create can carry at most 50 issues.
    #[error("a bulk create takes at most 50 issues, got {count}; split the batch")]
    BulkTooLarge { count: usize },
    /// A bulk create needs at least one issue.
    #[error("a bulk create needs at least one issue")]
    BulkEmpty,
}

fn first_message(problems: &[MappingProblem]) -> String {
    problems
        .first()
        .map(|p| format!("{}: {}", p.field_name, p.message))
        .unwrap_or_default()
}
