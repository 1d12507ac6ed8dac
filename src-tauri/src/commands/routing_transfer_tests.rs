//! Tests of saving rules and of the routing export/import, on a real store.

use super::*;
use crate::commands::routing::{save_rule, RuleInput, ScopeRef, UserChoice};
use vulnbridge_mapping::{FieldMapping, FieldMeta, FieldSchema, FieldSource, JiraValue, ValueRef};
use vulnbridge_model::{FindingKind, Severity};

fn open_store(name: &str) -> (Store, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("vb-routing-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store = Store::open_in_dir(&dir).expect("store opens");
    (store, dir)
}

fn add_connection(store: &Store, id: &str, name: &str, site: &str) {
    let config = vulnbridge_jira::ConnectionConfig {
        id: vulnbridge_jira::ConnectionId::new(id).expect("id"),
        kind: vulnbridge_jira::DeploymentKind::DataCenter,
        site_url: url::Url::parse(site).expect("url"),
        cloud_id: None,
        cloud_endpoints: Default::default(),
        auth: vulnbridge_jira::AuthMethod::DcPat,
        account_display_name: None,
    };
    let json = serde_json::to_string(&config).expect("config json");
    store
        .save_connection(id, name, &json)
        .expect("save connection");
}

fn field(id: &str, name: &str, required: bool, kind: &str, custom: Option<&str>) -> FieldMeta {
    FieldMeta {
        id: id.into(),
        key: id.into(),
        name: name.into(),
        required,
        schema: FieldSchema {
            kind: kind.into(),
            system: custom.is_none().then(|| id.to_string()),
            custom: custom.map(str::to_string),
            items: (kind == "array").then(|| "string".to_string()),
        },
        allowed_values: if kind == "option" {
            vec![vulnbridge_mapping::AllowedValue {
                id: "100".into(),
                name: "Platform".into(),
                ..Default::default()
            }]
        } else {
            Vec::new()
        },
        ..Default::default()
    }
}

/// APPSEC-like fields: summary, labels, and a required "Team" select.
fn appsec_fields() -> Vec<FieldMeta> {
    vec![
        field("summary", "Summary", true, "string", None),
        field("labels", "Labels", false, "array", None),
        field("assignee", "Assignee", false, "user", None),
        field(
            "customfield_10050",
            "Team",
            true,
            "option",
            Some("com.atlassian.jira.plugin.system.customfieldtypes:select"),
        ),
    ]
}

fn input(store: &Store, mapping: FieldMapping) -> RuleInput {
    let (app, _) = store.ensure_application("payments-api").expect("app");
    RuleInput {
        id: None,
        name: "Payments to APPSEC".into(),
        scope: ScopeRef::Application(app),
        connection_id: "c1".into(),
        project_id: Some("10001".into()),
        project_key: Some("APPSEC".into()),
        project_name: Some("Application Security".into()),
        issue_type_id: "10002".into(),
        issue_type_name: Some("Bug".into()),
        assignee: Some(UserChoice {
            id: "jsmith".into(),
            display_name: "Jane Smith".into(),
        }),
        min_severity: Some(Severity::High),
        trigger_kinds: vec![FindingKind::Vulnerability],
        mapping,
        enabled: true,
    }
}

fn team_mapping() -> FieldMapping {
    let mut m = FieldMapping::default();
    m.set(
        "customfield_10050",
        FieldSource::Fixed(JiraValue::One {
            value: ValueRef::new("100", "Platform"),
        }),
    );
    m
}

fn cache(store: &Store) {
    let json = serde_json::to_string(&appsec_fields()).expect("json");
    store
        .cache_create_fields("c1", "10001", "10002", &json)
        .expect("cache");
}

#[test]
fn a_required_field_without_a_mapping_blocks_saving_and_enabled_since_survives_edits() {
    let (store, dir) = open_store("save");
    add_connection(&store, "c1", "Corp Jira", "https://jira.example.com/");
    cache(&store);
    let blocked = save_rule(
        &store,
        input(&store, FieldMapping::default()),
        "2026-11-01T00:00:00.000Z",
    )
    .expect("checked");
    assert!(blocked.rule.is_none());
    assert_eq!(blocked.problems.len(), 1, "{:?}", blocked.problems);
    assert_eq!(blocked.problems[0].field_name, "Team");
    assert!(
        store.routing_rules().expect("rules").is_empty(),
        "nothing saved"
    );

    let saved = save_rule(
        &store,
        input(&store, team_mapping()),
        "2026-11-01T00:00:00.000Z",
    )
    .expect("saved")
    .rule
    .expect("rule");
    assert_eq!(
        saved.enabled_since.as_deref(),
        Some("2026-11-01T00:00:00.000Z")
    );
    assert_eq!(
        saved.assignee.as_ref().map(|u| u.display_name.as_str()),
        Some("Jane Smith")
    );
    let mut edit = input(&store, team_mapping());
    edit.id = Some(saved.id);
    edit.name = "Renamed".into();
    let edited = save_rule(&store, edit, "2026-11-20T00:00:00.000Z")
        .expect("edited")
        .rule
        .expect("rule");
    assert_eq!(edited.name, "Renamed");
    assert_eq!(
        edited.enabled_since.as_deref(),
        Some("2026-11-01T00:00:00.000Z"),
        "editing an enabled rule keeps its enabled-since (no silent backlog)"
    );
    // What the sync engine reads carries the assignee in the mapping.
    let stored = store
        .routing_rule(i64::from(saved.id))
        .expect("read")
        .expect("rule");
    assert!(
        stored.mapping_json.contains("jsmith"),
        "{}",
        stored.mapping_json
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn export_has_no_secrets_and_imports_on_another_machine_by_site_url() {
    let (store, dir) = open_store("export");
    add_connection(&store, "c1", "Corp Jira", "https://jira.example.com/");
    cache(&store);
    save_rule(
        &store,
        input(&store, team_mapping()),
        "2026-11-01T00:00:00.000Z",
    )
    .expect("saved");
    let doc = export_document(&store).expect("export");
    let text = serde_json::to_string_pretty(&doc).expect("json");
    assert!(
        text.contains("\"siteUrl\": \"https://jira.example.com/\""),
        "{text}"
    );
    assert!(text.contains("\"application\": \"payments-api\""), "{text}");
    assert!(
        !text.contains("\"c1\""),
        "internal connection ids stay local: {text}"
    );
    assert!(!text.to_lowercase().contains("token"), "{text}");

    // Another machine: the connection has another id and name, same site; no application yet.
    let (other, other_dir) = open_store("import");
    add_connection(&other, "zz", "Jira (prod)", "https://JIRA.example.com");
    let report = import_document(&other, &text).expect("import");
    assert_eq!((report.created, report.updated), (1, 0));
    assert_eq!(
        report.created_scopes,
        vec!["application “payments-api”".to_string()]
    );
    let rules = other.routing_rules().expect("rules");
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].connection_id, "zz");
    assert!(rules[0].enabled_since.is_some());
    // Importing again updates the same rule instead of duplicating it.
    let again = import_document(&other, &text).expect("import again");
    assert_eq!((again.created, again.updated), (0, 1));
    assert_eq!(other.routing_rules().expect("rules").len(), 1);
    let _ = std::fs::remove_dir_all(dir);
    let _ = std::fs::remove_dir_all(other_dir);
}

#[test]
fn import_errors_name_the_rule_and_the_problem() {
    let (store, dir) = open_store("bad-import");
    let not_ours = import_document(&store, r#"{"rules": []}"#).expect_err("not an export");
    assert!(
        not_ours.message.contains("not a Vulnbridge routing export"),
        "{}",
        not_ours.message
    );
    let future = import_document(
        &store,
        r#"{"format":"vulnbridge-routing","version":9,"rules":[]}"#,
    )
    .expect_err("newer");
    assert!(future.message.contains("version 9"), "{}", future.message);

    let rule = serde_json::json!({
        "name": "Payments", "scope": {"application": "payments-api"},
        "connection": {"name": "Prod Jira", "siteUrl": "https://jira.example.com/"},
        "project": {"key": "APPSEC"}, "issueType": {"id": "10002"},
        "triggerKinds": ["vulnerability"], "enabled": true,
        "mapping": {}, "fields": appsec_fields(),
    });
    let doc = |r: &serde_json::Value| {
        serde_json::json!({"format": "vulnbridge-routing", "version": 1, "rules": [r]}).to_string()
    };
    let missing = import_document(&store, &doc(&rule)).expect_err("no connection");
    assert!(
        missing.message.contains("Rule 1 (“Payments”)"),
        "{}",
        missing.message
    );
    assert!(missing.message.contains("Prod Jira"), "{}", missing.message);

    add_connection(&store, "c9", "Prod Jira", "https://jira.example.com/");
    let unmapped = import_document(&store, &doc(&rule)).expect_err("Team unmapped");
    assert!(
        unmapped.message.contains("field “Team”"),
        "{}",
        unmapped.message
    );
    assert!(
        store.routing_rules().expect("rules").is_empty(),
        "nothing written"
    );
    assert!(store
        .application_by_name("payments-api")
        .expect("read")
        .is_none());
    let _ = std::fs::remove_dir_all(dir);
}
