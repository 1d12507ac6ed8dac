//! The Activity screen's queries on real data: imports and status changes in the feed,
//! newest first; waiting and parked outbox work with its reason.

mod common;

use common::{day, finding, import, open};
use vulnbridge_model::Severity;
use vulnbridge_store::FindingStatus;

#[test]
fn the_feed_lists_events_newest_first_with_their_finding() {
    let mut t = open();
    let app = t.store.create_application("shop").expect("app");
    let a = finding(
        "a",
        "SQL injection in login",
        Some(Severity::High),
        "Semgrep",
    );
    let b = finding("b", "Reflected XSS", Some(Severity::Medium), "Semgrep");
    import(
        &mut t.store,
        app,
        "s1.json",
        "Semgrep",
        Some("repo"),
        &day(1),
        &[a.clone(), b],
    );
    // The next scan no longer reports b: it is resolved.
    import(
        &mut t.store,
        app,
        "s2.json",
        "Semgrep",
        Some("repo"),
        &day(2),
        &[a],
    );
    let ids: Vec<_> = t
        .store
        .query_findings(&Default::default())
        .expect("query")
        .rows
        .iter()
        .map(|r| r.id)
        .collect();
    t.store
        .set_status(&ids[..1], FindingStatus::FalsePositive, Some("test data"))
        .expect("status");

    let feed = t.store.recent_activity(50).expect("feed");
    assert!(feed.len() >= 4, "{feed:#?}");
    assert!(
        feed.windows(2).all(|w| w[0].at >= w[1].at),
        "not newest first: {feed:#?}"
    );
    assert_eq!(feed[0].application, "shop");
    assert!(feed
        .iter()
        .any(|e| e.finding_title == "Reflected XSS" && e.message.contains("s2.json")));
    assert_eq!(t.store.recent_activity(2).expect("feed").len(), 2);
}

#[test]
fn waiting_and_parked_operations_are_listed_with_their_reason() {
    let mut t = open();
    let app = t.store.create_application("shop").expect("app");
    import(
        &mut t.store,
        app,
        "s1.json",
        "Semgrep",
        None,
        &day(1),
        &[finding(
            "a",
            "SQL injection",
            Some(Severity::High),
            "Semgrep",
        )],
    );
    let id = t.store.query_findings(&Default::default()).expect("q").rows[0].id;
    let conn = t.store.connection();
    conn.execute(
        "INSERT INTO outbox (kind, finding_id, connection_id, idempotency_key, payload, state,
             attempts, next_attempt_at, last_error_code, last_error_message, created_at, updated_at)
         VALUES ('create', ?1, 'c1', 'vb-1', '{}', 'parked', 1, '2026-01-01T00:00:00.000Z',
             'rejected', 'customfield_10030: Team is required.', 'x', 'x'),
                ('attach', ?1, 'c1', 'vb-1/a', '{}', 'done', 1, '2026-01-01T00:00:00.000Z',
             NULL, NULL, 'x', 'x')",
        [id],
    )
    .expect("ops");
    let ops = t.store.pending_operations(10).expect("ops");
    assert_eq!(ops.len(), 1, "done work is not listed: {ops:#?}");
    assert_eq!(ops[0].state, "parked");
    assert_eq!(ops[0].finding_title, "SQL injection");
    assert_eq!(
        ops[0].last_error_message.as_deref(),
        Some("customfield_10030: Team is required.")
    );
}
