mod common;

use common::{code_file, edited_json, fixture, parse_fixture};
use vulnbridge_importers::{parse, Format};
use vulnbridge_model::{Confidence, Location, Severity, Suppression};

#[test]
fn bandit_results() {
    let scan = parse_fixture("bandit/report.json");
    assert_eq!(scan.format, Format::BanditJson);
    assert_eq!(scan.findings.len(), 2);
    let sql = &scan.findings[0];
    assert_eq!(
        sql.title,
        "Possible SQL injection vector through string-based query construction."
    );
    assert_eq!(sql.rule_id.as_deref(), Some("B608"));
    assert_eq!(sql.severity, Some(Severity::Medium));
    assert_eq!(sql.confidence, Some(Confidence::Medium));
    assert_eq!(sql.cwes, vec!["CWE-89"]);
    assert_eq!(code_file(sql), ("app/models/user.py", Some(41)));
    assert!(matches!(
        sql.location,
        Location::Code {
            end_line: Some(42),
            ..
        }
    ));
    assert_eq!(scan.findings[1].severity, Some(Severity::High));
    assert_eq!(scan.warnings.len(), 1);
}

#[test]
fn bandit_identity_survives_moved_code() {
    let bytes = fixture("bandit/report.json");
    let moved = edited_json(&bytes, |v| {
        let r = &mut v["results"][0];
        r["line_number"] = 141.into();
        r["code"] = "141     query = \"SELECT * FROM users WHERE id = '%s'\" % user_id\n142     cursor.execute(query)\n".into();
    });
    let a = parse(&bytes).expect("parse");
    let b = parse(&moved).expect("parse");
    assert_eq!(a.findings[0].fingerprint, b.findings[0].fingerprint);
    assert_ne!(a.findings[0].fingerprint, a.findings[1].fingerprint);
}

#[test]
fn gosec_line_spans_and_suppressions() {
    let scan = parse_fixture("gosec/report.json");
    assert_eq!(scan.format, Format::GosecJson);
    assert_eq!(scan.tool.version.as_deref(), Some("2.18.2"));
    let sql = &scan.findings[0];
    assert_eq!(sql.title, "SQL string formatting");
    assert_eq!(sql.severity, Some(Severity::High));
    assert_eq!(sql.cwes, vec!["CWE-89"]);
    assert!(matches!(
        sql.location,
        Location::Code {
            start_line: Some(54),
            end_line: Some(55),
            column: Some(7),
            ..
        }
    ));
    assert!(sql.suppression.is_open());
    assert_eq!(
        scan.findings[1].suppression,
        Suppression::Suppressed {
            reason: Some("path is validated against an allow-list".into())
        }
    );
    assert_eq!(
        scan.warnings,
        vec!["gosec could not compile /src/internal/legacy/old.go: 1 error(s)"]
    );
}
