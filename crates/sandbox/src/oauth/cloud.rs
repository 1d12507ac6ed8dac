//! Jira Cloud OAuth 2.0 (3LO): `/authorize`, `/oauth/token`, `/oauth/token/accessible-resources`.
//!
//! No PKCE (a `code_challenge` is accepted and ignored), `client_secret` mandatory on both
//! grants, exact `redirect_uri` match, 1 h access tokens, rotating refresh tokens with a
//! 10-minute reuse leeway after which a reuse revokes the whole grant.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use serde_json::{json, Value};

use super::consent::{error_page, page};
use super::store::{Consent, Issued, Provider, RefreshRefusal, ACCESS_TTL_SECS, CODE_TTL_MINUTES};
use crate::app::App;
use crate::form_encoding::parse_params;

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        axum::Json(json!({"error": error, "error_description": description})),
    )
        .into_response()
}

fn access_denied() -> Response {
    oauth_error(StatusCode::UNAUTHORIZED, "access_denied", "Unauthorized")
}

pub(crate) async fn authorize(
    State(app): State<Arc<App>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    if get("client_id") != app.creds.oauth_client_id {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Invalid client_id: the app does not exist.",
        );
    }
    if get("audience") != "api.atlassian.com" {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Invalid audience: expected api.atlassian.com.",
        );
    }
    if get("response_type") != "code" {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Unsupported response_type: expected code.",
        );
    }
    let redirect_uri = get("redirect_uri");
    if !app.redirect_uris.contains(&redirect_uri) {
        return error_page(
            StatusCode::BAD_REQUEST,
            "The app's callback URL is invalid.",
        );
    }
    page(
        &app,
        Consent {
            provider: Provider::Cloud,
            client_id: get("client_id"),
            redirect_uri,
            scope: get("scope"),
            state: q.get("state").cloned(),
            challenge: None,
        },
    )
}

fn issued_body(issued: &Issued) -> Value {
    let mut body = json!({
        "access_token": issued.access_token,
        "expires_in": ACCESS_TTL_SECS,
        "token_type": "Bearer",
        "scope": issued.scope,
    });
    if let Some(rt) = &issued.refresh_token {
        body["refresh_token"] = json!(rt);
    }
    body
}

pub(crate) async fn token(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let p = parse_params(&body);
    let get = |k: &str| p.get(k).map(String::as_str).unwrap_or("");
    if get("client_id") != app.creds.oauth_client_id
        || get("client_secret") != app.creds.oauth_client_secret
    {
        return access_denied();
    }
    let now = app.now();
    match get("grant_type") {
        "authorization_code" => {
            let mut store = app.oauth();
            let Some(code) = store.codes.get(get("code")).cloned() else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "authorization_code is invalid",
                );
            };
            if code.consent.provider != Provider::Cloud
                || code.consent.client_id != get("client_id")
            {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "authorization_code is invalid",
                );
            }
            if code.used {
                if let Some(f) = code.family {
                    store.revoke_family(f);
                }
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "authorization_code is invalid",
                );
            }
            if now > code.issued + Duration::minutes(CODE_TTL_MINUTES) {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "authorization_code is invalid",
                );
            }
            if get("redirect_uri") != code.consent.redirect_uri {
                return oauth_error(
                    StatusCode::FORBIDDEN,
                    "invalid_grant",
                    "Invalid redirect_uri: it must match the authorization request.",
                );
            }
            drop(store);
            let (family, issued) = app.oauth().start_family(&code, now, |p| app.token(p));
            if let Some(stored) = app.oauth().codes.get_mut(get("code")) {
                stored.used = true;
                stored.family = Some(family);
            }
            (StatusCode::OK, axum::Json(issued_body(&issued))).into_response()
        }
        "refresh_token" => {
            let result = app
                .oauth()
                .refresh(get("refresh_token"), get("client_id"), now, |p| {
                    app.token(p)
                });
            match result {
                Ok(issued) => (StatusCode::OK, axum::Json(issued_body(&issued))).into_response(),
                Err(
                    RefreshRefusal::WrongClient
                    | RefreshRefusal::Unknown
                    | RefreshRefusal::ReuseDetected
                    | RefreshRefusal::Expired,
                ) => oauth_error(
                    StatusCode::FORBIDDEN,
                    "invalid_grant",
                    "Unknown or invalid refresh token.",
                ),
            }
        }
        _ => oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Unsupported grant type.",
        ),
    }
}

/// `{"code":401,"message":"Unauthorized"}`: what api.atlassian.com answers for a bad bearer.
pub(crate) fn gateway_unauthorized(message: &str) -> Response {
    (
        StatusCode::UNAUTHORIZED,
        axum::Json(json!({"code": 401, "message": message})),
    )
        .into_response()
}

pub(crate) fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("authorization")?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

pub(crate) async fn accessible_resources(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
) -> Response {
    let Some(grant) = bearer(&headers).and_then(|t| app.oauth().access(&t, app.now())) else {
        return gateway_unauthorized("Unauthorized");
    };
    let scopes: Vec<&str> = grant
        .scope
        .split_whitespace()
        .filter(|s| *s != "offline_access")
        .collect();
    let sites: Vec<Value> = app
        .creds
        .sites
        .iter()
        .map(|s| {
            json!({
                "id": s.cloud_id,
                "url": format!("https://{}.atlassian.net", s.name),
                "name": s.name,
                "scopes": scopes,
                "avatarUrl": "https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/rocket.png",
            })
        })
        .collect();
    (StatusCode::OK, axum::Json(Value::Array(sites))).into_response()
}
