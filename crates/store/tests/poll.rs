//! Polling bookkeeping: the watermark, applied issue versions, and one polled issue applied
//! in one transaction.

mod common;

use vulnbridge_store::{
    EventOrigin, FindingId, FindingStatus, JiraComment, PolledEvent, PolledIssue, TimelineDetail,
    TimelineKind,
};

use common::*;

const T1: &str = "2026-01-05T10:00:00.000Z";
const T2: &str = "2026-01-05T10:07:00.000Z";

fn linked_finding() -> (TestStore, FindingId) {
    let mut t = open();
    let app = t.store.create_application("shop").expect("app");
    import(
        &mut t.store,
        app,
        "a.sarif",
        "semgrep",
        None,
        &day(1),
        &[finding("a", "SQLi", None, "semgrep")],
    );
    let id = id_of(&t.store, app, "a");
    t.store
        .connection()
        .execute(
            "INSERT INTO ticket_links (finding_id, connection_id, issue_id, issue_key, url,
                 status, status_category, created_at, last_synced_at)
             VALUES (?1, 'c1', '10001', 'SEC-1', 'https://x/browse/SEC-1', 'To Do', 'new', ?2, ?2)",
            rusqlite::params![id, day(1)],
        )
        .expect("link");
    (t, id)
}

fn polled(id: FindingId, updated: &str) -> PolledIssue {
    PolledIssue {
        connection_id: "c1".into(),
        finding_id: id,
        issue_id: "10001".into(),
        updated: updated.into(),
        ticket_status: Some(("Done".into(), "done".into())),
        finding_status: Some((FindingStatus::Resolved, Some("SEC-1 Done in Jira".into()))),
        events: vec![PolledEvent {
            at: T1.into(),
            kind: TimelineKind::StatusChanged,
            detail: TimelineDetail {
                message: "status open → resolved: SEC-1 moved To Do → Done".into(),
                ..TimelineDetail::default()
            },
        }],
        comments: vec![JiraComment {
            connection_id: "c1".into(),
            comment_id: "500".into(),
            issue_id: "10001".into(),
            finding_id: id,
            author: "Dev Lead".into(),
            body: "fixed".into(),
            created: Some(T1.into()),
            updated: Some(T1.into()),
            from_vulnbridge: false,
            deleted: false,
        }],
    }
}

#[test]
fn the_watermark_never_moves_back_and_old_versions_are_forgotten() {
    let (mut t, id) = linked_finding();
    assert_eq!(t.store.poll_watermark("c1").expect("read"), None);
    t.store
        .apply_polled_issue(&polled(id, T1), T1)
        .expect("apply");
    assert!(t.store.poll_seen("c1", "10001", T1).expect("seen"));
    assert!(!t
        .store
        .poll_seen("c2", "10001", T1)
        .expect("other connection"));
    t.store
        .set_poll_watermark("c1", T2, "2026-01-01T00:00:00.000Z", T2)
        .expect("set");
    t.store
        .set_poll_watermark("c1", T1, "2026-01-01T00:00:00.000Z", T2)
        .expect("older");
    assert_eq!(
        t.store.poll_watermark("c1").expect("read").as_deref(),
        Some(T2)
    );
    assert!(t.store.poll_seen("c1", "10001", T1).expect("kept"));
    t.store.set_poll_watermark("c1", T2, T2, T2).expect("prune");
    assert!(!t.store.poll_seen("c1", "10001", T1).expect("forgotten"));
}

#[test]
fn a_polled_issue_is_applied_whole_with_jira_origin_events() {
    let (mut t, id) = linked_finding();
    assert!(t
        .store
        .apply_polled_issue(&polled(id, T1), T2)
        .expect("apply"));
    assert_eq!(
        t.store.finding_status(id).expect("status"),
        FindingStatus::Resolved
    );
    let link = t.store.ticket_link(id).expect("read").expect("link");
    assert_eq!(
        (link.status.as_deref(), link.last_synced_at.as_str()),
        (Some("Done"), T2)
    );
    let events = t.store.timeline(id).expect("timeline");
    let jira: Vec<_> = events
        .iter()
        .filter(|e| e.origin == EventOrigin::Jira)
        .collect();
    assert_eq!(jira.len(), 1);
    assert_eq!(
        (jira[0].kind, jira[0].at.as_str()),
        (TimelineKind::StatusChanged, T1)
    );
    assert_eq!(
        t.store
            .jira_comments("c1", "10001")
            .expect("comments")
            .len(),
        1
    );
    // The same status again changes nothing.
    assert!(!t
        .store
        .apply_polled_issue(&polled(id, T2), T2)
        .expect("again"));

    // A finding that is gone: nothing of the issue is written, not even the applied mark.
    let mut broken = polled(FindingId(9_999), "2026-01-06T00:00:00.000Z");
    broken.finding_status = None;
    assert!(t.store.apply_polled_issue(&broken, T2).is_err());
    assert!(!t
        .store
        .poll_seen("c1", "10001", "2026-01-06T00:00:00.000Z")
        .expect("seen"));
}
