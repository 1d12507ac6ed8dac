mod common;

use common::{day, finding, id_of, import, open, suppressed};
use vulnbridge_model::{Severity, Suppression, Tool};
use vulnbridge_store::{
    DataError, EventOrigin, FindingStatus, ImportCounts, ScanInput, Store, TimelineKind,
};

fn status_of(store: &Store, id: vulnbridge_store::FindingId) -> FindingStatus {
    store.finding_detail(id).expect("finding detail").row.status
}

fn counts(
    total: u32,
    new: u32,
    unchanged: u32,
    reopened: u32,
    resolved: u32,
    suppressed: u32,
) -> ImportCounts {
    ImportCounts {
        total,
        new,
        unchanged,
        reopened,
        resolved,
        suppressed,
    }
}

#[test]
fn new_unchanged_resolved_and_reopened_across_three_imports() {
    let mut t = open();
    let app = t.store.create_application("shop").unwrap();
    let a = finding("a", "SQL injection", Some(Severity::High), "Semgrep");
    let b = finding("b", "XSS", Some(Severity::Medium), "Semgrep");

    let first = import(
        &mut t.store,
        app,
        "one.json",
        "Semgrep",
        Some("repo"),
        &day(1),
        &[a.clone(), b.clone()],
    );
    assert_eq!(first.counts, counts(2, 2, 0, 0, 0, 0));
    assert_eq!(first.target.as_deref(), Some("repo"));
    assert!(first.error.is_none());
    let (ia, ib) = (id_of(&t.store, app, "a"), id_of(&t.store, app, "b"));
    assert_eq!(status_of(&t.store, ia), FindingStatus::Open);

    // b is gone: resolved, with the file and import number in the reason.
    let second = import(
        &mut t.store,
        app,
        "two.json",
        "Semgrep",
        Some("repo"),
        &day(2),
        std::slice::from_ref(&a),
    );
    assert_eq!(second.counts, counts(1, 0, 1, 0, 1, 0));
    let gone = t.store.finding_detail(ib).unwrap();
    assert_eq!(gone.row.status, FindingStatus::Resolved);
    assert_eq!(
        gone.status_reason.as_deref(),
        Some(format!("not seen in scan two.json (import #{})", second.id).as_str())
    );
    assert_eq!(gone.row.last_seen, day(1));
    let kept = t.store.finding_detail(ia).unwrap();
    assert_eq!(kept.row.first_seen, day(1));
    assert_eq!(kept.row.last_seen, day(2));
    assert_eq!(kept.last_import_id, Some(second.id));

    // b is back: reopened, with a timeline event naming the scan.
    let third = import(
        &mut t.store,
        app,
        "three.json",
        "Semgrep",
        Some("repo"),
        &day(3),
        &[a, b],
    );
    assert_eq!(third.counts, counts(2, 0, 1, 1, 0, 0));
    let back = t.store.finding_detail(ib).unwrap();
    assert_eq!(back.row.status, FindingStatus::Reopened);
    let kinds: Vec<TimelineKind> = back.timeline.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        vec![
            TimelineKind::Reappeared,
            TimelineKind::NotSeen,
            TimelineKind::FirstSeen
        ]
    );
    assert_eq!(
        back.timeline[0].detail.message,
        format!("reappeared in scan three.json (import #{})", third.id)
    );
    assert!(back
        .timeline
        .iter()
        .all(|e| e.origin == EventOrigin::Import));

    // Import history, newest first, keeps every count.
    let history = t.store.imports(Some(app), 10).unwrap();
    let files: Vec<&str> = history.iter().map(|i| i.file_name.as_str()).collect();
    assert_eq!(files, ["three.json", "two.json", "one.json"]);
    assert_eq!(history[1].counts, second.counts);
}

