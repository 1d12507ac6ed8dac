//! What the renderer needs besides the finding: where the ticket goes and how to speak.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The two Jira dialects: Cloud speaks REST v3 (ADF documents, users by accountId), Data
/// Center speaks REST v2 (wiki markup strings, users by name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Dialect {
    Cloud,
    DataCenter,
}

/// The target project, by id (preferred) or key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ProjectRef {
    Id(String),
    Key(String),
}

/// Everything about one rendering that is not in the finding.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderContext {
    pub dialect: Dialect,
    pub project: ProjectRef,
    pub issue_type_id: String,
    /// Name of the application the finding belongs to.
    pub application: Option<String>,
    /// Link back to the finding in Vulnbridge (only http/https links become links).
    pub link_back: Option<String>,
    /// The day due dates count from.
    pub today: NaiveDate,
    /// When Vulnbridge first saw the finding (kept by the store, not in the finding).
    pub first_seen: Option<DateTime<Utc>>,
}
