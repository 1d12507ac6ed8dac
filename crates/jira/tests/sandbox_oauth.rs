//! OAuth 2.0 against the sandbox on both flavors: browser sign-in through the consent page,
//! API calls with the access token, rotation, reuse detection, revocation, single-flight.

mod support;

use std::sync::Arc;
use std::time::Duration;

use support::sandbox_browser::{free_port, Choice, SandboxBrowser};
use url::Url;
use vulnbridge_jira::oauth::{sign_in, SignInOptions};
use vulnbridge_jira::{
    AuthMethod, ClientOptions, CloudEndpoints, ConnectionConfig, ConnectionId, JiraClient,
    MemorySecretStore, RetryPolicy, SecretKind, SecretStore,
};
use vulnbridge_sandbox::{chrono, Flavor, RunningSandbox, Sandbox, SandboxConfig};

const CLOUD_SCOPES: [&str; 4] = [
    "read:jira-work",
    "write:jira-work",
    "read:jira-user",
    "offline_access",
];

struct Setup {
    sandbox: RunningSandbox,
    config: ConnectionConfig,
    store: Arc<MemorySecretStore>,
}

async fn setup(flavor: Flavor, scopes: &[&str]) -> Setup {
    let port = free_port();
    let sandbox = Sandbox::start(
        SandboxConfig::new(flavor)
            .with_oauth_redirect_uris(vec![format!("http://localhost:{port}/callback")]),
    )
    .await
    .expect("sandbox");
    let creds = sandbox.credentials().clone();
    let base = Url::parse(sandbox.base_url()).expect("url");
    let scopes: Vec<String> = scopes.iter().map(|s| (*s).to_owned()).collect();
    let (auth, site_url) = match flavor {
        Flavor::Cloud => (
            AuthMethod::CloudOauth {
                client_id: creds.oauth_client_id.clone(),
                callback_port: port,
                scopes,
            },
            Url::parse("https://vulnbridge-sandbox.atlassian.net").expect("url"),
        ),
        Flavor::DataCenter => (
            AuthMethod::DcOauth {
                client_id: creds.oauth_client_id.clone(),
                pkce: true,
                callback_port: port,
                scopes,
            },
            base.clone(),
        ),
    };
    let store = Arc::new(MemorySecretStore::new());
    let config = ConnectionConfig {
        id: ConnectionId::new("oauth").expect("id"),
        kind: auth.deployment(),
        site_url,
        cloud_id: None,
        cloud_endpoints: CloudEndpoints {
            auth_base: base.clone(),
            api_base: base,
        },
        auth,
        account_display_name: None,
    };
    store
        .set(
            &config.id,
            SecretKind::ClientSecret,
            &creds.oauth_client_secret.as_str().into(),
        )
        .expect("secret");
    Setup {
        sandbox,
        config,
        store,
    }
}

fn sign_in_options() -> SignInOptions {
    SignInOptions {
        callback_timeout: Duration::from_secs(10),
        ..SignInOptions::default()
    }
}

/// Signs in through the consent page and returns a client for the signed-in connection.
async fn signed_in(setup: &mut Setup, margin: Duration) -> JiraClient {
    let browser = SandboxBrowser::new(Choice::Accept);
    let outcome = sign_in(
        setup.config.clone(),
        setup.store.clone(),
        &browser,
        sign_in_options(),
    )
    .await;
    assert_eq!(
        *browser.problem.lock().expect("lock"),
        None,
        "browser side of the flow"
    );
    let outcome = outcome.expect("signed in");
    if setup.config.kind == vulnbridge_jira::DeploymentKind::Cloud {
        let site = outcome
            .require_site(&setup.config.site_url)
            .expect("sandbox site reachable");
        assert_eq!(site.id, setup.sandbox.credentials().cloud_id());
        assert_eq!(outcome.sites.len(), setup.sandbox.credentials().sites.len());
        setup.config.cloud_id = Some(site.id.clone());
    }
    let options = ClientOptions {
        refresh_margin: margin,
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    };
    JiraClient::connect(setup.config.clone(), setup.store.clone(), options)
        .await
        .expect("client")
}

