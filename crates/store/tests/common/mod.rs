//! Shared test helpers: a store in a temp dir and small findings.
#![allow(dead_code)]

use vulnbridge_model::{Finding, FindingKind, Location, PackageRef, Severity, Suppression, Tool};
use vulnbridge_store::{ApplicationId, ImportSummary, ScanInput, Store};

pub struct TestStore {
    pub store: Store,
    pub dir: tempfile::TempDir,
}

pub fn open() -> TestStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("open store");
    TestStore { store, dir }
}

/// A finding with a readable fingerprint (`fp-<key>`), a code location and the given tool.
pub fn finding(key: &str, title: &str, severity: Option<Severity>, tool: &str) -> Finding {
    Finding {
        fingerprint: format!("fp-{key}"),
        kind: FindingKind::Vulnerability,
        title: title.to_string(),
        raw_severity: severity.map(|s| s.as_str().to_uppercase()),
        severity,
        tool: Tool::new(tool, None),
        location: Location::Code {
            file: format!("src/{key}.rs"),
            start_line: Some(7),
            end_line: None,
            column: None,
            snippet: None,
            commit: None,
        },
        ..Finding::default()
    }
}

pub fn package_finding(key: &str, cve: &str, package: &str, tool: &str) -> Finding {
    let mut f = finding(
        key,
        &format!("{cve} in {package}"),
        Some(Severity::High),
        tool,
    );
    f.add_cve(cve);
    f.location = Location::Package {
        package: PackageRef {
            name: package.to_string(),
            version: Some("1.0.0".into()),
            ..PackageRef::default()
        },
        manifest: Some("Cargo.lock".into()),
    };
    f
}

pub fn suppressed(mut f: Finding, reason: &str) -> Finding {
    f.suppression = Suppression::Suppressed {
        reason: Some(reason.to_string()),
    };
    f
}

/// `2026-01-DDT00:00:00.000Z`.
pub fn day(d: u32) -> String {
    format!("2026-01-{d:02}T00:00:00.000Z")
}

/// Records `findings` as file `file` of `tool` scanning `target`, seen on `at`.
pub fn import(
    store: &mut Store,
    app: ApplicationId,
    file: &str,
    tool: &str,
    target: Option<&str>,
    at: &str,
    findings: &[Finding],
) -> ImportSummary {
    let tool = Tool::new(tool, Some("1.0".into()));
    store
        .record_import(
            app,
            &ScanInput {
                file_name: file,
                format: "SARIF",
                tool: &tool,
                target,
                findings,
                at: Some(at),
            },
        )
        .expect("record import")
}

/// The stored id of the finding with fingerprint `fp-<key>` in `app`.
pub fn id_of(store: &Store, app: ApplicationId, key: &str) -> vulnbridge_store::FindingId {
    store
        .connection()
        .query_row(
            "SELECT id FROM findings WHERE application_id = ?1 AND fingerprint = ?2",
            rusqlite::params![app, format!("fp-{key}")],
            |r| r.get(0),
        )
        .expect("finding stored")
}
