mod common;

use common::{day, finding, id_of, import, open};
use vulnbridge_store::{
    DataError, EventOrigin, FindingId, FindingStatus, TimelineDetail, TimelineKind,
};

#[test]
fn events_from_jira_and_the_analyst_interleave_newest_first() {
    let mut t = open();
    let app = t.store.create_application("shop").expect("app");
    import(
        &mut t.store,
        app,
        "1.json",
        "Trivy",
        None,
        &day(1),
        &[finding("a", "A", None, "Trivy")],
    );
    let a = id_of(&t.store, app, "a");
    t.store
        .add_timeline_event(
            a,
            Some(&day(2)),
            TimelineKind::StatusChanged,
            EventOrigin::Jira,
            &TimelineDetail {
                message: "Jira: To Do → In Progress".into(),
                ..TimelineDetail::default()
            },
        )
        .expect("jira event");
    // A transition pulled from Jira changes the status with origin jira.
    let changed = t
        .store
        .change_status(
            &[a],
            FindingStatus::Resolved,
            Some("Jira: Done"),
            EventOrigin::Jira,
        )
        .expect("status");
    assert_eq!(changed, 1);

    let events = t.store.timeline(a).expect("timeline");
    let seen: Vec<(TimelineKind, EventOrigin)> =
        events.iter().map(|e| (e.kind, e.origin)).collect();
    assert_eq!(
        seen,
        [
            (TimelineKind::StatusChanged, EventOrigin::Jira),
            (TimelineKind::StatusChanged, EventOrigin::Jira),
            (TimelineKind::FirstSeen, EventOrigin::Import),
        ]
    );
    assert_eq!(events[1].detail.message, "Jira: To Do → In Progress");
    assert_eq!(events[0].detail.reason.as_deref(), Some("Jira: Done"));
    assert_eq!(
        events[2].detail.message,
        "first seen in scan 1.json (import #1)"
    );
    assert_eq!(events[2].detail.to_status, Some(FindingStatus::Open));
}

#[test]
fn an_event_for_an_unknown_finding_is_refused() {
    let t = open();
    let err = t
        .store
        .add_timeline_event(
            FindingId(5),
            None,
            TimelineKind::StatusChanged,
            EventOrigin::Local,
            &TimelineDetail::default(),
        )
        .unwrap_err();
    assert!(matches!(err, DataError::FindingNotFound(5)), "{err}");
}
