//! Routing setup: which rule a finding resolves to (application over group, groups inherited
//! by applications added later, kind/severity/enabled-since filters), rule edits, the
//! createmeta cache and backfill counts.

mod common;

use common::{day, finding, id_of, import, open};
use vulnbridge_model::{FindingKind, Severity};
use vulnbridge_store::{resolve_route, RoutingRule, RuleNames, RuleScope, RuleVerdict, Store};

fn rule(name: &str, scope: RuleScope, since: Option<&str>) -> RoutingRule {
    RoutingRule {
        id: 0,
        name: name.into(),
        connection_id: "conn-1".into(),
        project_id: None,
        project_key: Some("SEC".into()),
        issue_type_id: "10001".into(),
        scope,
        min_severity: None,
        trigger_kinds: vec![FindingKind::Vulnerability],
        mapping_json: "{}".into(),
        field_meta_json: "[]".into(),
        enabled_since: since.map(str::to_string),
    }
}

fn decide(store: &Store, id: vulnbridge_store::FindingId) -> vulnbridge_store::RouteDecision {
    let facts = store
        .route_facts(id)
        .expect("facts")
        .expect("finding exists");
    resolve_route(&store.routing_rules().expect("rules"), &facts)
}

#[test]
fn an_application_added_to_a_group_later_inherits_the_group_rule() {
    let mut t = open();
    let group = t.store.create_group("Payments").expect("group");
    let group_rule = t
        .store
        .add_routing_rule(&rule(
            "Payments to SEC",
            RuleScope::Group(group),
            Some(&day(1)),
        ))
        .expect("add");
    // The application is created and joins the group after the rule exists.
    let app = t.store.create_application("checkout").expect("app");
    import(
        &mut t.store,
        app,
        "a.sarif",
        "semgrep",
        None,
        &day(5),
        &[finding("a", "SQLi", Some(Severity::High), "semgrep")],
    );
    let id = id_of(&t.store, app, "a");
    let before = decide(&t.store, id);
    assert_eq!(before.chosen_rule_id, None, "not in the group yet");
    assert_eq!(before.checks[0].verdict, RuleVerdict::OutOfScope);

    t.store
        .set_application_group(app, Some(group))
        .expect("join group");
    let after = decide(&t.store, id);
    assert_eq!(after.chosen_rule_id, Some(group_rule));
    assert!(
        after.explanation.contains("Payments to SEC"),
        "{}",
        after.explanation
    );
    assert!(
        after.explanation.contains("group “Payments”"),
        "{}",
        after.explanation
    );
    // The engine's own query agrees.
    let r = t
        .store
        .routing_rule(group_rule)
        .expect("read")
        .expect("exists");
    assert_eq!(
        t.store.push_candidates(&r, 10).expect("candidates").len(),
        1
    );
}

#[test]
fn an_application_rule_overrides_its_group_rule_and_filters_are_explained() {
    let mut t = open();
    let group = t.store.create_group("Web").expect("group");
    let app = t.store.create_application("shop").expect("app");
    t.store
        .set_application_group(app, Some(group))
        .expect("join");
    let group_rule = t
        .store
        .add_routing_rule(&rule("Web to OPS", RuleScope::Group(group), Some(&day(1))))
        .expect("add");
    let mut own = rule(
        "Shop highs to SEC",
        RuleScope::Application(app),
        Some(&day(1)),
    );
    own.min_severity = Some(Severity::High);
    let app_rule = t.store.add_routing_rule(&own).expect("add");
    let mut incidents = rule("Shop incidents", RuleScope::Application(app), Some(&day(1)));
    incidents.trigger_kinds = vec![FindingKind::Incident];
    let incident_rule = t.store.add_routing_rule(&incidents).expect("add");

    import(
        &mut t.store,
        app,
        "s.sarif",
        "semgrep",
        None,
        &day(3),
        &[
            finding("crit", "RCE", Some(Severity::Critical), "semgrep"),
            finding("low", "Banner", Some(Severity::Low), "semgrep"),
        ],
    );
    let crit = decide(&t.store, id_of(&t.store, app, "crit"));
    assert_eq!(
        crit.chosen_rule_id,
        Some(app_rule),
        "the application's rule wins"
    );
    let verdict = |d: &vulnbridge_store::RouteDecision, id: i64| {
        d.checks
            .iter()
            .find(|c| c.rule_id == id)
            .expect("checked")
            .clone()
    };
    assert_eq!(verdict(&crit, group_rule).verdict, RuleVerdict::Shadowed);
    let kinds = verdict(&crit, incident_rule);
    assert_eq!(kinds.verdict, RuleVerdict::FilteredOut);
    assert!(kinds.reason.contains("incident"), "{}", kinds.reason);

    // Below the application rule's severity filter: the group rule takes it.
    let low = decide(&t.store, id_of(&t.store, app, "low"));
    assert_eq!(low.chosen_rule_id, Some(group_rule));
    let sev = verdict(&low, app_rule);
    assert_eq!(sev.verdict, RuleVerdict::FilteredOut);
    assert!(
        sev.reason.contains("high severity and above"),
        "{}",
        sev.reason
    );

    // Disabling the application rule hands the critical finding to the group as well.
    t.store
        .set_rule_enabled_since(app_rule, None)
        .expect("disable");
    let crit = decide(&t.store, id_of(&t.store, app, "crit"));
    assert_eq!(crit.chosen_rule_id, Some(group_rule));
    assert!(verdict(&crit, app_rule).reason.contains("disabled"));
}