fn refresh_token(setup: &Setup) -> String {
    setup
        .store
        .require(&setup.config.id, SecretKind::RefreshToken)
        .expect("refresh token")
        .expose()
        .clone()
}

fn token_path(flavor: Flavor) -> &'static str {
    match flavor {
        Flavor::Cloud => "/oauth/token",
        Flavor::DataCenter => "/rest/oauth2/latest/token",
    }
}

#[tokio::test]
async fn sign_in_and_call_the_api_on_both_flavors() {
    for flavor in [Flavor::Cloud, Flavor::DataCenter] {
        let scopes: &[&str] = if flavor == Flavor::Cloud {
            &CLOUD_SCOPES
        } else {
            &["WRITE"]
        };
        let mut setup = setup(flavor, scopes).await;
        let client = signed_in(&mut setup, Duration::from_secs(60)).await;
        let me: serde_json::Value = client
            .get_json("myself", &[])
            .await
            .expect("myself with the access token");
        assert!(
            me["displayName"].as_str().is_some_and(|n| !n.is_empty()),
            "{flavor:?}: {me}"
        );
        let log = setup.sandbox.request_log();
        match flavor {
            Flavor::Cloud => {
                let gateway = format!(
                    "/ex/jira/{}/rest/api/3/myself",
                    setup.sandbox.credentials().cloud_id()
                );
                assert_eq!(
                    log.count("GET", &gateway),
                    1,
                    "3LO calls go through the API gateway"
                );
            }
            Flavor::DataCenter => assert_eq!(log.count("GET", "/rest/api/2/myself"), 1),
        }
        assert_eq!(
            log.count("POST", token_path(flavor)),
            1,
            "{flavor:?}: one code exchange, no refresh yet"
        );
        setup.sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn cloud_scope_mismatch_is_named() {
    let mut setup = setup(Flavor::Cloud, &["read:jira-work", "offline_access"]).await;
    let client = signed_in(&mut setup, Duration::from_secs(60)).await;
    let error = client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect_err("no read:jira-user");
    assert_eq!(error.code(), "scope_mismatch", "{error}");
    assert!(error.to_string().contains("scopes"));
    setup.sandbox.shutdown().await;
}

#[tokio::test]
async fn denied_consent_fails_the_sign_in() {
    let setup = setup(Flavor::Cloud, &CLOUD_SCOPES).await;
    let browser = SandboxBrowser::new(Choice::Deny);
    let error = sign_in(
        setup.config.clone(),
        setup.store.clone(),
        &browser,
        sign_in_options(),
    )
    .await
    .expect_err("denied");
    assert_eq!(error.code(), "authorization_denied", "{error}");
    assert!(setup
        .store
        .get(&setup.config.id, SecretKind::RefreshToken)
        .expect("get")
        .is_none());
    setup.sandbox.shutdown().await;
}

#[tokio::test]
async fn every_refresh_rotates_and_the_newest_token_is_stored() {
    for flavor in [Flavor::Cloud, Flavor::DataCenter] {
        let scopes: &[&str] = if flavor == Flavor::Cloud {
            &CLOUD_SCOPES
        } else {
            &["WRITE"]
        };
        let mut setup = setup(flavor, scopes).await;
        // A margin longer than the 1 h lifetime: every call refreshes first.
        let client = signed_in(&mut setup, Duration::from_secs(7200)).await;
        let mut seen = vec![refresh_token(&setup)];
        for _ in 0..3 {
            client
                .get_json::<serde_json::Value>("myself", &[])
                .await
                .expect("call after refresh");
            let current = refresh_token(&setup);
            assert!(
                !seen.contains(&current),
                "{flavor:?}: refresh token rotated"
            );
            seen.push(current);
        }
        assert_eq!(client.oauth_session().expect("oauth").refresh_count(), 3);
        setup.sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn reuse_of_a_rotated_token_revokes_the_grant_and_asks_for_sign_in() {
    let mut setup = setup(Flavor::Cloud, &CLOUD_SCOPES).await;
    let client = signed_in(&mut setup, Duration::from_secs(7200)).await;
    let stale = refresh_token(&setup);
    client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect("refresh rotates");
    assert_ne!(refresh_token(&setup), stale);

    // A second copy of the app still holding the old refresh token, 11 minutes later.
    setup.sandbox.clock().advance(chrono::Duration::minutes(11));
    let stale_store = Arc::new(MemorySecretStore::new());
    let id = setup.config.id.clone();
    stale_store
        .set(&id, SecretKind::RefreshToken, &stale.as_str().into())
        .expect("seed");
    stale_store
        .set(
            &id,
            SecretKind::ClientSecret,
            &setup
                .sandbox
                .credentials()
                .oauth_client_secret
                .as_str()
                .into(),
        )
        .expect("seed");
    let options = ClientOptions {
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    };
    let stale_client = JiraClient::connect(setup.config.clone(), stale_store, options)
        .await
        .expect("client");
    let error = stale_client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect_err("reuse detected");
    assert_eq!(error.code(), "needs_reauthorization");

    // Reuse revoked the whole family: the up-to-date copy must sign in again too, and stops.
    let error = client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect_err("family revoked");
    assert_eq!(error.code(), "needs_reauthorization");
    let token_calls = setup.sandbox.request_log().count("POST", "/oauth/token");
    for _ in 0..3 {
        assert_eq!(
            client
                .get_json::<serde_json::Value>("myself", &[])
                .await
                .expect_err("sticky")
                .code(),
            "needs_reauthorization"
        );
    }
    assert_eq!(
        setup.sandbox.request_log().count("POST", "/oauth/token"),
        token_calls,
        "no retry loop"
    );
    setup.sandbox.shutdown().await;
}

#[tokio::test]
async fn revoked_grant_turns_into_needs_reauthorization() {
    let mut setup = setup(Flavor::DataCenter, &["WRITE"]).await;
    let client = signed_in(&mut setup, Duration::from_secs(60)).await;
    client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect("works");
    setup.sandbox.revoke_oauth_grants();
    let error = client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect_err("revoked");
    assert_eq!(error.code(), "needs_reauthorization", "{error}");
    assert!(setup
        .store
        .get(&setup.config.id, SecretKind::RefreshToken)
        .expect("get")
        .is_none());
    let refreshes = setup
        .sandbox
        .request_log()
        .count("POST", "/rest/oauth2/latest/token");
    assert_eq!(
        client
            .get_json::<serde_json::Value>("myself", &[])
            .await
            .expect_err("sticky")
            .code(),
        "needs_reauthorization"
    );
    assert_eq!(
        setup
            .sandbox
            .request_log()
            .count("POST", "/rest/oauth2/latest/token"),
        refreshes
    );

    // Signing in again revives the same client: no restart needed.
    let browser = SandboxBrowser::new(Choice::Accept);
    sign_in(
        setup.config.clone(),
        setup.store.clone(),
        &browser,
        sign_in_options(),
    )
    .await
    .expect("signed in again");
    client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect("works again");
    setup.sandbox.shutdown().await;
}

#[tokio::test]
async fn concurrent_requests_share_a_single_refresh() {
    let mut setup = setup(Flavor::Cloud, &CLOUD_SCOPES).await;
    let client = signed_in(&mut setup, Duration::from_secs(60)).await;
    // An app restart with no usable access token in the keyring: the first requests must
    // refresh, and they all arrive at once.
    drop(client);
    setup
        .store
        .delete(&setup.config.id, SecretKind::AccessToken)
        .expect("forget access token");
    let options = ClientOptions {
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    };
    let client = JiraClient::connect(setup.config.clone(), setup.store.clone(), options)
        .await
        .expect("client");
    let before = setup.sandbox.request_log().count("POST", "/oauth/token");
    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_json::<serde_json::Value>("myself", &[]).await })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect("request");
    }
    assert_eq!(
        setup.sandbox.request_log().count("POST", "/oauth/token") - before,
        1,
        "one refresh for 32 requests"
    );
    setup.sandbox.shutdown().await;
}
