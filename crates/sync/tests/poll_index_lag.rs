//! Jira Cloud's search index is eventually consistent: a change not searchable yet is picked
//! up by a later poll (the watermark only moves to `updated` values the search returned).

mod common;

use std::sync::Arc;

use chrono::Duration as Span;
use vulnbridge_sandbox::{Clock as SandboxClock, FaultPlan, Flavor, Sandbox, SandboxConfig, Seed};
use vulnbridge_store::FindingStatus;
use vulnbridge_sync::{Clock, PollEngine};

use common::*;

#[tokio::test]
async fn a_change_the_index_does_not_show_yet_is_applied_by_a_later_poll() {
    let probe = start_sandbox(Flavor::Cloud, FaultPlan::none(), 1).await;
    let meta = field_meta(&client_for(&probe).await, "SEC", "10001").await;
    probe.shutdown().await;
    let w = world_with_rule(|app| sec_rule(app, meta));
    let sandbox = Sandbox::start(
        SandboxConfig::new(Flavor::Cloud)
            .with_seed(Seed::Empty)
            .with_search_index_lag(Span::seconds(45))
            .with_clock(SandboxClock::fixed(w.clock.now())),
    )
    .await
    .expect("sandbox");
    let tick = |seconds: i64| {
        sandbox.clock().advance(Span::seconds(seconds));
        w.clock.advance(Span::seconds(seconds));
    };
    let client = client_for(&sandbox).await;
    let mut push = w.engine(&client);
    import_at(
        push.store_mut(),
        w.app,
        &many("lag", 3),
        t0() + Span::minutes(5),
    );
    assert_eq!(push.push_once().await.expect("push").created, 3);
    let links = push.store().ticket_links(CONN).expect("links");
    let mut engine = PollEngine::new(w.open(), Arc::new(w.clock.clone()));
    engine.add_connection(CONN, client.clone());
    tick(60);
    assert_eq!(engine.poll_once().await.expect("poll").issues_applied, 3);
    let watermark = engine.store().poll_watermark(CONN).expect("read");

    let key = &links[1].issue_key;
    let transitions = client.transitions(key).await.expect("transitions");
    let done = transitions.iter().find(|t| t.name == "Done").expect("Done");
    client
        .transition_issue(key, &done.id, serde_json::Map::new(), None)
        .await
        .expect("close");
    tick(10);
    let early = engine.poll_once().await.expect("early poll");
    assert_eq!(early.issues_applied, 0, "not searchable yet: {early:?}");
    assert_eq!(
        engine.store().poll_watermark(CONN).expect("read"),
        watermark,
        "the watermark does not move past what the index shows"
    );
    assert_eq!(
        engine
            .store()
            .finding_status(links[1].finding_id)
            .expect("status"),
        FindingStatus::Open
    );

    tick(60);
    let later = engine.poll_once().await.expect("later poll");
    assert_eq!(later.findings_changed, 1, "{later:?}");
    assert_eq!(
        engine
            .store()
            .finding_status(links[1].finding_id)
            .expect("status"),
        FindingStatus::Resolved
    );
    sandbox.shutdown().await;
}