#[test]
fn findings_older_than_the_rule_need_a_backfill_which_counts_them() {
    let mut t = open();
    let app = t.store.create_application("api").expect("app");
    import(
        &mut t.store,
        app,
        "old.sarif",
        "semgrep",
        None,
        &day(2),
        &[finding("old", "Old", Some(Severity::High), "semgrep")],
    );
    import(
        &mut t.store,
        app,
        "new.sarif",
        "semgrep",
        None,
        &day(9),
        &[
            finding("old", "Old", Some(Severity::High), "semgrep"),
            finding("new", "New", Some(Severity::High), "semgrep"),
        ],
    );
    let id = t
        .store
        .add_routing_rule(&rule("API", RuleScope::Application(app), Some(&day(5))))
        .expect("add");
    let r = t.store.routing_rule(id).expect("read").expect("exists");
    let backlog = t.store.backfill_candidates(&r, 100).expect("backfill");
    assert_eq!(backlog.len(), 1);
    assert_eq!(backlog[0].fingerprint, "fp-old");
    let live = t.store.push_candidates(&r, 100).expect("live");
    assert_eq!(live.len(), 1);
    assert_eq!(live[0].fingerprint, "fp-new");
    let old = decide(&t.store, id_of(&t.store, app, "old"));
    assert_eq!(old.chosen_rule_id, None);
    assert!(
        old.checks[0].reason.contains("backfill"),
        "{}",
        old.checks[0].reason
    );
    // A disabled rule has no backlog.
    t.store.set_rule_enabled_since(id, None).expect("disable");
    let r = t.store.routing_rule(id).expect("read").expect("exists");
    assert!(t
        .store
        .backfill_candidates(&r, 100)
        .expect("backfill")
        .is_empty());
}

#[test]
fn rules_are_edited_named_and_deleted() {
    let t = open();
    let app = t.store.create_application("svc").expect("app");
    let id = t
        .store
        .add_routing_rule(&rule("First", RuleScope::Application(app), None))
        .expect("add");
    let mut r = t.store.routing_rule(id).expect("read").expect("exists");
    r.name = "Renamed".into();
    r.project_key = Some("OPS".into());
    r.min_severity = Some(Severity::Medium);
    r.trigger_kinds = vec![FindingKind::Vulnerability, FindingKind::Incident];
    assert!(t.store.update_routing_rule(&r).expect("update"));
    assert_eq!(t.store.routing_rule(id).expect("read"), Some(r.clone()));
    let names = RuleNames {
        project_name: Some("Operations".into()),
        issue_type_name: Some("Bug".into()),
        assignee_name: Some("Ada".into()),
    };
    t.store.set_rule_names(id, &names).expect("names");
    assert_eq!(t.store.rule_names(id).expect("names"), names);
    assert_eq!(t.store.routing_rules().expect("all").len(), 1);
    assert!(t.store.delete_routing_rule(id).expect("delete"));
    assert!(!t.store.delete_routing_rule(id).expect("delete again"));
    assert_eq!(t.store.routing_rule(id).expect("read"), None);
    r.id = id;
    assert!(!t.store.update_routing_rule(&r).expect("update gone"));
}

#[test]
fn createmeta_is_cached_per_connection_project_and_issue_type_and_refreshed() {
    let t = open();
    assert_eq!(
        t.store
            .cached_create_fields("c1", "SEC", "1")
            .expect("read"),
        None
    );
    let first = t
        .store
        .cache_create_fields("c1", "SEC", "1", r#"[{"id":"summary"}]"#)
        .expect("save");
    t.store
        .cache_create_fields("c1", "SEC", "2", r#"[{"id":"other"}]"#)
        .expect("save");
    t.store
        .cache_create_fields("c2", "SEC", "1", r#"[{"id":"c2"}]"#)
        .expect("save");
    let read = t
        .store
        .cached_create_fields("c1", "SEC", "1")
        .expect("read")
        .expect("cached");
    assert_eq!(read, first);
    std::thread::sleep(std::time::Duration::from_millis(5));
    let refreshed = t
        .store
        .cache_create_fields("c1", "SEC", "1", r#"[{"id":"summary"},{"id":"labels"}]"#)
        .expect("refresh");
    assert_eq!(
        refreshed.fields_json,
        r#"[{"id":"summary"},{"id":"labels"}]"#
    );
    assert!(refreshed.fetched_at > first.fetched_at);
    let other = t
        .store
        .cached_create_fields("c2", "SEC", "1")
        .expect("read")
        .expect("cached");
    assert_eq!(other.fields_json, r#"[{"id":"c2"}]"#);
}

#[test]
fn a_backfilled_finding_is_explained_as_queued() {
    let mut t = open();
    let app = t.store.create_application("api").expect("app");
    import(
        &mut t.store,
        app,
        "old.sarif",
        "semgrep",
        None,
        &day(2),
        &[finding("old", "Old", Some(Severity::High), "semgrep")],
    );
    let id = t
        .store
        .add_routing_rule(&rule("API", RuleScope::Application(app), Some(&day(5))))
        .expect("add");
    let finding = id_of(&t.store, app, "old");
    let op = vulnbridge_store::NewOutboxOp {
        kind: vulnbridge_store::OutboxKind::Create,
        finding_id: finding,
        connection_id: "conn-1",
        rule_id: Some(id),
        idempotency_key: "vb-old",
        payload: "{}",
        state: vulnbridge_store::OutboxState::Pending,
        error: None,
    };
    t.store.enqueue(&op, &day(6)).expect("queued");
    let d = decide(&t.store, finding);
    assert_eq!(d.chosen_rule_id, None);
    assert!(
        d.explanation.contains("its ticket is queued"),
        "{}",
        d.explanation
    );
    let r = t.store.routing_rule(id).expect("read").expect("rule");
    assert!(
        t.store
            .backfill_candidates(&r, 10)
            .expect("backfill")
            .is_empty(),
        "queued once"
    );
}
