use std::path::{Path, PathBuf};
use vulnbridge_intake::{import_file, Phase};
use vulnbridge_store::Store;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../importers/tests/fixtures")
        .join(rel)
}

fn setup() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("store");
    (dir, store)
}

#[test]
fn a_scan_file_is_imported_with_progress_and_counts() {
    let (_dir, mut store) = setup();
    let (app, _) = store.ensure_application("payments-api").expect("app");
    let path = fixture("trivy/image_v2.json");
    let size = std::fs::metadata(&path).expect("fixture").len();
    let mut seen = Vec::new();
    let outcome = import_file(&mut store, app, &path, &mut |phase, done, total| {
        seen.push((phase, done, total))
    })
    .expect("database ok");
    let imported = outcome.result.expect("imported");
    assert_eq!(outcome.file_name, "image_v2.json");
    assert!(imported.format.contains("Trivy"), "{}", imported.format);
    assert!(imported.summary.counts.total > 0);
    let c = imported.summary.counts;
    assert_eq!(c.new + c.suppressed, c.total, "{c:?}");
    assert_eq!(seen.first(), Some(&(Phase::Reading, 0, size)));
    assert!(seen.contains(&(Phase::Reading, size, size)));
    assert_eq!(seen.last().map(|s| s.0), Some(Phase::Saving));

    // The same file again: nothing new.
    let again = import_file(&mut store, app, &path, &mut |_, _, _| {}).expect("db ok");
    let counts = again.result.expect("imported").summary.counts;
    assert_eq!(counts.new, 0, "{counts:?}");
    assert_eq!(counts.total, c.total);
    assert_eq!(counts.unchanged + counts.suppressed, c.total, "{counts:?}");
}

#[test]
fn bad_files_are_reported_by_name_and_recorded_without_losing_anything() {
    let (dir, mut store) = setup();
    let (app, _) = store.ensure_application("web").expect("app");
    let good = import_file(
        &mut store,
        app,
        &fixture("trivy/image_v2.json"),
        &mut |_, _, _| {},
    )
    .expect("db ok")
    .result
    .expect("imported");

    let broken = dir.path().join("broken-scan.json");
    std::fs::write(
        &broken,
        br#"{"SchemaVersion": 2, "Results": [ {"Target": "x", "Vulnerabilities": [ {"#,
    )
    .expect("write");
    let failure = import_file(&mut store, app, &broken, &mut |_, _, _| {})
        .expect("db ok")
        .result
        .expect_err("a truncated file fails");
    assert!(
        failure.problem.contains("broken-scan.json"),
        "{}",
        failure.problem
    );

    let unknown = dir.path().join("notes.txt");
    std::fs::write(&unknown, b"just some notes, not a scan").expect("write");
    let failure = import_file(&mut store, app, &unknown, &mut |_, _, _| {})
        .expect("db ok")
        .result
        .expect_err("an unknown file fails");
    assert!(failure.problem.contains("notes.txt"), "{}", failure.problem);

    let missing = import_file(
        &mut store,
        app,
        &dir.path().join("gone.json"),
        &mut |_, _, _| {},
    )
    .expect("db ok")
    .result
    .expect_err("a missing file fails");
    assert_eq!(missing.code, "unreadable_file");

    // The earlier import's findings are all still there.
    let page = store
        .query_findings(&vulnbridge_store::FindingQuery::default())
        .expect("query");
    assert_eq!(page.total, good.summary.counts.total);
}
