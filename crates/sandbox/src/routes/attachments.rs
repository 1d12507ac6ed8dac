//! Attachments: multipart upload (part `file`, `X-Atlassian-Token: no-check`), metadata, content.

use std::sync::Arc;

use axum::extract::{Extension, Multipart, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde_json::Value;

use crate::app::{App, Principal};
use crate::jira_error::{ok, ApiResult, JiraError};
use crate::render::issue::attachment;
use crate::render::Ctx;
use crate::state::Attachment;

/// Jira Cloud's per-request and per-issue attachment limits.
const FILES_PER_REQUEST: usize = 60;
const ATTACHMENTS_PER_ISSUE: usize = 2000;

/// Largest accepted file, like a site's attachment size setting.
const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Request body limit for uploads (file plus multipart overhead).
pub(crate) const MAX_BODY_BYTES: usize = MAX_FILE_BYTES + 1024 * 1024;

pub(crate) async fn upload(
    State(app): State<Arc<App>>,
    Extension(me): Extension<Principal>,
    Path(key): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> ApiResult {
    let token = headers
        .get("x-atlassian-token")
        .and_then(|v| v.to_str().ok());
    if !token.is_some_and(|t| t.eq_ignore_ascii_case("no-check")) {
        return Ok((StatusCode::FORBIDDEN, "XSRF check failed").into_response());
    }
    if app.state().issue_id(&key).is_none() {
        return Err(JiraError::issue_not_found());
    }
    let mut multipart = multipart
        .map_err(|_| JiraError::bad_request("The request is not a multipart/form-data request."))?;
    let mut files = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                return Err(JiraError::bad_request(
                    "The multipart body could not be read.",
                ))
            }
        };
        if field.name() != Some("file") {
            continue;
        }
        let filename = field.file_name().unwrap_or("attachment").to_owned();
        let mime = field
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_owned();
        let bytes = field
            .bytes()
            .await
            .map_err(|_| JiraError::bad_request("The multipart body could not be read."))?;
        if bytes.len() > MAX_FILE_BYTES {
            return Err(JiraError::message(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("The file '{filename}' is too large: the limit is {MAX_FILE_BYTES} bytes."),
            ));
        }
        files.push((filename, mime, bytes.to_vec()));
    }
    if files.len() > FILES_PER_REQUEST {
        return Err(JiraError::message(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("At most {FILES_PER_REQUEST} files can be attached in one request."),
        ));
    }
    if files.is_empty() {
        return Err(JiraError::bad_request(
            "No file was attached: send the file in a multipart part named 'file'.",
        ));
    }
    let now = app.now();
    let mut state = app.state();
    let ids: Vec<u64> = files.iter().map(|_| state.next_id()).collect();
    let issue = state
        .issue_mut(&key)
        .ok_or_else(JiraError::issue_not_found)?;
    if issue.attachments.len() + files.len() > ATTACHMENTS_PER_ISSUE {
        return Err(JiraError::message(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("The issue has reached the limit of {ATTACHMENTS_PER_ISSUE} attachments."),
        ));
    }
    let first_new = issue.attachments.len();
    for (id, (filename, mime_type, bytes)) in ids.into_iter().zip(files) {
        issue.attachments.push(Attachment {
            id,
            filename,
            mime_type,
            author: me.account_id.clone(),
            created: now,
            bytes,
        });
    }
    issue.updated = now;
    let issue = issue.clone();
    let ctx = Ctx::new(&app, &state);
    let out: Vec<Value> = issue.attachments[first_new..]
        .iter()
        .map(|a| attachment(&ctx, &issue, a))
        .collect();
    Ok(ok(Value::Array(out)))
}

fn find(app: &App, id: &str) -> Option<(crate::state::Issue, usize)> {
    let state = app.state();
    state.issues.values().find_map(|i| {
        i.attachments
            .iter()
            .position(|a| a.id.to_string() == id)
            .map(|pos| (i.clone(), pos))
    })
}

fn no_attachment(id: &str) -> JiraError {
    JiraError::message(
        StatusCode::NOT_FOUND,
        format!("The attachment with id '{id}' does not exist"),
    )
}

pub(crate) async fn meta(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult {
    let (issue, pos) = find(&app, &id).ok_or_else(|| no_attachment(&id))?;
    let state = app.state();
    let ctx = Ctx::new(&app, &state);
    let a = &issue.attachments[pos];
    let mut v = attachment(&ctx, &issue, a);
    if app.is_cloud() {
        // Cloud's AttachmentMetadata numbers the id, unlike the upload response.
        v["id"] = serde_json::json!(a.id);
    }
    Ok(ok(v))
}

pub(crate) async fn content(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult {
    let (issue, pos) = find(&app, &id).ok_or_else(|| no_attachment(&id))?;
    let a = &issue.attachments[pos];
    Ok((
        [(header::CONTENT_TYPE, a.mime_type.clone())],
        a.bytes.clone(),
    )
        .into_response())
}
