//! Issue links: `POST /issueLink` (201, empty body), `GET`/`DELETE /issueLink/{id}`,
//! `GET /issueLinkType`. Links show in the `issuelinks` field of both issues.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{json, Value};

use crate::app::App;
use crate::jira_error::{no_content, ok, parse_json, ApiResult, JiraError};
use crate::render::issue::{issue_ref, link_type};
use crate::render::Ctx;
use crate::state::IssueLink;

fn no_link(id: &str) -> JiraError {
    JiraError::message(
        StatusCode::NOT_FOUND,
        format!("No issue link with id '{id}' exists."),
    )
}

pub(crate) async fn types(State(app): State<Arc<App>>) -> ApiResult {
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let list: Vec<Value> = state
        .link_types
        .iter()
        .map(|t| link_type(&ctx, t))
        .collect();
    Ok(ok(json!({"issueLinkTypes": list})))
}

fn issue_of(v: &Value) -> Option<&str> {
    v.get("key").or_else(|| v.get("id")).and_then(Value::as_str)
}

pub(crate) async fn create(State(app): State<Arc<App>>, body: Bytes) -> ApiResult {
    let body = parse_json(&body)?;
    let now = app.now();
    let mut state = app.state();
    let ty = &body["type"];
    let wanted_id = ty.get("id").and_then(Value::as_str);
    let wanted_name = ty.get("name").and_then(Value::as_str);
    let type_id = state
        .link_types
        .iter()
        .find(|t| {
            Some(t.id.as_str()) == wanted_id
                || (wanted_id.is_none()
                    && wanted_name.is_some_and(|n| n.eq_ignore_ascii_case(&t.name)))
        })
        .map(|t| t.id.clone())
        .ok_or_else(|| {
            JiraError::message(
                StatusCode::NOT_FOUND,
                format!(
                    "No issue link type with name '{}' found.",
                    wanted_name.or(wanted_id).unwrap_or("")
                ),
            )
        })?;
    let inward = issue_of(&body["inwardIssue"])
        .and_then(|k| state.issue_id(k))
        .ok_or_else(JiraError::issue_not_found)?;
    let outward = issue_of(&body["outwardIssue"])
        .and_then(|k| state.issue_id(k))
        .ok_or_else(JiraError::issue_not_found)?;
    if inward == outward {
        return Err(JiraError::bad_request(
            "You cannot link an issue to itself.",
        ));
    }
    let id = state.next_id();
    state.links.push(IssueLink {
        id,
        type_id,
        inward,
        outward,
    });
    for issue_id in [inward, outward] {
        if let Some(i) = state.issues.get_mut(&issue_id) {
            i.updated = now;
        }
    }
    Ok(StatusCode::CREATED.into_response())
}

pub(crate) async fn get_one(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult {
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let link = state
        .links
        .iter()
        .find(|l| l.id.to_string() == id)
        .ok_or_else(|| no_link(&id))?;
    let ty = state
        .link_types
        .iter()
        .find(|t| t.id == link.type_id)
        .map_or(Value::Null, |t| link_type(&ctx, t));
    let side = |issue_id: u64| {
        state
            .issues
            .get(&issue_id)
            .map_or(Value::Null, |i| issue_ref(&ctx, i))
    };
    Ok(ok(json!({
        "id": link.id.to_string(),
        "self": format!("{}/issueLink/{}", ctx.api, link.id),
        "type": ty,
        "inwardIssue": side(link.inward),
        "outwardIssue": side(link.outward),
    })))
}

pub(crate) async fn delete(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult {
    let mut state = app.state();
    let before = state.links.len();
    state.links.retain(|l| l.id.to_string() != id);
    if state.links.len() == before {
        return Err(no_link(&id));
    }
    Ok(no_content())
}
