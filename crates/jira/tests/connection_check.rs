//! `test_connection()` against scripted Jira answers: the report, and each human error.

mod support;

use std::sync::Arc;
use std::time::Duration;

use support::{MockServer, Reply};
use url::Url;
use vulnbridge_jira::{
    AuthMethod, ClientOptions, CloudEndpoints, ConnectionConfig, ConnectionId, DeploymentKind,
    JiraClient, MemorySecretStore, RetryPolicy, SecretKind, SecretStore,
};

fn options() -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_secs(5),
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    }
}

async fn client(base: &str, kind: DeploymentKind, auth: AuthMethod) -> JiraClient {
    let id = ConnectionId::new("conn").expect("id");
    let store = Arc::new(MemorySecretStore::new());
    for kind in [SecretKind::Pat, SecretKind::ApiToken, SecretKind::Password] {
        store.set(&id, kind, &"secret-value".into()).expect("set");
    }
    let config = ConnectionConfig {
        id,
        kind,
        site_url: Url::parse(base).expect("url"),
        cloud_id: None,
        cloud_endpoints: CloudEndpoints::default(),
        auth,
        account_display_name: None,
    };
    JiraClient::connect(config, store, options())
        .await
        .expect("client")
}

fn dc_server(
    version: &'static str,
    numbers: &'static str,
    projects: &'static str,
) -> impl Fn(&support::Seen, usize) -> Reply {
    move |seen, _| match seen.target.as_str() {
        "/rest/api/2/serverInfo" => Reply::json(
            200,
            &format!(
                r#"{{"baseUrl":"http://jira","version":"{version}","versionNumbers":{numbers},"deploymentType":"Server","buildNumber":1}}"#
            ),
        ),
        "/rest/api/2/myself" => Reply::json(
            200,
            r#"{"name":"bob","key":"JIRAUSER1","displayName":"Bob Builder"}"#,
        ),
        "/rest/api/2/project" => Reply::json(200, projects),
        _ => Reply::json(404, "{}"),
    }
}

#[tokio::test]
async fn data_center_report() {
    let server = MockServer::start(dc_server(
        "9.12.4",
        "[9,12,4]",
        r#"[{"key":"SEC"},{"key":"OPS"}]"#,
    ))
    .await;
    let report = client(&server.base, DeploymentKind::DataCenter, AuthMethod::DcPat)
        .await
        .test_connection()
        .await
        .expect("report");
    let requests = server.requests();
    assert_eq!(requests[0].target, "/rest/api/2/serverInfo");
    assert_eq!(
        requests[0].header("authorization"),
        None,
        "serverInfo is asked anonymously"
    );
    assert_eq!(
        requests[1].header("authorization"),
        Some("Bearer secret-value")
    );
    assert_eq!(report.display_name, "Bob Builder");
    assert_eq!(report.username.as_deref(), Some("bob"));
    assert_eq!(report.account_id, None);
    assert_eq!(report.visible_projects, 2);
    assert_eq!(report.server_version, "9.12.4");
    assert_eq!(report.deployment_type, "Server");
    assert!(report.warnings.is_empty());
}

