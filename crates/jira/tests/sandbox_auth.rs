//! Every non-OAuth sign-in method against the sandbox (real HTTP on 127.0.0.1), on both
//! flavors: the right credentials work, wrong ones give the right human error.

mod support;

use std::sync::Arc;
use std::time::Duration;

use url::Url;
use vulnbridge_jira::{
    AuthMethod, ClientOptions, CloudEndpoints, ConnectionConfig, ConnectionId, JiraClient,
    MemorySecretStore, RetryPolicy, SecretKind, SecretStore,
};
use vulnbridge_sandbox::{Flavor, RunningSandbox, Sandbox, SandboxConfig};

fn id() -> ConnectionId {
    ConnectionId::new("sandbox").expect("id")
}

async fn start(flavor: Flavor) -> RunningSandbox {
    Sandbox::start(SandboxConfig::new(flavor))
        .await
        .expect("sandbox starts")
}

fn options() -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_secs(10),
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    }
}

async fn client(
    sandbox: &RunningSandbox,
    auth: AuthMethod,
    secret: (SecretKind, &str),
) -> JiraClient {
    let store = Arc::new(MemorySecretStore::new());
    store.set(&id(), secret.0, &secret.1.into()).expect("store");
    let base = Url::parse(sandbox.base_url()).expect("url");
    let kind = auth.deployment();
    let config = ConnectionConfig {
        id: id(),
        kind,
        site_url: base.clone(),
        cloud_id: Some(sandbox.credentials().cloud_id().to_owned()),
        cloud_endpoints: CloudEndpoints {
            auth_base: base.clone(),
            api_base: base,
        },
        auth,
        account_display_name: None,
    };
    JiraClient::connect(config, store, options())
        .await
        .expect("client")
}

async fn whoami(client: &JiraClient) -> vulnbridge_jira::Result<serde_json::Value> {
    client.get_json("myself", &[]).await
}

#[tokio::test]
async fn cloud_api_token_on_the_site_and_scoped_through_the_gateway() {
    let sandbox = start(Flavor::Cloud).await;
    let creds = sandbox.credentials().clone();
    for scoped in [false, true] {
        let auth = AuthMethod::CloudApiToken {
            email: creds.email.clone(),
            scoped,
        };
        let client = client(
            &sandbox,
            auth.clone(),
            (SecretKind::ApiToken, &creds.api_token),
        )
        .await;
        let me = whoami(&client).await.expect("api token accepted");
        assert!(
            me["accountId"].as_str().is_some_and(|a| !a.is_empty()),
            "{me}"
        );

        let wrong = self::client(&sandbox, auth, (SecretKind::ApiToken, "not-the-token")).await;
        let error = whoami(&wrong).await.expect_err("wrong token");
        assert_eq!(error.code(), "bad_credentials", "scoped={scoped}: {error}");
        assert!(error.to_string().contains(&creds.email));
    }
    let gateway = format!("/ex/jira/{}/rest/api/3/myself", creds.cloud_id());
    assert_eq!(
        sandbox.request_log().count("GET", &gateway),
        2,
        "scoped tokens go through the gateway"
    );
    assert_eq!(
        sandbox.request_log().count("GET", "/rest/api/3/myself"),
        2,
        "classic tokens use the site"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn data_center_pat_and_basic() {
    let sandbox = start(Flavor::DataCenter).await;
    let creds = sandbox.credentials().clone();
    let pat = client(&sandbox, AuthMethod::DcPat, (SecretKind::Pat, &creds.pat)).await;
    let me = whoami(&pat).await.expect("PAT accepted");
    assert_eq!(me["name"], creds.username.as_str());

    let basic = AuthMethod::DcBasic {
        username: creds.username.clone(),
    };
    let me = whoami(&client(&sandbox, basic, (SecretKind::Password, &creds.password)).await)
        .await
        .expect("basic");
    assert_eq!(me["name"], creds.username.as_str());

    let bad_pat = client(
        &sandbox,
        AuthMethod::DcPat,
        (SecretKind::Pat, "revoked-pat"),
    )
    .await;
    let error = whoami(&bad_pat).await.expect_err("bad PAT");
    assert_eq!(error.code(), "bad_credentials");
    assert!(error.to_string().contains("Personal Access Tokens"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn repeated_wrong_passwords_end_in_a_captcha_message() {
    let sandbox = start(Flavor::DataCenter).await;
    let creds = sandbox.credentials().clone();
    let wrong = client(
        &sandbox,
        AuthMethod::DcBasic {
            username: creds.username.clone(),
        },
        (SecretKind::Password, "wrong-password"),
    )
    .await;
    let mut codes = Vec::new();
    for _ in 0..4 {
        codes.push(whoami(&wrong).await.expect_err("wrong password").code());
    }
    assert_eq!(codes[0], "bad_credentials");
    assert_eq!(codes.last().copied(), Some("captcha_required"), "{codes:?}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn dialects_match_the_flavor() {
    let cloud = start(Flavor::Cloud).await;
    let creds = cloud.credentials().clone();
    let auth = AuthMethod::CloudApiToken {
        email: creds.email.clone(),
        scoped: false,
    };
    let client = client(&cloud, auth, (SecretKind::ApiToken, &creds.api_token)).await;
    let page: serde_json::Value = client
        .get_json("project/search", &[("maxResults", "50")])
        .await
        .expect("projects");
    assert!(
        page["values"].as_array().is_some_and(|v| !v.is_empty()),
        "{page}"
    );
    assert_eq!(
        cloud
            .request_log()
            .count("GET", "/rest/api/3/project/search"),
        1
    );
    cloud.shutdown().await;

    let dc = start(Flavor::DataCenter).await;
    let creds = dc.credentials().clone();
    let client = self::client(&dc, AuthMethod::DcPat, (SecretKind::Pat, &creds.pat)).await;
    let projects: Vec<serde_json::Value> = client.get_json("project", &[]).await.expect("projects");
    assert!(!projects.is_empty());
    assert_eq!(dc.request_log().count("GET", "/rest/api/2/project"), 1);
    dc.shutdown().await;
}

#[tokio::test]
async fn an_expired_pat_is_refused_with_a_hint_to_create_a_new_one() {
    let sandbox = start(Flavor::DataCenter).await;
    let creds = sandbox.credentials().clone();
    let admin = client(&sandbox, AuthMethod::DcPat, (SecretKind::Pat, &creds.pat)).await;
    let created = admin
        .execute(
            vulnbridge_jira::ApiRequest::new(reqwest::Method::POST, "/rest/pat/latest/tokens")
                .json(serde_json::json!({"name": "vulnbridge", "expirationDuration": 1})),
        )
        .await
        .expect("PAT created");
    assert_eq!(
        sandbox
            .request_log()
            .count("POST", "/rest/pat/latest/tokens"),
        1,
        "absolute REST paths are kept"
    );
    let raw: serde_json::Value = created.json().expect("json");
    let raw = raw["rawToken"].as_str().expect("rawToken").to_owned();

    let short_lived = client(&sandbox, AuthMethod::DcPat, (SecretKind::Pat, &raw)).await;
    whoami(&short_lived).await.expect("fresh PAT works");
    sandbox
        .clock()
        .advance(vulnbridge_sandbox::chrono::Duration::days(2));
    let error = whoami(&short_lived).await.expect_err("expired");
    assert_eq!(error.code(), "bad_credentials");
    assert!(error.to_string().contains("has expired"), "{error}");
    sandbox.shutdown().await;
}
