//! `test_connection()` for every sign-in method against the sandbox on both flavors.

mod support;

use std::sync::Arc;
use std::time::Duration;

use support::sandbox_browser::{free_port, Choice, SandboxBrowser};
use url::Url;
use vulnbridge_jira::oauth::{sign_in, SignInOptions};
use vulnbridge_jira::{
    AuthMethod, ClientOptions, CloudEndpoints, ConnectionConfig, ConnectionId, ConnectionReport,
    DeploymentKind, JiraClient, MemorySecretStore, RetryPolicy, SecretKind, SecretStore,
};
use vulnbridge_sandbox::{Flavor, RunningSandbox, Sandbox, SandboxConfig};

fn id() -> ConnectionId {
    ConnectionId::new("health").expect("id")
}

fn options() -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_secs(10),
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    }
}

async fn sandbox(flavor: Flavor, port: u16) -> RunningSandbox {
    let config = SandboxConfig::new(flavor)
        .with_oauth_redirect_uris(vec![format!("http://localhost:{port}/callback")]);
    Sandbox::start(config).await.expect("sandbox")
}

fn config(sandbox: &RunningSandbox, kind: DeploymentKind, auth: AuthMethod) -> ConnectionConfig {
    let base = Url::parse(sandbox.base_url()).expect("url");
    ConnectionConfig {
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
    }
}

async fn check(
    config: ConnectionConfig,
    secret: Option<(SecretKind, &str)>,
) -> vulnbridge_jira::Result<ConnectionReport> {
    let store = Arc::new(MemorySecretStore::new());
    if let Some((kind, value)) = secret {
        store.set(&id(), kind, &value.into()).expect("store");
    }
    JiraClient::connect(config, store, options())
        .await?
        .test_connection()
        .await
}

/// Signs in through the consent page, then runs the connection test on the same store.
async fn check_oauth(
    sandbox: &RunningSandbox,
    mut config: ConnectionConfig,
) -> vulnbridge_jira::Result<ConnectionReport> {
    let store = Arc::new(MemorySecretStore::new());
    let secret = sandbox.credentials().oauth_client_secret.clone();
    store
        .set(&id(), SecretKind::ClientSecret, &secret.as_str().into())
        .expect("store");
    let browser = SandboxBrowser::new(Choice::Accept);
    let options = SignInOptions {
        callback_timeout: Duration::from_secs(10),
        ..SignInOptions::default()
    };
    let outcome = sign_in(config.clone(), store.clone(), &browser, options)
        .await
        .expect("signed in");
    if config.kind == DeploymentKind::Cloud {
        config.cloud_id = Some(outcome.sites[0].id.clone());
    }
    JiraClient::connect(config, store, self::options())
        .await?
        .test_connection()
        .await
}

fn assert_report(report: &ConnectionReport, flavor: Flavor) {
    assert!(!report.display_name.is_empty());
    assert!(report.visible_projects >= 1, "{report:?}");
    match flavor {
        Flavor::Cloud => {
            assert_eq!(report.deployment_type, "Cloud");
            assert!(
                report.account_id.as_deref().is_some_and(|a| !a.is_empty()),
                "{report:?}"
            );
        }
        Flavor::DataCenter => {
            assert_ne!(report.deployment_type, "Cloud");
            assert!(
                report.username.as_deref().is_some_and(|u| !u.is_empty()),
                "{report:?}"
            );
            assert!(!report.server_version.is_empty());
        }
    }
}

