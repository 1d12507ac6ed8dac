//! Issues: create, get, edit (fields and update operations, labels), delete.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::changelog::ChangeHistory;
use super::paging::from_value;
use super::path_segment::seg;
use super::transitions::Status;
use crate::client::{ApiRequest, JiraClient};
use crate::error::{Error, Result};
use crate::retry::Idempotency;

/// What create answers: enough to link a finding to its ticket.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct IssueRef {
    pub id: String,
    pub key: String,
    #[serde(rename = "self")]
    pub self_url: String,
}

/// `expand=changelog` as Data Center (and Cloud) embed it in the issue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EmbeddedChangelog {
    pub histories: Vec<ChangeHistory>,
}

/// An issue with the fields that were asked for, kept as Jira's JSON (values differ per
/// field type and dialect), with typed accessors for the common ones.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Issue {
    pub id: String,
    pub key: String,
    #[serde(rename = "self")]
    pub self_url: String,
    pub fields: Map<String, Value>,
    pub changelog: Option<EmbeddedChangelog>,
    pub properties: Map<String, Value>,
}

impl Issue {
    pub fn to_ref(&self) -> IssueRef {
        IssueRef {
            id: self.id.clone(),
            key: self.key.clone(),
            self_url: self.self_url.clone(),
        }
    }

    pub fn summary(&self) -> Option<&str> {
        self.fields.get("summary").and_then(Value::as_str)
    }

    pub fn labels(&self) -> Vec<&str> {
        self.fields
            .get("labels")
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    pub fn status(&self) -> Option<Status> {
        self.fields
            .get("status")
            .and_then(|s| serde_json::from_value(s.clone()).ok())
    }

    /// The resolution's name, when resolved.
    pub fn resolution(&self) -> Option<&str> {
        self.fields.get("resolution")?.get("name")?.as_str()
    }

    pub fn updated(&self) -> Option<DateTime<Utc>> {
        self.fields.get("updated").and_then(super::jira_time::parse)
    }

    pub fn created(&self) -> Option<DateTime<Utc>> {
        self.fields.get("created").and_then(super::jira_time::parse)
    }
}

/// An edit: `fields` to set and `update` operations (`add`/`remove`/`set`); a field may not
/// be in both.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IssueEdit {
    pub fields: Map<String, Value>,
    pub update: Map<String, Value>,
    /// `false` asks Jira not to email watchers (ignored by Jira without admin rights).
    pub notify_users: Option<bool>,
}

impl IssueEdit {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set(mut self, field_id: impl Into<String>, value: Value) -> Self {
        self.fields.insert(field_id.into(), value);
        self
    }

    /// Appends an update operation such as `{"add": "x"}` for `field_id`.
    pub fn operation(mut self, field_id: &str, op: &str, value: Value) -> Self {
        let list = self
            .update
            .entry(field_id.to_owned())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(ops) = list {
            ops.push(json!({ op: value }));
        }
        self
    }

    pub fn add_label(self, label: &str) -> Self {
        self.operation("labels", "add", json!(label))
    }

    pub fn remove_label(self, label: &str) -> Self {
        self.operation("labels", "remove", json!(label))
    }

    fn body(&self) -> Value {
        let mut body = json!({});
        if !self.fields.is_empty() {
            body["fields"] = Value::Object(self.fields.clone());
        }
        if !self.update.is_empty() {
            body["update"] = Value::Object(self.update.clone());
        }
        body
    }
}

/// Jira labels are non-empty and contain no whitespace.
pub(crate) fn check_label(label: &str) -> Result<()> {
    if label.is_empty() || label.chars().any(char::is_whitespace) || label.len() > 255 {
        return Err(Error::InvalidRequest {
            detail: format!(
                "'{label}' is not a valid Jira label (labels are 1-255 characters without spaces)"
            ),
        });
    }
    Ok(())
}

impl JiraClient {
    /// `POST /issue` with `payload` (`{"fields": ..., "update"?: ..., "properties"?: ...}`).
    /// Never retried after a failure that may have reached Jira: on an ambiguous error
    /// ([`Error::is_ambiguous`]) look the ticket up by its label before creating again.
    pub async fn create_issue(&self, payload: &Value) -> Result<IssueRef> {
        let request = ApiRequest::post("issue")
            .json(payload.clone())
            .idempotency(Idempotency::NonIdempotent);
        let body: Value = self.execute(request).await?.json()?;
        from_value(body, "the created issue")
    }

    /// `GET /issue/{key}` with the given `fields` (empty = all) and optionally the changelog.
    pub async fn get_issue(&self, issue: &str, fields: &[&str], changelog: bool) -> Result<Issue> {
        let mut request = ApiRequest::get(format!("issue/{}", seg(issue)));
        if !fields.is_empty() {
            request = request.query("fields", fields.join(","));
        }
        if changelog {
            request = request.query("expand", "changelog");
        }
        let body: Value = self.execute(request).await?.json()?;
        from_value(body, "the issue")
    }

    /// `PUT /issue/{key}` with `edit`'s fields and update operations.
    pub async fn edit_issue(&self, issue: &str, edit: &IssueEdit) -> Result<()> {
        if edit.fields.is_empty() && edit.update.is_empty() {
            return Ok(());
        }
        if let Some(both) = edit.fields.keys().find(|k| edit.update.contains_key(*k)) {
            return Err(Error::InvalidRequest {
                detail: format!("field '{both}' is both set and updated; Jira accepts only one"),
            });
        }
        let mut request = ApiRequest::put(format!("issue/{}", seg(issue))).json(edit.body());
        if let Some(notify) = edit.notify_users {
            request = request.query("notifyUsers", notify.to_string());
        }
        self.execute(request).await?;
        Ok(())
    }

    /// Adds `labels` (existing ones stay; adding a present label changes nothing).
    pub async fn add_labels(&self, issue: &str, labels: &[&str]) -> Result<()> {
        let mut edit = IssueEdit::new();
        for label in labels {
            check_label(label)?;
            edit = edit.add_label(label);
        }
        self.edit_issue(issue, &edit).await
    }

    /// Removes `labels` (absent ones are ignored by Jira).
    pub async fn remove_labels(&self, issue: &str, labels: &[&str]) -> Result<()> {
        let mut edit = IssueEdit::new();
        for label in labels {
            edit = edit.remove_label(label);
        }
        self.edit_issue(issue, &edit).await
    }

    /// `DELETE /issue/{key}` (fails with 400 when it has subtasks).
    pub async fn delete_issue(&self, issue: &str) -> Result<()> {
        let request =
            ApiRequest::delete(format!("issue/{}", seg(issue))).query("deleteSubtasks", "false");
        self.execute(request).await?;
        Ok(())
    }
}
