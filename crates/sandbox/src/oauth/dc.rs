//! Jira Data Center OAuth 2.0 provider (incoming application link):
//! `/rest/oauth2/latest/authorize` and `/rest/oauth2/latest/token` (form-encoded), with PKCE.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use chrono::Duration;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::consent::{error_page, page};
use super::store::{Consent, Issued, Provider, ACCESS_TTL_SECS, CODE_TTL_MINUTES};
use crate::app::App;
use crate::form_encoding::parse_form;

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        axum::Json(json!({"error": error, "error_description": description})),
    )
        .into_response()
}

fn invalid_grant(description: &str) -> Response {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", description)
}

pub(crate) async fn authorize(
    State(app): State<Arc<App>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    if get("client_id") != app.creds.oauth_client_id {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Invalid client: no incoming application link has this client id.",
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
            "Invalid redirect_uri: it does not match the application link's Redirect URL.",
        );
    }
    let challenge = match (q.get("code_challenge"), q.get("code_challenge_method")) {
        (None, _) => None,
        (Some(c), m) => {
            let method = m.cloned().unwrap_or_else(|| "plain".to_owned());
            if method != "S256" && method != "plain" {
                return error_page(
                    StatusCode::BAD_REQUEST,
                    "Unsupported code_challenge_method: use S256.",
                );
            }
            Some((method, c.clone()))
        }
    };
    page(
        &app,
        Consent {
            provider: Provider::DataCenter,
            client_id: get("client_id"),
            redirect_uri,
            scope: q.get("scope").cloned().unwrap_or_else(|| "READ".to_owned()),
            state: q.get("state").cloned(),
            challenge,
        },
    )
}

/// base64url(SHA-256(verifier)) without padding, as RFC 7636 S256 requires.
pub(crate) fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn issued_body(issued: &Issued) -> serde_json::Value {
    json!({
        "access_token": issued.access_token,
        "token_type": "bearer",
        "expires_in": ACCESS_TTL_SECS,
        "refresh_token": issued.refresh_token,
        "scope": issued.scope,
    })
}

pub(crate) async fn token(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let p = parse_form(&String::from_utf8_lossy(&body));
    let get = |k: &str| p.get(k).map(String::as_str).unwrap_or("");
    if get("client_id") != app.creds.oauth_client_id
        || get("client_secret") != app.creds.oauth_client_secret
    {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed.",
        );
    }
    let now = app.now();
    match get("grant_type") {
        "authorization_code" => {
            let Some(code) = app.oauth().codes.get(get("code")).cloned() else {
                return invalid_grant("Authorization code is invalid.");
            };
            if code.used || code.consent.provider != Provider::DataCenter {
                return invalid_grant("Authorization code is invalid.");
            }
            if now > code.issued + Duration::minutes(CODE_TTL_MINUTES) {
                return invalid_grant("Authorization code has expired.");
            }
            if get("redirect_uri") != code.consent.redirect_uri {
                return invalid_grant("Redirect URI does not match the authorization request.");
            }
            if let Some((method, challenge)) = &code.consent.challenge {
                let verifier = get("code_verifier");
                let computed = if method == "S256" {
                    s256(verifier)
                } else {
                    verifier.to_owned()
                };
                if verifier.is_empty() || computed != *challenge {
                    return invalid_grant(
                        "PKCE verification failed: code_verifier does not match code_challenge.",
                    );
                }
            }
            let (family, issued) = app.oauth().start_family(&code, now, |p| app.token(p));
            if let Some(stored) = app.oauth().codes.get_mut(get("code")) {
                stored.used = true;
                stored.family = Some(family);
            }
            (StatusCode::OK, axum::Json(issued_body(&issued))).into_response()
        }
        "refresh_token" => {
            let family_redirect = {
                let store = app.oauth();
                store
                    .refresh_family(get("refresh_token"))
                    .map(|f| f.redirect_uri.clone())
            };
            if let Some(expected) = family_redirect {
                if get("redirect_uri") != expected {
                    return invalid_grant("Redirect URI does not match the authorization request.");
                }
            }
            match app
                .oauth()
                .refresh(get("refresh_token"), get("client_id"), now, |p| {
                    app.token(p)
                }) {
                Ok(issued) => (StatusCode::OK, axum::Json(issued_body(&issued))).into_response(),
                Err(_) => invalid_grant("Refresh token is invalid, expired or was already used."),
            }
        }
        _ => oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Unsupported grant type.",
        ),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn s256_is_unpadded_base64url_of_sha256() {
        assert_eq!(
            super::s256("dBjftJeZ4CVP-mB92K9uhvKFX1xnz5OY7ai8vBbbG9I"),
            // computed independently: base64.urlsafe_b64encode(sha256(verifier)).rstrip("=")
            "udTQuQoD3LzOCUFYfTiRfweYonjPKKIah3wx1PQuEMg"
        );
    }
}
