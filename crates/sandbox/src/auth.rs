//! Who is calling: Cloud API token / OAuth bearer, DC PAT / basic / OAuth bearer.
//! Failures answer with the bodies and headers the real products send.

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::json;

use crate::app::{App, Principal};
use crate::config::Flavor;
use crate::oauth::cloud::{bearer, gateway_unauthorized};
use crate::oauth::store::Provider;

/// Failed DC basic logins before Jira demands a CAPTCHA.
const CAPTCHA_AFTER_FAILURES: u32 = 3;

fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get("authorization")?.to_str().ok()?;
    let (scheme, rest) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(rest.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, secret) = text.split_once(':')?;
    Some((user.to_owned(), secret.to_owned()))
}

fn cloud_unauthenticated() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        axum::Json(
            json!({"errorMessages": ["Client must be authenticated to access this resource."]}),
        ),
    )
        .into_response()
}

fn dc_unauthenticated(reason: Option<&str>) -> Response {
    let body = axum::Json(json!({
        "errorMessages": ["You are not authenticated. Authentication required to perform this operation."],
        "errors": {}
    }));
    match reason {
        Some(r) => (
            StatusCode::UNAUTHORIZED,
            [("x-seraph-loginreason", r)],
            body,
        )
            .into_response(),
        None => (StatusCode::UNAUTHORIZED, body).into_response(),
    }
}

/// Scope an OAuth grant needs for a request (classic scopes).
fn required_scope(method: &str, path: &str) -> &'static str {
    if path.ends_with("/myself") || path.contains("/user/search") {
        "read:jira-user"
    } else if method == "GET" {
        "read:jira-work"
    } else {
        "write:jira-work"
    }
}

/// Authenticates a REST call. `via_gateway` is true for `/ex/jira/{cloudId}/...` requests.
pub(crate) fn authenticate(
    app: &App,
    method: &str,
    path: &str,
    headers: &HeaderMap,
    via_gateway: bool,
) -> Result<Principal, Box<Response>> {
    match app.flavor {
        Flavor::Cloud => cloud(app, method, path, headers, via_gateway),
        Flavor::DataCenter => data_center(app, headers),
    }
}

fn principal_for_email(app: &App, email: &str) -> Option<Principal> {
    app.state().user_by_email(email).map(|u| Principal {
        account_id: u.account_id.clone(),
    })
}

fn cloud(
    app: &App,
    method: &str,
    path: &str,
    headers: &HeaderMap,
    via_gateway: bool,
) -> Result<Principal, Box<Response>> {
    if let Some((email, token)) = basic(headers) {
        if email.eq_ignore_ascii_case(&app.creds.email) && token == app.creds.api_token {
            return principal_for_email(app, &email)
                .ok_or_else(|| Box::new(cloud_unauthenticated()));
        }
        return Err(Box::new(if via_gateway {
            gateway_unauthorized("Unauthorized")
        } else {
            cloud_unauthenticated()
        }));
    }
    if let Some(token) = bearer(headers) {
        if !via_gateway {
            // Site URLs do not accept OAuth bearer tokens; they must go through the gateway.
            return Err(Box::new(cloud_unauthenticated()));
        }
        let Some(grant) = app
            .oauth()
            .access(&token, app.now())
            .filter(|g| g.provider == Provider::Cloud)
        else {
            return Err(Box::new(gateway_unauthorized("Unauthorized")));
        };
        let needed = required_scope(method, path);
        if !grant.scope.split_whitespace().any(|s| s == needed) {
            return Err(Box::new(gateway_unauthorized(
                "Unauthorized; scope does not match",
            )));
        }
        return Ok(Principal {
            account_id: grant.account_id,
        });
    }
    Err(Box::new(if via_gateway {
        gateway_unauthorized("Unauthorized")
    } else {
        cloud_unauthenticated()
    }))
}

fn data_center(app: &App, headers: &HeaderMap) -> Result<Principal, Box<Response>> {
    if let Some(token) = bearer(headers) {
        if token == app.creds.pat {
            return principal_for_name(app, &app.creds.username)
                .ok_or_else(|| Box::new(dc_unauthenticated(None)));
        }
        if let Some(owner) = crate::pat::owner_of(app, &token) {
            return Ok(Principal { account_id: owner });
        }
        let grant = app
            .oauth()
            .access(&token, app.now())
            .filter(|g| g.provider == Provider::DataCenter);
        if let Some(grant) = grant {
            return Ok(Principal {
                account_id: grant.account_id,
            });
        }
        return Err(Box::new(dc_unauthenticated(None)));
    }
    if let Some((user, password)) = basic(headers) {
        let mut failures = app.basic_failures();
        if *failures >= CAPTCHA_AFTER_FAILURES {
            let login = format!("CAPTCHA_CHALLENGE; login-url={}/login.jsp", app.base_url);
            return Err(Box::new(
                (
                    StatusCode::FORBIDDEN,
                    [
                        ("x-seraph-loginreason", "AUTHENTICATION_DENIED".to_owned()),
                        ("x-authentication-denied-reason", login),
                    ],
                    "",
                )
                    .into_response(),
            ));
        }
        if user == app.creds.username && password == app.creds.password {
            drop(failures);
            return principal_for_name(app, &user)
                .ok_or_else(|| Box::new(dc_unauthenticated(None)));
        }
        *failures += 1;
        return Err(Box::new(dc_unauthenticated(Some("AUTHENTICATED_FAILED"))));
    }
    Err(Box::new(dc_unauthenticated(None)))
}

fn principal_for_name(app: &App, name: &str) -> Option<Principal> {
    app.state().user_by_name(name).map(|u| Principal {
        account_id: u.account_id.clone(),
    })
}
