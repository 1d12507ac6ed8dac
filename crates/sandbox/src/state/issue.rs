//! Issues and what hangs off them: comments, history, properties, links, attachments.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

#[derive(Clone, Debug)]
pub(crate) struct Issue {
    pub id: u64,
    pub key: String,
    pub project: String,
    pub issue_type: String,
    pub status: String,
    pub resolution: Option<String>,
    pub resolution_date: Option<DateTime<Utc>>,
    /// Canonical stored values by field id (summary, description, labels, priority id,
    /// assignee/reporter account ids, parent issue id, custom fields).
    pub fields: BTreeMap<String, Value>,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    pub status_changed: DateTime<Utc>,
    pub creator: String,
    pub comments: Vec<Comment>,
    pub properties: BTreeMap<String, Value>,
    pub remote_links: Vec<RemoteLink>,
    pub attachments: Vec<Attachment>,
    pub histories: Vec<History>,
}

impl Issue {
    pub fn labels(&self) -> Vec<String> {
        match self.fields.get("labels") {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Comment {
    pub id: u64,
    pub author: String,
    pub update_author: String,
    pub body: Value,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    pub visibility: Option<Value>,
    pub properties: BTreeMap<String, Value>,
}

#[derive(Clone, Debug)]
pub(crate) struct ChangeItem {
    pub field: String,
    pub field_id: String,
    pub fieldtype: String,
    pub from: Option<String>,
    pub from_string: Option<String>,
    pub to: Option<String>,
    pub to_string: Option<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct History {
    pub id: u64,
    pub author: String,
    pub created: DateTime<Utc>,
    pub items: Vec<ChangeItem>,
}

#[derive(Clone, Debug)]
pub(crate) struct RemoteLink {
    pub id: u64,
    pub global_id: Option<String>,
    pub application: Option<Value>,
    pub relationship: Option<String>,
    pub object: Value,
}

#[derive(Clone, Debug)]
pub(crate) struct Attachment {
    pub id: u64,
    pub filename: String,
    pub mime_type: String,
    pub author: String,
    pub created: DateTime<Utc>,
    pub bytes: Vec<u8>,
}

/// An issue link: `outward` "blocks" `inward` (for the Blocks type).
#[derive(Clone, Debug)]
pub(crate) struct IssueLink {
    pub id: u64,
    pub type_id: String,
    pub inward: u64,
    pub outward: u64,
}
