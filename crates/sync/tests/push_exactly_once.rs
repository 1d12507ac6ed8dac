//! Exactly-once ticket creation against the sandbox (both flavors, real SQLite files).

mod common;

use chrono::Duration as Span;
use vulnbridge_model::Severity;
use vulnbridge_store::{OutboxKind, OutboxState, TimelineKind};

use common::*;

fn finding_id(store: &vulnbridge_store::Store, fingerprint: &str) -> vulnbridge_store::FindingId {
    store
        .connection()
        .query_row(
            "SELECT id FROM findings WHERE fingerprint = ?1",
            [fingerprint],
            |r| r.get(0),
        )
        .expect("finding id")
}

/// Every finding's label is on exactly one issue.
fn assert_one_issue_per_label(
    sandbox: &vulnbridge_sandbox::RunningSandbox,
    findings: &[vulnbridge_model::Finding],
) {
    for f in findings {
        let issues = sandbox.issues_with_label(&f.dedup_label());
        assert_eq!(issues.len(), 1, "{}: {issues:?}", f.dedup_label());
    }
}

#[tokio::test]
async fn a_hundred_new_findings_cost_a_few_requests_and_a_second_push_costs_none() {
    for flavor in FLAVORS {
        let sandbox = start_sandbox(flavor, vulnbridge_sandbox::FaultPlan::none(), 1).await;
        let client = client_for(&sandbox).await;
        let w = world(&sandbox, &client).await;
        let findings = many("h", 100);
        let mut engine = w.engine(&client);
        import_at(
            engine.store_mut(),
            w.app,
            &findings,
            t0() + Span::minutes(30),
        );

        let report = engine.push_once().await.expect("push");
        assert_eq!(
            (report.queued, report.created, report.parked),
            (100, 100, 0),
            "{flavor:?}"
        );
        assert_eq!(sandbox.issue_count("SEC"), 100);
        assert_one_issue_per_label(&sandbox, &findings);
        let links = engine.store().ticket_links(CONN).expect("links");
        assert_eq!(links.len(), 100);
        assert!(
            links.iter().all(|l| l.url.contains("/browse/SEC-")),
            "{:?}",
            links[0]
        );
        let requests = sandbox.request_log().len();
        println!("{flavor:?}: 100 findings -> {requests} requests");
        assert!(
            requests <= 2 * batches(100) + 2,
            "{flavor:?}: {requests} requests"
        );

        // Each link is what Jira holds for that finding's label.
        let id = links[7].finding_id;
        let detail = engine.store().finding_detail(id).expect("detail");
        let on_jira = sandbox.issues_with_label(&detail.dedup_label);
        assert_eq!(on_jira, vec![links[7].issue_key.clone()]);
        assert_eq!(detail.timeline[0].kind, TimelineKind::TicketLinked);
        assert!(detail.timeline[0]
            .detail
            .message
            .contains(&links[7].issue_key));

        let before = sandbox.request_log().len();
        let again = engine.push_once().await.expect("second push");
        assert_eq!(again.queued + again.created + again.batches, 0, "{again:?}");
        assert_eq!(
            sandbox.request_log().len(),
            before,
            "{flavor:?}: re-push is free"
        );
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn only_new_open_findings_above_the_severity_filter_are_pushed() {
    let sandbox = start_sandbox(
        vulnbridge_sandbox::Flavor::Cloud,
        vulnbridge_sandbox::FaultPlan::none(),
        1,
    )
    .await;
    let client = client_for(&sandbox).await;
    let w = world(&sandbox, &client).await;
    let mut engine = w.engine(&client);
    let backlog = many("old", 3);
    import_at(engine.store_mut(), w.app, &backlog, t0() - Span::days(2));
    let info = finding("noise", Severity::Info);
    let fresh = finding("fresh", Severity::Critical);
    let resolved_later = finding("fixed", Severity::High);
    // The next scan still reports the backlog (first seen two days before the rule).
    let mut scan = backlog.clone();
    scan.extend([info, fresh.clone(), resolved_later.clone()]);
    import_at(engine.store_mut(), w.app, &scan, t0() + Span::minutes(5));
    let fixed_id = finding_id(engine.store(), &resolved_later.fingerprint);
    engine
        .store_mut()
        .set_status(
            &[fixed_id],
            vulnbridge_store::FindingStatus::FalsePositive,
            Some("test code"),
        )
        .expect("status");

    let report = engine.push_once().await.expect("push");
    assert_eq!((report.queued, report.created), (1, 1), "{report:?}");
    assert_eq!(sandbox.issues_with_label(&fresh.dedup_label()).len(), 1);
    assert_eq!(
        sandbox.issue_count("SEC"),
        1,
        "backlog, info and false positive stay local"
    );

    // The backlog goes only through an explicit backfill.
    let rule = engine
        .store()
        .routing_rule(w.rule)
        .expect("read")
        .expect("rule");
    let backlog_candidates = engine
        .store()
        .backfill_candidates(&rule, 500)
        .expect("backlog");
    assert_eq!(backlog_candidates.len(), 3);
    let (queued, parked) = engine
        .queue_candidates(&rule, &backlog_candidates)
        .expect("backfill");
    assert_eq!((queued, parked), (3, 0));
    let report = engine.push_once().await.expect("push backfill");
    assert_eq!(report.created, 3, "{report:?}");
    for f in &backlog {
        assert_eq!(sandbox.issues_with_label(&f.dedup_label()).len(), 1);
    }
    assert_eq!(sandbox.issue_count("SEC"), 4);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn two_desktops_pushing_the_same_findings_make_one_ticket_each() {
    for flavor in FLAVORS {
        let sandbox = start_sandbox(flavor, vulnbridge_sandbox::FaultPlan::none(), 1).await;
        let client = client_for(&sandbox).await;
        let (a, b) = (
            world(&sandbox, &client).await,
            world(&sandbox, &client).await,
        );
        let findings = many("shared", 120);
        let mut engine_a = a.engine(&client);
        let mut engine_b = b.engine(&client);
        // A has only seen the first 70 so far; B sees all 120.
        import_at(
            engine_a.store_mut(),
            a.app,
            &findings[..70],
            t0() + Span::minutes(1),
        );
        import_at(
            engine_b.store_mut(),
            b.app,
            &findings,
            t0() + Span::minutes(1),
        );
        let ra = engine_a.push_once().await.expect("a");
        let rb = engine_b.push_once().await.expect("b");
        import_at(
            engine_a.store_mut(),
            a.app,
            &findings,
            t0() + Span::minutes(2),
        );
        let ra2 = engine_a.push_once().await.expect("a again");
        assert_eq!(ra.created, 70);
        assert_eq!(
            (rb.linked_existing, rb.created),
            (70, 50),
            "{flavor:?}: {rb:?}"
        );
        assert_eq!(
            (ra2.linked_existing, ra2.created),
            (50, 0),
            "{flavor:?}: {ra2:?}"
        );
        assert_eq!(sandbox.issue_count("SEC"), 120);
        assert_one_issue_per_label(&sandbox, &findings);
        let keys = |e: &vulnbridge_sync::PushEngine| {
            let mut k: Vec<String> = e
                .store()
                .ticket_links(CONN)
                .expect("l")
                .into_iter()
                .map(|l| l.issue_key)
                .collect();
            k.sort();
            k
        };
        assert_eq!(
            keys(&engine_a),
            keys(&engine_b),
            "both desktops link the same tickets"
        );
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn a_crash_after_the_request_reached_jira_resumes_without_duplicates() {
    for flavor in FLAVORS {
        let sandbox = start_sandbox(flavor, vulnbridge_sandbox::FaultPlan::none(), 1).await;
        let client = client_for(&sandbox).await;
        let w = world(&sandbox, &client).await;
        let findings = many("crash", 60);
        {
            let mut engine = w.engine(&client);
            import_at(
                engine.store_mut(),
                w.app,
                &findings,
                t0() + Span::minutes(1),
            );
            let (queued, _) = engine.queue_new_findings().expect("queue");
            assert_eq!(queued, 60);
            let now = vulnbridge_sync::stamp(t0() + Span::hours(1));
            let claimed = engine
                .store_mut()
                .claim_due(CONN, OutboxKind::Create, &now, 50)
                .expect("claim");
            assert_eq!(claimed.len(), 50);
            // The bulk create reaches Jira, then the app dies before recording the answer.
            let bodies: Vec<serde_json::Value> = claimed
                .iter()
                .map(|c| serde_json::from_str(&c.op.payload).expect("payload"))
                .collect();
            client.bulk_create(&bodies).await.expect("sent");
            assert_eq!(sandbox.issue_count("SEC"), 50);
        } // engine and its store handle dropped here: the "crash"

        let mut engine = w.engine(&client);
        assert_eq!(engine.recovered(), 50);
        assert_eq!(
            engine.store().outbox_counts().expect("counts").ambiguous,
            50
        );
        // The interrupted ops wait out the search index lag; the 10 others go now.
        let early = engine.push_once().await.expect("first pass");
        assert_eq!(
            (early.linked_existing, early.created),
            (0, 10),
            "{flavor:?}: {early:?}"
        );
        w.clock.advance(Span::seconds(31));
        let report = engine.push_once().await.expect("resume");
        assert_eq!(
            (report.linked_existing, report.created),
            (50, 0),
            "{flavor:?}: {report:?}"
        );
        assert_eq!(sandbox.issue_count("SEC"), 60);
        assert_one_issue_per_label(&sandbox, &findings);
        assert_eq!(engine.store().ticket_links(CONN).expect("links").len(), 60);
        assert_eq!(engine.store().outbox_counts().expect("counts").done, 60);
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn retry_after_is_honoured_before_sending_again() {
    use vulnbridge_sandbox::{Fault, FaultPlan, FaultRule, RateLimitReason, Target, Trigger};
    let flavor = vulnbridge_sandbox::Flavor::Cloud;
    let bulk = format!("{}/issue/bulk", flavor.api_prefix());
    let plan = FaultPlan::none().with_rule(FaultRule::new(
        Target::method_path("POST", &bulk),
        Trigger::FirstN(1),
        Fault::RateLimited {
            reason: RateLimitReason::Burst,
            retry_after_secs: 30,
        },
    ));
    let sandbox = start_sandbox(flavor, plan, 1).await;
    let client = client_for(&sandbox).await;
    let w = world(&sandbox, &client).await;
    let findings = many("limited", 10);
    let mut engine = w.engine(&client);
    import_at(
        engine.store_mut(),
        w.app,
        &findings,
        t0() + Span::minutes(1),
    );
    let first = engine.push_once().await.expect("push");
    assert_eq!((first.created, first.rescheduled), (0, 10), "{first:?}");
    let waiting = engine.store().unfinished_ops().expect("ops");
    assert!(
        waiting.iter().all(|o| o.state == OutboxState::Pending
            && o.last_error
                .as_ref()
                .is_some_and(|e| e.code == "rate_limited")),
        "{waiting:?}"
    );
    let wait = engine.next_due_in().expect("due").expect("something waits");
    assert!(wait >= std::time::Duration::from_secs(30), "{wait:?}");

    let sent = sandbox.request_log().len();
    w.clock.advance(Span::seconds(20));
    engine.push_once().await.expect("too early");
    assert_eq!(
        sandbox.request_log().len(),
        sent,
        "nothing is sent before Retry-After"
    );
    w.clock.advance(Span::seconds(20));
    let done = engine.push_once().await.expect("after");
    assert_eq!(done.created, 10);
    assert_eq!(sandbox.issue_count("SEC"), 10);
    sandbox.shutdown().await;
}
