//! Turns a field value from a request into its stored form, with Jira's error messages.

use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::state::{find_option, FieldDef, FieldKind, OptionDef, Project, State};

pub(crate) const TEXT_LIMIT: usize = 32_767;
const TEXT_TOO_LONG: &str =
    "The entered text is too long. It exceeds the allowed limit of 32,767 characters.";

/// A rejected value: either an `errors[field]` entry or a top-level `errorMessages` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FieldError {
    Field(String),
    Message(String),
}

fn field_err(msg: impl Into<String>) -> FieldError {
    FieldError::Field(msg.into())
}

pub(crate) fn summary(input: &Value) -> Result<Value, FieldError> {
    let Some(s) = input.as_str() else {
        return Err(field_err("Operation value must be a string"));
    };
    if s.trim().is_empty() {
        return Err(field_err("You must specify a summary of the issue."));
    }
    if s.contains('\n') || s.contains('\r') {
        return Err(field_err(
            "The summary is invalid because it contains newline characters.",
        ));
    }
    if s.chars().count() > 255 {
        return Err(field_err("Summary must be less than 255 characters."));
    }
    Ok(json!(s))
}

/// Rich text: ADF on Cloud v3, a string on Data Center v2.
pub(crate) fn rich_text(cloud: bool, input: &Value) -> Result<Value, FieldError> {
    if input.is_null() {
        return Ok(Value::Null);
    }
    if cloud {
        if !input.is_object() {
            return Err(field_err(
                "Operation value must be an Atlassian Document (see the Atlassian Document Format)",
            ));
        }
        crate::adf::validate(input).map_err(|_| FieldError::Message("INVALID_INPUT".to_owned()))?;
        if input.to_string().chars().count() > TEXT_LIMIT {
            return Err(field_err(TEXT_TOO_LONG));
        }
    } else {
        let Some(s) = input.as_str() else {
            return Err(field_err("Operation value must be a string"));
        };
        if s.chars().count() > TEXT_LIMIT {
            return Err(field_err(TEXT_TOO_LONG));
        }
    }
    Ok(input.clone())
}

fn option_ref<'a>(options: &'a [OptionDef], input: &Value) -> Result<&'a OptionDef, FieldError> {
    let id = input.get("id").and_then(Value::as_str);
    let value = input.get("value").and_then(Value::as_str);
    if !input.is_object() || (id.is_none() && value.is_none()) {
        return Err(field_err(
            "Could not find valid 'id' or 'value' in the Parent Option object.",
        ));
    }
    find_option(options, id, value).ok_or_else(|| match id {
        Some(id) => field_err(format!("Option id '{id}' is not valid")),
        None => field_err(format!(
            "Option value '{}' is not valid",
            value.unwrap_or("")
        )),
    })
}

fn user(state: &State, cloud: bool, input: &Value) -> Result<Value, FieldError> {
    let found = if cloud {
        input
            .get("accountId")
            .and_then(Value::as_str)
            .and_then(|id| state.user_by_account(id))
    } else {
        input
            .get("name")
            .and_then(Value::as_str)
            .and_then(|n| state.user_by_name(n))
    };
    match found {
        Some(u) if u.active => Ok(json!(u.account_id)),
        Some(u) => Err(field_err(format!(
            "User '{}' is inactive and cannot be set.",
            u.display_name
        ))),
        None => Err(field_err(
            "Specified user does not exist or you do not have required permissions",
        )),
    }
}

fn labels(input: &Value) -> Result<Value, FieldError> {
    let Some(list) = input.as_array() else {
        return Err(field_err("Operation value must be an array of strings"));
    };
    let mut out = Vec::new();
    for l in list {
        let Some(s) = l.as_str() else {
            return Err(field_err("Operation value must be an array of strings"));
        };
        label_ok(s)?;
        if !out.contains(&s) {
            out.push(s);
        }
    }
    Ok(json!(out))
}

pub(crate) fn label_ok(s: &str) -> Result<(), FieldError> {
    if s.is_empty() || s.chars().any(char::is_whitespace) {
        return Err(field_err(format!(
            "The label '{s}' contains spaces which is invalid."
        )));
    }
    if s.chars().count() > 255 {
        return Err(field_err(format!(
            "The label '{s}' exceeds the maximum length of 255 characters."
        )));
    }
    Ok(())
}

/// Validates `input` for `def` and returns the stored form. `null` clears (callers check
/// `required`).
pub(crate) fn parse(
    state: &State,
    cloud: bool,
    project: &Project,
    def: &FieldDef,
    input: &Value,
) -> Result<Value, FieldError> {
    if input.is_null() && def.kind != FieldKind::Summary {
        return Ok(Value::Null);
    }
    match def.kind {
        FieldKind::Summary => summary(input),
        FieldKind::RichText => rich_text(cloud, input),
        FieldKind::Text => match input.as_str() {
            Some(s) if s.chars().count() <= 255 => Ok(json!(s)),
            Some(_) => Err(field_err(
                "The entered text is too long. It exceeds the allowed limit of 255 characters.",
            )),
            None => Err(field_err("Operation value must be a string")),
        },
        FieldKind::Select => Ok(json!(option_ref(&def.options, input)?.id)),
        FieldKind::MultiSelect => {
            let Some(list) = input.as_array() else {
                return Err(field_err("Operation value must be an array"));
            };
            let ids = list
                .iter()
                .map(|v| option_ref(&def.options, v).map(|o| o.id.clone()))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(json!(ids))
        }
        FieldKind::Cascading => {
            let parent = option_ref(&def.options, input)?;
            let child = match input.get("child") {
                None | Some(Value::Null) => Value::Null,
                Some(c) => json!(option_ref(&parent.children, c)?.id),
            };
            Ok(json!({"parent": parent.id, "child": child}))
        }
        FieldKind::Labels => labels(input),
        FieldKind::Number => input
            .as_f64()
            .map(|n| json!(n))
            .ok_or_else(|| field_err("Operation value must be a number")),
        FieldKind::Date => match input.as_str() {
            Some(s) if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() => Ok(json!(s)),
            Some(s) => Err(field_err(format!("Error parsing date string: {s}"))),
            None => Err(field_err("Operation value must be a string")),
        },
        FieldKind::User => user(state, cloud, input),
        FieldKind::Priority => {
            let id = input.get("id").and_then(Value::as_str);
            let name = input.get("name").and_then(Value::as_str);
            let found = project
                .priorities
                .iter()
                .filter_map(|p| state.priority(p))
                .find(|p| {
                    Some(p.id.as_str()) == id || (id.is_none() && Some(p.name.as_str()) == name)
                });
            found
                .map(|p| json!(p.id))
                .ok_or_else(|| field_err("The priority selected is invalid."))
        }
        FieldKind::Parent => {
            let key = input
                .get("key")
                .or_else(|| input.get("id"))
                .and_then(Value::as_str)
                .unwrap_or("");
            state
                .issue(key)
                .map(|i| json!(i.id.to_string()))
                .ok_or_else(|| field_err("Could not find issue by id or key."))
        }
        FieldKind::IssueType | FieldKind::Project => Err(field_err(format!(
            "Field '{}' cannot be set. It is not on the appropriate screen, or unknown.",
            def.id
        ))),
    }
}
