//! `/myself`, `/field`, `/priority` (+ Cloud `/priority/search`, DC priority schemes),
//! `/user`, `/user/search`.

use std::sync::Arc;

use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use serde_json::{json, Value};

use super::Params;
use crate::app::{App, Principal};
use crate::jira_error::{ok, ApiResult, JiraError};
use crate::render::catalog::{field, priority_full};
use crate::render::user::user_full;
use crate::render::Ctx;

pub(crate) async fn myself(
    State(app): State<Arc<App>>,
    Extension(me): Extension<Principal>,
) -> ApiResult {
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let user = state.user_by_account(&me.account_id).ok_or_else(|| {
        JiraError::message(
            StatusCode::UNAUTHORIZED,
            "Client must be authenticated to access this resource.",
        )
    })?;
    Ok(ok(user_full(&ctx, user)))
}

pub(crate) async fn fields(State(app): State<Arc<App>>) -> ApiResult {
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let mut list: Vec<Value> = state.fields.iter().map(|f| field(&ctx, f)).collect();
    for (id, name) in [
        ("status", "Status"),
        ("resolution", "Resolution"),
        ("created", "Created"),
        ("updated", "Updated"),
    ] {
        let mut v = json!({
            "id": id, "name": name, "custom": false, "orderable": false, "navigable": true,
            "searchable": true, "clauseNames": [id],
            "schema": {"type": if id == "created" || id == "updated" { "datetime" } else { id }, "system": id},
        });
        if app.is_cloud() {
            v["key"] = json!(id);
        }
        list.push(v);
    }
    Ok(ok(Value::Array(list)))
}

pub(crate) async fn priorities(State(app): State<Arc<App>>) -> ApiResult {
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    Ok(ok(state
        .priorities
        .iter()
        .map(|p| priority_full(&ctx, p))
        .collect()))
}

