//! Remote issue links with `globalId` upsert (201 created, 200 updated).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde_json::{json, Value};

use super::Params;
use crate::app::App;
use crate::jira_error::{no_content, ok, parse_json, with_status, ApiResult, JiraError};
use crate::render::issue::remote_link;
use crate::render::Ctx;
use crate::state::RemoteLink;

/// Jira Cloud's per-issue remote link limit.
const LINK_LIMIT: usize = 2000;

fn no_link() -> JiraError {
    JiraError::message(
        StatusCode::NOT_FOUND,
        "No remote link with the given id or globalId exists on this issue.",
    )
}

pub(crate) async fn list(
    State(app): State<Arc<App>>,
    Path(key): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> ApiResult {
    let q = Params(q);
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let issue = state.issue(&key).ok_or_else(JiraError::issue_not_found)?;
    if let Some(g) = q.get("globalId") {
        let link = issue
            .remote_links
            .iter()
            .find(|l| l.global_id.as_deref() == Some(g))
            .ok_or_else(no_link)?;
        return Ok(ok(remote_link(&ctx, issue, link)));
    }
    Ok(ok(issue
        .remote_links
        .iter()
        .map(|l| remote_link(&ctx, issue, l))
        .collect()))
}

pub(crate) async fn get_one(
    State(app): State<Arc<App>>,
    Path((key, id)): Path<(String, String)>,
) -> ApiResult {
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let issue = state.issue(&key).ok_or_else(JiraError::issue_not_found)?;
    let link = issue
        .remote_links
        .iter()
        .find(|l| l.id.to_string() == id)
        .ok_or_else(no_link)?;
    Ok(ok(remote_link(&ctx, issue, link)))
}

pub(crate) async fn upsert(
    State(app): State<Arc<App>>,
    Path(key): Path<String>,
    body: Bytes,
) -> ApiResult {
    let payload = parse_json(&body)?;
    let object = payload
        .get("object")
        .filter(|o| o.is_object())
        .cloned()
        .unwrap_or(json!({}));
    let mut errors = std::collections::BTreeMap::new();
    if object
        .get("title")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        errors.insert("title".to_owned(), "'title' is required.".to_owned());
    }
    if object
        .get("url")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        errors.insert("url".to_owned(), "'url' is required.".to_owned());
    }
    if !errors.is_empty() {
        return Err(JiraError::fields(StatusCode::BAD_REQUEST, errors));
    }
    let global_id = payload
        .get("globalId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mut state = app.state();
    let new_id = state.next_id();
    let issue = state
        .issue_mut(&key)
        .ok_or_else(JiraError::issue_not_found)?;
    let link = RemoteLink {
        id: new_id,
        global_id: global_id.clone(),
        application: payload
            .get("application")
            .filter(|a| a.is_object())
            .cloned(),
        relationship: payload
            .get("relationship")
            .and_then(Value::as_str)
            .map(str::to_owned),
        object,
    };
    let existing = global_id.as_ref().and_then(|g| {
        issue
            .remote_links
            .iter()
            .position(|l| l.global_id.as_ref() == Some(g))
    });
    let (status, id) = match existing {
        Some(pos) => {
            let id = issue.remote_links[pos].id;
            issue.remote_links[pos] = RemoteLink { id, ..link };
            (StatusCode::OK, id)
        }
        None => {
            if issue.remote_links.len() >= LINK_LIMIT {
                return Err(JiraError::message(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("The issue has reached the limit of {LINK_LIMIT} remote links."),
                ));
            }
            issue.remote_links.push(link);
            (StatusCode::CREATED, new_id)
        }
    };
    let self_url = format!("{}/issue/{}/remotelink/{id}", app.api_base(), issue.key);
    Ok(with_status(status, json!({"id": id, "self": self_url})))
}

pub(crate) async fn delete_by_global_id(
    State(app): State<Arc<App>>,
    Path(key): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> ApiResult {
    let q = Params(q);
    let Some(g) = q.get("globalId") else {
        return Err(JiraError::bad_request(
            "The globalId query parameter is required.",
        ));
    };
    let mut state = app.state();
    let issue = state
        .issue_mut(&key)
        .ok_or_else(JiraError::issue_not_found)?;
    let before = issue.remote_links.len();
    issue
        .remote_links
        .retain(|l| l.global_id.as_deref() != Some(g));
    if issue.remote_links.len() == before {
        return Err(no_link());
    }
    Ok(no_content())
}

pub(crate) async fn delete_one(
    State(app): State<Arc<App>>,
    Path((key, id)): Path<(String, String)>,
) -> ApiResult {
    let mut state = app.state();
    let issue = state
        .issue_mut(&key)
        .ok_or_else(JiraError::issue_not_found)?;
    let before = issue.remote_links.len();
    issue.remote_links.retain(|l| l.id.to_string() != id);
    if issue.remote_links.len() == before {
        return Err(no_link());
    }
    Ok(no_content())
}
