//! Editing an issue (`fields` set and `update` operations) and recording its history.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::create::{not_on_screen, Errors};
use super::field_input::{parse, FieldError};
use crate::jira_error::JiraError;
use crate::state::{find_option, ChangeItem, FieldDef, FieldKind, History, Project, State};

/// Applies `[{"add": x}, {"remove": y}, {"set": z}]` to a field's stored value.
pub(crate) fn apply_update_ops(
    state: &State,
    cloud: bool,
    project: &Project,
    def: &FieldDef,
    current: Value,
    ops: &Value,
) -> Result<Value, FieldError> {
    let Some(list) = ops.as_array() else {
        return Err(FieldError::Field(
            "Update operations must be an array".to_owned(),
        ));
    };
    let multi = matches!(def.kind, FieldKind::Labels | FieldKind::MultiSelect);
    let mut value = current;
    for op in list {
        let Some((name, arg)) = op.as_object().and_then(|o| o.iter().next()) else {
            return Err(FieldError::Field(
                "Update operations must be objects".to_owned(),
            ));
        };
        match (name.as_str(), multi) {
            ("set", _) => value = parse(state, cloud, project, def, arg)?,
            ("add", true) | ("remove", true) => {
                let single = parse(state, cloud, project, def, &json!([arg]))?;
                let item = single
                    .as_array()
                    .and_then(|a| a.first())
                    .cloned()
                    .unwrap_or(Value::Null);
                let mut items = value.as_array().cloned().unwrap_or_default();
                if name == "add" {
                    if !items.contains(&item) {
                        items.push(item);
                    }
                } else {
                    items.retain(|i| *i != item);
                }
                value = Value::Array(items);
            }
            (other, _) => {
                return Err(FieldError::Field(format!(
                    "Field '{}' does not support the '{other}' operation.",
                    def.id
                )))
            }
        }
    }
    Ok(value)
}

/// (id, display) of a stored value, for history items.
fn describe(
    state: &State,
    cloud: bool,
    def: &FieldDef,
    v: &Value,
) -> (Option<String>, Option<String>) {
    if v.is_null() {
        return (None, None);
    }
    match def.kind {
        FieldKind::Labels => (
            None,
            v.as_array().map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
        ),
        FieldKind::Select => {
            let o = find_option(&def.options, v.as_str(), None);
            (v.as_str().map(str::to_owned), o.map(|o| o.value.clone()))
        }
        FieldKind::MultiSelect => {
            let ids: Vec<&str> = v
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let names: Vec<String> = ids
                .iter()
                .filter_map(|id| find_option(&def.options, Some(id), None).map(|o| o.value.clone()))
                .collect();
            (Some(format!("[{}]", ids.join(", "))), Some(names.join(",")))
        }
        FieldKind::User => {
            let u = v.as_str().and_then(|id| state.user_by_account(id));
            let id = u.map(|u| {
                if cloud {
                    u.account_id.clone()
                } else {
                    u.name.clone()
                }
            });
            (id, u.map(|u| u.display_name.clone()))
        }
        FieldKind::Priority => {
            let p = v.as_str().and_then(|id| state.priority(id));
            (p.map(|p| p.id.clone()), p.map(|p| p.name.clone()))
        }
        FieldKind::RichText if v.is_object() => (None, Some(crate::adf::plain_text(v))),
        FieldKind::Parent => (
            v.as_str().map(str::to_owned),
            v.as_str()
                .and_then(|id| state.issue(id))
                .map(|i| i.key.clone()),
        ),
        _ => (
            None,
            Some(v.as_str().map_or_else(|| v.to_string(), str::to_owned)),
        ),
    }
}

pub(crate) fn change_item(
    state: &State,
    cloud: bool,
    def: &FieldDef,
    old: &Value,
    new: &Value,
) -> ChangeItem {
    let (from, from_string) = describe(state, cloud, def, old);
    let (to, to_string) = describe(state, cloud, def, new);
    ChangeItem {
        field: if def.is_custom() {
            def.name.clone()
        } else {
            def.id.clone()
        },
        field_id: def.id.clone(),
        fieldtype: if def.is_custom() { "custom" } else { "jira" }.to_owned(),
        from,
        from_string,
        to,
        to_string,
    }
}

/// `PUT /issue/{key}`: validates everything first, then applies it atomically.
pub(crate) fn edit(
    state: &mut State,
    cloud: bool,
    issue_key: &str,
    body: &Value,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<(), JiraError> {
    let issue = state
        .issue(issue_key)
        .cloned()
        .ok_or_else(JiraError::issue_not_found)?;
    let project = state
        .project(&issue.project)
        .cloned()
        .ok_or_else(JiraError::issue_not_found)?;
    let empty = json!({});
    let fields = body.get("fields").unwrap_or(&empty);
    let update = body.get("update").unwrap_or(&empty);
    if !body.is_object() || !fields.is_object() || !update.is_object() {
        return Err(JiraError::invalid_payload());
    }
    let mut errors = Errors::default();
    let mut changes: Vec<(String, Value)> = Vec::new();
    let mut provided = BTreeSet::new();
    let field_ids: Vec<String> = fields
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k.clone())
        .collect();
    for id in &field_ids {
        provided.insert(id.clone());
        let def = match (state.field(id), project.screen_field(id)) {
            (Some(def), Some(_))
                if !matches!(def.kind, FieldKind::Project | FieldKind::IssueType) =>
            {
                def
            }
            _ => {
                errors.add(id, FieldError::Field(not_on_screen(id)));
                continue;
            }
        };
        match parse(state, cloud, &project, def, &fields[id.as_str()]) {
            Ok(v) => changes.push((id.clone(), v)),
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
        let Some(def) = state
            .field(id)
            .filter(|_| project.screen_field(id).is_some())
        else {
            errors.add(id, FieldError::Field(not_on_screen(id)));
            continue;
        };
        let current = issue.fields.get(id).cloned().unwrap_or(Value::Null);
        match apply_update_ops(state, cloud, &project, def, current, ops) {
            Ok(v) => changes.push((id.clone(), v)),
            Err(e) => errors.add(id, e),
        }
    }
    for (id, v) in &changes {
        let empty_list = v.as_array().is_some_and(Vec::is_empty);
        if (v.is_null() || empty_list) && project.screen_field(id).is_some_and(|f| f.required) {
            let name = state.field(id).map_or(id.clone(), |d| d.name.clone());
            errors.add(id, FieldError::Field(format!("{name} is required.")));
        }
    }
    errors.into_result()?;

    let mut items = Vec::new();
    for (id, new) in &changes {
        let old = issue.fields.get(id).cloned().unwrap_or(Value::Null);
        let new_norm = if new.as_array().is_some_and(Vec::is_empty) {
            Value::Null
        } else {
            new.clone()
        };
        let old_norm = if old.as_array().is_some_and(Vec::is_empty) {
            Value::Null
        } else {
            old.clone()
        };
        if old_norm != new_norm {
            if let Some(def) = state.field(id) {
                items.push(change_item(state, cloud, def, &old_norm, &new_norm));
            }
        }
    }
    let history_id = state.next_id();
    let Some(target) = state.issue_mut(issue_key) else {
        return Err(JiraError::issue_not_found());
    };
    for (id, new) in changes {
        if new.is_null() || new.as_array().is_some_and(Vec::is_empty) {
            target.fields.remove(&id);
        } else {
            target.fields.insert(id, new);
        }
    }
    if !items.is_empty() {
        target.updated = now;
        target.histories.push(History {
            id: history_id,
            author: actor.to_owned(),
            created: now,
            items,
        });
    }
    Ok(())
}
