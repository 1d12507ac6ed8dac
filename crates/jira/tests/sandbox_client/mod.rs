//! A `JiraClient` connected to a fresh sandbox of either flavor (Cloud API token or DC PAT),
//! plus small builders for issue payloads. Shared by the `resources_*` tests.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use url::Url;
use vulnbridge_jira::{
    AuthMethod, ClientOptions, CloudEndpoints, ConnectionConfig, ConnectionId, DeploymentKind,
    Dialect, JiraClient, MemorySecretStore, RetryPolicy, SecretKind, SecretStore,
};
use vulnbridge_sandbox::{Flavor, RunningSandbox, Sandbox, SandboxConfig, Seed};

pub const FLAVORS: [Flavor; 2] = [Flavor::Cloud, Flavor::DataCenter];

/// A sandbox with demo data and a client for it.
pub async fn start(flavor: Flavor) -> (RunningSandbox, JiraClient) {
    start_with(SandboxConfig::new(flavor)).await
}

/// A sandbox without seeded issues (exact counts) and a client for it.
pub async fn start_empty(flavor: Flavor) -> (RunningSandbox, JiraClient) {
    start_with(SandboxConfig::new(flavor).with_seed(Seed::Empty)).await
}

pub async fn start_with(config: SandboxConfig) -> (RunningSandbox, JiraClient) {
    let flavor = config.flavor;
    let sandbox = Sandbox::start(config).await.expect("sandbox starts");
    let client = connect(&sandbox, flavor).await;
    (sandbox, client)
}

pub async fn connect(sandbox: &RunningSandbox, flavor: Flavor) -> JiraClient {
    let creds = sandbox.credentials().clone();
    let id = ConnectionId::new("resources").expect("id");
    let store = Arc::new(MemorySecretStore::new());
    let (kind, auth) = match flavor {
        Flavor::Cloud => {
            store
                .set(&id, SecretKind::ApiToken, &creds.api_token.as_str().into())
                .expect("store token");
            (
                DeploymentKind::Cloud,
                AuthMethod::CloudApiToken {
                    email: creds.email.clone(),
                    scoped: false,
                },
            )
        }
        Flavor::DataCenter => {
            store
                .set(&id, SecretKind::Pat, &creds.pat.as_str().into())
                .expect("store PAT");
            (DeploymentKind::DataCenter, AuthMethod::DcPat)
        }
    };
    let base = Url::parse(sandbox.base_url()).expect("url");
    let config = ConnectionConfig {
        id,
        kind,
        site_url: base.clone(),
        cloud_id: None,
        cloud_endpoints: CloudEndpoints {
            auth_base: base.clone(),
            api_base: base,
        },
        auth,
        account_display_name: None,
    };
    let options = ClientOptions {
        timeout: Duration::from_secs(20),
        retry: RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(100),
            max_wait: Duration::from_secs(5),
        },
        ..ClientOptions::default()
    };
    JiraClient::connect(config, store, options)
        .await
        .expect("client")
}

/// `/rest/api/3` or `/rest/api/2`.
pub fn api(flavor: Flavor) -> &'static str {
    flavor.api_prefix()
}

/// A description in the client's dialect.
pub fn description(client: &JiraClient, text: &str) -> Value {
    match client.dialect() {
        Dialect::CloudV3 => json!({"type": "doc", "version": 1, "content": [
            {"type": "paragraph", "content": [{"type": "text", "text": text}]}]}),
        Dialect::DataCenterV2 => json!(text),
    }
}

/// A valid SEC Task create body with `labels`.
pub fn sec_task(summary: &str, labels: &[&str]) -> Value {
    json!({"fields": {
        "project": {"key": "SEC"},
        "issuetype": {"name": "Task"},
        "summary": summary,
        "labels": labels,
    }})
}

/// A valid APPSEC Bug create body (required Team and Security champion set).
pub fn appsec_bug(client: &JiraClient, summary: &str) -> Value {
    let champion = match client.dialect() {
        Dialect::CloudV3 => "712020:b4a5c6d7-e8f9-4a0b-9c1d-2e3f4a5b6c7d",
        Dialect::DataCenterV2 => "champion",
    };
    json!({"fields": {
        "project": {"key": "APPSEC"},
        "issuetype": {"name": "Bug"},
        "summary": summary,
        "priority": {"name": "High"},
        "customfield_10030": {"value": "Payments"},
        "customfield_10031": vulnbridge_jira::resources::users::user_field_value(client.dialect(), champion),
    }})
}
