//! Jira → app: status and comment changes made in Jira (through its REST API) reach the
//! findings after the next poll. Both flavors, real SQLite files.

mod common;

use std::sync::Arc;

use chrono::Duration as Span;
use vulnbridge_jira::{JiraClient, NewComment, TextBody};
use vulnbridge_sandbox::{
    Clock as SandboxClock, Fault, FaultPlan, FaultRule, Flavor, RunningSandbox, Sandbox,
    SandboxConfig, Seed, Target, Trigger,
};
use vulnbridge_store::{EventOrigin, FindingId, FindingStatus, TicketLink, TimelineKind};
use vulnbridge_sync::{Clock, PollEngine, PollReport};

use common::*;

/// A sandbox whose clock stands still at the engine's start time (moved with [`tick`]).
async fn sandbox_at(flavor: Flavor, w: &World) -> RunningSandbox {
    Sandbox::start(
        SandboxConfig::new(flavor)
            .with_seed(Seed::Empty)
            .with_faults(FaultPlan::none())
            .with_clock(SandboxClock::fixed(w.clock.now())),
    )
    .await
    .expect("sandbox starts")
}

/// Moves Jira's and the app's clocks together.
fn tick(sandbox: &RunningSandbox, w: &World, minutes: i64) {
    sandbox.clock().advance(Span::minutes(minutes));
    w.clock.advance(Span::minutes(minutes));
}

fn poller(w: &World, client: &JiraClient) -> PollEngine {
    let mut engine = PollEngine::new(w.open(), Arc::new(w.clock.clone()));
    engine.add_connection(CONN, client.clone());
    engine
}

async fn transition(client: &JiraClient, key: &str, name: &str, resolution: Option<&str>) {
    let transitions = client.transitions(key).await.expect("transitions");
    let t = transitions
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("{key} offers no {name}: {transitions:?}"));
    let mut fields = serde_json::Map::new();
    if let Some(r) = resolution {
        fields.insert("resolution".into(), serde_json::json!({ "name": r }));
    }
    client
        .transition_issue(key, &t.id, fields, None)
        .await
        .expect("transition");
}

fn status_of(engine: &PollEngine, id: FindingId) -> FindingStatus {
    engine.store().finding_status(id).expect("status")
}

/// The newest Jira-origin event of `kind` for the finding.
fn last_event(engine: &PollEngine, id: FindingId, kind: TimelineKind) -> Option<String> {
    engine
        .store()
        .timeline(id)
        .expect("timeline")
        .into_iter()
        .find(|e| e.kind == kind && e.origin == EventOrigin::Jira)
        .map(|e| e.detail.message)
}

fn event_count(engine: &PollEngine, links: &[TicketLink]) -> usize {
    links
        .iter()
        .map(|l| {
            engine
                .store()
                .timeline(l.finding_id)
                .expect("timeline")
                .len()
        })
        .sum()
}

async fn poll(engine: &mut PollEngine) -> PollReport {
    let report = engine.poll_once().await.expect("poll");
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    report
}

/// Five findings pushed to SEC; the world's clock and the sandbox's move together.
async fn pushed_world(flavor: Flavor) -> (World, RunningSandbox, JiraClient, Vec<TicketLink>) {
    let probe = start_sandbox(flavor, FaultPlan::none(), 1).await;
    let probe_client = client_for(&probe).await;
    let meta = field_meta(&probe_client, "SEC", "10001").await;
    probe.shutdown().await;
    let w = world_with_rule(|app| sec_rule(app, meta));
    let sandbox = sandbox_at(flavor, &w).await;
    let client = client_for(&sandbox).await;
    let mut push = w.engine(&client);
    import_at(
        push.store_mut(),
        w.app,
        &many("poll", 5),
        t0() + Span::minutes(30),
    );
    let report = push.push_once().await.expect("push");
    assert_eq!(report.created, 5, "{flavor:?}: {report:?}");
    let links = push.store().ticket_links(CONN).expect("links");
    (w, sandbox, client, links)
}

