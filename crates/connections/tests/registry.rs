//! Connections as the wizard uses them, against the sandbox Jira on loopback, with secrets in
//! the real keyring (run under scripts/with-desktop-session.sh).

use std::sync::Arc;
use vulnbridge_connections::{
    AuthDraft, ConnectionDraft, ConnectionsError, HealthState, Registry, SandboxDemo,
};
use vulnbridge_jira::{
    ClientOptions, ConnectionId, KeyringStore, SecretKind, SecretStore, Sensitive,
};
use vulnbridge_sandbox::{Flavor, Sandbox, SandboxConfig};
use vulnbridge_store::Store;

fn keyring() -> Arc<dyn SecretStore> {
    assert!(
        std::env::var_os("VULNBRIDGE_TEST_SECRET_SERVICE").is_some(),
        "run under scripts/with-desktop-session.sh: these tests use the real Secret Service"
    );
    Arc::new(KeyringStore::new())
}

fn setup() -> (tempfile::TempDir, Store, Registry) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("store opens");
    (
        dir,
        store,
        Registry::new(keyring(), ClientOptions::default()),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sandbox_demo_connects_and_is_healthy() {
    let (_dir, store, registry) = setup();
    let demo = SandboxDemo::start().await.expect("sandbox starts");
    let view = demo.save_connection(&registry, &store).expect("saved");
    assert!(view.sandbox);
    assert_eq!(view.health.state, HealthState::Untested);

    let config = registry.config(&store, &view.id).expect("config");
    let outcome = registry.test(&config, SecretKind::ApiToken, None).await;
    let report = outcome.as_ref().expect("the demo token works").clone();
    assert!(report.visible_projects >= 2, "{report:?}");
    registry
        .record(&store, &view.id, &outcome)
        .expect("recorded");

    let listed = registry.list(&store).expect("list");
    assert_eq!(listed.len(), 1);
    // What crosses IPC to the window (views and reports) never carries the token.
    let token = demo.secret().expose().clone();
    let wire = serde_json::to_string(&(&listed, &report)).expect("serializes");
    assert!(!wire.contains(&token), "the token would cross IPC: {wire}");
    assert_eq!(listed[0].health.state, HealthState::Healthy);
    assert_eq!(
        listed[0].account.as_deref(),
        Some(report.display_name.as_str())
    );
    // The token is in the keyring, not in the database file.
    let id = ConnectionId::new(view.id.clone()).expect("id");
    assert!(registry
        .secrets()
        .get(&id, SecretKind::ApiToken)
        .expect("keyring")
        .is_some());
    let db = std::fs::read(store.path()).expect("db readable");
    assert!(
        !db.windows(token.len()).any(|w| w == token.as_bytes()),
        "token found in the database"
    );

    // Starting the demo again reuses the same connection.
    let again = demo
        .save_connection(&registry, &store)
        .expect("saved again");
    assert_eq!(again.id, view.id);
    assert_eq!(registry.list(&store).expect("list").len(), 1);
    registry.remove(&store, &view.id).expect("removed");
    demo.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_token_fails_with_a_human_error_and_is_recorded() {
    let (_dir, store, registry) = setup();
    let sandbox = Sandbox::start(SandboxConfig::new(Flavor::Cloud))
        .await
        .expect("sandbox");
    let draft = ConnectionDraft {
        id: None,
        name: "Acme".into(),
        site_url: sandbox.base_url().into(),
        auth: AuthDraft::CloudApiToken {
            email: sandbox.credentials().email.clone(),
        },
    };
    let config = registry.prepare(&store, &draft).expect("valid draft");
    let wrong = Sensitive::new("not-the-token".to_owned());
    let outcome = registry
        .test(&config, SecretKind::ApiToken, Some(&wrong))
        .await;
    let err = outcome.as_ref().expect_err("a wrong token must fail");
    assert_eq!(err.code(), "bad_credentials", "{err}");

    // Saved anyway (e.g. to fix later): health shows the failure in words.
    let view = registry
        .save(
            &store,
            &draft.name,
            &config,
            SecretKind::ApiToken,
            Some(&wrong),
        )
        .expect("saved");
    registry
        .record(&store, &view.id, &outcome)
        .expect("recorded");
    let view = registry.view(&store, &view.id).expect("view");
    assert_eq!(view.health.state, HealthState::Failing);
    assert!(view
        .health
        .last_error_message
        .as_deref()
        .unwrap_or("")
        .contains("credentials"));

    // Fixing the token makes it healthy.
    let right = Sensitive::new(sandbox.credentials().api_token.clone());
    let fixed = ConnectionDraft {
        id: Some(view.id.clone()),
        ..draft.clone()
    };
    let config = registry.prepare(&store, &fixed).expect("valid");
    registry
        .save(
            &store,
            &fixed.name,
            &config,
            SecretKind::ApiToken,
            Some(&right),
        )
        .expect("saved");
    let outcome = registry.test(&config, SecretKind::ApiToken, None).await;
    registry
        .record(&store, &view.id, &outcome)
        .expect("recorded");
    assert_eq!(
        registry.view(&store, &view.id).expect("view").health.state,
        HealthState::Healthy
    );

    // Names are unique.
    let clash = registry
        .prepare(&store, &draft)
        .expect_err("duplicate name");
    assert!(
        matches!(clash, ConnectionsError::DuplicateName(_)),
        "{clash}"
    );

    // Removing forgets the secret and says how to revoke it.
    let removal = registry.remove(&store, &view.id).expect("removed");
    assert!(removal
        .revoke_hint
        .unwrap_or_default()
        .contains("API tokens"));
    let id = ConnectionId::new(view.id.clone()).expect("id");
    assert!(registry
        .secrets()
        .get(&id, SecretKind::ApiToken)
        .expect("keyring")
        .is_none());
    assert!(registry.list(&store).expect("list").is_empty());
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn data_center_pat_and_basic_auth() {
    let (_dir, store, registry) = setup();
    let sandbox = Sandbox::start(SandboxConfig::new(Flavor::DataCenter))
        .await
        .expect("sandbox");
    let creds = sandbox.credentials().clone();
    let pat = ConnectionDraft {
        id: None,
        name: "Corp Jira".into(),
        site_url: sandbox.base_url().into(),
        auth: AuthDraft::DcPat,
    };
    let config = registry.prepare(&store, &pat).expect("valid");
    let report = registry
        .test(
            &config,
            SecretKind::Pat,
            Some(&Sensitive::new(creds.pat.clone())),
        )
        .await
        .expect("PAT works");
    assert_eq!(report.username.as_deref(), Some(creds.username.as_str()));
    assert!(report.warnings.is_empty());

    let basic = ConnectionDraft {
        id: None,
        name: "Corp Jira (basic)".into(),
        site_url: sandbox.base_url().into(),
        auth: AuthDraft::DcBasic {
            username: creds.username.clone(),
        },
    };
    let config = registry.prepare(&store, &basic).expect("valid");
    let view = registry
        .save(
            &store,
            &basic.name,
            &config,
            SecretKind::Password,
            Some(&Sensitive::new(creds.password.clone())),
        )
        .expect("saved");
    assert!(view
        .warning
        .unwrap_or_default()
        .contains("Basic authentication"));
    registry.remove(&store, &view.id).expect("removed");
    sandbox.shutdown().await;
}
