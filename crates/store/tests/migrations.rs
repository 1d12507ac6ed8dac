use vulnbridge_store::{latest_version, Store, DB_FILE_NAME, MIGRATIONS};

const TABLES: [&str; 10] = [
    "applications",
    "finding_details",
    "resource_groups",
    "application_targets",
    "imports",
    "findings",
    "findings_fts",
    "timeline_events",
    "watched_folders",
    "imported_files",
];

fn table_names(store: &Store) -> Vec<String> {
    let mut stmt = store
        .connection()
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .expect("prepare");
    stmt.query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("table names")
}

#[test]
fn an_empty_database_gets_every_findings_table_as_strict_tables() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version());
    assert!(latest_version() >= 2);
    let names = table_names(&store);
    for t in TABLES {
        assert!(names.iter().any(|n| n == t), "missing table {t}: {names:?}");
    }
    let strict: i64 = store
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM pragma_table_list WHERE name IN
             ('applications','resource_groups','application_targets','imports','findings',
              'finding_details','timeline_events','watched_folders','imported_files')
             AND strict = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(strict, 9);
    // STRICT really rejects a wrongly typed value.
    let err = store
        .connection()
        .execute(
            "INSERT INTO applications (name, group_id) VALUES ('x', 'not a number')",
            [],
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("cannot store TEXT value in INTEGER column"),
        "{err}"
    );
}

#[test]
fn a_version_1_database_with_settings_migrates_and_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0].sql).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('theme', 'dark')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO audit_log (actor, action, outcome) VALUES ('me', 'connect', 'ok')",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version());
    assert_eq!(store.setting("theme").unwrap().as_deref(), Some("dark"));
    let audit: i64 = store
        .connection()
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(audit, 1);
    let names = table_names(&store);
    for t in TABLES {
        assert!(names.iter().any(|n| n == t), "missing table {t}");
    }
    // The new tables work right away.
    store.create_application("shop").unwrap();
    assert_eq!(store.list_applications().unwrap().len(), 1);
}

#[test]
fn a_failing_migration_leaves_the_file_at_its_old_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0].sql).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        // A table that migration 2 wants to create: the migration must fail as a whole.
        conn.execute_batch("CREATE TABLE findings (x INTEGER) STRICT;")
            .unwrap();
    }
    let err = Store::open(&path).err().expect("migration must fail");
    assert!(err.to_string().contains("migration 2"), "{err}");
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1);
    let apps: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'applications'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(apps, 0, "half of migration 2 was applied");
}
