//! Resource handlers against a scripted server for answers the sandbox does not give:
//! a refused `/priority/search`, bulkfetch token pages with epoch-second timestamps, the
//! exact search request bodies, and a 413 from a proxy.

mod support;

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use support::{MockServer, Reply};
use url::Url;
use vulnbridge_jira::{
    AuthMethod, ClientOptions, CloudEndpoints, ConnectionConfig, ConnectionId, DeploymentKind,
    JiraClient, MemorySecretStore, RetryPolicy, SecretKind, SecretStore,
};

async fn cloud_client(base: &str) -> JiraClient {
    let id = ConnectionId::new("mock").expect("id");
    let store = Arc::new(MemorySecretStore::new());
    store
        .set(&id, SecretKind::ApiToken, &"token".into())
        .expect("set");
    let config = ConnectionConfig {
        id,
        kind: DeploymentKind::Cloud,
        site_url: Url::parse(base).expect("url"),
        cloud_id: None,
        cloud_endpoints: CloudEndpoints::default(),
        auth: AuthMethod::CloudApiToken {
            email: "ann@example.com".into(),
            scoped: false,
        },
        account_display_name: None,
    };
    let options = ClientOptions {
        timeout: Duration::from_secs(5),
        retry: RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(50),
            max_wait: Duration::from_secs(5),
        },
        ..ClientOptions::default()
    };
    JiraClient::connect(config, store, options)
        .await
        .expect("client")
}

fn body(seen: &support::Seen) -> Value {
    serde_json::from_str(&seen.body).expect("JSON body")
}

#[tokio::test]
async fn cloud_priorities_fall_back_to_the_list_when_search_is_refused() {
    let server = MockServer::start(|seen, _| {
        if seen.target.starts_with("/rest/api/3/priority/search") {
            Reply::json(
                403,
                r#"{"errorMessages":["You are not authorized to perform this operation."]}"#,
            )
        } else {
            Reply::json(
                200,
                r##"[{"id":"1","name":"Highest","statusColor":"#d04437","future":true},{"id":"2"}]"##,
            )
        }
    })
    .await;
    let client = cloud_client(&server.base).await;
    let priorities = client.priorities().await.expect("priorities");
    assert_eq!(priorities.len(), 2);
    assert_eq!(priorities[0].name, "Highest");
    assert_eq!(priorities[1].id, "2");
    assert_eq!(priorities[1].name, "", "missing fields are tolerated");
    let targets: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
    assert!(targets[0].starts_with("/rest/api/3/priority/search?"));
    assert_eq!(targets[1], "/rest/api/3/priority");
    assert_eq!(targets.len(), 2);
}

#[tokio::test]
async fn bulkfetch_follows_tokens_merges_issues_and_reads_epoch_seconds() {
    let server = MockServer::start(|_, index| match index {
        0 => Reply::json(
            200,
            &json!({"issueChangeLogs": [{"issueId": "100", "changeHistories": [
                {"id": "1", "created": 1_767_225_600, "items": [
                    {"field": "status", "fieldId": "status", "from": "1", "fromString": "To Do",
                     "to": "3", "toString": "Done", "fieldtype": "jira"}]}]}],
             "nextPageToken": "page-2"})
            .to_string(),
        ),
        _ => Reply::json(
            200,
            &json!({"issueChangeLogs": [
                {"issueId": "100", "changeHistories": [{"id": "2",
                    "created": "2026-01-01T00:05:00.000+0000",
                    "items": [{"field": "priority", "fieldId": "priority", "toString": "High"}]}]},
                {"issueId": "200", "changeHistories": []}]})
            .to_string(),
        ),
    })
    .await;
    let client = cloud_client(&server.base).await;
    let logs = client
        .bulk_changelog(&["SEC-1", "SEC-2"], &["status", "priority"])
        .await
        .expect("bulk");
    assert_eq!(logs.len(), 2);
    assert_eq!(logs[0].issue_id, "100");
    let ids: Vec<&str> = logs[0]
        .change_histories
        .iter()
        .map(|h| h.id.as_str())
        .collect();
    assert_eq!(ids, ["1", "2"], "both pages of issue 100");
    let first = &logs[0].change_histories[0];
    assert_eq!(
        first.created.map(|t| t.to_rfc3339()),
        Some("2026-01-01T00:00:00+00:00".to_owned()),
        "epoch seconds"
    );
    assert_eq!(
        logs[0].change_histories[1].created.map(|t| t.to_rfc3339()),
        Some("2026-01-01T00:05:00+00:00".to_owned())
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let first_body = body(&requests[0]);
    assert_eq!(first_body["issueIdsOrKeys"], json!(["SEC-1", "SEC-2"]));
    assert_eq!(first_body["fieldIds"], json!(["status", "priority"]));
    assert!(first_body.get("nextPageToken").is_none());
    assert_eq!(body(&requests[1])["nextPageToken"], "page-2");
}

#[tokio::test]
async fn cloud_search_sends_fields_and_follows_the_token_to_the_last_page() {
    let server = MockServer::start(|_, index| match index {
        0 => Reply::json(
            200,
            r#"{"issues":[{"id":"1","key":"A-1","fields":{"summary":"one"}}],"nextPageToken":"abc","isLast":false}"#,
        ),
        _ => Reply::json(
            200,
            r#"{"issues":[{"id":"2","key":"A-2","fields":{"summary":"two"}}],"isLast":true}"#,
        ),
    })
    .await;
    let client = cloud_client(&server.base).await;
    let issues = client
        .search_all("project = A ORDER BY key ASC", &["summary"], 1)
        .await
        .expect("search");
    let summaries: Vec<Option<&str>> = issues.iter().map(|i| i.summary()).collect();
    assert_eq!(summaries, [Some("one"), Some("two")]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests
        .iter()
        .all(|r| r.method == "POST" && r.target == "/rest/api/3/search/jql"));
    let first = body(&requests[0]);
    assert_eq!(first["fields"], json!(["summary"]));
    assert_eq!(first["maxResults"], 1);
    assert_eq!(first["jql"], "project = A ORDER BY key ASC");
    assert!(first.get("nextPageToken").is_none());
    assert_eq!(body(&requests[1])["nextPageToken"], "abc");
}

#[tokio::test]
async fn a_413_from_a_proxy_is_named_and_the_upload_is_sent_once() {
    let server = MockServer::start(|_, _| Reply {
        status: 413,
        headers: vec![("Content-Type".into(), "text/html".into())],
        body: "<html>Request Entity Too Large</html>".into(),
        delay: Duration::ZERO,
    })
    .await;
    let client = cloud_client(&server.base).await;
    let error = client
        .attach("SEC-1", "scan.json", "application/json", b"{}".to_vec())
        .await
        .expect_err("413");
    assert_eq!(error.code(), "attachment_too_large");
    assert!(error.to_string().contains("scan.json"), "{error}");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let upload = &requests[0];
    assert_eq!(upload.target, "/rest/api/3/issue/SEC-1/attachments");
    assert_eq!(upload.header("x-atlassian-token"), Some("no-check"));
    assert!(upload
        .header("content-type")
        .is_some_and(|t| t.starts_with("multipart/form-data; boundary=")));
    assert!(upload
        .body
        .contains("name=\"file\"; filename=\"scan.json\""));
}
