//! Nothing lost, nothing duplicated under injected faults; refusals that retrying cannot fix
//! are parked with Jira's reason.

mod common;

use chrono::Duration as Span;
use vulnbridge_mapping::{FieldMapping, FieldSource, JiraValue, ValueRef};
use vulnbridge_sandbox::{Fault, FaultPlan, FaultRule, Flavor, RateLimitReason, Target, Trigger};
use vulnbridge_store::{OutboxState, RoutingRule};

use common::*;

/// ~20% of API calls fail: lost answers after a commit, resets, 503s and 429s (Retry-After);
/// the first bulk create always loses its answer after committing.
fn twenty_percent(flavor: Flavor) -> FaultPlan {
    let api = format!("{}/**", flavor.api_prefix());
    let bulk = format!("{}/issue/bulk", flavor.api_prefix());
    let rule = |fault| FaultRule::new(Target::path(&api), Trigger::Probability(0.055), fault);
    FaultPlan::none()
        .with_rule(FaultRule::new(
            Target::method_path("POST", &bulk),
            Trigger::FirstN(1),
            Fault::CommitThenDrop,
        ))
        .with_rule(rule(Fault::CommitThenDrop))
        .with_rule(rule(Fault::ConnectionReset))
        .with_rule(rule(Fault::ServiceUnavailable {
            retry_after_secs: None,
        }))
        .with_rule(rule(Fault::RateLimited {
            reason: RateLimitReason::Burst,
            retry_after_secs: 20,
        }))
}

/// Pushes 300 findings (arriving in six scans of 50) through the faults until the outbox is
/// drained; checks one ticket per finding. Returns the fault labels the sandbox logged.
async fn storm(flavor: Flavor, seed: u64) -> Vec<String> {
    let sandbox = start_sandbox(flavor, FaultPlan::none(), seed).await;
    let client = client_for(&sandbox).await;
    let w = world(&sandbox, &client).await;
    sandbox.set_faults(twenty_percent(flavor));
    let findings = many(&format!("storm{seed}"), 300);
    let mut engine = w.engine(&client);
    let mut passes = 0;
    let mut ambiguous = 0;
    for (scan, chunk) in findings.chunks(50).enumerate() {
        let seen = t0() + Span::minutes(1) + Span::seconds(scan as i64);
        import_at(engine.store_mut(), w.app, chunk, seen);
        loop {
            let r = engine.push_once().await.expect("pass");
            ambiguous += r.ambiguous;
            passes += 1;
            let c = engine.store().outbox_counts().expect("counts");
            if c.pending + c.ambiguous + c.in_flight == 0 {
                break;
            }
            assert!(
                passes < 500,
                "{flavor:?}/{seed}: not drained after {passes} passes: {c:?}"
            );
            w.clock.advance(Span::minutes(2));
        }
    }
    let log = sandbox.request_log();
    let faults: Vec<String> = log
        .entries()
        .iter()
        .filter_map(|e| e.fault.clone())
        .collect();
    println!(
        "{flavor:?} seed {seed}: 300 findings, {passes} passes, {} requests, {} faulted {faults:?}, {ambiguous} ops went ambiguous",
        log.len(),
        faults.len()
    );
    assert!(
        ambiguous >= 1,
        "the lost bulk answer made its ops ambiguous"
    );
    assert_eq!(sandbox.issue_count("SEC"), 300, "{flavor:?}/{seed}");
    for f in &findings {
        assert_eq!(
            sandbox.issues_with_label(&f.dedup_label()).len(),
            1,
            "{flavor:?}/{seed}"
        );
    }
    let links = engine.store().ticket_links(CONN).expect("links");
    assert_eq!(links.len(), 300);
    let mut keys: Vec<&str> = links.iter().map(|l| l.issue_key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 300, "no two findings share a ticket");
    // Each scan resolves the previous scan's findings (they vanished), so the 250 tickets of
    // the first five scans move to done: 300 creates + 250 transitions, each applied once
    // (one explanatory comment per moved ticket) despite the faults.
    let c = engine.store().outbox_counts().expect("counts");
    assert_eq!(
        (c.done, c.parked, c.failed),
        (550, 0, 0),
        "{flavor:?}/{seed}"
    );
    for (i, link) in links.iter().enumerate() {
        let issue = sandbox.issue(&link.issue_key).expect("issue");
        let resolved = engine
            .store()
            .finding_status(link.finding_id)
            .expect("status")
            == vulnbridge_store::FindingStatus::Resolved;
        let (category, comments) = if resolved { ("done", 1) } else { ("new", 0) };
        assert_eq!(
            (issue.status_category.as_str(), issue.comments),
            (category, comments),
            "{flavor:?}/{seed}: ticket #{i} {}",
            link.issue_key
        );
    }
    sandbox.shutdown().await;
    faults
}

#[tokio::test]
async fn three_hundred_findings_through_twenty_percent_faults_make_three_hundred_tickets() {
    for flavor in FLAVORS {
        let mut seen = Vec::new();
        for seed in [7, 8, 9, 10] {
            seen.extend(storm(flavor, seed).await);
        }
        // Across the seeds every kind of fault hit the engine at least once.
        for kind in ["drop", "reset", "503", "429"] {
            assert!(
                seen.iter().any(|f| f.to_lowercase().contains(kind)),
                "{flavor:?}: no {kind} fault in {seen:?}"
            );
        }
    }
}

