mod common;

use common::{code_file, fixture, parse_fixture};
use vulnbridge_importers::{detect, parse_as, Format, ImportError};
use vulnbridge_model::{Location, Severity, SeverityBasis};

#[test]
fn v8_leaks_are_high_and_the_secret_is_masked() {
    let scan = parse_fixture("gitleaks/v8.json");
    assert_eq!(scan.format, Format::Gitleaks);
    assert_eq!(scan.findings.len(), 2);
    let aws = &scan.findings[0];
    assert_eq!(aws.title, "AWS Access Key in deploy/credentials.ini");
    assert_eq!(aws.severity, Some(Severity::High));
    assert_eq!(aws.severity_basis, SeverityBasis::FormatDefault);
    assert_eq!(aws.raw_severity, None);
    assert_eq!(aws.cwes, vec!["CWE-798"]);
    assert_eq!(code_file(aws), ("deploy/credentials.ini", Some(14)));
    assert_eq!(
        aws.evidence.as_deref(),
        Some("aws_access_key_id = AKIA…[redacted]")
    );
    let json = serde_json::to_string(&scan).expect("serialize");
    assert!(
        !json.contains("AKIAIOSFODNN7EXAMPLE"),
        "the secret must not survive import"
    );
    match &aws.location {
        Location::Code { commit, column, .. } => {
            assert_eq!(
                commit.as_deref(),
                Some("4c1f3a9e8b7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b")
            );
            assert_eq!(*column, Some(19));
        }
        other => panic!("expected code, got {other:?}"),
    }
    assert_ne!(aws.fingerprint, scan.findings[1].fingerprint);
}

#[test]
fn v7_lowercase_fields() {
    let scan = parse_fixture("gitleaks/v7.json");
    let leak = &scan.findings[0];
    assert_eq!(leak.rule_id.as_deref(), Some("Generic Credential"));
    assert_eq!(code_file(leak), ("settings/prod.py", Some(22)));
    assert_eq!(
        leak.evidence.as_deref(),
        Some("  password = \"hunt…[redacted]\"")
    );
    assert!(leak
        .description
        .as_deref()
        .is_some_and(|d| d.contains("9a8b7c6d")));
}

#[test]
fn empty_scans() {
    assert!(matches!(detect(b"[]"), Err(ImportError::NoContent(_))));
    assert!(parse_as(Format::Gitleaks, b"[]")
        .expect("[]")
        .findings
        .is_empty());
    assert!(parse_as(Format::Gitleaks, b"null")
        .expect("null")
        .findings
        .is_empty());
    assert_eq!(
        detect(&fixture("gitleaks/v7.json")).expect("detect"),
        Format::Gitleaks
    );
}
