//! Cloud OAuth 2.0 (3LO): code exchange, secret, redirect, rotation, reuse, expiry, sites, scopes.

mod common;

use chrono::{Duration, Utc};
use common::consent::{authorize, REDIRECT};
use common::{reply, Jira, Reply};
use serde_json::{json, Value};
use vulnbridge_sandbox::{chrono, Clock, Flavor, SandboxConfig};

const SCOPES: &str = "read:jira-work write:jira-work read:jira-user offline_access";

async fn fixed_clock_sandbox(flavor: Flavor) -> (Jira, Clock) {
    let clock = Clock::fixed(Utc::now());
    let j = Jira::start(SandboxConfig::new(flavor).with_clock(clock.clone())).await;
    (j, clock)
}

async fn cloud_code(j: &Jira) -> String {
    let id = j.sb.credentials().oauth_client_id.clone();
    authorize(
        j,
        "/authorize",
        &[
            ("audience", "api.atlassian.com"),
            ("client_id", &id),
            ("scope", SCOPES),
            ("redirect_uri", REDIRECT),
            ("state", "xyz"),
            ("response_type", "code"),
            ("prompt", "consent"),
        ],
    )
    .await
}

async fn token(j: &Jira, body: Value) -> Reply {
    reply(
        j.http
            .post(format!("{}/oauth/token", j.sb.base_url()))
            .json(&body)
            .send()
            .await
            .expect("sent"),
    )
    .await
}

async fn exchange(j: &Jira, code: &str) -> Reply {
    let c = j.sb.credentials();
    token(
        j,
        json!({"grant_type": "authorization_code", "client_id": c.oauth_client_id,
        "client_secret": c.oauth_client_secret, "code": code, "redirect_uri": REDIRECT}),
    )
    .await
}

async fn refresh(j: &Jira, rt: &str) -> Reply {
    let c = j.sb.credentials();
    token(
        j,
        json!({"grant_type": "refresh_token", "client_id": c.oauth_client_id,
        "client_secret": c.oauth_client_secret, "refresh_token": rt}),
    )
    .await
}

async fn myself_via_gateway(j: &Jira, access: &str) -> u16 {
    j.http
        .get(format!("{}/rest/api/3/myself", j.sb.gateway_base_url()))
        .bearer_auth(access)
        .send()
        .await
        .expect("sent")
        .status()
        .as_u16()
}

#[tokio::test]
async fn cloud_code_exchange_gives_tokens_that_work_through_the_gateway() {
    let (j, clock) = fixed_clock_sandbox(Flavor::Cloud).await;
    let code = cloud_code(&j).await;
    let t = exchange(&j, &code).await;
    assert_eq!(t.status, 200, "{}", t.text);
    assert_eq!(t.body["expires_in"], 3600);
    assert_eq!(t.body["token_type"], "Bearer");
    let access = t.body["access_token"].as_str().expect("access").to_owned();
    assert!(
        t.body["refresh_token"].is_string(),
        "offline_access gives a refresh token"
    );

    let sites = reply(
        j.http
            .get(format!(
                "{}/oauth/token/accessible-resources",
                j.sb.base_url()
            ))
            .bearer_auth(&access)
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(sites.status, 200);
    let list = sites.body.as_array().expect("sites");
    assert!(list.len() >= 2, "several sites");
    assert_eq!(list[0]["id"], j.sb.credentials().cloud_id());
    assert!(list[0]["scopes"]
        .as_array()
        .is_some_and(|s| s.contains(&json!("read:jira-work"))));

    assert_eq!(myself_via_gateway(&j, &access).await, 200);
    let site_url = j
        .http
        .get(j.url("/myself"))
        .bearer_auth(&access)
        .send()
        .await
        .expect("sent");
    assert_eq!(
        site_url.status().as_u16(),
        401,
        "OAuth tokens go through api.atlassian.com/ex/jira"
    );
    let second_site = j
        .http
        .get(format!(
            "{}/ex/jira/{}/rest/api/3/myself",
            j.sb.base_url(),
            j.sb.credentials().sites[1].cloud_id
        ))
        .bearer_auth(&access)
        .send()
        .await
        .expect("sent");
    assert_eq!(second_site.status().as_u16(), 200);

    let replay = exchange(&j, &code).await;
    assert_eq!(replay.status, 400, "codes are single use");
    assert_eq!(replay.body["error"], "invalid_request");
    assert_eq!(
        myself_via_gateway(&j, &access).await,
        401,
        "replaying a code revokes what it issued"
    );

    let late = cloud_code(&j).await;
    clock.advance(Duration::minutes(11));
    let r = exchange(&j, &late).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["error_description"], "authorization_code is invalid");
}