/// An APPSEC Bug rule whose saved fields predate the Team and Security champion fields
/// becoming required (so the mapping looks complete locally).
fn stale_appsec_rule(app: vulnbridge_store::ApplicationId, meta: String) -> RoutingRule {
    let mut rule = sec_rule(app, meta);
    rule.project_id = Some("10001".into());
    rule.project_key = Some("APPSEC".into());
    rule.issue_type_id = "10002".into();
    rule
}

#[tokio::test]
async fn a_required_field_jira_asks_for_parks_the_op_with_the_field_named() {
    for flavor in FLAVORS {
        let sandbox = start_sandbox(flavor, FaultPlan::none(), 1).await;
        let client = client_for(&sandbox).await;
        // SEC Task's fields (no Team, no champion) saved on an APPSEC Bug rule.
        let meta = field_meta(&client, "SEC", "10001").await;
        sandbox.clear_request_log();
        let w = world_with_rule(|app| stale_appsec_rule(app, meta));
        let mut engine = w.engine(&client);
        import_at(
            engine.store_mut(),
            w.app,
            &many("appsec", 3),
            t0() + Span::minutes(1),
        );

        let report = engine.push_once().await.expect("push");
        assert_eq!(
            (report.created, report.parked),
            (0, 3),
            "{flavor:?}: {report:?}"
        );
        assert_eq!(sandbox.issue_count("APPSEC"), 0);
        let parked = engine.store().unfinished_ops().expect("ops");
        assert_eq!(parked.len(), 3);
        for op in &parked {
            assert_eq!(op.state, OutboxState::Parked);
            let error = op.last_error.as_ref().expect("a reason");
            assert_eq!(error.code, "rejected_by_jira");
            assert!(
                error.message.contains("customfield_10030"),
                "{flavor:?}: {}",
                error.message
            );
            assert!(error.message.contains("Team"), "{}", error.message);
        }
        // Parked work is not retried blindly: the next pass sends nothing.
        let sent = sandbox.request_log().len();
        w.clock.advance(Span::hours(3));
        engine.push_once().await.expect("again");
        assert_eq!(sandbox.request_log().len(), sent);

        // The user refreshes the rule's fields and maps Team, champion and priority: the
        // parked creates are rebuilt and go through.
        let mut rule = engine
            .store()
            .routing_rule(w.rule)
            .expect("read")
            .expect("rule");
        rule.field_meta_json = field_meta(&client, "APPSEC", "10002").await;
        rule.mapping_json = serde_json::to_string(&appsec_mapping(flavor)).expect("json");
        assert!(engine.store().update_routing_rule(&rule).expect("update"));
        for op in &parked {
            assert!(engine.requeue_parked(op.id).expect("requeue"), "{flavor:?}");
        }
        let report = engine.push_once().await.expect("after the fix");
        assert_eq!(report.created, 3, "{flavor:?}: {report:?}");
        assert_eq!(sandbox.issue_count("APPSEC"), 3);
        assert_eq!(engine.store().outbox_counts().expect("counts").done, 3);
        sandbox.shutdown().await;
    }
}

/// A mapping that fills APPSEC's required fields.
fn appsec_mapping(flavor: Flavor) -> FieldMapping {
    let champion = match flavor {
        Flavor::Cloud => "712020:b4a5c6d7-e8f9-4a0b-9c1d-2e3f4a5b6c7d",
        Flavor::DataCenter => "champion",
    };
    let mut mapping = FieldMapping::default();
    let one = |id: &str, name: &str| {
        FieldSource::Fixed(JiraValue::One {
            value: ValueRef::new(id, name),
        })
    };
    mapping.set("customfield_10030", one("10120", "Payments"));
    mapping.set("priority", one("2", "High"));
    mapping.set(
        "customfield_10031",
        FieldSource::Fixed(JiraValue::User {
            id: champion.into(),
        }),
    );
    mapping
}

#[tokio::test]
async fn a_mapping_that_cannot_fill_a_required_field_parks_before_any_request() {
    let sandbox = start_sandbox(Flavor::Cloud, FaultPlan::none(), 1).await;
    let client = client_for(&sandbox).await;
    let meta = field_meta(&client, "APPSEC", "10002").await;
    sandbox.clear_request_log();
    // The default mapping leaves APPSEC's required Team and champion unmapped.
    let w = world_with_rule(|app| stale_appsec_rule(app, meta));
    let mut engine = w.engine(&client);
    import_at(
        engine.store_mut(),
        w.app,
        &many("local", 2),
        t0() + Span::minutes(1),
    );
    let report = engine.push_once().await.expect("push");
    assert_eq!(
        (report.queued, report.queued_parked, report.batches),
        (2, 2, 0)
    );
    assert!(sandbox.request_log().is_empty(), "nothing was sent");
    let ops = engine.store().unfinished_ops().expect("ops");
    let error = ops[0].last_error.as_ref().expect("reason");
    assert_eq!(error.code, "mapping_problem");
    assert!(error.message.contains("Team"), "{}", error.message);
    sandbox.shutdown().await;
}
