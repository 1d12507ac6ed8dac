//! Search: Cloud `/search/jql` (token paging, no total, default `fields=id`), the removed Cloud
//! `/search` (410), and DC `/search` (startAt/maxResults/total).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Extension, Query, State};
use axum::http::{Method, StatusCode};
use base64::Engine;
use serde_json::{json, Value};

use super::issues::issue_json;
use super::Params;
use crate::app::{App, Principal};
use crate::jira_error::{ok, parse_json, with_status, ApiResult, JiraError};
use crate::jql::{self, Env};
use crate::render::issue::FieldSelection;

const REMOVED: &str = "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046";

/// Ids of matching issues in result order.
fn run(
    app: &App,
    me: &Principal,
    jql_text: &str,
    reconcile: &[String],
    bounded: bool,
) -> Result<Vec<u64>, JiraError> {
    let query = jql::parse(jql_text).map_err(|e| JiraError::bad_request(e.0))?;
    if bounded && query.filter.is_none() {
        return Err(JiraError::bad_request(
            "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.",
        ));
    }
    let now = app.now();
    let state = app.state();
    let env = Env {
        state: &state,
        now,
        me: &me.account_id,
        cloud: app.is_cloud(),
    };
    jql::validate(&query, &env).map_err(|e| JiraError::bad_request(e.0))?;
    let visible_before = now - app.search_lag;
    let mut hits: Vec<&crate::state::Issue> = state
        .issues
        .values()
        .filter(|i| {
            app.search_lag.is_zero()
                || i.updated <= visible_before
                || reconcile.iter().any(|r| *r == i.id.to_string())
        })
        .filter(|i| jql::matches(&query, i, &env))
        .collect();
    jql::sort(&query, &mut hits, &state);
    Ok(hits.iter().map(|i| i.id).collect())
}

pub(crate) async fn legacy(
    State(app): State<Arc<App>>,
    Extension(me): Extension<Principal>,
    method: Method,
    Query(q): Query<Vec<(String, String)>>,
    body: Bytes,
) -> ApiResult {
    if app.is_cloud() {
        return Ok(with_status(
            StatusCode::GONE,
            json!({"errorMessages": [REMOVED], "errors": {}}),
        ));
    }
    let q = Params(q);
    let (jql_text, start, max, fields, expand) = if method == Method::POST {
        let b = parse_json(&body)?;
        let list = |k: &str| -> Vec<String> {
            b.get(k)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        (
            b.get("jql")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            b.get("startAt").and_then(Value::as_u64).unwrap_or(0) as usize,
            b.get("maxResults").and_then(Value::as_u64).unwrap_or(50) as usize,
            list("fields"),
            list("expand"),
        )
    } else {
        (
            q.get("jql").unwrap_or("").to_owned(),
            q.usize_or("startAt", 0)?,
            q.usize_or("maxResults", 50)?,
            q.all("fields").iter().map(|s| (*s).to_owned()).collect(),
            super::issues::expands(&q),
        )
    };
    let max = max.min(1000);
    let ids = run(&app, &me, &jql_text, &[], false)?;
    let sel = FieldSelection::parse(fields.iter().map(String::as_str))
        .unwrap_or_else(FieldSelection::all);
    let issues: Vec<Value> = ids
        .iter()
        .skip(start)
        .take(max)
        .filter_map(|id| issue_json(&app, &id.to_string(), &sel, &expand, &[]))
        .collect();
    Ok(ok(json!({
        "expand": "schema,names",
        "startAt": start,
        "maxResults": max,
        "total": ids.len(),
        "issues": issues,
    })))
}

fn token_for(jql_text: &str, offset: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{offset}\n{jql_text}"))
}

fn offset_from(token: &str, jql_text: &str) -> Option<usize> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (offset, jql_in_token) = text.split_once('\n')?;
    (jql_in_token == jql_text)
        .then(|| offset.parse().ok())
        .flatten()
}

