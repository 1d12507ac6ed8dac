//! `GET/POST /issue/{key}/transitions`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Extension, Path, Query, State};
use serde_json::{json, Value};

use super::issues::expands;
use super::Params;
use crate::app::{App, Principal};
use crate::jira_error::{no_content, ok, parse_json, ApiResult, JiraError};
use crate::ops::transition::{available, perform as perform_transition};
use crate::render::catalog::{resolution, status};
use crate::render::Ctx;
use crate::state::TransitionDef;

pub(crate) fn transition_json(ctx: &Ctx, t: &TransitionDef, with_fields: bool) -> Value {
    let to = ctx
        .state
        .status(&t.to)
        .map_or(Value::Null, |s| status(ctx, s));
    let mut v = json!({
        "id": t.id,
        "name": t.name,
        "to": to,
    });
    if ctx.cloud {
        v["hasScreen"] = json!(t.requires_resolution);
        v["isGlobal"] = json!(t.from.is_empty());
        v["isInitial"] = json!(false);
        v["isAvailable"] = json!(true);
        v["isConditional"] = json!(false);
        v["isLooped"] = json!(false);
    }
    if with_fields {
        let mut fields = json!({});
        if t.requires_resolution {
            let mut meta = json!({
                "required": true,
                "schema": {"type": "resolution", "system": "resolution"},
                "name": "Resolution",
                "hasDefaultValue": false,
                "operations": ["set"],
                "allowedValues": ctx.state.resolutions.iter().map(|r| resolution(ctx, r)).collect::<Vec<_>>(),
            });
            if ctx.cloud {
                meta["key"] = json!("resolution");
            } else {
                meta["fieldId"] = json!("resolution");
            }
            fields["resolution"] = meta;
        }
        v["fields"] = fields;
    }
    v
}

pub(crate) async fn list(
    State(app): State<Arc<App>>,
    Path(key): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> ApiResult {
    let q = Params(q);
    let with_fields = expands(&q).iter().any(|e| e == "transitions.fields");
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let issue = state.issue(&key).ok_or_else(JiraError::issue_not_found)?;
    let list: Vec<Value> = available(&state, issue)
        .iter()
        .filter(|t| q.get("transitionId").is_none_or(|id| id == t.id))
        .map(|t| transition_json(&ctx, t, with_fields))
        .collect();
    let mut body = json!({"transitions": list});
    if with_fields || !app.is_cloud() {
        body["expand"] = json!("transitions");
    }
    Ok(ok(body))
}

pub(crate) async fn perform(
    State(app): State<Arc<App>>,
    Extension(me): Extension<Principal>,
    Path(key): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = parse_json(&body)?;
    let now = app.now();
    perform_transition(
        &mut app.state(),
        app.is_cloud(),
        &key,
        &body,
        &me.account_id,
        now,
    )?;
    Ok(no_content())
}