#[test]
fn suppressed_findings_are_stored_suppressed_not_open() {
    let mut t = open();
    let app = t.store.create_application("shop").unwrap();
    let s = suppressed(
        finding("s", "Hardcoded key", Some(Severity::High), "Semgrep"),
        "test fixture",
    );
    let mut n = finding("n", "CVE in dep", Some(Severity::Low), "Semgrep");
    n.suppression = Suppression::NotAffected {
        justification: Some("code not reachable".into()),
    };
    let mut x = finding("x", "Fixed thing", Some(Severity::Low), "Semgrep");
    x.suppression = Suppression::Fixed { detail: None };
    let open_one = finding("o", "Open", Some(Severity::Low), "Semgrep");
    let sum = import(
        &mut t.store,
        app,
        "s.sarif",
        "Semgrep",
        None,
        &day(1),
        &[s, n, x, open_one.clone()],
    );
    assert_eq!(sum.counts, counts(4, 1, 0, 0, 0, 3));
    let ds = t.store.finding_detail(id_of(&t.store, app, "s")).unwrap();
    assert_eq!(ds.row.status, FindingStatus::Suppressed);
    assert_eq!(
        ds.status_reason.as_deref(),
        Some("suppressed in the scan file: test fixture")
    );
    let dn = t.store.finding_detail(id_of(&t.store, app, "n")).unwrap();
    assert_eq!(dn.row.status, FindingStatus::Suppressed);
    assert_eq!(
        dn.status_reason.as_deref(),
        Some("not affected according to the scan file: code not reachable")
    );
    assert_eq!(
        status_of(&t.store, id_of(&t.store, app, "x")),
        FindingStatus::Resolved
    );

    // The suppression is lifted in the tool: the finding comes back as reopened.
    let lifted = finding("s", "Hardcoded key", Some(Severity::High), "Semgrep");
    let sum = import(
        &mut t.store,
        app,
        "s2.sarif",
        "Semgrep",
        None,
        &day(2),
        &[lifted, open_one.clone()],
    );
    assert_eq!(sum.counts, counts(2, 0, 1, 1, 0, 0));
    assert_eq!(
        status_of(&t.store, id_of(&t.store, app, "s")),
        FindingStatus::Reopened
    );

    // An open finding the tool now suppresses becomes suppressed.
    let now_suppressed = suppressed(open_one, "accepted in tool");
    let sum = import(
        &mut t.store,
        app,
        "s3.sarif",
        "Semgrep",
        None,
        &day(3),
        &[now_suppressed],
    );
    // "s" (reopened, missing) is resolved; "o" is suppressed.
    assert_eq!(sum.counts, counts(1, 0, 0, 0, 1, 1));
    let d = t.store.finding_detail(id_of(&t.store, app, "o")).unwrap();
    assert_eq!(d.row.status, FindingStatus::Suppressed);
    assert_eq!(d.timeline[0].kind, TimelineKind::SuppressedInScan);
}

#[test]
fn analyst_decisions_survive_imports() {
    let mut t = open();
    let app = t.store.create_application("shop").unwrap();
    let fp = finding("fp", "Noise", Some(Severity::Low), "Trivy");
    let ar = finding("ar", "Accepted", Some(Severity::Medium), "Trivy");
    import(
        &mut t.store,
        app,
        "1.json",
        "Trivy",
        Some("img"),
        &day(1),
        &[fp.clone(), ar.clone()],
    );
    let (ifp, iar) = (id_of(&t.store, app, "fp"), id_of(&t.store, app, "ar"));
    t.store
        .set_status(&[ifp], FindingStatus::FalsePositive, Some("test code"))
        .unwrap();
    t.store
        .set_status(&[iar], FindingStatus::AcceptedRisk, None)
        .unwrap();

    // Reported again (one of them now suppressed by the tool): unchanged.
    let sum = import(
        &mut t.store,
        app,
        "2.json",
        "Trivy",
        Some("img"),
        &day(2),
        &[fp, suppressed(ar, "x")],
    );
    assert_eq!(sum.counts, counts(2, 0, 1, 0, 0, 1));
    // Missing: still not resolved.
    let sum = import(
        &mut t.store,
        app,
        "3.json",
        "Trivy",
        Some("img"),
        &day(3),
        &[],
    );
    assert_eq!(sum.counts, counts(0, 0, 0, 0, 0, 0));
    let d = t.store.finding_detail(ifp).unwrap();
    assert_eq!(d.row.status, FindingStatus::FalsePositive);
    assert_eq!(d.status_reason.as_deref(), Some("test code"));
    assert_eq!(status_of(&t.store, iar), FindingStatus::AcceptedRisk);
}

