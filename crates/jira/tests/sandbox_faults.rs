//! The retry policy and error classification against the sandbox's fault injection:
//! rate limits with Jira's headers, 503, 500, dropped connections, lost responses.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;
use url::Url;
use vulnbridge_jira::{
    ApiRequest, AuthMethod, ClientOptions, CloudEndpoints, ConnectionConfig, ConnectionId, Error,
    JiraClient, MemorySecretStore, RateLimitReason, RetryPolicy, SecretKind, SecretStore,
};
use vulnbridge_sandbox::{
    Fault, FaultPlan, FaultRule, Flavor, RunningSandbox, Sandbox, SandboxConfig, Target, Trigger,
};

async fn cloud() -> (RunningSandbox, JiraClient) {
    let sandbox = Sandbox::start(SandboxConfig::new(Flavor::Cloud))
        .await
        .expect("sandbox");
    let creds = sandbox.credentials().clone();
    let id = ConnectionId::new("faults").expect("id");
    let store = Arc::new(MemorySecretStore::new());
    store
        .set(&id, SecretKind::ApiToken, &creds.api_token.as_str().into())
        .expect("store");
    let base = Url::parse(sandbox.base_url()).expect("url");
    let config = ConnectionConfig {
        id,
        kind: vulnbridge_jira::DeploymentKind::Cloud,
        site_url: base.clone(),
        cloud_id: None,
        cloud_endpoints: CloudEndpoints {
            auth_base: base.clone(),
            api_base: base,
        },
        auth: AuthMethod::CloudApiToken {
            email: creds.email.clone(),
            scoped: false,
        },
        account_display_name: None,
    };
    let retry = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(100),
        max_wait: Duration::from_secs(5),
    };
    let options = ClientOptions {
        timeout: Duration::from_secs(10),
        retry,
        ..ClientOptions::default()
    };
    let client = JiraClient::connect(config, store, options)
        .await
        .expect("client");
    (sandbox, client)
}

fn once(method: &str, path: &str, fault: Fault) -> FaultPlan {
    FaultPlan::none().with_rule(FaultRule::new(
        Target::method_path(method, path),
        Trigger::FirstN(1),
        fault,
    ))
}

fn create(label: &str) -> ApiRequest {
    ApiRequest::new(Method::POST, "issue").json(json!({
        "fields": {"project": {"key": "SEC"}, "issuetype": {"name": "Task"}, "summary": "finding", "labels": [label]}
    }))
}

#[tokio::test]
async fn burst_limit_waits_out_retry_after_then_succeeds() {
    let (sandbox, client) = cloud().await;
    sandbox.set_faults(once(
        "GET",
        "/rest/api/3/myself",
        Fault::RateLimited {
            reason: vulnbridge_sandbox::RateLimitReason::Burst,
            retry_after_secs: 1,
        },
    ));
    let started = Instant::now();
    client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect("second try");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(sandbox.request_log().count("GET", "/rest/api/3/myself"), 2);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_hourly_quota_is_returned_with_its_reason_instead_of_sleeping() {
    let (sandbox, client) = cloud().await;
    sandbox.set_faults(once(
        "GET",
        "/rest/api/3/myself",
        Fault::RateLimited {
            reason: vulnbridge_sandbox::RateLimitReason::QuotaGlobal,
            retry_after_secs: 1800,
        },
    ));
    let error = client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect_err("quota");
    let Error::RateLimited { limit } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(limit.reason, RateLimitReason::Quota);
    assert_eq!(limit.retry_after, Some(Duration::from_secs(1800)));
    assert_eq!(sandbox.request_log().count("GET", "/rest/api/3/myself"), 1);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn service_unavailable_with_retry_after_is_waited_out() {
    let (sandbox, client) = cloud().await;
    sandbox.set_faults(once(
        "GET",
        "/rest/api/3/myself",
        Fault::ServiceUnavailable {
            retry_after_secs: Some(1),
        },
    ));
    client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect("after 503");
    assert_eq!(sandbox.request_log().count("GET", "/rest/api/3/myself"), 2);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn internal_errors_retry_reads_but_not_creates() {
    let (sandbox, client) = cloud().await;
    sandbox.set_faults(once("GET", "/rest/api/3/myself", Fault::InternalError));
    client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect("GET retried");

    sandbox.set_faults(once("POST", "/rest/api/3/issue", Fault::InternalError));
    let before = sandbox.issue_count("SEC");
    let error = client
        .execute(create("vb-500"))
        .await
        .expect_err("500 on create");
    assert_eq!(error.code(), "server_error");
    assert!(error.is_ambiguous());
    assert_eq!(
        sandbox.request_log().count("POST", "/rest/api/3/issue"),
        1,
        "create sent once"
    );
    assert_eq!(sandbox.issue_count("SEC"), before);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_reset_connection_is_retried_for_reads() {
    let (sandbox, client) = cloud().await;
    sandbox.set_faults(once("GET", "/rest/api/3/myself", Fault::ConnectionReset));
    client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect("retried after the reset");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_lost_create_response_is_ambiguous_and_never_resent() {
    let (sandbox, client) = cloud().await;
    sandbox.set_faults(once("POST", "/rest/api/3/issue", Fault::CommitThenDrop));
    let before = sandbox.issue_count("SEC");
    let error = client
        .execute(create("vb-lost"))
        .await
        .expect_err("response lost");
    assert_eq!(error.code(), "connection_dropped", "{error}");
    assert!(error.is_ambiguous());
    assert!(error
        .to_string()
        .contains("checks whether the change went through"));
    assert_eq!(sandbox.issue_count("SEC"), before + 1, "Jira did create it");
    assert_eq!(
        sandbox.issues_with_label("vb-lost").len(),
        1,
        "and only once"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn rate_limited_creates_are_retried_because_jira_did_nothing() {
    let (sandbox, client) = cloud().await;
    sandbox.set_faults(once(
        "POST",
        "/rest/api/3/issue",
        Fault::RateLimited {
            reason: vulnbridge_sandbox::RateLimitReason::PerIssueWrite,
            retry_after_secs: 1,
        },
    ));
    let created = client
        .execute(create("vb-429"))
        .await
        .expect("created after the wait");
    assert_eq!(created.status, 201);
    assert_eq!(sandbox.issues_with_label("vb-429").len(), 1);
    sandbox.shutdown().await;
}
