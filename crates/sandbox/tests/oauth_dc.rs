//! Data Center OAuth 2.0 incoming link: PKCE S256 verification, secret, refresh rules.

mod common;

use chrono::Utc;
use common::consent::{authorize, REDIRECT};
use common::{reply, Jira, Reply};
use vulnbridge_sandbox::{chrono, Clock, Flavor, SandboxConfig};

async fn fixed_clock_sandbox(flavor: Flavor) -> (Jira, Clock) {
    let clock = Clock::fixed(Utc::now());
    let j = Jira::start(SandboxConfig::new(flavor).with_clock(clock.clone())).await;
    (j, clock)
}

async fn dc_token(j: &Jira, form: &[(&str, &str)]) -> Reply {
    reply(
        j.http
            .post(format!("{}/rest/oauth2/latest/token", j.sb.base_url()))
            .form(form)
            .send()
            .await
            .expect("sent"),
    )
    .await
}

#[tokio::test]
async fn dc_pkce_flow_verifies_the_code_verifier() {
    let (j, _) = fixed_clock_sandbox(Flavor::DataCenter).await;
    let c = j.sb.credentials().clone();
    let verifier = "a-verifier-with-enough-entropy-0123456789abcdefghijk";
    let challenge = vulnbridge_sandbox::pkce_s256_challenge(verifier);
    let params = [
        ("client_id", c.oauth_client_id.as_str()),
        ("redirect_uri", REDIRECT),
        ("response_type", "code"),
        ("scope", "WRITE"),
        ("state", "xyz"),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    let code = authorize(&j, "/rest/oauth2/latest/authorize", &params).await;
    let base = |code: &str, v: &'static str| -> Vec<(&'static str, String)> {
        vec![
            ("grant_type", "authorization_code".into()),
            ("client_id", "sandbox-client-id".into()),
            ("client_secret", "sandbox-client-secret".into()),
            ("code", code.to_owned()),
            ("redirect_uri", REDIRECT.into()),
            ("code_verifier", v.into()),
        ]
    };
    let wrong: Vec<(&str, String)> = base(&code, "some-other-verifier");
    let wrong_ref: Vec<(&str, &str)> = wrong.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mismatch = dc_token(&j, &wrong_ref).await;
    assert_eq!(mismatch.status, 400);
    assert_eq!(mismatch.body["error"], "invalid_grant");

    let code = authorize(&j, "/rest/oauth2/latest/authorize", &params).await;
    let good: Vec<(&str, String)> = base(
        &code,
        "a-verifier-with-enough-entropy-0123456789abcdefghijk",
    );
    let good_ref: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let t = dc_token(&j, &good_ref).await;
    assert_eq!(t.status, 200, "{}", t.text);
    let access = t.body["access_token"].as_str().expect("access").to_owned();
    let me = reply(
        j.http
            .get(j.url("/myself"))
            .bearer_auth(&access)
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["name"], "analyst");

    let rt = t.body["refresh_token"].as_str().expect("rt").to_owned();
    let no_redirect = dc_token(
        &j,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "sandbox-client-id"),
            ("client_secret", "sandbox-client-secret"),
            ("refresh_token", &rt),
        ],
    )
    .await;
    assert_eq!(
        no_redirect.status, 400,
        "DC refresh must resend redirect_uri"
    );
    let refreshed = dc_token(
        &j,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "sandbox-client-id"),
            ("client_secret", "sandbox-client-secret"),
            ("refresh_token", &rt),
            ("redirect_uri", REDIRECT),
        ],
    )
    .await;
    assert_eq!(refreshed.status, 200);
    let reused = dc_token(
        &j,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "sandbox-client-id"),
            ("client_secret", "sandbox-client-secret"),
            ("refresh_token", &rt),
            ("redirect_uri", REDIRECT),
        ],
    )
    .await;
    assert_eq!(reused.status, 400, "a rotated DC refresh token is dead");

    let no_secret = dc_token(
        &j,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", "sandbox-client-id"),
            ("code", "x"),
        ],
    )
    .await;
    assert_eq!(no_secret.status, 401);
    assert_eq!(no_secret.body["error"], "invalid_client");
}
