//! `vulnbridge-cli sync` against the sandbox Jira on loopback, with the connection's secret in
//! the real keyring (run under scripts/with-desktop-session.sh).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use vulnbridge_connections::{Registry, SandboxDemo};
use vulnbridge_jira::{ClientOptions, ConnectionId, KeyringStore, SecretKind};
use vulnbridge_model::{FindingKind, Severity};
use vulnbridge_store::{RoutingRule, RuleScope, Store};

fn registry() -> Registry {
    assert!(
        std::env::var_os("VULNBRIDGE_TEST_SECRET_SERVICE").is_some(),
        "run under scripts/with-desktop-session.sh: these tests use the real Secret Service"
    );
    Registry::new(Arc::new(KeyringStore::new()), ClientOptions::default())
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../importers/tests/fixtures")
        .join(rel)
}

/// Runs the CLI off the async runtime, so the in-process sandbox keeps serving meanwhile.
async fn cli(data: &Path, args: &[&str]) -> Output {
    let data = data.to_path_buf();
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_vulnbridge-cli"))
            .env_remove("VULNBRIDGE_DATA_DIR")
            .arg("--data-dir")
            .arg(&data)
            .args(&args)
            .output()
            .expect("run vulnbridge-cli")
    })
    .await
    .expect("cli task")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A data dir with the sandbox connection saved (token in the keyring) and a SEC Task rule
/// for application "shop" enabled before any finding is imported.
async fn world(demo: &SandboxDemo) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    let registry = registry();
    let view = demo.save_connection(&registry, &store).expect("saved");
    let config = registry.config(&store, &view.id).expect("config");
    let client = registry.client(&config).await.expect("client");
    let raw: serde_json::Value = client
        .get_json(
            "issue/createmeta/SEC/issuetypes/10001",
            &[("maxResults", "200")],
        )
        .await
        .expect("createmeta");
    let fields = vulnbridge_mapping::parse_createmeta_value(&raw).expect("fields");
    let app = store.create_application("shop").expect("app");
    store
        .add_routing_rule(&RoutingRule {
            id: 0,
            name: "shop to SEC".into(),
            connection_id: view.id.clone(),
            project_id: Some("10000".into()),
            project_key: Some("SEC".into()),
            issue_type_id: "10001".into(),
            scope: RuleScope::Application(app),
            min_severity: Some(Severity::Low),
            trigger_kinds: vec![FindingKind::Vulnerability],
            mapping_json: serde_json::to_string(&vulnbridge_mapping::default_mapping(&fields))
                .expect("mapping"),
            field_meta_json: serde_json::to_string(&fields).expect("fields json"),
            enabled_since: Some("2000-01-01T00:00:00.000Z".into()),
        })
        .expect("rule");
    (dir, view.id)
}

fn line_count(stdout: &str, prefix: &str) -> usize {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix(prefix))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no line starting with {prefix:?} in:\n{stdout}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_creates_tickets_once_and_a_second_pass_creates_none() {
    let demo = SandboxDemo::start().await.expect("sandbox starts");
    let (dir, _) = world(&demo).await;
    let before = demo.sandbox().issue_count("SEC");
    let trivy = fixture("trivy/image_v2.json");
    let imported = cli(
        dir.path(),
        &["import", "--app", "shop", trivy.to_str().expect("utf-8")],
    )
    .await;
    assert_eq!(
        imported.status.code(),
        Some(0),
        "{}",
        text(&imported.stderr)
    );

    let first = cli(dir.path(), &["sync"]).await;
    let out = text(&first.stdout);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{out}\n{}",
        text(&first.stderr)
    );
    assert!(out.contains("connection \"Local sandbox\""), "{out}");
    let created = line_count(&out, "created: ");
    assert!(created > 0, "{out}");
    assert_eq!(demo.sandbox().issue_count("SEC"), before + created);
    assert_eq!(line_count(&out, "parked: "), 0, "{out}");
    assert_eq!(line_count(&out, "waiting: "), 0, "{out}");
    // Piped stderr: no spinner frames.
    assert!(text(&first.stderr).is_empty(), "{}", text(&first.stderr));

    let second = cli(dir.path(), &["sync"]).await;
    let out = text(&second.stdout);
    assert_eq!(second.status.code(), Some(0), "{out}");
    assert_eq!(line_count(&out, "created: "), 0, "{out}");
    assert_eq!(line_count(&out, "linked to existing tickets: "), 0, "{out}");
    assert_eq!(demo.sandbox().issue_count("SEC"), before + created);

    let status = cli(dir.path(), &["status", "--json"]).await;
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).expect("status json");
    assert_eq!(
        json["outbox"]["done"].as_u64(),
        Some(created as u64),
        "{json}"
    );
    assert_eq!(json["connections"][0]["name"], "Local sandbox");
    demo.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_with_a_missing_keyring_secret_reports_the_connection_and_exits_3() {
    let demo = SandboxDemo::start().await.expect("sandbox starts");
    let (dir, id) = world(&demo).await;
    registry()
        .secrets()
        .delete(&ConnectionId::new(id).expect("id"), SecretKind::ApiToken)
        .expect("secret deleted");
    let trivy = fixture("trivy/image_v2.json");
    cli(
        dir.path(),
        &["import", "--app", "shop", trivy.to_str().expect("utf-8")],
    )
    .await;
    let before = demo.sandbox().issue_count("SEC");

    let run = cli(dir.path(), &["sync"]).await;
    let out = text(&run.stdout);
    assert_eq!(run.status.code(), Some(3), "{out}");
    assert!(out.contains("connection \"Local sandbox\""), "{out}");
    assert!(out.contains("FAILED: No API token is stored"), "{out}");
    assert!(
        text(&run.stderr).contains("needs attention: 1 connection failure(s)"),
        "{}",
        text(&run.stderr)
    );
    assert_eq!(
        demo.sandbox().issue_count("SEC"),
        before,
        "nothing was sent"
    );
    demo.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_without_any_connection_says_so_and_exits_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = cli(dir.path(), &["sync"]).await;
    assert_eq!(run.status.code(), Some(1));
    let err = text(&run.stderr);
    assert!(err.contains("no Jira connection is saved"), "{err}");
    assert!(err.contains("add one in the app"), "{err}");
}
