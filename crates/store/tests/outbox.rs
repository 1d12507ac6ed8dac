//! The outbox state machine and the ticket links it writes, on a real database file.

mod common;

use common::{day, id_of, import, open, TestStore};
use vulnbridge_model::Severity;
use vulnbridge_store::{
    FindingId, NewOutboxOp, NewTicketLink, OpError, OutboxKind, OutboxState, TimelineKind,
};

const T1: &str = "2026-02-01T10:00:00.000Z";
const T2: &str = "2026-02-01T10:05:00.000Z";
const T3: &str = "2026-02-01T11:00:00.000Z";

fn with_findings(keys: &[&str]) -> (TestStore, Vec<FindingId>) {
    let mut t = open();
    let app = t.store.create_application("shop").expect("app");
    let findings: Vec<_> = keys
        .iter()
        .map(|k| common::finding(k, &format!("title {k}"), Some(Severity::High), "semgrep"))
        .collect();
    import(
        &mut t.store,
        app,
        "a.sarif",
        "semgrep",
        None,
        &day(3),
        &findings,
    );
    let ids = keys.iter().map(|k| id_of(&t.store, app, k)).collect();
    (t, ids)
}

fn create<'a>(finding: FindingId, key: &'a str) -> NewOutboxOp<'a> {
    NewOutboxOp {
        kind: OutboxKind::Create,
        finding_id: finding,
        connection_id: "c1",
        rule_id: None,
        idempotency_key: key,
        payload: r#"{"fields":{}}"#,
        state: OutboxState::Pending,
        error: None,
    }
}

fn link(key: &str) -> NewTicketLink {
    NewTicketLink {
        connection_id: "c1".into(),
        issue_id: format!("1{}", key.len()),
        issue_key: key.into(),
        url: format!("https://jira.test/browse/{key}"),
        found_existing: false,
    }
}

#[test]
fn one_intent_per_idempotency_key() {
    let (t, ids) = with_findings(&["a"]);
    assert!(t
        .store
        .enqueue(&create(ids[0], "vb-a"), T1)
        .expect("q")
        .is_some());
    assert_eq!(
        t.store.enqueue(&create(ids[0], "vb-a"), T2).expect("q"),
        None
    );
    assert_eq!(t.store.outbox_counts().expect("counts").pending, 1);
}

#[test]
fn only_due_waiting_ops_of_the_connection_are_claimed_and_the_claim_is_committed() {
    let (mut t, ids) = with_findings(&["a", "b", "c", "d"]);
    for (id, key) in ids.iter().zip(["vb-a", "vb-b", "vb-c"]) {
        t.store.enqueue(&create(*id, key), T1).expect("q");
    }
    let mut other = create(ids[3], "vb-d");
    other.connection_id = "c2";
    t.store.enqueue(&other, T1).expect("q");
    let busy = OpError::new("rate_limited", "later");
    let claimed = t
        .store
        .claim_due("c1", OutboxKind::Create, T1, 1)
        .expect("claim");
    assert_eq!(claimed.len(), 1, "limit");
    t.store
        .retry_later(&[claimed[0].op.id], OutboxState::Pending, T3, &busy, T1)
        .expect("later");
    let claimed = t
        .store
        .claim_due("c1", OutboxKind::Create, T2, 50)
        .expect("claim");
    assert_eq!(
        claimed.len(),
        2,
        "the rescheduled op is not due at T2, c2's op is not ours"
    );
    assert!(claimed
        .iter()
        .all(|c| c.op.attempts == 1 && c.prior == OutboxState::Pending));

    // The claim survives reopening the file: it was committed.
    let reopened = vulnbridge_store::Store::open(t.store.path()).expect("reopen");
    assert_eq!(reopened.outbox_counts().expect("counts").in_flight, 2);
    assert_eq!(reopened.recover_in_flight(T2, T2).expect("recover"), 2);
    let again = t
        .store
        .claim_due("c1", OutboxKind::Create, T3, 50)
        .expect("claim");
    assert_eq!(again.len(), 3);
    assert_eq!(
        again
            .iter()
            .filter(|c| c.prior == OutboxState::Ambiguous)
            .count(),
        2,
        "interrupted ops come back ambiguous"
    );
}

