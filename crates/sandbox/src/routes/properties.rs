//! Issue entity properties: `PUT` 201 new / 200 updated, `GET`, list keys, `DELETE`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{json, Value};

use crate::app::App;
use crate::jira_error::{no_content, ok, ApiResult, JiraError};

const VALUE_LIMIT: usize = 32_768;
const KEY_LIMIT: usize = 255;

fn no_property(prop: &str, key: &str) -> JiraError {
    JiraError::message(
        StatusCode::NOT_FOUND,
        format!("The property with key '{prop}' does not exist for issue '{key}'."),
    )
}

pub(crate) async fn keys(State(app): State<Arc<App>>, Path(key): Path<String>) -> ApiResult {
    let state = app.state();
    let issue = state.issue(&key).ok_or_else(JiraError::issue_not_found)?;
    let keys: Vec<Value> = issue
        .properties
        .keys()
        .map(|k| json!({"self": format!("{}/issue/{}/properties/{k}", app.api_base(), issue.id), "key": k}))
        .collect();
    Ok(ok(json!({"keys": keys})))
}

pub(crate) async fn get_one(
    State(app): State<Arc<App>>,
    Path((key, prop)): Path<(String, String)>,
) -> ApiResult {
    let state = app.state();
    let issue = state.issue(&key).ok_or_else(JiraError::issue_not_found)?;
    let value = issue
        .properties
        .get(&prop)
        .ok_or_else(|| no_property(&prop, &key))?;
    Ok(ok(json!({"key": prop, "value": value})))
}

pub(crate) async fn set(
    State(app): State<Arc<App>>,
    Path((key, prop)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
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
    let value: Value = serde_json::from_slice(&body)
        .map_err(|_| JiraError::bad_request("The property value must be valid JSON."))?;
    let mut state = app.state();
    let issue = state
        .issue_mut(&key)
        .ok_or_else(JiraError::issue_not_found)?;
    let existed = issue.properties.insert(prop, value).is_some();
    let status = if existed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok(status.into_response())
}

pub(crate) async fn delete(
    State(app): State<Arc<App>>,
    Path((key, prop)): Path<(String, String)>,
) -> ApiResult {
    let mut state = app.state();
    let issue = state
        .issue_mut(&key)
        .ok_or_else(JiraError::issue_not_found)?;
    issue
        .properties
        .remove(&prop)
        .ok_or_else(|| no_property(&prop, &key))?;
    Ok(no_content())
}
