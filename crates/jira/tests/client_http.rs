//! JiraClient over real HTTP on 127.0.0.1 against a scripted server: auth headers, dialects,
//! error classification, retries, and the connection test's human errors.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use support::{MockServer, Reply};
use url::Url;
use vulnbridge_jira::{
    ApiRequest, AuthMethod, ClientOptions, CloudEndpoints, ConnectionConfig, ConnectionId,
    DeploymentKind, JiraClient, MemorySecretStore, RetryPolicy, SecretKind, SecretStore,
};

const PAT: &str = "pat-SECRET-0123456789";
const TOKEN: &str = "apitoken-SECRET-abcdef";

fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        max_wait: Duration::from_secs(5),
    }
}

fn options() -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_secs(5),
        retry: fast_retry(),
        ..ClientOptions::default()
    }
}

fn config(base: &str, kind: DeploymentKind, auth: AuthMethod) -> ConnectionConfig {
    ConnectionConfig {
        id: ConnectionId::new("conn").expect("id"),
        kind,
        site_url: Url::parse(base).expect("url"),
        cloud_id: None,
        cloud_endpoints: CloudEndpoints::default(),
        auth,
        account_display_name: None,
    }
}

async fn dc_pat_client(base: &str, options: ClientOptions) -> JiraClient {
    let store = Arc::new(MemorySecretStore::new());
    store
        .set(
            &ConnectionId::new("conn").expect("id"),
            SecretKind::Pat,
            &PAT.into(),
        )
        .expect("set");
    JiraClient::connect(
        config(base, DeploymentKind::DataCenter, AuthMethod::DcPat),
        store,
        options,
    )
    .await
    .expect("client")
}

