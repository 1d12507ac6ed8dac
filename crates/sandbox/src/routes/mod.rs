//! The HTTP surface: which paths each flavor serves.

mod attachments;
mod changelog;
mod comments;
mod issue_links;
mod issues;
mod meta;
mod params;
mod projects;
mod properties;
mod remotelinks;
mod search;
mod transitions;

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, OriginalUri};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::json;

use crate::app::App;
use crate::config::Flavor;
use crate::oauth::{cloud, dc};

pub(crate) use params::Params;

async fn not_found(OriginalUri(uri): OriginalUri) -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(json!({"message": format!("null for uri: {uri}"), "status-code": 404})),
    )
        .into_response()
}

async fn root(axum::extract::State(app): axum::extract::State<Arc<App>>) -> Response {
    let flavor = match app.flavor {
        Flavor::Cloud => "cloud",
        Flavor::DataCenter => "data-center",
    };
    axum::Json(json!({
        "sandbox": "vulnbridge-sandbox",
        "flavor": flavor,
        "api": app.api_base(),
    }))
    .into_response()
}

pub(crate) fn router(app: Arc<App>) -> Router {
    let p = app.flavor.api_prefix();
    let r = |path: &str| format!("{p}{path}");
    let mut router = Router::new()
        .route("/", get(root))
        .route(
            "/sandbox/oauth/approve",
            get(crate::oauth::consent_approve).post(crate::oauth::consent_approve),
        )
        .route(
            "/sandbox/oauth/deny",
            get(crate::oauth::consent_deny).post(crate::oauth::consent_deny),
        )
        .route(&r("/myself"), get(meta::myself))
        .route(&r("/serverInfo"), get(meta::server_info))
        .route(&r("/field"), get(meta::fields))
        .route(&r("/priority"), get(meta::priorities))
        .route(&r("/user"), get(meta::user))
        .route(&r("/user/search"), get(meta::user_search))
        .route(&r("/project/{key}"), get(projects::project))
        .route(
            &r("/issue/createmeta/{key}/issuetypes"),
            get(projects::createmeta_types),
        )
        .route(
            &r("/issue/createmeta/{key}/issuetypes/{type_id}"),
            get(projects::createmeta_fields),
        )
        .route(&r("/issue"), post(issues::create))
        .route(&r("/issue/bulk"), post(issues::bulk_create))
        .route(
            &r("/issue/{key}"),
            get(issues::get_issue)
                .put(issues::edit)
                .delete(issues::delete),
        )
        .route(
            &r("/issue/{key}/transitions"),
            get(transitions::list).post(transitions::perform),
        )
        .route(
            &r("/issue/{key}/comment"),
            get(comments::list).post(comments::add),
        )
        .route(
            &r("/issue/{key}/comment/{id}"),
            get(comments::get_one)
                .put(comments::update)
                .delete(comments::delete),
        )
        .route(&r("/issue/{key}/properties"), get(properties::keys))
        .route(
            &r("/issue/{key}/properties/{prop}"),
            get(properties::get_one)
                .put(properties::set)
                .delete(properties::delete),
        )
        .route(
            &r("/comment/{id}/properties"),
            get(properties::comment_keys),
        )
        .route(
            &r("/comment/{id}/properties/{prop}"),
            get(properties::comment_get)
                .put(properties::comment_set)
                .delete(properties::comment_delete),
        )
        .route(
            &r("/issue/{key}/remotelink"),
            get(remotelinks::list)
                .post(remotelinks::upsert)
                .delete(remotelinks::delete_by_global_id),
        )
        .route(
            &r("/issue/{key}/remotelink/{id}"),
            get(remotelinks::get_one).delete(remotelinks::delete_one),
        )
        .route(&r("/issueLink"), post(issue_links::create))
        .route(
            &r("/issueLink/{id}"),
            get(issue_links::get_one).delete(issue_links::delete),
        )
        .route(&r("/issueLinkType"), get(issue_links::types))
        .route(
            &r("/issue/{key}/attachments"),
            post(attachments::upload).layer(DefaultBodyLimit::max(attachments::MAX_BODY_BYTES)),
        )
        .route(&r("/attachment/{id}"), get(attachments::meta))
        .route(&r("/attachment/content/{id}"), get(attachments::content))
        .route(&r("/search"), get(search::legacy).post(search::legacy));
    router = match app.flavor {
        Flavor::Cloud => router
            .route(&r("/project/search"), get(projects::search))
            .route(
                &r("/search/approximate-count"),
                post(search::approximate_count),
            )
            .route(&r("/project"), get(projects::list))
            .route(&r("/issue/createmeta"), get(projects::createmeta_legacy))
            .route(&r("/priority/search"), get(meta::priority_search))
            .route(
                &r("/search/jql"),
                get(search::jql_get).post(search::jql_post),
            )
            .route(&r("/issue/{key}/changelog"), get(changelog::list))
            .route(&r("/changelog/bulkfetch"), post(changelog::bulkfetch))
            .route("/authorize", get(cloud::authorize))
            .route("/oauth/token", post(cloud::token))
            .route(
                "/oauth/token/accessible-resources",
                get(cloud::accessible_resources),
            ),
        Flavor::DataCenter => router
            .route(&r("/project"), get(projects::list))
            .route(
                &r("/project/{key}/priorityscheme"),
                get(meta::priority_scheme),
            )
            .route(
                "/rest/pat/latest/tokens",
                get(crate::pat::list).post(crate::pat::create),
            )
            .route(
                "/rest/pat/latest/tokens/{id}",
                axum::routing::delete(crate::pat::revoke),
            )
            .route("/rest/oauth2/latest/authorize", get(dc::authorize))
            .route("/rest/oauth2/latest/token", post(dc::token)),
    };
    router.fallback(not_found).with_state(app)
}
