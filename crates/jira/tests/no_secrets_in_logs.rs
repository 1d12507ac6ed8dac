//! Every log line the crate (and reqwest/hyper under it) writes at TRACE level during real
//! sign-ins, refreshes, API calls and failures is free of secrets. Own test binary: it installs
//! the global tracing subscriber.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use support::sandbox_browser::{free_port, Choice, SandboxBrowser};
use url::Url;
use vulnbridge_jira::oauth::{sign_in, SignInOptions};
use vulnbridge_jira::{
    AuthMethod, ClientOptions, CloudEndpoints, ConnectionConfig, ConnectionId, DeploymentKind,
    JiraClient, MemorySecretStore, RetryPolicy, SecretKind, SecretStore,
};
use vulnbridge_sandbox::{Flavor, Sandbox, SandboxConfig};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trace_logs_never_contain_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    let port = free_port();
    let sandbox = Sandbox::start(
        SandboxConfig::new(Flavor::DataCenter)
            .with_oauth_redirect_uris(vec![format!("http://localhost:{port}/callback")]),
    )
    .await
    .expect("sandbox");
    let creds = sandbox.credentials().clone();
    let base = Url::parse(sandbox.base_url()).expect("url");
    let id = ConnectionId::new("logs").expect("id");
    let store = Arc::new(MemorySecretStore::new());
    store
        .set(
            &id,
            SecretKind::ClientSecret,
            &creds.oauth_client_secret.as_str().into(),
        )
        .expect("store");
    store
        .set(&id, SecretKind::Pat, &creds.pat.as_str().into())
        .expect("store");
    let mut config = ConnectionConfig {
        id: id.clone(),
        kind: DeploymentKind::DataCenter,
        site_url: base.clone(),
        cloud_id: None,
        cloud_endpoints: CloudEndpoints {
            auth_base: base.clone(),
            api_base: base,
        },
        auth: AuthMethod::DcOauth {
            client_id: creds.oauth_client_id.clone(),
            pkce: true,
            callback_port: port,
            scopes: vec!["WRITE".into()],
        },
        account_display_name: None,
    };

    let browser = SandboxBrowser::new(Choice::Accept);
    let options = SignInOptions {
        callback_timeout: Duration::from_secs(10),
        ..SignInOptions::default()
    };
    sign_in(config.clone(), store.clone(), &browser, options)
        .await
        .expect("signed in");
    let mut seen_tokens = vec![store
        .require(&id, SecretKind::RefreshToken)
        .expect("rt")
        .expose()
        .clone()];

    // Refresh on every call (margin > lifetime), then a revoked grant.
    let refreshing = ClientOptions {
        refresh_margin: Duration::from_secs(7200),
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    };
    let client = JiraClient::connect(config.clone(), store.clone(), refreshing)
        .await
        .expect("client");
    for _ in 0..2 {
        client
            .get_json::<serde_json::Value>("myself", &[])
            .await
            .expect("myself");
        seen_tokens.push(
            store
                .require(&id, SecretKind::RefreshToken)
                .expect("rt")
                .expose()
                .clone(),
        );
        seen_tokens.push(
            store
                .require(&id, SecretKind::AccessToken)
                .expect("at")
                .expose()
                .clone(),
        );
    }
    client.test_connection().await.expect("connection test");
    sandbox.revoke_oauth_grants();
    client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect_err("revoked");

    // PAT calls, good and bad.
    config.auth = AuthMethod::DcPat;
    let pat_client = JiraClient::connect(config.clone(), store.clone(), ClientOptions::default())
        .await
        .expect("client");
    pat_client.test_connection().await.expect("PAT works");
    store
        .set(&id, SecretKind::Pat, &"pat-that-is-wrong-123".into())
        .expect("store");
    let wrong = JiraClient::connect(config, store.clone(), ClientOptions::default())
        .await
        .expect("client");
    wrong.test_connection().await.expect_err("bad PAT");
    sandbox.shutdown().await;

    let logs = String::from_utf8_lossy(&captured.0.lock().expect("lock")).to_string();
    assert!(
        logs.contains("refreshing the OAuth access token"),
        "the capture works"
    );
    assert!(
        logs.lines().count() > 20,
        "TRACE logs were captured: {}",
        logs.lines().count()
    );
    let mut secrets = vec![
        creds.oauth_client_secret.clone(),
        creds.pat.clone(),
        "pat-that-is-wrong-123".to_owned(),
    ];
    secrets.extend(seen_tokens.iter().filter(|t| !t.is_empty()).cloned());
    for secret in secrets {
        // Access tokens are stored as JSON; check the token itself.
        let needle = serde_json::from_str::<serde_json::Value>(&secret)
            .ok()
            .and_then(|v| v["token"].as_str().map(str::to_owned))
            .unwrap_or(secret);
        assert!(!logs.contains(&needle), "a secret appears in the logs");
    }
}