#[tokio::test]
async fn done_reopen_and_comments_in_jira_reach_the_finding_once() {
    for flavor in [Flavor::Cloud, Flavor::DataCenter] {
        let (w, sandbox, client, links) = pushed_world(flavor).await;
        let mut engine = poller(&w, &client);
        tick(&sandbox, &w, 1);
        let first = poll(&mut engine).await;
        assert_eq!(first.issues_applied, 5, "{flavor:?}: {first:?}");
        assert_eq!(first.findings_changed + first.ticket_status_changes, 0);
        let target = &links[2];
        let key = target.issue_key.as_str();
        let link = engine.store().ticket_link(target.finding_id).expect("link");
        assert_eq!(link.and_then(|l| l.status).as_deref(), Some("To Do"));

        // Someone closes the ticket in Jira.
        tick(&sandbox, &w, 1);
        transition(&client, key, "Done", None).await;
        tick(&sandbox, &w, 1);
        let report = poll(&mut engine).await;
        assert_eq!(
            (report.issues_applied, report.findings_changed),
            (1, 1),
            "{flavor:?}: {report:?}"
        );
        assert_eq!(
            status_of(&engine, target.finding_id),
            FindingStatus::Resolved
        );
        let message = last_event(&engine, target.finding_id, TimelineKind::StatusChanged)
            .expect("a status event from Jira");
        assert!(message.contains("To Do → Done"), "{message}");
        assert!(message.contains("resolution Done"), "{message}");
        assert!(message.contains(" by "), "names who: {message}");
        let link = engine.store().ticket_link(target.finding_id).expect("link");
        assert_eq!(
            link.and_then(|l| l.status_category).as_deref(),
            Some("done")
        );
        for other in links.iter().filter(|l| l.finding_id != target.finding_id) {
            assert_eq!(status_of(&engine, other.finding_id), FindingStatus::Open);
        }

        // Nothing changed: one search request.
        tick(&sandbox, &w, 1);
        sandbox.clear_request_log();
        let idle = poll(&mut engine).await;
        assert_eq!(idle.issues_applied, 0, "{flavor:?}: {idle:?}");
        let log = sandbox.request_log();
        println!("{flavor:?}: idle poll -> {} request(s)", log.len());
        assert_eq!(log.len(), 1, "{flavor:?}: {:?}", log.counts_by_endpoint());

        // Reopened in Jira.
        transition(&client, key, "To Do", None).await;
        tick(&sandbox, &w, 1);
        sandbox.clear_request_log();
        let report = poll(&mut engine).await;
        println!(
            "{flavor:?}: one reopened issue -> {} request(s)",
            sandbox.request_log().len()
        );
        assert_eq!(report.findings_changed, 1, "{flavor:?}: {report:?}");
        assert_eq!(
            status_of(&engine, target.finding_id),
            FindingStatus::Reopened
        );
        let message = last_event(&engine, target.finding_id, TimelineKind::StatusChanged)
            .expect("reopen event");
        assert!(message.contains("Done → To Do"), "{message}");

        // A comment from a person, and one Vulnbridge wrote (never shown as from Jira).
        let theirs = client
            .add_comment(key, &NewComment::new(TextBody::plain("Fixed in build 42")))
            .await
            .expect("comment");
        client
            .add_comment(
                key,
                &NewComment::new(TextBody::plain("Sent by the app")).from_vulnbridge(),
            )
            .await
            .expect("own comment");
        tick(&sandbox, &w, 1);
        sandbox.clear_request_log();
        let report = poll(&mut engine).await;
        println!(
            "{flavor:?}: two new comments -> {} request(s)",
            sandbox.request_log().len()
        );
        assert_eq!(report.comments_added, 1, "{flavor:?}: {report:?}");
        let added = last_event(&engine, target.finding_id, TimelineKind::CommentAdded)
            .expect("comment event");
        assert!(added.contains("Fixed in build 42"), "{added}");
        let pulled = engine
            .store()
            .finding_jira_comments(target.finding_id)
            .expect("comments");
        assert_eq!(pulled.len(), 1, "{flavor:?}: {pulled:?}");
        assert_eq!(pulled[0].body, "Fixed in build 42");
        let timeline = engine
            .store()
            .timeline(target.finding_id)
            .expect("timeline");
        assert!(
            !timeline
                .iter()
                .any(|e| e.detail.message.contains("Sent by the app")),
            "own comment shown: {timeline:?}"
        );

        // Edited, then deleted.
        client
            .edit_comment(
                key,
                &theirs.id,
                &NewComment::new(TextBody::plain("Fixed in build 43")),
            )
            .await
            .expect("edit");
        tick(&sandbox, &w, 1);
        let report = poll(&mut engine).await;
        assert_eq!(
            (report.comments_added, report.comments_edited),
            (0, 1),
            "{flavor:?}: {report:?}"
        );
        let edited = last_event(&engine, target.finding_id, TimelineKind::CommentEdited)
            .expect("edit event");
        assert!(edited.contains("Fixed in build 43"), "{edited}");
        client
            .delete_comment(key, &theirs.id)
            .await
            .expect("delete");
        tick(&sandbox, &w, 1);
        let report = poll(&mut engine).await;
        assert_eq!(report.comments_deleted, 1, "{flavor:?}: {report:?}");
        let stored = engine
            .store()
            .jira_comments(CONN, &target.issue_id)
            .expect("comments");
        let gone = stored
            .iter()
            .find(|c| c.comment_id == theirs.id)
            .expect("kept as deleted");
        assert!(gone.deleted && gone.body.contains("build 43"), "{gone:?}");

        // Restart: the watermark and the applied versions survive; nothing is written twice.
        let before = event_count(&engine, &links);
        drop(engine);
        let mut engine = poller(&w, &client);
        tick(&sandbox, &w, 1);
        sandbox.clear_request_log();
        let after_restart = poll(&mut engine).await;
        assert_eq!(
            after_restart.issues_applied, 0,
            "{flavor:?}: {after_restart:?}"
        );
        assert_eq!(event_count(&engine, &links), before);
        // The profile time zone is read once per engine, then one search.
        assert_eq!(sandbox.request_log().len(), 2, "{flavor:?}");
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn a_jira_failure_mid_poll_keeps_the_watermark_and_the_next_poll_finishes_the_work() {
    for flavor in [Flavor::Cloud, Flavor::DataCenter] {
        let (w, sandbox, client, links) = pushed_world(flavor).await;
        let mut engine = poller(&w, &client);
        tick(&sandbox, &w, 1);
        poll(&mut engine).await;
        let watermark = engine.store().poll_watermark(CONN).expect("read");
        assert!(watermark.is_some(), "{flavor:?}");

        let (a, b) = (&links[0], &links[1]);
        transition(&client, &a.issue_key, "Done", None).await;
        tick(&sandbox, &w, 1);
        transition(&client, &b.issue_key, "Done", None).await;
        tick(&sandbox, &w, 1);
        // B's comment list fails once (after A was applied).
        let path = format!("{}/issue/{}/comment", flavor.api_prefix(), b.issue_key);
        sandbox.set_faults(FaultPlan::none().with_rule(FaultRule::new(
            Target::method_path("GET", &path),
            Trigger::FirstN(1),
            Fault::InternalError,
        )));
        let report = engine.poll_once().await.expect("store is fine");
        assert_eq!(report.failures.len(), 1, "{flavor:?}: {report:?}");
        assert_eq!(report.failures[0].connection, CONN);
        assert_eq!(report.issues_applied, 1, "{flavor:?}: {report:?}");
        assert_eq!(status_of(&engine, a.finding_id), FindingStatus::Resolved);
        assert_eq!(status_of(&engine, b.finding_id), FindingStatus::Open);
        assert_eq!(
            engine.store().poll_watermark(CONN).expect("read"),
            watermark,
            "{flavor:?}: the watermark waits for B"
        );

        let report = poll(&mut engine).await;
        assert_eq!(report.issues_applied, 1, "{flavor:?}: only B: {report:?}");
        assert_eq!(status_of(&engine, b.finding_id), FindingStatus::Resolved);
        let a_events = engine
            .store()
            .timeline(a.finding_id)
            .expect("timeline")
            .into_iter()
            .filter(|e| e.kind == TimelineKind::StatusChanged)
            .count();
        assert_eq!(a_events, 1, "{flavor:?}: A applied once");
        assert!(engine.store().poll_watermark(CONN).expect("read") > watermark);
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn tickets_closed_together_share_one_changelog_request_on_cloud_and_every_move_is_kept() {
    for (flavor, changelog_requests) in [(Flavor::Cloud, 1), (Flavor::DataCenter, 3)] {
        let (w, sandbox, client, links) = pushed_world(flavor).await;
        let mut engine = poller(&w, &client);
        tick(&sandbox, &w, 1);
        poll(&mut engine).await;
        // The first one passes through In Progress on the way.
        transition(&client, &links[0].issue_key, "In Progress", None).await;
        tick(&sandbox, &w, 1);
        for link in &links[..3] {
            transition(&client, &link.issue_key, "Done", None).await;
        }
        tick(&sandbox, &w, 1);
        sandbox.clear_request_log();
        let report = poll(&mut engine).await;
        assert_eq!(report.findings_changed, 3, "{flavor:?}: {report:?}");
        let log = sandbox.request_log();
        println!(
            "{flavor:?}: three tickets closed -> {} requests {:?}",
            log.len(),
            log.counts_by_endpoint()
        );
        // One search, the changelogs, one comment list per changed ticket.
        assert_eq!(log.len(), 1 + changelog_requests + 3, "{flavor:?}");
        for link in &links[..3] {
            let message = engine
                .store()
                .timeline(link.finding_id)
                .expect("timeline")
                .into_iter()
                .find(|e| e.kind == TimelineKind::StatusChanged)
                .map(|e| e.detail.message)
                .expect("event");
            assert!(message.contains(" by "), "{flavor:?}: {message}");
        }
        // Every move has its event, at its own time; the finding follows the last one.
        let first = engine
            .store()
            .timeline(links[0].finding_id)
            .expect("timeline");
        let moves: Vec<(TimelineKind, &str)> = first
            .iter()
            .filter(|e| e.origin == EventOrigin::Jira)
            .map(|e| (e.kind, e.detail.message.as_str()))
            .collect();
        assert_eq!(moves.len(), 2, "{flavor:?}: {moves:?}");
        assert_eq!(moves[0].0, TimelineKind::StatusChanged);
        assert!(moves[0].1.contains("In Progress → Done"), "{moves:?}");
        assert_eq!(moves[1].0, TimelineKind::TicketStatusChanged);
        assert!(moves[1].1.contains("To Do → In Progress"), "{moves:?}");
        assert!(first[0].at > first[1].at, "newest first: {first:?}");
        sandbox.shutdown().await;
    }
}
