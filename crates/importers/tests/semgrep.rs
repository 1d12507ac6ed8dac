mod common;

use common::{code_file, edited_json, fixture, parse_fixture};
use vulnbridge_importers::{parse, Format};
use vulnbridge_model::{Confidence, Severity, Suppression};

#[test]
fn results_have_readable_titles_severity_and_cwe() {
    let scan = parse_fixture("semgrep/scan.json");
    assert_eq!(scan.format, Format::SemgrepJson);
    assert_eq!(scan.tool.version.as_deref(), Some("1.52.0"));
    assert_eq!(scan.findings.len(), 2);
    let sql = &scan.findings[0];
    assert_eq!(sql.title, "Formatted sql query");
    assert_eq!(sql.raw_severity.as_deref(), Some("WARNING"));
    assert_eq!(sql.severity, Some(Severity::Medium));
    assert_eq!(sql.cwes, vec!["CWE-89"]);
    assert_eq!(sql.confidence, Some(Confidence::Low));
    assert_eq!(code_file(sql), ("app/db.py", Some(31)));
    assert!(sql.references.contains(&"https://sg.run/EkWw".to_string()));
    assert_eq!(
        scan.warnings,
        vec!["Semgrep reported an error: Syntax error at line web/legacy.js:1"]
    );
}

#[test]
fn nosemgrep_results_are_suppressed() {
    let scan = parse_fixture("semgrep/scan.json");
    let xss = &scan.findings[1];
    assert_eq!(xss.severity, Some(Severity::High));
    assert_eq!(xss.cwes, vec!["CWE-79"]);
    assert!(matches!(xss.suppression, Suppression::Suppressed { .. }));
}

#[test]
fn code_based_fingerprint_survives_a_line_move_but_line_based_does_not() {
    let bytes = fixture("semgrep/scan.json");
    let a = parse(&bytes).expect("parse");
    let b = parse(&edited_json(&bytes, |v| {
        for r in v["results"].as_array_mut().expect("results") {
            r["start"]["line"] = 200.into();
        }
    }))
    .expect("parse");
    assert_eq!(a.findings[0].fingerprint, b.findings[0].fingerprint);
    // "requires login" hides the code: identity falls back to the line.
    assert_ne!(a.findings[1].fingerprint, b.findings[1].fingerprint);
}
