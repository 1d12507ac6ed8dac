//! Secrets never show up in Debug/Display output, error messages or UI payloads.

mod support;

use std::sync::Arc;
use std::time::Duration;

use support::{MockServer, Reply};
use url::Url;
use vulnbridge_jira::oauth::{PendingSignIn, Pkce, SignInOptions, TokenClient};
use vulnbridge_jira::{
    AuthMethod, ClientOptions, CloudEndpoints, ConnectionConfig, ConnectionId, DeploymentKind,
    Error, JiraClient, MemorySecretStore, RetryPolicy, SecretKind, SecretStore, Sensitive,
};

const SECRET: &str = "S3CR3T-canary-7f9c2d";

fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(SECRET), "{what} leaks the secret: {text}");
}

fn assert_error_clean(error: &Error) {
    assert_clean("Display", &error.to_string());
    assert_clean("Debug", &format!("{error:?}"));
    assert_clean(
        "payload",
        &serde_json::to_string(&error.to_payload()).expect("json"),
    );
}

fn config(base: &str, auth: AuthMethod, kind: DeploymentKind) -> ConnectionConfig {
    ConnectionConfig {
        id: ConnectionId::new("leak").expect("id"),
        kind,
        site_url: Url::parse(base).expect("url"),
        cloud_id: Some("cloud-1".into()),
        cloud_endpoints: CloudEndpoints {
            auth_base: Url::parse(base).expect("url"),
            api_base: Url::parse(base).expect("url"),
        },
        auth,
        account_display_name: Some("Ann".into()),
    }
}

fn store_with_every_secret() -> Arc<MemorySecretStore> {
    let store = Arc::new(MemorySecretStore::new());
    let id = ConnectionId::new("leak").expect("id");
    for kind in SecretKind::ALL {
        store
            .set(
                &id,
                kind,
                &Sensitive::new(format!("{SECRET}-{}", kind.key())),
            )
            .expect("set");
    }
    store
}

#[tokio::test]
async fn clients_sessions_and_their_errors_never_show_secrets() {
    // Every request is refused, so every method produces its error path.
    let server = MockServer::start(|_, _| {
        Reply::json(
            401,
            r#"{"errorMessages":["denied"],"error":"invalid_client","error_description":"no"}"#,
        )
    })
    .await;
    let options = ClientOptions {
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    };
    let methods = [
        (
            AuthMethod::CloudApiToken {
                email: "ann@example.com".into(),
                scoped: false,
            },
            DeploymentKind::Cloud,
        ),
        (
            AuthMethod::CloudApiToken {
                email: "ann@example.com".into(),
                scoped: true,
            },
            DeploymentKind::Cloud,
        ),
        (AuthMethod::DcPat, DeploymentKind::DataCenter),
        (
            AuthMethod::DcBasic {
                username: "bob".into(),
            },
            DeploymentKind::DataCenter,
        ),
        (
            AuthMethod::CloudOauth {
                client_id: "cid".into(),
                callback_port: 9876,
                scopes: vec!["read:jira-work".into()],
            },
            DeploymentKind::Cloud,
        ),
        (
            AuthMethod::DcOauth {
                client_id: "cid".into(),
                pkce: true,
                callback_port: 9876,
                scopes: vec!["WRITE".into()],
            },
            DeploymentKind::DataCenter,
        ),
    ];
    for (auth, kind) in methods {
        let config = config(&server.base, auth, kind);
        assert_clean("config Debug", &format!("{config:?}"));
        assert_clean(
            "config JSON",
            &serde_json::to_string(&config).expect("json"),
        );
        let client = JiraClient::connect(config, store_with_every_secret(), options.clone())
            .await
            .expect("client");
        assert_clean("client Debug", &format!("{client:?}"));
        let error = client.test_connection().await.expect_err("401 everywhere");
        assert_error_clean(&error);
        if let Some(session) = client.oauth_session() {
            assert_clean("session Debug", &format!("{session:?}"));
        }
    }
    // The secrets did go out on the wire, so the checks above were about something real.
    assert!(server.requests().iter().any(|r| r
        .header("authorization")
        .unwrap_or_default()
        .contains(SECRET)
        || r.body.contains(SECRET)));
}

#[tokio::test]
async fn oauth_pieces_never_show_secrets() {
    let server = MockServer::start(|_, _| {
        Reply::json(
            401,
            r#"{"error":"access_denied","error_description":"Unauthorized"}"#,
        )
    })
    .await;
    let auth = AuthMethod::CloudOauth {
        client_id: "cid".into(),
        callback_port: 9876,
        scopes: vec![],
    };
    let config = config(&server.base, auth, DeploymentKind::Cloud);
    let tokens = TokenClient::new(
        &config,
        reqwest::Client::new(),
        Some(Sensitive::new(SECRET.into())),
        Duration::from_secs(5),
    )
    .expect("token client");
    assert_clean("TokenClient Debug", &format!("{tokens:?}"));
    let error = tokens
        .exchange_code(&Sensitive::new(SECRET.into()), None)
        .await
        .expect_err("rejected");
    assert_eq!(error.code(), "token_request_rejected");
    assert_error_clean(&error);
    let error = tokens
        .refresh(&Sensitive::new(SECRET.into()))
        .await
        .expect_err("rejected");
    assert_error_clean(&error);

    assert_clean(
        "Pkce Debug",
        &format!("{:?}", Pkce::from_verifier(SECRET.into())),
    );
    assert_clean(
        "Sensitive Debug",
        &format!(
            "{:?} {}",
            Sensitive::new(SECRET.to_owned()),
            Sensitive::new(SECRET.to_owned())
        ),
    );

    let options = SignInOptions {
        port_override: Some(0),
        ..SignInOptions::default()
    };
    let pending = PendingSignIn::start(config, store_with_every_secret(), options)
        .await
        .expect("start");
    assert_clean("PendingSignIn Debug", &format!("{pending:?}"));
    assert_clean("authorize URL", pending.authorize_url().as_str());
}
