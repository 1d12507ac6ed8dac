//! Cloud changelogs: per issue (paged, oldest first) and `POST /changelog/bulkfetch`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use base64::Engine;
use serde_json::{json, Value};

use super::Params;
use crate::app::App;
use crate::jira_error::{ok, parse_json, ApiResult, JiraError};
use crate::render::issue::history;
use crate::render::Ctx;
use crate::state::History;

pub(crate) async fn list(
    State(app): State<Arc<App>>,
    Path(key): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> ApiResult {
    let q = Params(q);
    let start = q.usize_or("startAt", 0)?;
    let max = q.usize_or("maxResults", 100)?.clamp(1, 100);
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let issue = state.issue(&key).ok_or_else(JiraError::issue_not_found)?;
    let total = issue.histories.len();
    let values: Vec<Value> = issue
        .histories
        .iter()
        .skip(start)
        .take(max)
        .map(|h| history(&ctx, h))
        .collect();
    let is_last = start + values.len() >= total;
    let mut body = json!({
        "self": format!("{}/issue/{}/changelog?maxResults={max}&startAt={start}", ctx.api, issue.key),
        "maxResults": max,
        "startAt": start,
        "total": total,
        "isLast": is_last,
        "values": values,
    });
    if !is_last {
        body["nextPage"] = json!(format!(
            "{}/issue/{}/changelog?maxResults={max}&startAt={}",
            ctx.api,
            issue.key,
            start + max
        ));
    }
    Ok(ok(body))
}

fn encode_offset(offset: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("changelog:{offset}"))
}

fn decode_offset(token: &str) -> Option<usize> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("changelog:")?
        .parse()
        .ok()
}

pub(crate) async fn bulkfetch(State(app): State<Arc<App>>, body: Bytes) -> ApiResult {
    let body = parse_json(&body)?;
    let Some(ids) = body.get("issueIdsOrKeys").and_then(Value::as_array) else {
        return Err(JiraError::bad_request("issueIdsOrKeys must be provided."));
    };
    if ids.is_empty() || ids.len() > 1000 {
        return Err(JiraError::bad_request(
            "issueIdsOrKeys must contain between 1 and 1000 issues.",
        ));
    }
    let field_ids: Vec<&str> = body
        .get("fieldIds")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if field_ids.len() > 10 {
        return Err(JiraError::bad_request(
            "fieldIds must contain at most 10 fields.",
        ));
    }
    let max = body
        .get("maxResults")
        .and_then(Value::as_u64)
        .unwrap_or(1000)
        .clamp(1, 10_000) as usize;
    let offset = match body.get("nextPageToken").and_then(Value::as_str) {
        Some(t) => decode_offset(t)
            .ok_or_else(|| JiraError::bad_request("The nextPageToken is invalid."))?,
        None => 0,
    };
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let mut entries: Vec<(u64, History)> = Vec::new();
    for id in ids.iter().filter_map(Value::as_str) {
        let Some(issue) = state.issue(id) else {
            continue;
        };
        for h in &issue.histories {
            let mut h = h.clone();
            if !field_ids.is_empty() {
                h.items.retain(|i| field_ids.contains(&i.field_id.as_str()));
                if h.items.is_empty() {
                    continue;
                }
            }
            entries.push((issue.id, h));
        }
    }
    entries.sort_by(|a, b| a.1.created.cmp(&b.1.created).then(a.0.cmp(&b.0)));
    entries.dedup_by(|a, b| a.1.id == b.1.id);
    let page: Vec<&(u64, History)> = entries.iter().skip(offset).take(max).collect();
    let mut groups: Vec<(u64, Vec<Value>)> = Vec::new();
    for (issue_id, h) in &page {
        match groups.iter_mut().find(|(id, _)| id == issue_id) {
            Some((_, list)) => list.push(history(&ctx, h)),
            None => groups.push((*issue_id, vec![history(&ctx, h)])),
        }
    }
    let logs: Vec<Value> = groups
        .into_iter()
        .map(|(id, list)| json!({"issueId": id.to_string(), "changeHistories": list}))
        .collect();
    let mut out = json!({"issueChangeLogs": logs});
    if offset + page.len() < entries.len() {
        out["nextPageToken"] = json!(encode_offset(offset + page.len()));
    }
    Ok(ok(out))
}
