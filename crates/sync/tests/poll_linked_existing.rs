//! A ticket another desktop created and closed long ago, linked here by its label: the
//! search window never shows it, so the poll reads it directly once the link has waited.

mod common;

use std::sync::Arc;

use chrono::Duration as Span;
use vulnbridge_sandbox::{Clock as SandboxClock, FaultPlan, Flavor, Sandbox, SandboxConfig, Seed};
use vulnbridge_store::FindingStatus;
use vulnbridge_sync::{Clock, PollEngine};

use common::*;

#[tokio::test]
async fn a_ticket_linked_long_after_it_was_closed_gets_its_status() {
    for flavor in [Flavor::Cloud, Flavor::DataCenter] {
        let probe = start_sandbox(flavor, FaultPlan::none(), 1).await;
        let meta = field_meta(&client_for(&probe).await, "SEC", "10001").await;
        probe.shutdown().await;
        let first = world_with_rule(|app| sec_rule(app, meta.clone()));
        let sandbox = Sandbox::start(
            SandboxConfig::new(flavor)
                .with_seed(Seed::Empty)
                .with_clock(SandboxClock::fixed(first.clock.now())),
        )
        .await
        .expect("sandbox");
        let client = client_for(&sandbox).await;
        let findings = many("shared", 2);
        let mut push = first.engine(&client);
        import_at(
            push.store_mut(),
            first.app,
            &findings,
            t0() + Span::minutes(5),
        );
        assert_eq!(push.push_once().await.expect("push").created, 2);
        let key = push.store().ticket_links(CONN).expect("links")[0]
            .issue_key
            .clone();
        let done = client.transitions(&key).await.expect("transitions");
        let done = done.iter().find(|t| t.name == "Done").expect("Done");
        client
            .transition_issue(&key, &done.id, serde_json::Map::new(), None)
            .await
            .expect("close");

        // A day later a second desktop imports the same findings and links the tickets.
        sandbox.clock().advance(Span::days(1));
        let second = world_with_rule(|app| sec_rule(app, meta.clone()));
        second.clock.set(sandbox.clock().now());
        let mut push = second.engine(&client);
        import_at(
            push.store_mut(),
            second.app,
            &findings,
            t0() + Span::minutes(5),
        );
        let report = push.push_once().await.expect("push");
        assert_eq!(
            (report.created, report.linked_existing),
            (0, 2),
            "{flavor:?}"
        );
        let links = push.store().ticket_links(CONN).expect("links");
        let closed = links.iter().find(|l| l.issue_key == key).expect("link");

        let mut engine = PollEngine::new(second.open(), Arc::new(second.clock.clone()));
        engine.add_connection(CONN, client.clone());
        let soon = engine.poll_once().await.expect("poll");
        assert_eq!(
            soon.issues_applied, 0,
            "{flavor:?}: not in the window: {soon:?}"
        );

        // Once the links have waited two overlap windows, they are read directly.
        for minutes in [5, 5] {
            sandbox.clock().advance(Span::minutes(minutes));
            second.clock.advance(Span::minutes(minutes));
        }
        sandbox.clear_request_log();
        let later = engine.poll_once().await.expect("poll");
        assert!(later.failures.is_empty(), "{later:?}");
        assert_eq!(later.issues_applied, 2, "{flavor:?}: {later:?}");
        assert_eq!(
            engine
                .store()
                .finding_status(closed.finding_id)
                .expect("status"),
            FindingStatus::Resolved,
            "{flavor:?}"
        );
        let direct = sandbox.request_log().len();
        // Once recorded, the links cost nothing more than the search.
        sandbox.clear_request_log();
        let idle = engine.poll_once().await.expect("idle");
        assert_eq!(idle.issues_applied, 0);
        assert_eq!(
            sandbox.request_log().len(),
            1,
            "{flavor:?} (first read: {direct})"
        );
        sandbox.shutdown().await;
    }
}