#[tokio::test]
async fn basic_auth_works_but_warns() {
    let server = MockServer::start(dc_server("9.12.4", "[9,12,4]", r#"[{"key":"SEC"}]"#)).await;
    let report = client(
        &server.base,
        DeploymentKind::DataCenter,
        AuthMethod::DcBasic {
            username: "bob".into(),
        },
    )
    .await
    .test_connection()
    .await
    .expect("report");
    assert_eq!(report.warnings.len(), 1);
    assert!(report.warnings[0].contains("Personal Access Token"));
}

#[tokio::test]
async fn old_data_center_cannot_use_pats() {
    let server = MockServer::start(dc_server("8.13.2", "[8,13,2]", "[]")).await;
    let error = client(&server.base, DeploymentKind::DataCenter, AuthMethod::DcPat)
        .await
        .test_connection()
        .await
        .expect_err("too old");
    assert_eq!(error.code(), "data_center_too_old");
    assert!(
        error.to_string().contains("8.13.2") && error.to_string().contains("8.14"),
        "{error}"
    );
}

#[tokio::test]
async fn no_visible_projects_names_the_account() {
    let server = MockServer::start(dc_server("10.3.0", "[10,3,0]", "[]")).await;
    let error = client(&server.base, DeploymentKind::DataCenter, AuthMethod::DcPat)
        .await
        .test_connection()
        .await
        .expect_err("no projects");
    assert_eq!(error.code(), "no_projects_visible");
    assert!(error.to_string().contains("Bob Builder"), "{error}");
    assert!(error.to_string().contains("Browse Projects"), "{error}");
}

#[tokio::test]
async fn cloud_report_counts_projects_from_the_paged_search() {
    let server = MockServer::start(|seen, _| match seen.target.as_str() {
        "/rest/api/3/serverInfo" => Reply::json(200, r#"{"version":"1001.0.0-SNAPSHOT","versionNumbers":[1001,0,0],"deploymentType":"Cloud"}"#),
        "/rest/api/3/myself" => Reply::json(200, r#"{"accountId":"5b10a2844c20165700ede21g","displayName":"Ann Analyst","active":true}"#),
        "/rest/api/3/project/search?maxResults=1" => Reply::json(200, r#"{"startAt":0,"maxResults":1,"total":7,"isLast":false,"values":[{"key":"SEC"}]}"#),
        _ => Reply::json(404, "{}"),
    })
    .await;
    let auth = AuthMethod::CloudApiToken {
        email: "ann@example.com".into(),
        scoped: false,
    };
    let report = client(&server.base, DeploymentKind::Cloud, auth)
        .await
        .test_connection()
        .await
        .expect("report");
    assert_eq!(report.display_name, "Ann Analyst");
    assert_eq!(
        report.account_id.as_deref(),
        Some("5b10a2844c20165700ede21g")
    );
    assert_eq!(report.visible_projects, 7);
    assert_eq!(report.deployment_type, "Cloud");
}

#[tokio::test]
async fn a_cloud_site_set_up_as_data_center_is_named() {
    let server = MockServer::start(|_, _| {
        Reply::json(200, r#"{"version":"1001.0.0","deploymentType":"Cloud"}"#)
    })
    .await;
    let error = client(&server.base, DeploymentKind::DataCenter, AuthMethod::DcPat)
        .await
        .test_connection()
        .await
        .expect_err("wrong kind");
    assert_eq!(error.code(), "wrong_deployment");
}

#[tokio::test]
async fn credential_problems_surface_from_the_test() {
    let server = MockServer::start(|seen, _| match seen.target.as_str() {
        "/rest/api/3/serverInfo" => {
            Reply::json(200, r#"{"version":"1001.0.0","deploymentType":"Cloud"}"#)
        }
        _ => Reply::json(
            401,
            r#"{"code":401,"message":"Unauthorized; scope does not match"}"#,
        ),
    })
    .await;
    let auth = AuthMethod::CloudApiToken {
        email: "ann@example.com".into(),
        scoped: false,
    };
    let error = client(&server.base, DeploymentKind::Cloud, auth)
        .await
        .test_connection()
        .await
        .expect_err("scope");
    assert_eq!(error.code(), "scope_mismatch");

    let server = MockServer::start(|_, _| {
        Reply::json(401, "").header(
            "WWW-Authenticate",
            "Bearer error=\"invalid_token\", error_description=\"Token expired\"",
        )
    })
    .await;
    let error = client(&server.base, DeploymentKind::DataCenter, AuthMethod::DcPat)
        .await
        .test_connection()
        .await
        .expect_err("expired");
    assert_eq!(error.code(), "token_expired");
}

#[tokio::test]
async fn a_site_url_that_is_not_jira_says_so() {
    let server = MockServer::start(|_, _| Reply::json(404, "<html>Not Found</html>")).await;
    let error = client(&server.base, DeploymentKind::DataCenter, AuthMethod::DcPat)
        .await
        .test_connection()
        .await
        .expect_err("not jira");
    assert_eq!(error.code(), "not_jira");
    assert!(error.to_string().contains("context path"), "{error}");
}

#[tokio::test]
async fn cloud_id_from_tenant_info() {
    let server = MockServer::start(|seen, _| match seen.target.as_str() {
        "/_edge/tenant_info" => {
            Reply::json(200, r#"{"cloudId":"11111111-2222-3333-4444-555555555555"}"#)
        }
        _ => Reply::json(404, "{}"),
    })
    .await;
    let site = Url::parse(&server.base).expect("url");
    let id = vulnbridge_jira::fetch_cloud_id(&site, &options())
        .await
        .expect("cloud id");
    assert_eq!(id, "11111111-2222-3333-4444-555555555555");
    assert_eq!(
        server.requests()[0].header("authorization"),
        None,
        "no credentials needed"
    );

    let elsewhere = Url::parse(&format!("{}/not-a-site", server.base)).expect("url");
    let error = vulnbridge_jira::fetch_cloud_id(&elsewhere, &options())
        .await
        .expect_err("404");
    assert_eq!(error.code(), "not_jira");
}