#[tokio::test]
async fn cloud_exchange_requires_secret_and_exact_redirect() {
    let (j, _) = fixed_clock_sandbox(Flavor::Cloud).await;
    let c = j.sb.credentials().clone();
    let code = cloud_code(&j).await;
    let no_secret = token(&j, json!({"grant_type": "authorization_code", "client_id": c.oauth_client_id, "code": code, "redirect_uri": REDIRECT})).await;
    assert_eq!(no_secret.status, 401);
    assert_eq!(
        no_secret.body,
        json!({"error": "access_denied", "error_description": "Unauthorized"})
    );
    let wrong_secret = token(&j, json!({"grant_type": "authorization_code", "client_id": c.oauth_client_id, "client_secret": "x", "code": code, "redirect_uri": REDIRECT})).await;
    assert_eq!(wrong_secret.status, 401);
    let wrong_redirect = token(&j, json!({"grant_type": "authorization_code", "client_id": c.oauth_client_id,
        "client_secret": c.oauth_client_secret, "code": code, "redirect_uri": "http://localhost:9876/callback/"})).await;
    assert_eq!(wrong_redirect.status, 403);
    assert_eq!(wrong_redirect.body["error"], "invalid_grant");

    let bad_page = j
        .http
        .get(format!("{}/authorize", j.sb.base_url()))
        .query(&[
            ("audience", "api.atlassian.com"),
            ("client_id", c.oauth_client_id.as_str()),
            ("scope", SCOPES),
            ("redirect_uri", "http://127.0.0.1:5555/cb"),
            ("state", "xyz"),
            ("response_type", "code"),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(bad_page.status().as_u16(), 400);
    assert!(bad_page
        .text()
        .await
        .expect("html")
        .contains("callback URL is invalid"));
}

#[tokio::test]
async fn cloud_refresh_rotates_and_reuse_after_leeway_revokes_the_family() {
    let (j, clock) = fixed_clock_sandbox(Flavor::Cloud).await;
    let t = exchange(&j, &cloud_code(&j).await).await;
    let rt1 = t.body["refresh_token"].as_str().expect("rt").to_owned();
    let r2 = refresh(&j, &rt1).await;
    assert_eq!(r2.status, 200);
    let rt2 = r2.body["refresh_token"]
        .as_str()
        .expect("rotated")
        .to_owned();
    assert_ne!(rt1, rt2, "refresh tokens rotate");
    clock.advance(Duration::minutes(5));
    let within = refresh(&j, &rt1).await;
    assert_eq!(
        within.status, 200,
        "reuse within the 10-minute leeway is tolerated"
    );
    let access = within.body["access_token"]
        .as_str()
        .expect("access")
        .to_owned();
    clock.advance(Duration::minutes(6));
    let reuse = refresh(&j, &rt1).await;
    assert_eq!(reuse.status, 403);
    assert_eq!(
        reuse.body,
        json!({"error": "invalid_grant", "error_description": "Unknown or invalid refresh token."})
    );
    assert_eq!(
        refresh(&j, &rt2).await.status,
        403,
        "the whole family is revoked"
    );
    assert_eq!(
        myself_via_gateway(&j, &access).await,
        401,
        "access tokens of the family die too"
    );
}

#[tokio::test]
async fn cloud_access_tokens_expire_after_an_hour_and_revocation_kills_refresh() {
    let (j, clock) = fixed_clock_sandbox(Flavor::Cloud).await;
    let t = exchange(&j, &cloud_code(&j).await).await;
    let access = t.body["access_token"].as_str().expect("access").to_owned();
    let rt = t.body["refresh_token"].as_str().expect("rt").to_owned();
    clock.advance(Duration::minutes(59));
    assert_eq!(myself_via_gateway(&j, &access).await, 200);
    clock.advance(Duration::minutes(2));
    assert_eq!(myself_via_gateway(&j, &access).await, 401);
    let fresh = refresh(&j, &rt).await;
    assert_eq!(fresh.status, 200);
    assert_eq!(
        myself_via_gateway(&j, fresh.body["access_token"].as_str().expect("access")).await,
        200
    );
    clock.advance(Duration::days(89));
    let before_idle = refresh(&j, fresh.body["refresh_token"].as_str().expect("rt")).await;
    assert_eq!(before_idle.status, 200, "89 idle days are fine");
    let idle_rt = before_idle.body["refresh_token"]
        .as_str()
        .expect("rt")
        .to_owned();
    clock.advance(Duration::days(91));
    assert_eq!(
        refresh(&j, &idle_rt).await.status,
        403,
        "90 idle days expire the grant"
    );
    j.sb.revoke_oauth_grants();
    assert_eq!(
        refresh(&j, fresh.body["refresh_token"].as_str().expect("rt"))
            .await
            .status,
        403
    );
}

#[tokio::test]
async fn cloud_scopes_are_enforced() {
    let (j, _) = fixed_clock_sandbox(Flavor::Cloud).await;
    let id = j.sb.credentials().oauth_client_id.clone();
    let code = authorize(
        &j,
        "/authorize",
        &[
            ("audience", "api.atlassian.com"),
            ("client_id", &id),
            ("scope", "read:jira-work"),
            ("redirect_uri", REDIRECT),
            ("state", "xyz"),
            ("response_type", "code"),
        ],
    )
    .await;
    let t = exchange(&j, &code).await;
    assert!(
        t.body.get("refresh_token").is_none(),
        "no offline_access, no refresh token"
    );
    let access = t.body["access_token"].as_str().expect("access").to_owned();
    let r = reply(
        j.http
            .post(format!("{}/rest/api/3/issue", j.sb.gateway_base_url()))
            .bearer_auth(&access)
            .json(&json!({"fields": {}}))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.body["message"], "Unauthorized; scope does not match");
    let search = j
        .http
        .get(format!(
            "{}/rest/api/3/search/jql?jql=project%3DSEC",
            j.sb.gateway_base_url()
        ))
        .bearer_auth(&access)
        .send()
        .await
        .expect("sent");
    assert_eq!(search.status().as_u16(), 200);
}

#[tokio::test]
async fn consent_can_be_denied() {
    let (j, _) = fixed_clock_sandbox(Flavor::Cloud).await;
    let c = j.sb.credentials().clone();
    let page = j
        .http
        .get(format!("{}/authorize", j.sb.base_url()))
        .query(&[
            ("audience", "api.atlassian.com"),
            ("client_id", c.oauth_client_id.as_str()),
            ("scope", SCOPES),
            ("redirect_uri", REDIRECT),
            ("state", "xyz"),
            ("response_type", "code"),
        ])
        .send()
        .await
        .expect("sent");
    let approve = page.headers()["x-sandbox-approve-url"]
        .to_str()
        .expect("ascii")
        .to_owned();
    let deny = approve.replace("/approve?", "/deny?");
    let r = j.http.get(&deny).send().await.expect("sent");
    let location = r.headers()["location"].to_str().expect("ascii").to_owned();
    assert!(location.contains("error=access_denied"));
    let again = j.http.get(&approve).send().await.expect("sent");
    assert_eq!(
        again.status().as_u16(),
        400,
        "an answered consent cannot be approved"
    );
}
