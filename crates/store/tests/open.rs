use vulnbridge_store::{latest_version, Store, StoreError, DB_FILE_NAME};

#[test]
fn opens_an_empty_dir_with_wal_and_foreign_keys_at_the_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("nested/data");
    let store = Store::open_in_dir(&data).unwrap();
    assert_eq!(store.path(), data.join(DB_FILE_NAME));
    assert!(data.join(DB_FILE_NAME).exists());
    assert_eq!(store.schema_version().unwrap(), latest_version());
    let conn = store.connection();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn reopening_keeps_data_and_does_not_rerun_migrations() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open_in_dir(dir.path()).unwrap();
        store.set_setting("theme", "dark").unwrap();
    }
    let store = Store::open_in_dir(dir.path()).unwrap();
    assert_eq!(store.setting("theme").unwrap().as_deref(), Some("dark"));
    assert_eq!(store.setting("missing").unwrap(), None);
    store.set_setting("theme", "light").unwrap();
    assert_eq!(store.setting("theme").unwrap().as_deref(), Some("light"));
}

#[test]
fn a_database_from_a_newer_app_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", latest_version() + 5)
            .unwrap();
    }
    match Store::open(&path) {
        Err(StoreError::TooNew { found, latest }) => {
            assert_eq!(found, latest_version() + 5);
            assert_eq!(latest, latest_version());
        }
        Err(other) => panic!("expected TooNew, got {other}"),
        Ok(_) => panic!("a newer database must not open"),
    }
}

#[test]
fn an_unwritable_data_dir_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, b"x").unwrap();
    let err = Store::open_in_dir(&file.join("sub")).err().unwrap();
    assert!(err.to_string().contains("not-a-dir"), "{err}");
}

#[test]
fn connections_keep_settings_and_health_but_no_secret_columns() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(dir.path()).unwrap();
    store
        .save_connection("c1", "Acme", r#"{"kind":"cloud"}"#)
        .unwrap();
    let record = store.connection_by_id("c1").unwrap().unwrap();
    assert_eq!(record.name, "Acme");
    assert!(record.health.last_checked_at.is_none());

    store
        .record_connection_failure(
            "c1",
            "bad_credentials",
            "Jira rejected the credentials",
            false,
        )
        .unwrap();
    let h = store.connection_by_id("c1").unwrap().unwrap().health;
    assert_eq!(
        h.last_error,
        Some((
            "bad_credentials".into(),
            "Jira rejected the credentials".into()
        ))
    );
    assert!(h.last_success_at.is_none());

    store.record_connection_success("c1", "Ada").unwrap();
    let r = store.connection_by_id("c1").unwrap().unwrap();
    assert_eq!(r.account.as_deref(), Some("Ada"));
    assert!(r.health.last_error.is_none() && r.health.last_success_at.is_some());

    store
        .record_connection_failure("c1", "needs_reauthorization", "sign in again", true)
        .unwrap();
    assert!(
        store
            .connection_by_id("c1")
            .unwrap()
            .unwrap()
            .health
            .needs_reauth
    );

    // Names are unique; renaming through save keeps the id.
    assert!(store.save_connection("c2", "Acme", "{}").is_err());
    store
        .save_connection("c1", "Acme EU", r#"{"kind":"cloud"}"#)
        .unwrap();
    assert_eq!(store.connections().unwrap().len(), 1);
    assert_eq!(store.connections().unwrap()[0].name, "Acme EU");
    assert!(store.delete_connection("c1").unwrap());
    assert!(!store.delete_connection("c1").unwrap());

    let columns: Vec<String> = store
        .connection()
        .prepare("SELECT name FROM pragma_table_info('connections')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for col in &columns {
        assert!(
            !["token", "secret", "password"]
                .iter()
                .any(|w| col.contains(w)),
            "column {col} looks like it holds a secret"
        );
    }
}

#[test]
fn a_backup_is_a_complete_database_that_opens_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(&dir.path().join("live")).unwrap();
    store.set_setting("theme", "dark").unwrap();
    let copy = dir.path().join("backup.sqlite3");
    store.backup_to(&copy).unwrap();
    // The live database keeps working; the copy has everything at the time of the backup.
    store.set_setting("theme", "light").unwrap();
    let restored = Store::open(&copy).unwrap();
    assert_eq!(restored.setting("theme").unwrap().as_deref(), Some("dark"));
    assert_eq!(restored.schema_version().unwrap(), latest_version());
    // Never overwrites.
    let err = store.backup_to(&copy).unwrap_err();
    assert!(err.to_string().contains("exists already"), "{err}");
}

#[test]
fn a_setting_can_be_peeked_without_opening_or_migrating_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    assert_eq!(vulnbridge_store::peek_setting(&path, "log.level"), None);
    assert!(!path.exists(), "peeking must not create the database");
    {
        let store = Store::open(&path).unwrap();
        store.set_setting("log.level", "debug").unwrap();
    }
    assert_eq!(
        vulnbridge_store::peek_setting(&path, "log.level").as_deref(),
        Some("debug")
    );
    assert_eq!(vulnbridge_store::peek_setting(&path, "missing"), None);
}
