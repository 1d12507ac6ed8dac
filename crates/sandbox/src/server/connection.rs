//! The accept loop and per-request pipeline: gateway rewrite, faults and limits, auth,
//! routing, request log, and dropping connections on purpose.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, Uri};
use axum::response::IntoResponse;
use axum::Router;
use chrono::{DateTime, Utc};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use serde_json::json;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tower::ServiceExt;

use crate::app::{App, ViaGateway};
use crate::auth::authenticate;
use crate::config::Flavor;
use crate::faults::{Decision, Fault, Headroom, LimitHit, Outcome, RateLimitReason};
use crate::request_log::LoggedRequest;

pub(crate) async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    tokio::spawn(connection(stream, app.clone(), router.clone(), shutdown.clone()));
                }
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(20)).await,
            },
            _ = shutdown.changed() => break,
        }
    }
}

async fn connection(
    stream: TcpStream,
    app: Arc<App>,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    let kill = Arc::new(Notify::new());
    let kill_for_requests = kill.clone();
    let service = hyper::service::service_fn(move |req| {
        handle(app.clone(), router.clone(), kill_for_requests.clone(), req)
    });
    let conn =
        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        _ = conn => {}
        _ = kill.notified() => {}
        _ = shutdown.changed() => {}
    }
}

/// Splits `/ex/jira/{cloudId}/rest/...` into the inner path; `Err` for an unknown cloudId.
fn split_gateway(app: &App, path: &str) -> Result<(String, bool), ()> {
    let Some(rest) = path.strip_prefix("/ex/jira/") else {
        return Ok((path.to_owned(), false));
    };
    let (cloud_id, inner) = rest.split_once('/').unwrap_or((rest, ""));
    if app.flavor != Flavor::Cloud || !app.creds.sites.iter().any(|s| s.cloud_id == cloud_id) {
        return Err(());
    }
    Ok((format!("/{inner}"), true))
}

fn needs_auth(path: &str) -> bool {
    path.starts_with("/rest/api/") || path.starts_with("/rest/pat/")
}

async fn handle(
    app: Arc<App>,
    router: Router,
    kill: Arc<Notify>,
    req: Request<Incoming>,
) -> Result<Response<Body>, Infallible> {
    let at = app.now();
    let method = req.method().as_str().to_owned();
    let original_path = req.uri().path().to_owned();
    let query = req.uri().query().map(str::to_owned);
    let mut entry = LoggedRequest {
        method: method.clone(),
        path: original_path.clone(),
        query: query.clone(),
        status: None,
        at,
        fault: None,
        delivered: true,
    };
    let Ok((path, via_gateway)) = split_gateway(&app, &original_path) else {
        let resp = (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"code": 404, "message": "Site not found"})),
        )
            .into_response();
        return Ok(finish(&app, entry, resp));
    };

    let Decision {
        latency,
        outcome,
        headroom,
    } = app.faults().decide(&method, &path, at);
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let mut drop_after_commit = false;
    match outcome {
        Outcome::Proceed => {}
        Outcome::Injected(Fault::ConnectionReset) => {
            entry.fault = Some("connection reset".to_owned());
            entry.delivered = false;
            app.record(entry);
            kill.notify_one();
            return std::future::pending().await;
        }
        Outcome::Injected(Fault::CommitThenDrop) => drop_after_commit = true,
        Outcome::Injected(fault) => {
            let (resp, label) = fault_response(&app, &fault, at);
            entry.fault = Some(label);
            return Ok(finish(&app, entry, resp));
        }
        Outcome::Limited(hit) => {
            entry.fault = Some(format!("429 {}", hit.reason.header_value()));
            return Ok(finish(&app, entry, rate_limited(&app, &hit)));
        }
    }

    let (mut parts, body) = req.into_parts();
    if via_gateway {
        let pq = match &query {
            Some(q) => format!("{path}?{q}"),
            None => path.clone(),
        };
        if let Ok(uri) = pq.parse::<Uri>() {
            parts.uri = uri;
        }
        parts.extensions.insert(ViaGateway);
    }
    let anonymous_ok =
        path.ends_with("/serverInfo") && !parts.headers.contains_key("authorization");
    if needs_auth(&path) && !anonymous_ok {
        match authenticate(&app, &method, &path, &parts.headers, via_gateway) {
            Ok(principal) => {
                parts.extensions.insert(principal);
            }
            Err(resp) => return Ok(finish(&app, entry, *resp)),
        }
    }
    if let Some(resp) = media_type_rejection(&method, &path, &parts.headers) {
        return Ok(finish(&app, entry, resp));
    }
    let req = Request::from_parts(parts, Body::new(body));
    let mut resp = match router.oneshot(req).await {
        Ok(resp) => resp,
        Err(never) => match never {},
    };
    if let Some(h) = &headroom {
        add_headroom_headers(&app, h, &mut resp);
    }
    if drop_after_commit {
        entry.fault = Some("committed, response dropped".to_owned());
        entry.status = Some(resp.status().as_u16());
        entry.delivered = false;
        app.record(entry);
        kill.notify_one();
        return std::future::pending().await;
    }
    Ok(finish(&app, entry, resp))
}

