//! Projects and create metadata.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde_json::{json, Value};

use super::Params;
use crate::app::App;
use crate::jira_error::{ok, ApiResult, JiraError};
use crate::render::catalog::{field_meta, issue_type, project as project_json, project_detail};
use crate::render::Ctx;
use crate::state::Project;

fn no_project(key: &str) -> JiraError {
    JiraError::message(
        StatusCode::NOT_FOUND,
        format!("No project could be found with key '{key}'."),
    )
}

/// Cloud `GET /project/search?startAt&maxResults&query&keys`.
pub(crate) async fn search(
    State(app): State<Arc<App>>,
    Query(q): Query<Vec<(String, String)>>,
) -> ApiResult {
    let q = Params(q);
    let start = q.usize_or("startAt", 0)?;
    let max = q.usize_or("maxResults", 50)?.clamp(1, 100);
    let query = q.get("query").map(str::to_lowercase);
    let keys: Vec<String> = q
        .all("keys")
        .iter()
        .flat_map(|k| k.split(','))
        .map(str::to_uppercase)
        .collect();
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let matching: Vec<&Project> = state
        .projects
        .iter()
        .filter(|p| keys.is_empty() || keys.contains(&p.key.to_uppercase()) || keys.contains(&p.id))
        .filter(|p| {
            query.as_ref().is_none_or(|s| {
                p.key.to_lowercase().contains(s) || p.name.to_lowercase().contains(s)
            })
        })
        .collect();
    let total = matching.len();
    let values: Vec<Value> = matching
        .iter()
        .skip(start)
        .take(max)
        .map(|p| project_json(&ctx, p))
        .collect();
    let is_last = start + values.len() >= total;
    let mut body = json!({
        "self": format!("{}/project/search?maxResults={max}&startAt={start}", ctx.api),
        "maxResults": max,
        "startAt": start,
        "total": total,
        "isLast": is_last,
        "values": values,
    });
    if !is_last {
        body["nextPage"] = json!(format!(
            "{}/project/search?maxResults={max}&startAt={}",
            ctx.api,
            start + max
        ));
    }
    Ok(ok(body))
}

/// DC `GET /project`: a plain array.
pub(crate) async fn list(State(app): State<Arc<App>>) -> ApiResult {
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    Ok(ok(state
        .projects
        .iter()
        .map(|p| project_json(&ctx, p))
        .collect()))
}

pub(crate) async fn project(State(app): State<Arc<App>>, Path(key): Path<String>) -> ApiResult {
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let p = state.project(&key).ok_or_else(|| no_project(&key))?;
    Ok(ok(project_detail(&ctx, p)))
}

fn page_params(q: &Params) -> Result<(usize, usize), JiraError> {
    let start = q.usize_or("startAt", 0)?;
    let max = q.usize_or("maxResults", 50)?;
    if max > 200 {
        return Err(JiraError::bad_request(
            "Parameter 'maxResults' must not exceed the limit '200'",
        ));
    }
    Ok((start, max))
}

/// Cloud `{startAt,maxResults,total,<list_key>}`; DC `{…,isLast,values}`.
fn page(app: &App, list_key: &str, all: Vec<Value>, start: usize, max: usize) -> Value {
    let total = all.len();
    let items: Vec<Value> = all.into_iter().skip(start).take(max).collect();
    if app.is_cloud() {
        json!({"startAt": start, "maxResults": max, "total": total, list_key: items})
    } else {
        let is_last = start + items.len() >= total;
        json!({"startAt": start, "maxResults": max, "total": total, "isLast": is_last, "values": items})
    }
}

pub(crate) async fn createmeta_types(
    State(app): State<Arc<App>>,
    Path(key): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> ApiResult {
    let (start, max) = page_params(&Params(q))?;
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let p = state.project(&key).ok_or_else(|| no_project(&key))?;
    let types: Vec<Value> = p
        .issue_types
        .iter()
        .filter_map(|id| state.issue_type(id))
        .map(|t| issue_type(&ctx, t))
        .collect();
    Ok(ok(page(&app, "issueTypes", types, start, max)))
}

pub(crate) async fn createmeta_fields(
    State(app): State<Arc<App>>,
    Path((key, type_id)): Path<(String, String)>,
    Query(q): Query<Vec<(String, String)>>,
) -> ApiResult {
    let (start, max) = page_params(&Params(q))?;
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let p = state.project(&key).ok_or_else(|| no_project(&key))?;
    if !p.issue_types.contains(&type_id) {
        return Err(JiraError::message(
            StatusCode::NOT_FOUND,
            format!("Issue type with id '{type_id}' does not exist or is not available in project '{}'.", p.key),
        ));
    }
    let fields: Vec<Value> = p
        .screen
        .iter()
        .filter_map(|sf| {
            state
                .field(&sf.id)
                .map(|f| field_meta(&ctx, f, sf.required, p))
        })
        .collect();
    Ok(ok(page(&app, "fields", fields, start, max)))
}

/// Cloud's deprecated `GET /issue/createmeta?projectKeys&issuetypeIds&expand=projects.issuetypes.fields`
/// (still answered by Cloud; removed in DC 9).
pub(crate) async fn createmeta_legacy(
    State(app): State<Arc<App>>,
    Query(q): Query<Vec<(String, String)>>,
) -> ApiResult {
    let q = Params(q);
    let list = |name: &str| -> Vec<String> {
        q.all(name)
            .iter()
            .flat_map(|v| v.split(','))
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let keys = list("projectKeys");
    let ids = list("projectIds");
    let type_ids = list("issuetypeIds");
    let type_names = list("issuetypeNames");
    let with_fields = q
        .all("expand")
        .iter()
        .any(|e| e.contains("projects.issuetypes.fields"));
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let projects: Vec<Value> = state
        .projects
        .iter()
        .filter(|p| {
            (keys.is_empty() && ids.is_empty())
                || keys.iter().any(|k| k.eq_ignore_ascii_case(&p.key))
                || ids.contains(&p.id)
        })
        .map(|p| {
            let types: Vec<Value> = p
                .issue_types
                .iter()
                .filter_map(|id| state.issue_type(id))
                .filter(|t| {
                    (type_ids.is_empty() && type_names.is_empty())
                        || type_ids.contains(&t.id)
                        || type_names.contains(&t.name)
                })
                .map(|t| {
                    let mut v = issue_type(&ctx, t);
                    if with_fields {
                        let fields: serde_json::Map<String, Value> = p
                            .screen
                            .iter()
                            .filter_map(|sf| {
                                state.field(&sf.id).map(|f| {
                                    let mut meta = field_meta(&ctx, f, sf.required, p);
                                    if let Some(m) = meta.as_object_mut() {
                                        m.remove("fieldId");
                                    }
                                    (sf.id.clone(), meta)
                                })
                            })
                            .collect();
                        v["fields"] = Value::Object(fields);
                    }
                    v
                })
                .collect();
            let mut v = project_json(&ctx, p);
            if let Some(m) = v.as_object_mut() {
                for k in [
                    "expand",
                    "projectTypeKey",
                    "simplified",
                    "style",
                    "isPrivate",
                    "properties",
                ] {
                    m.remove(k);
                }
            }
            v["issuetypes"] = Value::Array(types);
            v
        })
        .collect();
    Ok(ok(json!({"expand": "projects", "projects": projects})))
}