#[tokio::test]
async fn cloud_methods() {
    let port = free_port();
    let sandbox = sandbox(Flavor::Cloud, port).await;
    let creds = sandbox.credentials().clone();
    for scoped in [false, true] {
        let auth = AuthMethod::CloudApiToken {
            email: creds.email.clone(),
            scoped,
        };
        let config = config(&sandbox, DeploymentKind::Cloud, auth);
        let report = check(
            config.clone(),
            Some((SecretKind::ApiToken, &creds.api_token)),
        )
        .await
        .expect("report");
        assert_report(&report, Flavor::Cloud);
        let error = check(config, Some((SecretKind::ApiToken, "wrong")))
            .await
            .expect_err("bad token");
        assert_eq!(error.code(), "bad_credentials");
    }
    let scopes: Vec<String> = ["read:jira-work", "read:jira-user", "offline_access"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let auth = AuthMethod::CloudOauth {
        client_id: creds.oauth_client_id.clone(),
        callback_port: port,
        scopes,
    };
    let report = check_oauth(&sandbox, config(&sandbox, DeploymentKind::Cloud, auth))
        .await
        .expect("3LO report");
    assert_report(&report, Flavor::Cloud);

    let narrow = vec!["read:jira-work".to_owned(), "offline_access".to_owned()];
    let auth = AuthMethod::CloudOauth {
        client_id: creds.oauth_client_id.clone(),
        callback_port: port,
        scopes: narrow,
    };
    let error = check_oauth(&sandbox, config(&sandbox, DeploymentKind::Cloud, auth))
        .await
        .expect_err("scope");
    assert_eq!(error.code(), "scope_mismatch");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn data_center_methods() {
    let port = free_port();
    let sandbox = sandbox(Flavor::DataCenter, port).await;
    let creds = sandbox.credentials().clone();
    let kind = DeploymentKind::DataCenter;
    let report = check(
        config(&sandbox, kind, AuthMethod::DcPat),
        Some((SecretKind::Pat, &creds.pat)),
    )
    .await
    .expect("PAT");
    assert_report(&report, Flavor::DataCenter);
    assert!(report.warnings.is_empty());

    let basic = AuthMethod::DcBasic {
        username: creds.username.clone(),
    };
    let report = check(
        config(&sandbox, kind, basic),
        Some((SecretKind::Password, &creds.password)),
    )
    .await
    .expect("basic");
    assert_report(&report, Flavor::DataCenter);
    assert_eq!(report.warnings.len(), 1, "basic auth is discouraged");

    let auth = AuthMethod::DcOauth {
        client_id: creds.oauth_client_id.clone(),
        pkce: true,
        callback_port: port,
        scopes: vec!["WRITE".into()],
    };
    let report = check_oauth(&sandbox, config(&sandbox, kind, auth))
        .await
        .expect("DC OAuth report");
    assert_report(&report, Flavor::DataCenter);

    let error = check(
        config(&sandbox, kind, AuthMethod::DcPat),
        Some((SecretKind::Pat, "nope")),
    )
    .await
    .expect_err("bad");
    assert_eq!(error.code(), "bad_credentials");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_wrong_deployment_kind_is_named() {
    let sandbox = sandbox(Flavor::DataCenter, free_port()).await;
    let creds = sandbox.credentials().clone();
    let auth = AuthMethod::CloudApiToken {
        email: creds.email.clone(),
        scoped: false,
    };
    // A Cloud connection pointed at a Data Center server: it has no /rest/api/3.
    let error = check(
        config(&sandbox, DeploymentKind::Cloud, auth),
        Some((SecretKind::ApiToken, &creds.api_token)),
    )
    .await
    .expect_err("wrong kind");
    assert_eq!(error.code(), "wrong_deployment", "{error}");
    assert!(
        error.to_string().contains("set up for Jira Cloud"),
        "{error}"
    );
    sandbox.shutdown().await;

    // And a Data Center connection pointed at Cloud (Cloud also serves /rest/api/2).
    let cloud = self::sandbox(Flavor::Cloud, free_port()).await;
    let pat = Some((SecretKind::Pat, "x"));
    let error = check(
        config(&cloud, DeploymentKind::DataCenter, AuthMethod::DcPat),
        pat,
    )
    .await
    .expect_err("wrong kind");
    assert_eq!(error.code(), "wrong_deployment", "{error}");
    cloud.shutdown().await;
}
