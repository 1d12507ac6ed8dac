//! Entity properties of issues and comments: `PUT` 201 new / 200 updated, `GET`, list keys,
//! `DELETE`.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{json, Value};

use crate::app::App;
use crate::jira_error::{no_content, ok, ApiResult, JiraError};
use crate::state::State as JiraState;

const VALUE_LIMIT: usize = 32_768;
const KEY_LIMIT: usize = 255;

/// Whose properties: an issue (id or key) or a comment (id).
enum Owner {
    Issue(String),
    Comment(String),
}

impl Owner {
    fn label(&self) -> String {
        match self {
            Owner::Issue(k) => format!("issue '{k}'"),
            Owner::Comment(id) => format!("comment '{id}'"),
        }
    }
}

fn props_mut<'a>(
    state: &'a mut JiraState,
    owner: &Owner,
) -> Result<(&'a mut BTreeMap<String, Value>, String), JiraError> {
    match owner {
        Owner::Issue(key) => {
            let issue = state
                .issue_mut(key)
                .ok_or_else(JiraError::issue_not_found)?;
            let path = format!("issue/{}", issue.id);
            Ok((&mut issue.properties, path))
        }
        Owner::Comment(id) => state
            .issues
            .values_mut()
            .flat_map(|i| i.comments.iter_mut())
            .find(|c| c.id.to_string() == *id)
            .map(|c| (&mut c.properties, format!("comment/{id}")))
            .ok_or_else(|| {
                JiraError::message(
                    StatusCode::NOT_FOUND,
                    format!("Can not find a comment for the id: {id}."),
                )
            }),
    }
}

fn no_property(prop: &str, owner: &Owner) -> JiraError {
    JiraError::message(
        StatusCode::NOT_FOUND,
        format!(
            "The property with key '{prop}' does not exist for {}.",
            owner.label()
        ),
    )
}

fn list_keys(app: &App, owner: &Owner) -> ApiResult {
    let mut state = app.state();
    let (props, path) = props_mut(&mut state, owner)?;
    let keys: Vec<Value> = props
        .keys()
        .map(|k| json!({"self": format!("{}/{path}/properties/{k}", app.api_base()), "key": k}))
        .collect();
    Ok(ok(json!({"keys": keys})))
}

fn get_prop(app: &App, owner: &Owner, prop: &str) -> ApiResult {
    let mut state = app.state();
    let (props, _) = props_mut(&mut state, owner)?;
    let value = props.get(prop).ok_or_else(|| no_property(prop, owner))?;
    Ok(ok(json!({"key": prop, "value": value})))
}

fn set_prop(app: &App, owner: &Owner, prop: String, body: &[u8]) -> ApiResult {
    if prop.chars().count() > KEY_LIMIT {
        return Err(JiraError::bad_request(
            "The property key cannot be longer than 255 characters.",
        ));
    }
    if body.is_empty() {
        return Err(JiraError::bad_request(
            "The property value cannot be empty.",
        ));
    }
    if body.len() > VALUE_LIMIT {
        return Err(JiraError::bad_request(
            "The property value cannot be longer than 32768 characters.",
        ));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| JiraError::bad_request("The property value must be valid JSON."))?;
    let mut state = app.state();
    let (props, _) = props_mut(&mut state, owner)?;
    let existed = props.insert(prop, value).is_some();
    Ok(if existed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    }
    .into_response())
}

fn delete_prop(app: &App, owner: &Owner, prop: &str) -> ApiResult {
    let mut state = app.state();
    let (props, _) = props_mut(&mut state, owner)?;
    props.remove(prop).ok_or_else(|| no_property(prop, owner))?;
    Ok(no_content())
}

pub(crate) async fn keys(State(app): State<Arc<App>>, Path(key): Path<String>) -> ApiResult {
    list_keys(&app, &Owner::Issue(key))
}

pub(crate) async fn get_one(
    State(app): State<Arc<App>>,
    Path((key, prop)): Path<(String, String)>,
) -> ApiResult {
    get_prop(&app, &Owner::Issue(key), &prop)
}

pub(crate) async fn set(
    State(app): State<Arc<App>>,
    Path((key, prop)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    set_prop(&app, &Owner::Issue(key), prop, &body)
}

pub(crate) async fn delete(
    State(app): State<Arc<App>>,
    Path((key, prop)): Path<(String, String)>,
) -> ApiResult {
    delete_prop(&app, &Owner::Issue(key), &prop)
}

pub(crate) async fn comment_keys(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult {
    list_keys(&app, &Owner::Comment(id))
}

pub(crate) async fn comment_get(
    State(app): State<Arc<App>>,
    Path((id, prop)): Path<(String, String)>,
) -> ApiResult {
    get_prop(&app, &Owner::Comment(id), &prop)
}

pub(crate) async fn comment_set(
    State(app): State<Arc<App>>,
    Path((id, prop)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    set_prop(&app, &Owner::Comment(id), prop, &body)
}

pub(crate) async fn comment_delete(
    State(app): State<Arc<App>>,
    Path((id, prop)): Path<(String, String)>,
) -> ApiResult {
    delete_prop(&app, &Owner::Comment(id), &prop)
}