#[tokio::test]
async fn pat_is_a_bearer_on_the_v2_api_and_api_tokens_are_basic_on_v3() {
    let server = MockServer::start(|_, _| Reply::json(200, r#"{"displayName":"Ann"}"#)).await;
    let client = dc_pat_client(&server.base, options()).await;
    let _: serde_json::Value = client.get_json("myself", &[]).await.expect("myself");
    let seen = &server.requests()[0];
    assert_eq!(seen.target, "/rest/api/2/myself");
    assert_eq!(
        seen.header("authorization"),
        Some(format!("Bearer {PAT}").as_str())
    );
    assert!(!format!("{client:?}").contains(PAT));

    let store = Arc::new(MemorySecretStore::new());
    store
        .set(
            &ConnectionId::new("conn").expect("id"),
            SecretKind::ApiToken,
            &TOKEN.into(),
        )
        .expect("set");
    let auth = AuthMethod::CloudApiToken {
        email: "ann@example.com".into(),
        scoped: false,
    };
    let cloud = JiraClient::connect(
        config(&server.base, DeploymentKind::Cloud, auth),
        store,
        options(),
    )
    .await
    .expect("client");
    cloud
        .execute(ApiRequest::get("project/search").query("maxResults", "1"))
        .await
        .expect("ok");
    let seen = &server.requests()[1];
    assert_eq!(seen.target, "/rest/api/3/project/search?maxResults=1");
    use base64::Engine as _;
    let expected =
        base64::engine::general_purpose::STANDARD.encode(format!("ann@example.com:{TOKEN}"));
    assert_eq!(
        seen.header("authorization"),
        Some(format!("Basic {expected}").as_str())
    );
}

#[tokio::test]
async fn a_missing_secret_is_reported_before_any_request() {
    let server = MockServer::start(|_, _| Reply::json(200, "{}")).await;
    let error = JiraClient::connect(
        config(
            &server.base,
            DeploymentKind::DataCenter,
            AuthMethod::DcBasic {
                username: "bob".into(),
            },
        ),
        Arc::new(MemorySecretStore::new()),
        options(),
    )
    .await
    .expect_err("no password");
    assert_eq!(error.code(), "secret_missing");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn rate_limit_waits_for_retry_after_then_succeeds_even_for_post() {
    let server = MockServer::start(|_, index| match index {
        0 => Reply::json(429, "{}")
            .header("Retry-After", "1")
            .header("RateLimit-Reason", "jira-burst-based"),
        _ => Reply::json(201, r#"{"id":"10001","key":"SEC-1"}"#),
    })
    .await;
    let client = dc_pat_client(&server.base, options()).await;
    let started = Instant::now();
    let response = client
        .execute(
            ApiRequest::new(reqwest::Method::POST, "issue").json(serde_json::json!({"fields":{}})),
        )
        .await
        .expect("created after the wait");
    assert_eq!(response.status, 201);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured: {:?}",
        started.elapsed()
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn long_retry_after_is_handed_back_with_the_reason() {
    let server = MockServer::start(|_, _| {
        Reply::json(429, "{}")
            .header("Retry-After", "1800")
            .header("RateLimit-Reason", "jira-quota-global-based")
    })
    .await;
    let client = dc_pat_client(&server.base, options()).await;
    let error = client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect_err("limited");
    assert_eq!(error.code(), "rate_limited");
    assert!(error.to_string().contains("quota"), "{error}");
    assert!(error.to_string().contains("1800 seconds"), "{error}");
    assert_eq!(
        server.requests().len(),
        1,
        "no sleeping through an hourly quota"
    );
}

#[tokio::test]
async fn server_errors_retry_gets_but_never_posts() {
    let server = MockServer::start(|_, _| Reply::json(502, "<html>bad gateway</html>")).await;
    let client = dc_pat_client(&server.base, options()).await;
    let error = client
        .execute(ApiRequest::get("flaky"))
        .await
        .expect_err("502");
    assert_eq!(error.code(), "server_error");
    assert_eq!(server.requests().len(), 3, "GET tried max_attempts times");
    let error = client
        .execute(ApiRequest::new(reqwest::Method::POST, "issue").json(serde_json::json!({})))
        .await
        .expect_err("502");
    assert_eq!(error.code(), "server_error");
    assert_eq!(
        server.requests().len(),
        4,
        "POST sent once: a retry could create a second ticket"
    );
}

#[tokio::test]
async fn http_failures_are_classified() {
    let server = MockServer::start(|seen, _| match seen.target.as_str() {
        "/rest/api/2/a" => Reply::json(401, r#"{"errorMessages":["Client must be authenticated to access this resource."]}"#),
        "/rest/api/2/b" => Reply::json(403, r#"{"errorMessages":["You do not have the permission to see the specified issue."]}"#),
        "/rest/api/2/c" => Reply::json(400, r#"{"errorMessages":[],"errors":{"summary":"You must specify a summary of the issue."}}"#),
        _ => Reply::json(404, r#"{"errorMessages":["Issue does not exist or you do not have permission to see it."]}"#),
    })
    .await;
    let client = dc_pat_client(&server.base, options()).await;
    let code = |path: &'static str| {
        let client = client.clone();
        async move {
            client
                .execute(ApiRequest::get(path))
                .await
                .expect_err("fails")
        }
    };
    let unauthorized = code("a").await;
    assert_eq!(unauthorized.code(), "bad_credentials");
    assert!(unauthorized.to_string().contains("Personal Access Tokens"));
    assert_eq!(code("b").await.code(), "forbidden");
    let rejected = code("c").await;
    assert_eq!(rejected.code(), "rejected");
    assert!(rejected
        .to_string()
        .contains("summary: You must specify a summary"));
    assert_eq!(code("d").await.code(), "not_found");
    assert_eq!(server.requests().len(), 4, "client errors are not retried");
}

#[tokio::test]
async fn connection_refused_is_site_unreachable() {
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        probe.local_addr().expect("addr").port()
    };
    let client = dc_pat_client(
        &format!("http://127.0.0.1:{port}"),
        ClientOptions {
            retry: RetryPolicy::none(),
            ..options()
        },
    )
    .await;
    let error = client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect_err("refused");
    assert_eq!(error.code(), "site_unreachable", "{error}");
    assert!(error.to_string().contains("127.0.0.1"), "{error}");
    assert!(!error.to_string().contains(PAT));
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let server =
        MockServer::start(|_, _| Reply::json(200, "{}").delayed(Duration::from_secs(5))).await;
    let options = ClientOptions {
        timeout: Duration::from_millis(300),
        retry: RetryPolicy::none(),
        ..options()
    };
    let client = dc_pat_client(&server.base, options).await;
    let error = client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect_err("timeout");
    assert_eq!(error.code(), "timeout", "{error}");
}

#[tokio::test]
async fn tls_to_a_plain_http_port_is_a_tls_error() {
    // A plain-HTTP server answering the TLS ClientHello with an HTTP error, like a
    // misconfigured port or an intercepting box would.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut hello = [0u8; 512];
            let _ = stream.read(&mut hello).await;
            let _ = stream
                .write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                .await;
        }
    });
    let client = dc_pat_client(
        &format!("https://{address}"),
        ClientOptions {
            retry: RetryPolicy::none(),
            ..options()
        },
    )
    .await;
    let error = client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect_err("tls");
    assert_eq!(error.code(), "tls_error", "{error}");
    assert!(error.to_string().contains("CA certificate"), "{error}");
}

#[tokio::test]
async fn an_unreachable_proxy_is_a_proxy_error() {
    let server = MockServer::start(|_, _| Reply::json(200, "{}")).await;
    let dead_port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        probe.local_addr().expect("addr").port()
    };
    let options = ClientOptions {
        proxy: Some(Url::parse(&format!("http://127.0.0.1:{dead_port}")).expect("url")),
        retry: RetryPolicy::none(),
        ..options()
    };
    let client = dc_pat_client(&server.base, options).await;
    let error = client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect_err("proxy");
    assert_eq!(error.code(), "proxy_error", "{error}");
    assert!(error.to_string().contains("proxy settings"), "{error}");
}
