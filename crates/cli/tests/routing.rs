//! `vulnbridge-cli routing export/import`: the Routing page's file moved between two data
//! folders whose connections differ in id and name but point at the same site.

use std::path::Path;
use std::process::{Command, Output};

use vulnbridge_jira::ConnectionConfig;
use vulnbridge_model::{FindingKind, Severity};
use vulnbridge_store::{RoutingRule, RuleScope, Store};

fn run(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vulnbridge-cli"))
        .env_remove("VULNBRIDGE_DATA_DIR")
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .expect("run vulnbridge-cli")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn add_connection(store: &Store, id: &str, name: &str, site: &str) {
    let config: ConnectionConfig = serde_json::from_value(serde_json::json!({
        "id": id, "kind": "data_center", "site_url": site,
        "cloud_endpoints": {"auth_base": site, "api_base": site},
        "auth": {"method": "dc_pat"},
    }))
    .expect("config");
    let json = serde_json::to_string(&config).expect("config json");
    store.save_connection(id, name, &json).expect("save");
}

fn fields() -> Vec<vulnbridge_mapping::FieldMeta> {
    vulnbridge_mapping::parse_createmeta_value(&serde_json::json!({"fields": [
        {"fieldId": "summary", "name": "Summary", "required": true, "schema": {"type": "string", "system": "summary"}},
        {"fieldId": "description", "name": "Description", "required": false, "schema": {"type": "string", "system": "description"}},
        {"fieldId": "labels", "name": "Labels", "required": false, "schema": {"type": "array", "items": "string", "system": "labels"}},
    ]}))
    .expect("fields")
}

fn source(dir: &Path) {
    let store = Store::open_in_dir(dir).expect("store");
    add_connection(&store, "c1", "Corp Jira", "https://jira.example.com/");
    let app = store.create_application("payments").expect("app");
    let fields = fields();
    store
        .add_routing_rule(&RoutingRule {
            id: 0,
            name: "Payments to SEC".into(),
            connection_id: "c1".into(),
            project_id: Some("10000".into()),
            project_key: Some("SEC".into()),
            issue_type_id: "10001".into(),
            scope: RuleScope::Application(app),
            min_severity: Some(Severity::High),
            trigger_kinds: vec![FindingKind::Vulnerability],
            mapping_json: serde_json::to_string(&vulnbridge_mapping::default_mapping(&fields))
                .expect("mapping"),
            field_meta_json: serde_json::to_string(&fields).expect("fields"),
            enabled_since: Some("2026-01-01T00:00:00.000Z".into()),
        })
        .expect("rule");
}

#[test]
fn export_then_import_elsewhere_creates_then_updates_the_rule() {
    let from = tempfile::tempdir().expect("dir");
    let to = tempfile::tempdir().expect("dir");
    source(from.path());
    let file = from.path().join("routing.json");
    let file_arg = file.to_str().expect("utf-8");

    let out = run(from.path(), &["routing", "export", file_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("exported 1 rule(s)"));
    let written = std::fs::read_to_string(&file).expect("file");
    assert!(
        written.contains("\"format\": \"vulnbridge-routing\""),
        "{written}"
    );
    assert!(
        written.contains("\"siteUrl\": \"https://jira.example.com/\""),
        "{written}"
    );
    assert!(
        !written.contains("\"c1\""),
        "connection ids stay local: {written}"
    );

    {
        let store = Store::open_in_dir(to.path()).expect("store");
        add_connection(&store, "zz", "Jira (prod)", "https://JIRA.example.com");
    }
    let out = run(to.path(), &["routing", "import", file_arg]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(stdout.contains("1 rule(s) created, 0 updated"), "{stdout}");
    assert!(
        stdout.contains("created application “payments”"),
        "{stdout}"
    );

    let original = Store::open_in_dir(from.path())
        .expect("store")
        .routing_rules()
        .expect("rules");
    let imported = Store::open_in_dir(to.path())
        .expect("store")
        .routing_rules()
        .expect("rules");
    assert_eq!(imported.len(), 1);
    assert_eq!(imported[0].connection_id, "zz");
    assert_eq!(imported[0].name, original[0].name);
    assert_eq!(imported[0].min_severity, Some(Severity::High));
    let mapping = |r: &RoutingRule| -> serde_json::Value {
        serde_json::from_str(&r.mapping_json).expect("mapping")
    };
    assert_eq!(mapping(&imported[0]), mapping(&original[0]));
    assert!(imported[0].enabled_since.is_some());

    let again = run(to.path(), &["routing", "import", file_arg]);
    assert_eq!(again.status.code(), Some(0));
    assert!(text(&again.stdout).contains("0 rule(s) created, 1 updated"));
    let store = Store::open_in_dir(to.path()).expect("store");
    assert_eq!(store.routing_rules().expect("rules").len(), 1);
}

#[test]
fn import_failures_name_the_problem_and_write_nothing() {
    let from = tempfile::tempdir().expect("dir");
    source(from.path());
    let file = from.path().join("routing.json");
    let file_arg = file.to_str().expect("utf-8");
    assert_eq!(
        run(from.path(), &["routing", "export", file_arg])
            .status
            .code(),
        Some(0)
    );

    let empty = tempfile::tempdir().expect("dir");
    let out = run(empty.path(), &["routing", "import", file_arg]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("Rule 1 (“Payments to SEC”): no connection is named “Corp Jira”"),
        "{err}"
    );
    let store = Store::open_in_dir(empty.path()).expect("store");
    assert!(store.routing_rules().expect("rules").is_empty());
    assert!(store
        .application_by_name("payments")
        .expect("read")
        .is_none());

    let not_ours = from.path().join("other.json");
    std::fs::write(&not_ours, "{\"rules\": []}").expect("write");
    let out = run(
        empty.path(),
        &["routing", "import", not_ours.to_str().expect("utf-8")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("not a Vulnbridge routing export"),
        "{}",
        text(&out.stderr)
    );

    let out = run(
        empty.path(),
        &["routing", "import", "/nonexistent/routing.json"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("cannot read /nonexistent/routing.json"),
        "{}",
        text(&out.stderr)
    );
}