fn finish(app: &App, mut entry: LoggedRequest, resp: Response<Body>) -> Response<Body> {
    entry.status = Some(resp.status().as_u16());
    app.record(entry);
    resp
}

fn error_body(message: &str) -> axum::Json<serde_json::Value> {
    axum::Json(json!({"errorMessages": [message], "errors": {}}))
}

fn fault_response(app: &App, fault: &Fault, at: DateTime<Utc>) -> (Response<Body>, String) {
    match fault {
        Fault::RateLimited {
            reason,
            retry_after_secs,
        } => {
            let hit = LimitHit {
                reason: *reason,
                limit: 100,
                reset_at: at + chrono::Duration::seconds(*retry_after_secs as i64),
                retry_after_secs: *retry_after_secs,
                window_secs: (*retry_after_secs).max(1),
            };
            (
                rate_limited(app, &hit),
                format!("429 {}", reason.header_value()),
            )
        }
        Fault::ServiceUnavailable { retry_after_secs } => {
            let mut resp = (
                StatusCode::SERVICE_UNAVAILABLE,
                error_body("The service is temporarily unavailable. Try again later."),
            )
                .into_response();
            if let Some(secs) = retry_after_secs {
                if let Ok(v) = secs.to_string().parse() {
                    resp.headers_mut().insert("retry-after", v);
                }
            }
            (resp, "503".to_owned())
        }
        _ => (
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                error_body("Internal server error"),
            )
                .into_response(),
            "500".to_owned(),
        ),
    }
}

fn rate_limited(app: &App, hit: &LimitHit) -> Response<Body> {
    let mut headers: Vec<(&'static str, String)> = vec![
        ("retry-after", hit.retry_after_secs.to_string()),
        ("x-ratelimit-limit", hit.limit.to_string()),
        ("x-ratelimit-remaining", "0".to_owned()),
    ];
    match app.flavor {
        Flavor::Cloud => {
            headers.push((
                "x-ratelimit-reset",
                hit.reset_at.format("%Y-%m-%dT%H:%MZ").to_string(),
            ));
            headers.push(("ratelimit-reason", hit.reason.header_value().to_owned()));
            headers.push(("x-ratelimit-nearlimit", "true".to_owned()));
            if hit.reason == RateLimitReason::Burst {
                headers.push((
                    "ratelimit-policy",
                    format!("\"jira-burst-based\";q={};w={}", hit.limit, hit.window_secs),
                ));
            }
        }
        Flavor::DataCenter => {
            headers.push(("x-ratelimit-interval-seconds", hit.window_secs.to_string()));
            headers.push(("x-ratelimit-fillrate", hit.limit.to_string()));
        }
    }
    let mut resp = (
        StatusCode::TOO_MANY_REQUESTS,
        error_body("Rate limit exceeded."),
    )
        .into_response();
    for (name, value) in headers {
        if let Ok(v) = value.parse() {
            resp.headers_mut().insert(name, v);
        }
    }
    resp
}

/// `X-RateLimit-*` on allowed calls while limits are configured, so clients can pace themselves.
fn add_headroom_headers(app: &App, h: &Headroom, resp: &mut Response<Body>) {
    let mut headers: Vec<(&'static str, String)> = vec![
        ("x-ratelimit-limit", h.limit.to_string()),
        ("x-ratelimit-remaining", h.remaining.to_string()),
    ];
    match app.flavor {
        Flavor::Cloud => {
            headers.push((
                "x-ratelimit-reset",
                h.reset_at.format("%Y-%m-%dT%H:%MZ").to_string(),
            ));
            if u64::from(h.remaining) * 5 < u64::from(h.limit) {
                headers.push(("x-ratelimit-nearlimit", "true".to_owned()));
            }
        }
        Flavor::DataCenter => {
            headers.push(("x-ratelimit-interval-seconds", h.window_secs.to_string()));
            headers.push(("x-ratelimit-fillrate", h.limit.to_string()));
        }
    }
    for (name, value) in headers {
        if let Ok(v) = value.parse() {
            resp.headers_mut().insert(name, v);
        }
    }
}

/// REST writes must be JSON (or multipart for attachments). Like Jira, "simple" form/text
/// bodies fail the XSRF check (403) and anything else is 415.
fn media_type_rejection(
    method: &str,
    path: &str,
    headers: &axum::http::HeaderMap,
) -> Option<Response<Body>> {
    if !matches!(method, "POST" | "PUT") || !path.starts_with("/rest/api/") {
        return None;
    }
    let length = headers
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let has_body = length.is_some_and(|l| l > 0) || headers.contains_key("transfer-encoding");
    if !has_body {
        return None;
    }
    let ct = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ct.starts_with("application/json") || ct.starts_with("multipart/form-data") {
        return None;
    }
    let simple =
        ct.starts_with("application/x-www-form-urlencoded") || ct.starts_with("text/plain");
    let no_check = headers
        .get("x-atlassian-token")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("no-check"));
    if simple && !no_check {
        return Some((StatusCode::FORBIDDEN, "XSRF check failed").into_response());
    }
    Some(StatusCode::UNSUPPORTED_MEDIA_TYPE.into_response())
}
