//! App → Jira status moves through the outbox: a finding resolved (or reopened) in the app
//! moves its ticket once, with a comment the poll recognises as Vulnbridge's own. Both
//! flavors; request counts from the sandbox's request log.

mod common;

use std::sync::Arc;

use chrono::Duration as Span;
use vulnbridge_mapping::{FieldMapping, FieldSource, JiraValue, ValueRef};
use vulnbridge_sandbox::{Fault, FaultPlan, FaultRule, Flavor, RunningSandbox, Target, Trigger};
use vulnbridge_store::{FindingStatus, OutboxState, RoutingRule, TimelineKind};
use vulnbridge_sync::{PollEngine, PushEngine};

use common::*;

/// An APPSEC Bug rule filling the project's required Team, priority and champion.
fn appsec_rule(app: vulnbridge_store::ApplicationId, meta: String, flavor: Flavor) -> RoutingRule {
    let mut rule = sec_rule(app, meta);
    rule.project_id = Some("10001".into());
    rule.project_key = Some("APPSEC".into());
    rule.issue_type_id = "10002".into();
    let champion = match flavor {
        Flavor::Cloud => "712020:b4a5c6d7-e8f9-4a0b-9c1d-2e3f4a5b6c7d",
        Flavor::DataCenter => "champion",
    };
    let one = |id: &str, name: &str| {
        FieldSource::Fixed(JiraValue::One {
            value: ValueRef::new(id, name),
        })
    };
    let mut mapping = FieldMapping::default();
    mapping.set("customfield_10030", one("10120", "Payments"));
    mapping.set("priority", one("2", "High"));
    mapping.set(
        "customfield_10031",
        FieldSource::Fixed(JiraValue::User {
            id: champion.into(),
        }),
    );
    rule.mapping_json = serde_json::to_string(&mapping).expect("mapping");
    rule
}

/// (GET transitions, POST transitions, POST comment) in the request log.
fn counts(sandbox: &RunningSandbox) -> (usize, usize, usize) {
    let api = sandbox.flavor().api_prefix();
    let log = sandbox.request_log();
    (
        log.count_matching("GET", &format!("{api}/issue/*/transitions")),
        log.count_matching("POST", &format!("{api}/issue/*/transitions")),
        log.count_matching("POST", &format!("{api}/issue/*/comment")),
    )
}

/// Pushes `n` findings; returns the engine with every ticket created.
async fn pushed(w: &World, client: &vulnbridge_jira::JiraClient, n: usize) -> PushEngine {
    let mut engine = w.engine(client);
    import_at(
        engine.store_mut(),
        w.app,
        &many("tr", n),
        t0() + Span::minutes(5),
    );
    let r = engine.push_once().await.expect("push");
    assert_eq!(r.created, n, "{r:?}");
    assert_eq!(r.transitions_queued, 0, "new tickets need no move: {r:?}");
    engine
}

