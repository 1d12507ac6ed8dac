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

mod watched {
    use super::*;
    use vulnbridge_intake::{FolderWatcher, StoreWork};

    fn poll(watcher: &mut FolderWatcher, store: &mut Store) -> vulnbridge_intake::WatchReport {
        let cell = std::cell::RefCell::new(store);
        watcher
            .poll(&|work: &mut StoreWork<'_>| work(&mut cell.borrow_mut()))
            .expect("poll")
    }

    #[test]
    fn dropped_files_are_imported_once_after_they_settle_and_again_when_they_change() {
        let (dir, mut store) = setup();
        let (app, _) = store.ensure_application("watched-app").expect("app");
        let folder = dir.path().join("drop");
        std::fs::create_dir_all(&folder).expect("folder");
        store
            .add_watched_folder(&folder.display().to_string(), app)
            .expect("watch");
        let mut watcher = FolderWatcher::new();

        std::fs::copy(fixture("trivy/image_v2.json"), folder.join("scan.json")).expect("copy");
        std::fs::write(folder.join("notes.md"), "not a scan").expect("write");
        // First sight: the file may still be being written.
        assert!(poll(&mut watcher, &mut store).outcomes.is_empty());
        // It held still: imported.
        let report = poll(&mut watcher, &mut store);
        assert_eq!(report.outcomes.len(), 1, "{:?}", report.outcomes);
        assert!(report.outcomes[0].result.is_ok());
        // Nothing more to do while it stays the same, nor for a new watcher (restart).
        assert!(poll(&mut watcher, &mut store).outcomes.is_empty());
        let mut after_restart = FolderWatcher::new();
        assert!(poll(&mut after_restart, &mut store).outcomes.is_empty());
        assert!(poll(&mut after_restart, &mut store).outcomes.is_empty());

        // New content at the same path is imported again.
        std::fs::copy(fixture("grype/image.json"), folder.join("scan.json")).expect("rewrite");
        assert!(filetime_bump(&folder.join("scan.json")));
        assert!(poll(&mut watcher, &mut store).outcomes.is_empty());
        let report = poll(&mut watcher, &mut store);
        assert_eq!(report.outcomes.len(), 1);
        let imported = report.outcomes[0].result.as_ref().expect("imported");
        assert!(imported.format.contains("Grype"), "{}", imported.format);
    }

    #[test]
    fn a_missing_folder_is_reported_not_fatal() {
        let (dir, mut store) = setup();
        let (app, _) = store.ensure_application("a").expect("app");
        store
            .add_watched_folder(&dir.path().join("unplugged").display().to_string(), app)
            .expect("watch");
        let report = poll(&mut FolderWatcher::new(), &mut store);
        assert_eq!(report.folder_errors.len(), 1);
        assert!(report.folder_errors[0].1.contains("cannot read the folder"));
    }

    /// Makes sure the rewritten file's stamp differs even within the same second.
    fn filetime_bump(path: &Path) -> bool {
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(path)
            .and_then(|f| f.set_modified(later))
            .is_ok()
    }
}
