//! Comments: list (paged, ordered), add, get, update, delete. Writes bump `updated`.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use serde_json::{json, Value};

use super::Params;
use crate::app::{App, Principal};
use crate::jira_error::{no_content, ok, parse_json, with_status, ApiResult, JiraError};
use crate::ops::field_input::{rich_text, FieldError};
use crate::render::issue::comment;
use crate::render::Ctx;
use crate::state::Comment;

/// Jira Cloud's per-issue comment limit.
const COMMENT_LIMIT: usize = 5000;

fn no_comment(id: &str) -> JiraError {
    JiraError::message(
        StatusCode::NOT_FOUND,
        format!("Can not find a comment for the id: {id}."),
    )
}

fn body_of(app: &App, payload: &Value) -> Result<Value, JiraError> {
    let Some(body) = payload.get("body") else {
        return Err(JiraError::field(
            StatusCode::BAD_REQUEST,
            "comment",
            "Comment body can not be empty!",
        ));
    };
    let empty = match body {
        Value::String(s) => s.trim().is_empty(),
        Value::Null => true,
        v => v
            .get("content")
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty),
    };
    if empty {
        return Err(JiraError::field(
            StatusCode::BAD_REQUEST,
            "comment",
            "Comment body can not be empty!",
        ));
    }
    rich_text(app.is_cloud(), body).map_err(|e| match e {
        FieldError::Field(m) => JiraError::field(StatusCode::BAD_REQUEST, "comment", m),
        FieldError::Message(m) => JiraError::bad_request(m),
    })
}

/// `properties: [{key, value}]` sent with a new comment.
fn initial_properties(payload: &Value) -> BTreeMap<String, Value> {
    payload
        .get("properties")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p.get("key")?.as_str()?.to_owned(), p.get("value")?.clone())))
        .collect()
}

pub(crate) async fn list(
    State(app): State<Arc<App>>,
    Path(key): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> ApiResult {
    let q = Params(q);
    let start = q.usize_or("startAt", 0)?;
    let max = q.usize_or("maxResults", 100)?.min(5000);
    let rendered = super::issues::expands(&q)
        .iter()
        .any(|e| e == "renderedBody");
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let issue = state.issue(&key).ok_or_else(JiraError::issue_not_found)?;
    let mut all: Vec<&Comment> = issue.comments.iter().collect();
    if q.get("orderBy").is_some_and(|o| o.starts_with('-')) {
        all.reverse();
    }
    let comments: Vec<Value> = all
        .iter()
        .skip(start)
        .take(max)
        .map(|c| {
            let mut v = comment(&ctx, issue, c);
            if rendered {
                v["renderedBody"] = json!(crate::render::html::render(&c.body));
            }
            v
        })
        .collect();
    Ok(ok(json!({
        "startAt": start,
        "maxResults": max,
        "total": issue.comments.len(),
        "comments": comments,
    })))
}

pub(crate) async fn add(
    State(app): State<Arc<App>>,
    Extension(me): Extension<Principal>,
    Path(key): Path<String>,
    body: Bytes,
) -> ApiResult {
    let payload = parse_json(&body)?;
    let body = body_of(&app, &payload)?;
    let now = app.now();
    let mut state = app.state();
    let id = state.next_id();
    let issue = state
        .issue_mut(&key)
        .ok_or_else(JiraError::issue_not_found)?;
    if issue.comments.len() >= COMMENT_LIMIT {
        return Err(JiraError::message(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("The issue has reached the limit of {COMMENT_LIMIT} comments."),
        ));
    }
    issue.comments.push(Comment {
        id,
        author: me.account_id.clone(),
        update_author: me.account_id.clone(),
        body,
        created: now,
        updated: now,
        visibility: payload.get("visibility").filter(|v| v.is_object()).cloned(),
        properties: initial_properties(&payload),
    });
    issue.updated = now;
    let issue = issue.clone();
    let ctx = Ctx::new(&app, &state);
    let c = issue
        .comments
        .last()
        .map(|c| comment(&ctx, &issue, c))
        .unwrap_or(Value::Null);
    Ok(with_status(StatusCode::CREATED, c))
}

pub(crate) async fn get_one(
    State(app): State<Arc<App>>,
    Path((key, id)): Path<(String, String)>,
) -> ApiResult {
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let issue = state.issue(&key).ok_or_else(JiraError::issue_not_found)?;
    let c = issue
        .comments
        .iter()
        .find(|c| c.id.to_string() == id)
        .ok_or_else(|| no_comment(&id))?;
    Ok(ok(comment(&ctx, issue, c)))
}

pub(crate) async fn update(
    State(app): State<Arc<App>>,
    Extension(me): Extension<Principal>,
    Path((key, id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let payload = parse_json(&body)?;
    let body = body_of(&app, &payload)?;
    let now = app.now();
    let mut state = app.state();
    let issue = state
        .issue_mut(&key)
        .ok_or_else(JiraError::issue_not_found)?;
    let c = issue
        .comments
        .iter_mut()
        .find(|c| c.id.to_string() == id)
        .ok_or_else(|| no_comment(&id))?;
    c.body = body;
    c.updated = now;
    c.update_author = me.account_id.clone();
    if let Some(v) = payload.get("visibility") {
        c.visibility = v.is_object().then(|| v.clone());
    }
    issue.updated = now;
    let issue = issue.clone();
    let ctx = Ctx::new(&app, &state);
    let c = issue
        .comments
        .iter()
        .find(|c| c.id.to_string() == id)
        .map(|c| comment(&ctx, &issue, c))
        .unwrap_or(Value::Null);
    Ok(ok(c))
}

pub(crate) async fn delete(
    State(app): State<Arc<App>>,
    Path((key, id)): Path<(String, String)>,
) -> ApiResult {
    let now = app.now();
    let mut state = app.state();
    let issue = state
        .issue_mut(&key)
        .ok_or_else(JiraError::issue_not_found)?;
    let before = issue.comments.len();
    issue.comments.retain(|c| c.id.to_string() != id);
    if issue.comments.len() == before {
        return Err(no_comment(&id));
    }
    issue.updated = now;
    Ok(no_content())
}
