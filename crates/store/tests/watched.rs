mod common;

use common::open;
use vulnbridge_store::{DataError, FileState};

fn state<'a>(path: &'a str, sha: &'a str, mtime: i64) -> FileState<'a> {
    FileState {
        path,
        size: 100,
        mtime,
        sha256: sha,
    }
}

#[test]
fn watched_folders_are_added_paused_listed_and_removed() {
    let t = open();
    let shop = t.store.create_application("shop").unwrap();
    let a = t.store.add_watched_folder("/scans/shop", shop).unwrap();
    let b = t.store.add_watched_folder("/scans/ci", shop).unwrap();
    assert!(matches!(
        t.store.add_watched_folder("/scans/shop", shop),
        Err(DataError::FolderAlreadyWatched(_))
    ));
    assert!(matches!(
        t.store
            .add_watched_folder("/x", vulnbridge_store::ApplicationId(9)),
        Err(DataError::ApplicationNotFound(9))
    ));
    t.store.set_watched_folder_enabled(a, false).unwrap();
    let list = t.store.watched_folders().unwrap();
    let view: Vec<(&str, bool, &str)> = list
        .iter()
        .map(|w| (w.path.as_str(), w.enabled, w.application.as_str()))
        .collect();
    assert_eq!(
        view,
        [("/scans/ci", true, "shop"), ("/scans/shop", false, "shop")]
    );
    t.store.remove_watched_folder(b).unwrap();
    assert!(matches!(
        t.store.remove_watched_folder(b),
        Err(DataError::WatchedFolderNotFound(_))
    ));
    assert_eq!(t.store.watched_folders().unwrap().len(), 1);
}

#[test]
fn a_watched_file_is_imported_once_per_content() {
    let t = open();
    let shop = t.store.create_application("shop").unwrap();
    let f1 = state("/scans/shop/trivy.json", "aaa", 1000);
    assert!(t.store.file_needs_import(&f1).unwrap());
    let imp = t
        .store
        .record_failed_import(shop, "trivy.json", None, "x")
        .unwrap();
    t.store.record_imported_file(&f1, Some(imp.id)).unwrap();
    assert!(!t.store.file_needs_import(&f1).unwrap());
    // Touched, same content: not again.
    assert!(!t
        .store
        .file_needs_import(&state("/scans/shop/trivy.json", "aaa", 2000))
        .unwrap());
    // New content: yes, then recorded, then not again.
    let f2 = state("/scans/shop/trivy.json", "bbb", 3000);
    assert!(t.store.file_needs_import(&f2).unwrap());
    t.store.record_imported_file(&f2, None).unwrap();
    assert!(!t.store.file_needs_import(&f2).unwrap());
    // Back to the first content: it is the file's current scan again, so it is imported.
    assert!(t.store.file_needs_import(&f1).unwrap());
    // Same content under another path is another file.
    assert!(t
        .store
        .file_needs_import(&state("/scans/other/trivy.json", "bbb", 3000))
        .unwrap());
}
