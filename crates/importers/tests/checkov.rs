mod common;

use common::{code_file, parse_fixture};
use vulnbridge_importers::Format;
use vulnbridge_model::{Location, Severity, Suppression};

#[test]
fn failed_and_skipped_checks_across_frameworks() {
    let scan = parse_fixture("checkov/report.json");
    assert_eq!(scan.format, Format::CheckovJson);
    assert_eq!(scan.findings.len(), 3, "passed checks are not findings");
    let s3 = &scan.findings[0];
    assert_eq!(
        s3.title,
        "Ensure all data stored in the S3 bucket is securely encrypted at rest"
    );
    assert_eq!(s3.severity, None, "null severity stays unknown");
    assert_eq!(code_file(s3), ("/s3.tf", Some(12)));
    assert_eq!(s3.aliases, vec!["BC_AWS_S3_14"]);
    assert!(s3.references[0].starts_with("https://docs.prismacloud.io/"));

    let skipped = &scan.findings[1];
    assert_eq!(skipped.severity, Some(Severity::Low));
    assert_eq!(
        skipped.suppression,
        Suppression::Suppressed {
            reason: Some("logging bucket itself".into())
        }
    );
    assert_eq!(scan.warnings, vec!["Checkov could not parse /broken.tf"]);
}

#[test]
fn sca_checks_give_packages() {
    let scan = parse_fixture("checkov/report.json");
    let semver = &scan.findings[2];
    assert_eq!(semver.cves, vec!["CVE-2022-25883"]);
    assert_eq!(semver.severity, Some(Severity::Medium));
    assert_eq!(semver.score, Some(5.3));
    match &semver.location {
        Location::Package { package, manifest } => {
            assert_eq!(package.name, "semver");
            assert_eq!(package.fixed_versions, vec!["7.5.2"]);
            assert_eq!(manifest.as_deref(), Some("/web/package-lock.json"));
        }
        other => panic!("expected package, got {other:?}"),
    }
}