struct JqlRequest {
    jql: String,
    token: Option<String>,
    max: usize,
    fields: Vec<String>,
    expand: Vec<String>,
    properties: Vec<String>,
    reconcile: Vec<String>,
}

fn enhanced(app: &App, me: &Principal, r: JqlRequest) -> ApiResult {
    if r.reconcile.len() > 50 {
        return Err(JiraError::bad_request(
            "reconcileIssues accepts at most 50 issue ids.",
        ));
    }
    if r.properties.len() > 5 {
        return Err(JiraError::bad_request(
            "At most 5 issue properties can be requested.",
        ));
    }
    let sel = FieldSelection::parse(r.fields.iter().map(String::as_str));
    let cap = if sel.as_ref().is_none_or(FieldSelection::ids_only) {
        5000
    } else {
        100
    };
    let max = r.max.clamp(1, cap);
    let offset = match &r.token {
        Some(t) => offset_from(t, &r.jql).ok_or_else(|| {
            JiraError::bad_request("The provided next page token is invalid or expired.")
        })?,
        None => 0,
    };
    let ids = run(app, me, &r.jql, &r.reconcile, true)?;
    let props: Vec<&str> = r.properties.iter().map(String::as_str).collect();
    let issues: Vec<Value> = ids
        .iter()
        .skip(offset)
        .take(max)
        .filter_map(|id| match &sel {
            None => Some(json!({"id": id.to_string()})),
            Some(sel) => issue_json(app, &id.to_string(), sel, &r.expand, &props),
        })
        .collect();
    let next = offset + issues.len();
    let mut body = json!({"issues": issues, "isLast": next >= ids.len()});
    if next < ids.len() {
        body["nextPageToken"] = json!(token_for(&r.jql, next));
    }
    Ok(ok(body))
}

fn split_list(values: Vec<&str>) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| v.split(','))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

pub(crate) async fn jql_get(
    State(app): State<Arc<App>>,
    Extension(me): Extension<Principal>,
    Query(q): Query<Vec<(String, String)>>,
) -> ApiResult {
    let q = Params(q);
    let r = JqlRequest {
        jql: q.get("jql").unwrap_or("").to_owned(),
        token: q.get("nextPageToken").map(str::to_owned),
        max: q.usize_or("maxResults", 50)?,
        fields: split_list(q.all("fields")),
        expand: split_list(q.all("expand")),
        properties: split_list(q.all("properties")),
        reconcile: split_list(q.all("reconcileIssues")),
    };
    enhanced(&app, &me, r)
}

pub(crate) async fn jql_post(
    State(app): State<Arc<App>>,
    Extension(me): Extension<Principal>,
    body: Bytes,
) -> ApiResult {
    let b = parse_json(&body)?;
    let list = |k: &str| -> Vec<String> {
        match b.get(k) {
            Some(Value::Array(a)) => a
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect(),
            Some(Value::String(s)) => split_list(vec![s.as_str()]),
            _ => Vec::new(),
        }
    };
    let r = JqlRequest {
        jql: b
            .get("jql")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        token: b
            .get("nextPageToken")
            .and_then(Value::as_str)
            .map(str::to_owned),
        max: b.get("maxResults").and_then(Value::as_u64).unwrap_or(50) as usize,
        fields: list("fields"),
        expand: list("expand"),
        properties: list("properties"),
        reconcile: list("reconcileIssues"),
    };
    enhanced(&app, &me, r)
}

/// Cloud `POST /search/approximate-count {jql}` → `{count}`.
pub(crate) async fn approximate_count(
    State(app): State<Arc<App>>,
    Extension(me): Extension<Principal>,
    body: Bytes,
) -> ApiResult {
    let b = parse_json(&body)?;
    let jql_text = b.get("jql").and_then(Value::as_str).unwrap_or("");
    let ids = run(&app, &me, jql_text, &[], true)?;
    Ok(ok(json!({"count": ids.len()})))
}