/// Cloud `GET /priority/search?projectId=…`: priorities of the projects' schemes.
pub(crate) async fn priority_search(
    State(app): State<Arc<App>>,
    Query(q): Query<Vec<(String, String)>>,
) -> ApiResult {
    let q = Params(q);
    let start = q.usize_or("startAt", 0)?;
    let max = q.usize_or("maxResults", 50)?.min(100);
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let project_ids = q.all("projectId");
    let mut ids: Vec<String> = Vec::new();
    let mut default_id = None;
    if project_ids.is_empty() {
        ids = state.priorities.iter().map(|p| p.id.clone()).collect();
    } else {
        for pid in project_ids {
            let p = state.project(pid).ok_or_else(|| {
                JiraError::bad_request(format!("The project with id '{pid}' does not exist."))
            })?;
            default_id.get_or_insert(p.default_priority.clone());
            for id in &p.priorities {
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
        }
    }
    let default_id = default_id.unwrap_or_else(|| "3".to_owned());
    let values: Vec<Value> = ids
        .iter()
        .filter_map(|id| state.priority(id))
        .skip(start)
        .take(max)
        .map(|p| {
            let mut v = priority_full(&ctx, p);
            v["isDefault"] = json!(p.id == default_id);
            v
        })
        .collect();
    let total = ids.len();
    Ok(ok(json!({
        "self": format!("{}/priority/search?startAt={start}&maxResults={max}", ctx.api),
        "maxResults": max,
        "startAt": start,
        "total": total,
        "isLast": start + values.len() >= total,
        "values": values,
    })))
}

/// DC `GET /project/{key}/priorityscheme`.
pub(crate) async fn priority_scheme(
    State(app): State<Arc<App>>,
    Path(key): Path<String>,
) -> ApiResult {
    let state = app.state();
    let p = state.project(&key).ok_or_else(|| {
        JiraError::message(
            StatusCode::NOT_FOUND,
            format!("No project could be found with key '{key}'."),
        )
    })?;
    Ok(ok(json!({
        "expand": "projectKeys",
        "self": format!("{}/priorityschemes/{}", app.api_base(), p.priority_scheme_id),
        "id": p.priority_scheme_id,
        "name": if p.priority_scheme_id == 1 { "Default priority scheme".to_owned() } else { format!("{} priority scheme", p.key) },
        "description": "",
        "defaultOptionId": p.default_priority,
        "optionIds": p.priorities,
        "defaultScheme": p.priority_scheme_id == 1,
    })))
}

/// `GET /user?accountId=` (Cloud) or `?username=` (DC).
pub(crate) async fn user(
    State(app): State<Arc<App>>,
    Query(q): Query<Vec<(String, String)>>,
) -> ApiResult {
    let q = Params(q);
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let found = if app.is_cloud() {
        q.get("accountId").and_then(|id| state.user_by_account(id))
    } else {
        q.get("username")
            .or(q.get("key"))
            .and_then(|n| state.user_by_name(n))
    };
    match found {
        Some(u) => Ok(ok(user_full(&ctx, u))),
        None if app.is_cloud() && q.get("accountId").is_none() => Err(JiraError::bad_request(
            "The accountId query parameter needs to be provided.",
        )),
        None => Err(JiraError::message(
            StatusCode::NOT_FOUND,
            "The user does not exist.",
        )),
    }
}

/// Cloud `?query=` (matches display name and email); DC `?username=` (required).
pub(crate) async fn user_search(
    State(app): State<Arc<App>>,
    Query(q): Query<Vec<(String, String)>>,
) -> ApiResult {
    let q = Params(q);
    let start = q.usize_or("startAt", 0)?;
    let max = q.usize_or("maxResults", 50)?.min(1000);
    let needle = if app.is_cloud() {
        match (q.get("query"), q.get("accountId"), q.get("username")) {
            (_, _, Some(_)) => {
                return Err(JiraError::bad_request(
                    "The query parameter 'username' is not supported in GDPR strict mode.",
                ))
            }
            (Some(s), _, _) => s.to_lowercase(),
            (None, Some(id), _) => id.to_lowercase(),
            (None, None, None) => {
                return Err(JiraError::bad_request(
                    "One of 'query' or 'accountId' query parameters must be provided.",
                ))
            }
        }
    } else {
        match q.get("username") {
            Some(s) => s.to_lowercase(),
            None => {
                return Err(JiraError::bad_request(
                    "The username query parameter was not provided",
                ))
            }
        }
    };
    let include_inactive = q.bool("includeInactive");
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let users: Vec<Value> = state
        .users
        .iter()
        .filter(|u| u.active || include_inactive || app.is_cloud())
        .filter(|u| {
            needle == "."
                || needle == "*"
                || u.display_name.to_lowercase().contains(&needle)
                || u.email.to_lowercase().starts_with(&needle)
                || u.account_id.to_lowercase() == needle
                || (!app.is_cloud() && u.name.to_lowercase().starts_with(&needle))
        })
        .skip(start)
        .take(max)
        .map(|u| user_full(&ctx, u))
        .collect();
    Ok(ok(Value::Array(users)))
}

/// `GET /serverInfo` (anonymous access allowed). Data Center reports `deploymentType: "Server"`
/// as Jira DC 10 does for both licence kinds.
pub(crate) async fn server_info(State(app): State<Arc<App>>) -> ApiResult {
    let now = crate::clock::jira_time(app.now());
    let (version, numbers, deployment, build) = if app.is_cloud() {
        ("1001.0.0-SNAPSHOT", vec![1001, 0, 0], "Cloud", 100_299)
    } else {
        ("10.3.4", vec![10, 3, 4], "Server", 10_030_004)
    };
    Ok(ok(json!({
        "baseUrl": app.base_url,
        "version": version,
        "versionNumbers": numbers,
        "deploymentType": deployment,
        "buildNumber": build,
        "buildDate": "2026-01-15T00:00:00.000+0000",
        "serverTime": now,
        "scmInfo": "0000000000000000000000000000000000000000",
        "serverTitle": "Vulnbridge sandbox",
    })))
}
