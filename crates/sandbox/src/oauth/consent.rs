//! The consent page shared by both providers, and its approve/deny endpoints.
//!
//! A browser user clicks "Accept"; a test follows the URL in the `X-Sandbox-Approve-Url`
//! header (GET or POST) and reads the `Location` of the 302 it returns.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::store::{AuthCode, Consent};
use crate::app::App;

pub(crate) fn error_page(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<!doctype html><html><head><title>Something went wrong</title></head>\
         <body><h1>Something went wrong</h1><p id=\"error\">{}</p></body></html>",
        escape(message)
    );
    (status, Html(body)).into_response()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Stores the consent request and renders the page asking the demo user to accept.
pub(crate) fn page(app: &App, consent: Consent) -> Response {
    let id = app.token("consent_");
    let scope = consent.scope.clone();
    let client = consent.client_id.clone();
    app.oauth().consents.insert(id.clone(), consent);
    let approve = format!("{}/sandbox/oauth/approve?consent={id}", app.base_url);
    let deny = format!("{}/sandbox/oauth/deny?consent={id}", app.base_url);
    let user = app
        .state()
        .users
        .first()
        .map(|u| u.display_name.clone())
        .unwrap_or_default();
    let body = format!(
        "<!doctype html><html><head><title>Authorize access</title></head><body>\
         <h1>{client} is requesting access to your account</h1>\
         <p>Signed in as {user}. Scopes: <code>{scope}</code></p>\
         <form method=\"post\" action=\"{approve}\"><button id=\"accept\" type=\"submit\">Accept</button></form>\
         <form method=\"post\" action=\"{deny}\"><button id=\"deny\" type=\"submit\">Cancel</button></form>\
         </body></html>",
        client = escape(&client),
        user = escape(&user),
        scope = escape(&scope),
        approve = escape(&approve),
        deny = escape(&deny),
    );
    (
        StatusCode::OK,
        [("x-sandbox-approve-url", approve.as_str())],
        Html(body),
    )
        .into_response()
}

fn redirect(to: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, to)]).into_response()
}

fn append_query(uri: &str, pairs: &[(&str, &str)]) -> String {
    let mut s = uri.to_owned();
    for (i, (k, v)) in pairs.iter().enumerate() {
        let sep = if i == 0 && !uri.contains('?') {
            '?'
        } else {
            '&'
        };
        s.push(sep);
        s.push_str(k);
        s.push('=');
        s.push_str(&crate::form_encoding::percent_encode(v));
    }
    s
}

pub(crate) async fn approve(
    State(app): State<Arc<App>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(consent) = q
        .get("consent")
        .and_then(|id| app.oauth().consents.remove(id))
    else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "This authorization request has expired or was already answered.",
        );
    };
    let account_id = app
        .state()
        .users
        .first()
        .map(|u| u.account_id.clone())
        .unwrap_or_default();
    let code = app.token("sbx_code_");
    let mut pairs = vec![("code", code.as_str())];
    if let Some(state) = consent.state.as_deref() {
        pairs.push(("state", state));
    }
    let location = append_query(&consent.redirect_uri, &pairs);
    app.oauth().codes.insert(
        code.clone(),
        AuthCode {
            consent,
            account_id,
            issued: app.now(),
            used: false,
            family: None,
        },
    );
    redirect(&location)
}

pub(crate) async fn deny(
    State(app): State<Arc<App>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(consent) = q
        .get("consent")
        .and_then(|id| app.oauth().consents.remove(id))
    else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "This authorization request has expired or was already answered.",
        );
    };
    let mut pairs = vec![
        ("error", "access_denied"),
        ("error_description", "User did not authorize the request"),
    ];
    if let Some(state) = consent.state.as_deref() {
        pairs.push(("state", state));
    }
    redirect(&append_query(&consent.redirect_uri, &pairs))
}
