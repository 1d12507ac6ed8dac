mod common;

use vulnbridge_model::Severity;
use vulnbridge_store::{
    latest_version, FindingQuery, FindingStatus, Store, DB_FILE_NAME, MIGRATIONS,
};

/// A database file brought to schema `version` by the raw migration SQL (what an older app
/// release left behind).
fn db_at_version(path: &std::path::Path, version: u32) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).expect("open");
    for m in MIGRATIONS.iter().filter(|m| m.version <= version) {
        conn.execute_batch(m.sql).expect("old migration");
    }
    conn.pragma_update(None, "user_version", version)
        .expect("user_version");
    conn
}

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

#[test]
fn every_earlier_version_migrates_to_one_that_imports_and_queries() {
    for version in 0..latest_version() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(DB_FILE_NAME);
        drop(db_at_version(&path, version));
        let mut store = Store::open(&path).unwrap_or_else(|e| panic!("from v{version}: {e}"));
        assert_eq!(store.schema_version().expect("version"), latest_version());
        let app = store.create_application("shop").expect("app");
        let f = common::finding("a", "SQL injection", Some(Severity::High), "Semgrep");
        common::import(
            &mut store,
            app,
            "x.json",
            "Semgrep",
            None,
            &common::day(1),
            &[f],
        );
        let page = store
            .query_findings(&FindingQuery {
                text: Some("injection".into()),
                ..FindingQuery::default()
            })
            .expect("query");
        assert_eq!(page.total, 1, "from v{version}");
    }
}

#[test]
fn findings_stored_at_version_2_survive_the_move_to_leaner_storage() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(DB_FILE_NAME);
    {
        // What version 2 of the import code wrote for one finding.
        let conn = db_at_version(&path, 2);
        let finding = common::finding(
            "old",
            "Hardcoded password",
            Some(Severity::Critical),
            "Gitleaks",
        );
        let json = serde_json::to_string(&finding).expect("json");
        conn.execute_batch(
            "INSERT INTO applications (id, name) VALUES (1, 'legacy');
             INSERT INTO imports (id, application_id, file_name, format, tool, started_at, finished_at, new_count, total_count)
                 VALUES (1, 1, 'gitleaks.json', 'Gitleaks JSON', 'Gitleaks', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z', 1, 1);
             INSERT INTO findings (id, application_id, fingerprint, kind, title, severity, severity_rank, tool,
                     location_display, first_seen, last_seen, first_import_id, last_import_id, status, status_changed_at)
                 VALUES (1, 1, 'fp-old', 'vulnerability', 'Hardcoded password', 'critical', 5, 'Gitleaks',
                     'src/old.rs:7', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 1, 1, 'open', '2026-01-01T00:00:00.000Z');
             INSERT INTO timeline_events (finding_id, at, kind, origin, detail)
                 VALUES (1, '2026-01-01T00:00:00.000Z', 'first_seen', 'import', '{\"message\":\"first seen in scan gitleaks.json (import #1)\"}');
             INSERT INTO findings_fts (rowid, title, description, rule_id, cve_text, location_display, tool)
                 VALUES (1, 'Hardcoded password', 'a secret in code', NULL, '', 'src/old.rs:7', 'Gitleaks');",
        )
        .expect("v2 rows");
        conn.execute(
            "INSERT INTO finding_details (finding_id, location, description, suppression, finding_json)
             VALUES (1, '{}', 'a secret in code', '{\"state\":\"none\"}', ?1)",
            [json],
        )
        .expect("v2 details");
    }
    let mut store = Store::open(&path).expect("migrate");
    let id = vulnbridge_store::FindingId(1);
    let detail = store.finding_detail(id).expect("detail");
    assert_eq!(detail.finding.title, "Hardcoded password");
    assert_eq!(detail.row.application, "legacy");
    assert_eq!(detail.timeline.len(), 1);
    let found = store
        .query_findings(&FindingQuery {
            text: Some("hardcoded".into()),
            ..FindingQuery::default()
        })
        .expect("search");
    assert_eq!(found.rows.len(), 1);

    // The next import of the same file sees it as known, and a clean scan resolves it.
    let app = store
        .application_by_name("legacy")
        .expect("app")
        .expect("exists");
    let again = common::finding(
        "old",
        "Hardcoded password",
        Some(Severity::Critical),
        "Gitleaks",
    );
    let sum = common::import(
        &mut store,
        app,
        "gitleaks2.json",
        "Gitleaks",
        None,
        &common::day(2),
        &[again],
    );
    assert_eq!((sum.counts.new, sum.counts.unchanged), (0, 1));
    common::import(
        &mut store,
        app,
        "gitleaks3.json",
        "Gitleaks",
        None,
        &common::day(3),
        &[],
    );
    assert_eq!(
        store.finding_detail(id).expect("detail").row.status,
        FindingStatus::Resolved
    );
}
