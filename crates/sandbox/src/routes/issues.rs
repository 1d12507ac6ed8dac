//! Create (single and bulk), get, edit and delete issues.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use serde_json::{json, Value};

use super::Params;
use crate::app::{App, Principal};
use crate::jira_error::{no_content, ok, parse_json, with_status, ApiResult, JiraError};
use crate::ops::{create::create as create_issue, edit::edit as edit_issue, transition::available};
use crate::render::issue::{history, issue as render_issue, FieldSelection};
use crate::render::Ctx;

const BULK_LIMIT: usize = 50;

fn created(app: &App, id: u64, key: &str) -> Value {
    json!({"id": id.to_string(), "key": key, "self": format!("{}/issue/{id}", app.api_base())})
}

pub(crate) async fn create(
    State(app): State<Arc<App>>,
    Extension(me): Extension<Principal>,
    body: Bytes,
) -> ApiResult {
    let body = parse_json(&body)?;
    let now = app.now();
    let (id, key) = create_issue(&mut app.state(), app.is_cloud(), &body, &me.account_id, now)?;
    Ok(with_status(StatusCode::CREATED, created(&app, id, &key)))
}

pub(crate) async fn bulk_create(
    State(app): State<Arc<App>>,
    Extension(me): Extension<Principal>,
    body: Bytes,
) -> ApiResult {
    let body = parse_json(&body)?;
    let Some(updates) = body.get("issueUpdates").and_then(Value::as_array) else {
        return Err(JiraError::invalid_payload());
    };
    if updates.len() > BULK_LIMIT {
        return Err(JiraError::bad_request(format!(
            "The number of issues to create in a bulk operation exceeds the limit of {BULK_LIMIT}."
        )));
    }
    let now = app.now();
    let mut issues = Vec::new();
    let mut errors = Vec::new();
    {
        let mut state = app.state();
        for (i, update) in updates.iter().enumerate() {
            match create_issue(&mut state, app.is_cloud(), update, &me.account_id, now) {
                Ok((id, key)) => issues.push(created(&app, id, &key)),
                Err(e) => errors.push(json!({
                    "status": e.status.as_u16(),
                    "elementErrors": e.body(),
                    "failedElementNumber": i,
                })),
            }
        }
    }
    let status = if issues.is_empty() && !errors.is_empty() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::CREATED
    };
    Ok(with_status(
        status,
        json!({"issues": issues, "errors": errors}),
    ))
}

pub(crate) fn expands(q: &Params) -> Vec<String> {
    q.all("expand")
        .iter()
        .flat_map(|e| e.split(','))
        .map(|e| e.trim().to_owned())
        .filter(|e| !e.is_empty())
        .collect()
}

/// The issue JSON with `expand` (changelog, transitions, names) and `properties` applied.
pub(crate) fn issue_json(
    app: &App,
    key: &str,
    sel: &FieldSelection,
    expand: &[String],
    props: &[&str],
) -> Option<Value> {
    let state = app.state();
    let ctx = Ctx::new(app, &state);
    let issue = state.issue(key)?;
    let mut v = render_issue(&ctx, issue, sel);
    if expand.iter().any(|e| e == "changelog") {
        let histories: Vec<Value> = issue.histories.iter().map(|h| history(&ctx, h)).collect();
        v["changelog"] = json!({"startAt": 0, "maxResults": histories.len(), "total": histories.len(), "histories": histories});
    }
    if expand.iter().any(|e| e == "transitions") {
        v["transitions"] = available(&state, issue)
            .iter()
            .map(|t| crate::routes::transitions::transition_json(&ctx, t, false))
            .collect();
    }
    if expand.iter().any(|e| e == "renderedFields") {
        let mut rendered = serde_json::Map::new();
        for (id, stored) in &issue.fields {
            if state
                .field(id)
                .is_some_and(|f| f.kind == crate::state::FieldKind::RichText)
            {
                rendered.insert(id.clone(), json!(crate::render::html::render(stored)));
            }
        }
        v["renderedFields"] = Value::Object(rendered);
    }
    if expand.iter().any(|e| e == "names") {
        let names: serde_json::Map<String, Value> = v["fields"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| {
                (
                    k.clone(),
                    json!(state.field(k).map_or(k.clone(), |f| f.name.clone())),
                )
            })
            .collect();
        v["names"] = Value::Object(names);
    }
    if !props.is_empty() {
        let all = props.contains(&"*all");
        let selected: serde_json::Map<String, Value> = issue
            .properties
            .iter()
            .filter(|(k, _)| all || props.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        v["properties"] = Value::Object(selected);
    }
    Some(v)
}

pub(crate) async fn get_issue(
    State(app): State<Arc<App>>,
    Path(key): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> ApiResult {
    let q = Params(q);
    let sel = FieldSelection::parse(q.all("fields")).unwrap_or_else(FieldSelection::all);
    let props: Vec<&str> = q
        .all("properties")
        .iter()
        .flat_map(|p| p.split(','))
        .collect();
    issue_json(&app, &key, &sel, &expands(&q), &props)
        .map(ok)
        .ok_or_else(JiraError::issue_not_found)
}

pub(crate) async fn edit(
    State(app): State<Arc<App>>,
    Extension(me): Extension<Principal>,
    Path(key): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
    body: Bytes,
) -> ApiResult {
    let q = Params(q);
    let body = parse_json(&body)?;
    let now = app.now();
    edit_issue(
        &mut app.state(),
        app.is_cloud(),
        &key,
        &body,
        &me.account_id,
        now,
    )?;
    if q.bool("returnIssue") {
        return issue_json(&app, &key, &FieldSelection::all(), &[], &[])
            .map(ok)
            .ok_or_else(JiraError::issue_not_found);
    }
    Ok(no_content())
}

pub(crate) async fn delete(State(app): State<Arc<App>>, Path(key): Path<String>) -> ApiResult {
    let mut state = app.state();
    let id = state
        .issue_id(&key)
        .ok_or_else(JiraError::issue_not_found)?;
    state.issues.remove(&id);
    state.links.retain(|l| l.inward != id && l.outward != id);
    Ok(no_content())
}
