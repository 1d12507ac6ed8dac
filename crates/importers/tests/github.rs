mod common;

use common::{code_file, edited_json, fixture, parse_fixture};
use vulnbridge_importers::{parse, Format};
use vulnbridge_model::{Location, Severity, Suppression};

#[test]
fn code_scanning_alerts_with_lifecycle() {
    let scan = parse_fixture("github/code_scanning_alerts.json");
    assert_eq!(scan.format, Format::GithubCodeScanningAlerts);
    assert_eq!(scan.target.as_deref(), Some("https://github.com/acme/shop"));
    assert_eq!(scan.findings.len(), 3);
    let path = &scan.findings[0];
    assert_eq!(path.title, "Uncontrolled data used in path expression");
    assert_eq!(path.raw_severity.as_deref(), Some("high"));
    assert_eq!(path.severity, Some(Severity::High));
    assert_eq!(path.cwes, vec!["CWE-22", "CWE-23"]);
    assert_eq!(path.tool.name, "CodeQL");
    assert_eq!(code_file(path), ("src/routes/files.js", Some(27)));
    assert!(path.suppression.is_open());

    let unused = &scan.findings[1];
    assert_eq!(unused.severity, Some(Severity::Low), "rule.severity note");
    assert_eq!(
        unused.suppression,
        Suppression::Suppressed {
            reason: Some("false positive: input is a constant".into())
        }
    );
    assert!(matches!(
        scan.findings[2].suppression,
        Suppression::Fixed { .. }
    ));
}

#[test]
fn code_scanning_identity_is_the_alert_not_the_line() {
    let bytes = fixture("github/code_scanning_alerts.json");
    let a = parse(&bytes).expect("parse");
    let b = parse(&edited_json(&bytes, |v| {
        v[0]["most_recent_instance"]["location"]["start_line"] = 90.into();
    }))
    .expect("parse");
    assert_eq!(a.findings[0].fingerprint, b.findings[0].fingerprint);
}

#[test]
fn dependabot_alerts() {
    let scan = parse_fixture("github/dependabot_alerts.json");
    assert_eq!(scan.format, Format::GithubDependabotAlerts);
    let semver = &scan.findings[0];
    assert_eq!(
        semver.title,
        "semver vulnerable to Regular Expression Denial of Service"
    );
    assert_eq!(semver.raw_severity.as_deref(), Some("medium"));
    assert_eq!(
        semver.severity,
        Some(Severity::Medium),
        "the advisory's label wins over its score"
    );
    assert_eq!(
        semver.score,
        Some(7.5),
        "a 0.0 v4 score with no vector means none"
    );
    assert_eq!(semver.cves, vec!["CVE-2022-25883"]);
    assert_eq!(semver.cwes, vec!["CWE-1333"]);
    assert_eq!(
        semver.remediation.as_deref(),
        Some("Upgrade semver to 7.5.2")
    );
    match &semver.location {
        Location::Package { package, manifest } => {
            assert_eq!(package.version, None);
            assert_eq!(package.fixed_versions, vec!["7.5.2"]);
            assert_eq!(manifest.as_deref(), Some("web/package-lock.json"));
        }
        other => panic!("expected package, got {other:?}"),
    }
    let django = &scan.findings[1];
    assert_eq!(django.score, None);
    assert!(django.cves.is_empty());
    assert_eq!(
        django.suppression,
        Suppression::Suppressed {
            reason: Some("auto_dismissed".into())
        }
    );
}