#[test]
fn completing_writes_op_link_and_timeline_together_and_keeps_a_first_link() {
    let (mut t, ids) = with_findings(&["a", "b"]);
    let a = t
        .store
        .enqueue(&create(ids[0], "vb-a"), T1)
        .expect("q")
        .expect("id");
    let b = t
        .store
        .enqueue(&create(ids[1], "vb-b"), T1)
        .expect("q")
        .expect("id");
    t.store
        .claim_due("c1", OutboxKind::Create, T1, 50)
        .expect("claim");
    t.store
        .complete_with_links(&[(a, link("SEC-1")), (b, link("SEC-2"))], T2)
        .expect("complete");
    let stored = t.store.ticket_link(ids[0]).expect("read").expect("link");
    assert_eq!(
        (stored.issue_key.as_str(), stored.created_at.as_str()),
        ("SEC-1", T2)
    );
    assert_eq!(t.store.ticket_links("c1").expect("links").len(), 2);
    assert_eq!(t.store.outbox_counts().expect("counts").done, 2);
    let timeline = t.store.timeline(ids[1]).expect("timeline");
    assert_eq!(timeline[0].kind, TimelineKind::TicketLinked);
    assert!(timeline[0].detail.message.contains("SEC-2"));

    // A second link for the same finding never replaces the first.
    t.store.enqueue(&create(ids[0], "vb-a2"), T2).expect("q");
    let c = t
        .store
        .claim_due("c1", OutboxKind::Create, T2, 50)
        .expect("claim");
    t.store
        .complete_with_links(&[(c[0].op.id, link("SEC-9"))], T3)
        .expect("complete");
    assert_eq!(
        t.store
            .ticket_link(ids[0])
            .expect("read")
            .expect("link")
            .issue_key,
        "SEC-1"
    );
}

#[test]
fn ambiguous_stays_ambiguous_parked_waits_for_a_person_and_requeue_resets() {
    let (mut t, ids) = with_findings(&["a"]);
    let id = t
        .store
        .enqueue(&create(ids[0], "vb-a"), T1)
        .expect("q")
        .expect("id");
    t.store
        .claim_due("c1", OutboxKind::Create, T1, 50)
        .expect("claim");
    let lost = OpError::new("connection_dropped", "no answer");
    t.store
        .mark_ambiguous(&[id], T2, &lost, T1)
        .expect("ambiguous");
    let c = t
        .store
        .claim_due("c1", OutboxKind::Create, T2, 50)
        .expect("claim");
    assert_eq!(c[0].prior, OutboxState::Ambiguous);
    let busy = OpError::new("rate_limited", "429");
    t.store
        .retry_later(&[id], OutboxState::Ambiguous, T3, &busy, T2)
        .expect("later");
    let op = t.store.outbox_op(id).expect("read").expect("op");
    assert_eq!(
        (op.state, op.next_attempt_at.as_str(), op.attempts),
        (OutboxState::Ambiguous, T3, 2)
    );
    assert_eq!(t.store.next_due_at("c1").expect("due").as_deref(), Some(T3));

    t.store
        .claim_due("c1", OutboxKind::Create, T3, 50)
        .expect("claim");
    let why = OpError::new("rejected_by_jira", "customfield_10030: Team is required.");
    t.store.park(id, &why, T3).expect("park");
    assert!(t
        .store
        .claim_due("c1", OutboxKind::Create, "2030-01-01T00:00:00.000Z", 50)
        .expect("claim")
        .is_empty());
    let waiting = t.store.unfinished_ops().expect("unfinished");
    assert_eq!(waiting[0].last_error.as_ref(), Some(&why));
    assert_eq!(t.store.next_due_at("c1").expect("due"), None);

    assert!(t
        .store
        .requeue(id, r#"{"fields":{"x":1}}"#, None, T3)
        .expect("requeue"));
    let op = t.store.outbox_op(id).expect("read").expect("op");
    assert_eq!(
        (op.state, op.attempts, op.last_error),
        (OutboxState::Pending, 0, None)
    );
    assert!(
        !t.store.requeue(id, "{}", None, T3).expect("not parked"),
        "only parked ops"
    );
}