#[test]
fn only_the_same_tool_and_target_resolve_missing_findings() {
    let mut t = open();
    let app = t.store.create_application("shop").unwrap();
    let other_app = t.store.create_application("billing").unwrap();
    let trivy_img = finding("t1", "openssl", Some(Severity::High), "Trivy");
    let trivy_other = finding("t2", "zlib", Some(Severity::High), "Trivy");
    let grype_img = finding("g1", "openssl", Some(Severity::High), "Grype");
    import(
        &mut t.store,
        app,
        "a.json",
        "Trivy",
        Some("shop:1"),
        &day(1),
        &[trivy_img],
    );
    import(
        &mut t.store,
        app,
        "b.json",
        "Trivy",
        Some("shop:2"),
        &day(1),
        &[trivy_other],
    );
    import(
        &mut t.store,
        app,
        "c.json",
        "Grype",
        Some("shop:1"),
        &day(1),
        std::slice::from_ref(&grype_img),
    );
    import(
        &mut t.store,
        other_app,
        "d.json",
        "Grype",
        Some("shop:1"),
        &day(1),
        &[grype_img],
    );

    // A clean Trivy scan of shop:1 resolves only Trivy's shop:1 finding in "shop".
    let sum = import(
        &mut t.store,
        app,
        "e.json",
        "Trivy",
        Some("shop:1"),
        &day(2),
        &[],
    );
    assert_eq!(sum.counts.resolved, 1);
    assert_eq!(
        status_of(&t.store, id_of(&t.store, app, "t1")),
        FindingStatus::Resolved
    );
    assert_eq!(
        status_of(&t.store, id_of(&t.store, app, "t2")),
        FindingStatus::Open
    );
    assert_eq!(
        status_of(&t.store, id_of(&t.store, app, "g1")),
        FindingStatus::Open
    );
    assert_eq!(
        status_of(&t.store, id_of(&t.store, other_app, "g1")),
        FindingStatus::Open
    );
}

#[test]
fn duplicate_fingerprints_in_one_file_count_once_and_content_is_refreshed() {
    let mut t = open();
    let app = t.store.create_application("shop").unwrap();
    let a = finding("a", "Old title", Some(Severity::Low), "Semgrep");
    let sum = import(
        &mut t.store,
        app,
        "1.json",
        "Semgrep",
        None,
        &day(1),
        &[a.clone(), a.clone()],
    );
    assert_eq!(sum.counts, counts(1, 1, 0, 0, 0, 0));
    let mut renamed = a;
    renamed.title = "New title".into();
    renamed.severity = Some(Severity::Critical);
    import(
        &mut t.store,
        app,
        "2.json",
        "Semgrep",
        None,
        &day(2),
        &[renamed],
    );
    let d = t.store.finding_detail(id_of(&t.store, app, "a")).unwrap();
    assert_eq!(d.row.title, "New title");
    assert_eq!(d.row.severity, Some(Severity::Critical));
    assert_eq!(d.finding.title, "New title");
}

#[test]
fn a_failed_import_records_only_the_error() {
    let mut t = open();
    let app = t.store.create_application("shop").unwrap();
    import(
        &mut t.store,
        app,
        "ok.json",
        "Trivy",
        None,
        &day(1),
        &[finding("a", "A", None, "Trivy")],
    );
    let failed = t
        .store
        .record_failed_import(
            app,
            "bad.json",
            Some("Trivy JSON"),
            "looks like Trivy JSON, but it ends too early",
        )
        .unwrap();
    assert_eq!(failed.counts, ImportCounts::default());
    assert_eq!(
        failed.error.as_deref(),
        Some("looks like Trivy JSON, but it ends too early")
    );
    assert_eq!(
        status_of(&t.store, id_of(&t.store, app, "a")),
        FindingStatus::Open
    );
    assert_eq!(t.store.imports(Some(app), 10).unwrap().len(), 2);
}

#[test]
fn an_import_for_a_missing_application_changes_nothing() {
    let mut t = open();
    let tool = Tool::new("Trivy", None);
    let findings = [finding("a", "A", None, "Trivy")];
    let err = t
        .store
        .record_import(
            vulnbridge_store::ApplicationId(99),
            &ScanInput {
                file_name: "x.json",
                format: "Trivy JSON",
                tool: &tool,
                target: None,
                findings: &findings,
                at: None,
            },
        )
        .unwrap_err();
    assert!(matches!(err, DataError::ApplicationNotFound(99)), "{err}");
    assert!(t.store.imports(None, 10).unwrap().is_empty());
}

#[test]
fn findings_without_a_tool_name_take_the_scan_tool() {
    let mut t = open();
    let app = t.store.create_application("shop").unwrap();
    let mut f = finding("a", "A", None, "");
    f.tool = Tool::default();
    import(&mut t.store, app, "1.json", "Gitleaks", None, &day(1), &[f]);
    let d = t.store.finding_detail(id_of(&t.store, app, "a")).unwrap();
    assert_eq!(d.row.tool, "Gitleaks");
    // And a clean Gitleaks scan resolves it.
    let sum = import(&mut t.store, app, "2.json", "Gitleaks", None, &day(2), &[]);
    assert_eq!(sum.counts.resolved, 1);
}
