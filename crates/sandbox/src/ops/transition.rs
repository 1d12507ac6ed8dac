//! Workflow transitions: which are available, and performing one with its screen fields.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::create::not_on_screen;
use super::field_input::{rich_text, FieldError};
use crate::jira_error::JiraError;
use crate::state::{Category, ChangeItem, Comment, History, Issue, State, TransitionDef};

/// Transitions the issue's workflow offers from its current status.
pub(crate) fn available(state: &State, issue: &Issue) -> Vec<TransitionDef> {
    let Some(project) = state.project(&issue.project) else {
        return Vec::new();
    };
    project
        .workflow
        .transitions
        .iter()
        .filter(|t| (t.from.is_empty() && t.to != issue.status) || t.from.contains(&issue.status))
        .cloned()
        .collect()
}

fn resolution_from(state: &State, v: &Value) -> Option<String> {
    let id = v.get("id").and_then(Value::as_str);
    let name = v.get("name").and_then(Value::as_str);
    state
        .resolutions
        .iter()
        .find(|r| Some(r.id.as_str()) == id || (id.is_none() && Some(r.name.as_str()) == name))
        .map(|r| r.id.clone())
}

/// Comment bodies from `update.comment[].add.body`, validated for the dialect.
fn comments_to_add(cloud: bool, body: &Value) -> Result<Vec<Value>, JiraError> {
    let mut out = Vec::new();
    let ops = body["update"]["comment"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for op in ops {
        if let Some(b) = op.get("add").and_then(|a| a.get("body")) {
            match rich_text(cloud, b) {
                Ok(v) if !v.is_null() => out.push(v),
                Ok(_) => {}
                Err(FieldError::Field(m)) => {
                    return Err(JiraError::field(StatusCode::BAD_REQUEST, "comment", m))
                }
                Err(FieldError::Message(m)) => return Err(JiraError::bad_request(m)),
            }
        }
    }
    Ok(out)
}

pub(crate) fn perform(
    state: &mut State,
    cloud: bool,
    key: &str,
    body: &Value,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<(), JiraError> {
    let issue = state
        .issue(key)
        .cloned()
        .ok_or_else(JiraError::issue_not_found)?;
    let requested = match &body["transition"]["id"] {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return Err(JiraError::bad_request("Missing 'transition' identifier")),
    };
    let Some(t) = available(state, &issue)
        .into_iter()
        .find(|t| t.id == requested)
    else {
        return Err(JiraError::bad_request(format!(
            "Transition id '{requested}' is not valid for this issue."
        )));
    };
    let mut resolution = None;
    if let Some(fields) = body.get("fields").and_then(Value::as_object) {
        for (id, v) in fields {
            if id == "resolution" && t.requires_resolution {
                resolution = Some(resolution_from(state, v).ok_or_else(|| {
                    JiraError::field(
                        StatusCode::BAD_REQUEST,
                        "resolution",
                        "The resolution selected is invalid.",
                    )
                })?);
            } else {
                return Err(JiraError::field(
                    StatusCode::BAD_REQUEST,
                    id,
                    not_on_screen(id),
                ));
            }
        }
    }
    if t.requires_resolution && resolution.is_none() {
        return Err(JiraError::field(
            StatusCode::BAD_REQUEST,
            "resolution",
            "Resolution is required.",
        ));
    }
    let comments = comments_to_add(cloud, body)?;
    let to_status = state
        .status(&t.to)
        .cloned()
        .ok_or_else(|| JiraError::bad_request("The workflow points to an unknown status."))?;
    let resolution = match to_status.category {
        Category::Done => resolution.or(t.sets_resolution.clone()),
        _ => None,
    };
    let mut items = Vec::new();
    if let Some(from) = state.status(&issue.status) {
        items.push(ChangeItem {
            field: "status".into(),
            field_id: "status".into(),
            fieldtype: "jira".into(),
            from: Some(from.id.clone()),
            from_string: Some(from.name.clone()),
            to: Some(to_status.id.clone()),
            to_string: Some(to_status.name.clone()),
        });
    }
    if resolution != issue.resolution {
        let name = |r: &Option<String>| {
            r.as_deref()
                .and_then(|id| state.resolution(id))
                .map(|r| r.name.clone())
        };
        items.push(ChangeItem {
            field: "resolution".into(),
            field_id: "resolution".into(),
            fieldtype: "jira".into(),
            from: issue.resolution.clone(),
            from_string: name(&issue.resolution),
            to: resolution.clone(),
            to_string: name(&resolution),
        });
    }
    let history_id = state.next_id();
    let comment_ids: Vec<u64> = comments.iter().map(|_| state.next_id()).collect();
    let Some(target) = state.issue_mut(key) else {
        return Err(JiraError::issue_not_found());
    };
    target.status = to_status.id.clone();
    if resolution != target.resolution {
        target.resolution_date = resolution.as_ref().map(|_| now);
    }
    target.resolution = resolution;
    target.status_changed = now;
    target.updated = now;
    target.histories.push(History {
        id: history_id,
        author: actor.to_owned(),
        created: now,
        items,
    });
    for (id, body) in comment_ids.into_iter().zip(comments) {
        target.comments.push(Comment {
            id,
            author: actor.to_owned(),
            update_author: actor.to_owned(),
            body,
            created: now,
            updated: now,
            visibility: None,
            properties: BTreeMap::new(),
        });
    }
    Ok(())
}
