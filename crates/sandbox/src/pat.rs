//! Data Center Personal Access Tokens: `/rest/pat/latest/tokens` create, list, revoke.
//! Created tokens authenticate as `Authorization: Bearer` until they expire on the sandbox clock.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use crate::app::{App, Principal};
use crate::clock::jira_time;
use crate::jira_error::{no_content, ok, parse_json, with_status, ApiResult, JiraError};

#[derive(Clone, Debug)]
pub(crate) struct Pat {
    pub id: u64,
    pub name: String,
    pub owner: String,
    pub raw: String,
    pub created: DateTime<Utc>,
    pub expires: Option<DateTime<Utc>>,
}

fn describe(p: &Pat) -> Value {
    let mut v = json!({"id": p.id, "name": p.name, "createdAt": jira_time(p.created)});
    if let Some(e) = p.expires {
        v["expiringAt"] = json!(jira_time(e));
    }
    v
}

/// The owner of a live PAT.
pub(crate) fn owner_of(app: &App, token: &str) -> Option<String> {
    let now = app.now();
    app.pats()
        .iter()
        .find(|p| p.raw == token && p.expires.is_none_or(|e| now < e))
        .map(|p| p.owner.clone())
}

pub(crate) async fn create(
    State(app): State<Arc<App>>,
    Extension(me): Extension<Principal>,
    body: Bytes,
) -> ApiResult {
    let body = parse_json(&body)?;
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_owned();
    if name.is_empty() {
        return Err(JiraError::bad_request("A token name is required."));
    }
    let days = match body.get("expirationDuration") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_i64() {
            Some(d) if (1..=365).contains(&d) => Some(d),
            _ => {
                return Err(JiraError::bad_request(
                    "expirationDuration must be a number of days between 1 and 365.",
                ))
            }
        },
    };
    let now = app.now();
    let raw = app.token("");
    let id = app.state().next_id();
    let pat = Pat {
        id,
        name,
        owner: me.account_id,
        raw: raw.clone(),
        created: now,
        expires: days.map(|d| now + Duration::days(d)),
    };
    let mut out = describe(&pat);
    out["rawToken"] = json!(raw);
    app.pats().push(pat);
    Ok(with_status(StatusCode::CREATED, out))
}

pub(crate) async fn list(
    State(app): State<Arc<App>>,
    Extension(me): Extension<Principal>,
) -> ApiResult {
    let list: Vec<Value> = app
        .pats()
        .iter()
        .filter(|p| p.owner == me.account_id)
        .map(describe)
        .collect();
    Ok(ok(Value::Array(list)))
}

pub(crate) async fn revoke(
    State(app): State<Arc<App>>,
    Extension(me): Extension<Principal>,
    Path(id): Path<String>,
) -> ApiResult {
    let mut pats = app.pats();
    let before = pats.len();
    pats.retain(|p| !(p.id.to_string() == id && p.owner == me.account_id));
    if pats.len() == before {
        return Err(JiraError::message(
            StatusCode::NOT_FOUND,
            format!("No token with id {id} exists."),
        ));
    }
    Ok(no_content())
}
