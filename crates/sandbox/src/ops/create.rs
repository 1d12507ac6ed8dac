//! Creating an issue: screen membership, required fields, value validation.

use std::collections::{BTreeMap, BTreeSet};

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::edit::apply_update_ops;
use super::field_input::{parse, FieldError};
use crate::jira_error::JiraError;
use crate::state::{FieldKind, State};

pub(crate) fn not_on_screen(field: &str) -> String {
    format!("Field '{field}' cannot be set. It is not on the appropriate screen, or unknown.")
}

fn lookup<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| v.get(*k).and_then(Value::as_str))
}

/// Collects field errors; `Message` errors go to `errorMessages`.
#[derive(Default)]
pub(crate) struct Errors {
    pub fields: BTreeMap<String, String>,
    pub messages: Vec<String>,
}

impl Errors {
    pub fn add(&mut self, field: &str, e: FieldError) {
        match e {
            FieldError::Field(m) => {
                self.fields.entry(field.to_owned()).or_insert(m);
            }
            FieldError::Message(m) => {
                if !self.messages.contains(&m) {
                    self.messages.push(m);
                }
            }
        }
    }

    pub fn into_result(self) -> Result<(), JiraError> {
        if self.fields.is_empty() && self.messages.is_empty() {
            return Ok(());
        }
        Err(JiraError {
            status: StatusCode::BAD_REQUEST,
            messages: self.messages,
            errors: self.fields,
        })
    }
}

/// Validates and stores a new issue. Returns (id, key).
pub(crate) fn create(
    state: &mut State,
    cloud: bool,
    body: &Value,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<(u64, String), JiraError> {
    let empty = json!({});
    let fields = body.get("fields").unwrap_or(&empty);
    let update = body.get("update").unwrap_or(&empty);
    if !fields.is_object() || !update.is_object() {
        return Err(JiraError::invalid_payload());
    }
    let project = lookup(&fields["project"], &["key", "id"])
        .and_then(|p| state.project(p))
        .cloned()
        .ok_or_else(|| {
            JiraError::field(
                StatusCode::BAD_REQUEST,
                "project",
                "Specify a valid project ID or key",
            )
        })?;
    let issue_type = {
        let it = &fields["issuetype"];
        let by_id = it.get("id").and_then(Value::as_str);
        let by_name = it.get("name").and_then(Value::as_str);
        project
            .issue_types
            .iter()
            .filter_map(|id| state.issue_type(id))
            .find(|t| {
                Some(t.id.as_str()) == by_id
                    || (by_id.is_none() && Some(t.name.as_str()) == by_name)
            })
            .map(|t| t.id.clone())
            .ok_or_else(|| {
                JiraError::field(
                    StatusCode::BAD_REQUEST,
                    "issuetype",
                    "Specify a valid issue type",
                )
            })?
    };

    let mut errors = Errors::default();
    let mut stored: BTreeMap<String, Value> = BTreeMap::new();
    let mut provided = BTreeSet::new();
    for (id, input) in fields.as_object().into_iter().flatten() {
        if id == "project" || id == "issuetype" {
            continue;
        }
        let (Some(def), Some(_)) = (state.field(id), project.screen_field(id)) else {
            errors.add(id, FieldError::Field(not_on_screen(id)));
            continue;
        };
        provided.insert(id.clone());
        match parse(state, cloud, &project, def, input) {
            Ok(v) if v.is_null() => {}
            Ok(v) => {
                stored.insert(id.clone(), v);
            }
            Err(e) => errors.add(id, e),
        }
    }
    for (id, ops) in update.as_object().into_iter().flatten() {
        if provided.contains(id) {
            errors.add(
                id,
                FieldError::Field(format!(
                    "Field '{id}' cannot be set in both 'fields' and 'update'."
                )),
            );
            continue;
        }
        let (Some(def), Some(_)) = (state.field(id), project.screen_field(id)) else {
            errors.add(id, FieldError::Field(not_on_screen(id)));
            continue;
        };
        let current = stored.get(id).cloned().unwrap_or(Value::Null);
        match apply_update_ops(state, cloud, &project, def, current, ops) {
            Ok(v) if v.is_null() => {}
            Ok(v) => {
                stored.insert(id.clone(), v);
            }
            Err(e) => errors.add(id, e),
        }
    }
    if !stored.contains_key("priority") && project.screen_field("priority").is_some() {
        stored.insert("priority".into(), json!(project.default_priority));
    }
    for sf in project.screen.iter().filter(|f| f.required) {
        if sf.id == "project"
            || sf.id == "issuetype"
            || stored.contains_key(&sf.id)
            || errors.fields.contains_key(&sf.id)
        {
            continue;
        }
        let msg = match state.field(&sf.id) {
            Some(def) if def.kind == FieldKind::Summary => {
                "You must specify a summary of the issue.".to_owned()
            }
            Some(def) => format!("{} is required.", def.name),
            None => format!("{} is required.", sf.id),
        };
        errors.add(&sf.id, FieldError::Field(msg));
    }
    errors.into_result()?;
    if project.screen_field("reporter").is_some() && !stored.contains_key("reporter") {
        stored.insert("reporter".into(), json!(actor));
    }
    let (id, key) = state
        .insert_issue(&project.key, &issue_type, stored, actor, now)
        .ok_or_else(|| {
            JiraError::field(
                StatusCode::BAD_REQUEST,
                "project",
                "Specify a valid project ID or key",
            )
        })?;
    if let (Some(props), Some(issue)) = (
        body.get("properties").and_then(Value::as_array),
        state.issues.get_mut(&id),
    ) {
        for p in props {
            if let (Some(k), Some(v)) = (p.get("key").and_then(Value::as_str), p.get("value")) {
                issue.properties.insert(k.to_owned(), v.clone());
            }
        }
    }
    Ok((id, key))
}
