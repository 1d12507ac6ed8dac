//! Which linked findings need their ticket moved (app → Jira status sync), on a real file.

mod common;

use common::{day, id_of, import, open, TestStore};
use vulnbridge_model::Severity;
use vulnbridge_store::{
    EventOrigin, FindingId, FindingStatus, NewOutboxOp, NewTicketLink, OpError, OutboxKind,
    OutboxState,
};

const T1: &str = "2026-02-01T10:00:00.000Z";

/// Three findings, each with a created ticket (`SEC-a`, ...).
fn linked(keys: &[&str]) -> (TestStore, Vec<FindingId>) {
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
    let ids: Vec<FindingId> = keys.iter().map(|k| id_of(&t.store, app, k)).collect();
    for (id, key) in ids.iter().zip(keys) {
        let label = format!("vb-{key}");
        let op = NewOutboxOp {
            kind: OutboxKind::Create,
            finding_id: *id,
            connection_id: "c1",
            rule_id: None,
            idempotency_key: &label,
            payload: "{}",
            state: OutboxState::Pending,
            error: None,
        };
        let op_id = t.store.enqueue(&op, T1).expect("q").expect("new");
        let link = NewTicketLink {
            connection_id: "c1".into(),
            issue_id: format!("100{key}"),
            issue_key: format!("SEC-{key}"),
            url: format!("https://jira.test/browse/SEC-{key}"),
            found_existing: false,
        };
        t.store
            .complete_with_links(&[(op_id, link)], T1)
            .expect("link");
    }
    (t, ids)
}

fn transition<'a>(finding: FindingId, key: &'a str) -> NewOutboxOp<'a> {
    NewOutboxOp {
        kind: OutboxKind::Transition,
        finding_id: finding,
        connection_id: "c1",
        rule_id: None,
        idempotency_key: key,
        payload: "{}",
        state: OutboxState::Pending,
        error: None,
    }
}

#[test]
fn local_changes_disagreeing_with_the_ticket_are_listed_once_and_jira_changes_never() {
    let (mut t, ids) = linked(&["a", "b", "c"]);
    assert!(t.store.status_mismatches("c1").expect("m").is_empty());

    // Resolved locally (a), resolved by a pulled Jira change (b), c stays open.
    t.store
        .set_status(
            &[ids[0]],
            FindingStatus::Resolved,
            Some("not seen in scan 7"),
        )
        .expect("resolve");
    t.store
        .change_status(&[ids[1]], FindingStatus::Resolved, None, EventOrigin::Jira)
        .expect("jira");
    let m = t.store.status_mismatches("c1").expect("m");
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].finding_id, ids[0]);
    assert_eq!(m[0].label, "vb-a");
    assert_eq!(m[0].issue_key, "SEC-a");
    assert_eq!(m[0].status_reason.as_deref(), Some("not seen in scan 7"));
    assert!(t.store.status_mismatches("c2").expect("m").is_empty());

    // A move under way hides it; parked, it shows again and a newer one retires it.
    let first = t
        .store
        .enqueue(&transition(ids[0], "vb-a/transition/done/1"), T1)
        .expect("q")
        .expect("new");
    assert!(t.store.status_mismatches("c1").expect("m").is_empty());
    t.store
        .park(first, &OpError::new("no_transition", "move it by hand"), T1)
        .expect("park");
    assert_eq!(t.store.status_mismatches("c1").expect("m").len(), 1);
    let second = t
        .store
        .enqueue(&transition(ids[0], "vb-a/transition/done/2"), T1)
        .expect("q")
        .expect("new");
    assert_eq!(
        t.store
            .supersede_transitions(ids[0], second, T1)
            .expect("s"),
        1
    );
    let retired = t.store.outbox_op(first).expect("op").expect("some");
    assert_eq!(retired.state, OutboxState::Failed);

    // The ticket is done now: agreement. Reopened locally: listed again.
    t.store.mark_done(&[second], T1).expect("done");
    t.store
        .set_ticket_status(ids[0], "Done", "done", T1)
        .expect("ticket");
    assert!(t.store.status_mismatches("c1").expect("m").is_empty());
    t.store
        .set_status(&[ids[0]], FindingStatus::Reopened, None)
        .expect("reopen");
    let m = t.store.status_mismatches("c1").expect("m");
    assert_eq!((m.len(), m[0].status), (1, FindingStatus::Reopened));
}