#[tokio::test]
async fn resolving_moves_the_ticket_to_done_once_and_reopening_moves_it_back() {
    for flavor in FLAVORS {
        let sandbox = start_sandbox(flavor, FaultPlan::none(), 3).await;
        let client = client_for(&sandbox).await;
        let w = world(&sandbox, &client).await;
        let mut push = pushed(&w, &client, 2).await;
        let links = push.store().ticket_links(CONN).expect("links");
        let (f, key) = (links[0].finding_id, links[0].issue_key.clone());

        push.store_mut()
            .set_status(&[f], FindingStatus::Resolved, Some("not seen in scan 7"))
            .expect("resolve");
        sandbox.clear_request_log();
        let r = push.push_once().await.expect("pass");
        assert_eq!(
            (r.transitions_queued, r.transitioned),
            (1, 1),
            "{flavor:?}: {r:?}"
        );
        let issue = sandbox.issue(&key).expect("issue");
        assert_eq!(issue.status_category, "done", "{flavor:?}");
        assert_eq!(issue.comments, 1, "{flavor:?}: the explanatory comment");
        assert_eq!(counts(&sandbox), (1, 1, 1), "{flavor:?}");
        assert_eq!(sandbox.request_log().len(), 3, "{flavor:?}: nothing else");
        let other = sandbox.issue(&links[1].issue_key).expect("other");
        assert_eq!(other.status_category, "new", "{flavor:?}: untouched");
        let link = push.store().ticket_link(f).expect("link").expect("some");
        assert_eq!(link.status_category.as_deref(), Some("done"));
        let moved = push
            .store()
            .timeline(f)
            .expect("timeline")
            .into_iter()
            .find(|e| e.kind == TimelineKind::TicketStatusChanged)
            .expect("the move is on the finding's timeline");
        assert!(
            moved.detail.message.contains(&key),
            "{}",
            moved.detail.message
        );

        // Idle pass: nothing queued, nothing sent.
        sandbox.clear_request_log();
        let r = push.push_once().await.expect("idle");
        assert_eq!((r.transitions_queued, r.transitioned), (0, 0), "{r:?}");
        assert!(sandbox.request_log().is_empty(), "{flavor:?}");

        // The poll neither pulls our comment back nor flips the finding.
        let before = push.store().timeline(f).expect("timeline").len();
        let mut poll = PollEngine::new(w.open(), Arc::new(w.clock.clone()));
        poll.add_connection(CONN, client.clone());
        let report = poll.poll_once().await.expect("poll");
        assert!(report.failures.is_empty(), "{report:?}");
        let events = push.store().timeline(f).expect("timeline");
        assert_eq!(events.len(), before, "{flavor:?}: {events:?}");
        assert!(!events.iter().any(|e| e.kind == TimelineKind::CommentAdded));
        assert_eq!(
            push.store().finding_status(f).expect("status"),
            FindingStatus::Resolved
        );

        // Reopen locally: the ticket leaves done, with a second comment.
        push.store_mut()
            .set_status(&[f], FindingStatus::Reopened, Some("seen again in scan 8"))
            .expect("reopen");
        sandbox.clear_request_log();
        let r = push.push_once().await.expect("reopen pass");
        assert_eq!(
            (r.transitions_queued, r.transitioned),
            (1, 1),
            "{flavor:?}: {r:?}"
        );
        let issue = sandbox.issue(&key).expect("issue");
        assert_ne!(issue.status_category, "done", "{flavor:?}");
        assert_eq!(issue.comments, 2, "{flavor:?}");
        assert_eq!(counts(&sandbox), (1, 1, 1), "{flavor:?}");
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn appsec_close_gets_a_resolution_and_a_lost_answer_moves_the_ticket_once() {
    for flavor in FLAVORS {
        let sandbox = start_sandbox(flavor, FaultPlan::none(), 5).await;
        let client = client_for(&sandbox).await;
        let meta = field_meta(&client, "APPSEC", "10002").await;
        let w = world_with_rule(|app| appsec_rule(app, meta, flavor));
        let mut push = pushed(&w, &client, 1).await;
        let link = &push.store().ticket_links(CONN).expect("links")[0];
        let (f, key) = (link.finding_id, link.issue_key.clone());
        assert!(key.starts_with("APPSEC-"), "{key}");

        // The first transition request is applied, then its answer is lost.
        let api = flavor.api_prefix();
        sandbox.set_faults(FaultPlan::none().with_rule(FaultRule::new(
            Target::method_path("POST", &format!("{api}/issue/*/transitions")),
            Trigger::FirstN(1),
            Fault::CommitThenDrop,
        )));
        push.store_mut()
            .set_status(
                &[f],
                FindingStatus::AcceptedRisk,
                Some("compensating WAF rule"),
            )
            .expect("accept");
        sandbox.clear_request_log();
        let r = push.push_once().await.expect("pass");
        assert_eq!((r.transitioned, r.ambiguous), (0, 1), "{flavor:?}: {r:?}");
        let issue = sandbox.issue(&key).expect("issue");
        assert_eq!(
            issue.status, "Closed",
            "{flavor:?}: applied before the drop"
        );
        assert_eq!(issue.resolution.as_deref(), Some("Done"), "{flavor:?}");
        let op = push
            .store()
            .unfinished_ops()
            .expect("ops")
            .into_iter()
            .find(|o| o.finding_id == f)
            .expect("transition op");
        assert_eq!(op.state, OutboxState::Ambiguous);

        // Retry after the wait: the status is read first, only the comment is added.
        w.clock.advance(Span::minutes(2));
        let r = push.push_once().await.expect("retry");
        assert_eq!(
            (r.transitions_queued, r.transitioned),
            (0, 1),
            "{flavor:?}: {r:?}"
        );
        let (get_t, post_t, post_c) = counts(&sandbox);
        assert_eq!(
            (get_t, post_t, post_c),
            (1, 1, 1),
            "{flavor:?}: one move, one comment"
        );
        let issue_reads = sandbox
            .request_log()
            .count_matching("GET", &format!("{api}/issue/*"));
        assert_eq!(issue_reads, 1, "{flavor:?}: the status re-read");
        assert_eq!(
            sandbox.request_log().len(),
            5,
            "{flavor:?}: transitions + dropped move, then status, comments, comment"
        );
        let issue = sandbox.issue(&key).expect("issue");
        assert_eq!(issue.comments, 1, "{flavor:?}");
        let link = push.store().ticket_link(f).expect("link").expect("some");
        assert_eq!(link.status_category.as_deref(), Some("done"));
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn moves_made_in_jira_are_not_sent_back() {
    for flavor in FLAVORS {
        let sandbox = start_sandbox(flavor, FaultPlan::none(), 9).await;
        let client = client_for(&sandbox).await;
        let w = world(&sandbox, &client).await;
        let mut push = pushed(&w, &client, 1).await;
        let link = &push.store().ticket_links(CONN).expect("links")[0];
        let (f, key) = (link.finding_id, link.issue_key.clone());
        let mut poll = PollEngine::new(w.open(), Arc::new(w.clock.clone()));
        poll.add_connection(CONN, client.clone());
        poll.poll_once().await.expect("first poll");

        for (transition, expected) in [
            ("31", FindingStatus::Resolved),
            ("11", FindingStatus::Reopened),
        ] {
            client
                .transition_issue(&key, transition, serde_json::Map::new(), None)
                .await
                .expect("move in Jira");
            let report = poll.poll_once().await.expect("poll");
            assert!(report.failures.is_empty(), "{report:?}");
            assert_eq!(
                push.store().finding_status(f).expect("status"),
                expected,
                "{flavor:?}"
            );
            sandbox.clear_request_log();
            let r = push.push_once().await.expect("pass");
            assert_eq!(
                (r.transitions_queued, r.transitioned),
                (0, 0),
                "{flavor:?}: {r:?}"
            );
            assert_eq!(counts(&sandbox), (0, 0, 0), "{flavor:?}");
        }
        assert_eq!(
            sandbox.issue(&key).expect("issue").comments,
            0,
            "{flavor:?}"
        );
        sandbox.shutdown().await;
    }
}
