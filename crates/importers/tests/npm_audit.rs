mod common;

use common::{by_rule, fixture, parse_fixture};
use vulnbridge_importers::{detect, parse, Format};
use vulnbridge_model::{Location, Severity, SeverityBasis};

#[test]
fn v1_gives_one_finding_per_advisory_and_installed_version() {
    let scan = parse_fixture("npm/audit_v1.json");
    assert_eq!(scan.format, Format::NpmAuditV1);
    assert_eq!(scan.findings.len(), 3);
    let lodash: Vec<_> = scan
        .findings
        .iter()
        .filter(|f| f.rule_id.as_deref() == Some("1523"))
        .collect();
    assert_eq!(lodash.len(), 2);
    let first = lodash[0];
    assert_eq!(first.title, "Prototype Pollution");
    assert_eq!(first.raw_severity.as_deref(), Some("moderate"));
    assert_eq!(first.severity, Some(Severity::Medium));
    assert_eq!(first.score, None, "a cvss score of 0 means none");
    assert_eq!(first.cves, vec!["CVE-2020-8203"]);
    assert_eq!(first.cwes, vec!["CWE-471"]);
    match &first.location {
        Location::Package { package, manifest } => {
            assert_eq!(package.name, "lodash");
            assert_eq!(package.version.as_deref(), Some("4.17.15"));
            assert_eq!(package.fixed_versions, vec![">=4.17.19"]);
            assert_eq!(manifest.as_deref(), Some("webpack>lodash"));
        }
        other => panic!("expected package, got {other:?}"),
    }
    assert_ne!(lodash[0].fingerprint, lodash[1].fingerprint);

    let minimist = by_rule(&scan, "1179");
    assert_eq!(minimist.aliases, vec!["GHSA-vh95-rmgr-6w4m"]);
    assert_eq!(minimist.cwes, vec!["CWE-1321"]);
    assert!(minimist
        .location
        .package()
        .expect("pkg")
        .fixed_versions
        .is_empty());
}

#[test]
fn v2_reads_advisories_from_via_and_skips_transitive_names() {
    let scan = parse_fixture("npm/audit_v2.json");
    assert_eq!(scan.format, Format::NpmAuditV2);
    assert_eq!(scan.findings.len(), 2, "mkdirp only has a string via");
    let minimist = by_rule(&scan, "1096419");
    assert_eq!(minimist.title, "Prototype Pollution in minimist");
    assert_eq!(minimist.severity, Some(Severity::Critical));
    assert_eq!(minimist.severity_basis, SeverityBasis::Label);
    assert_eq!(minimist.score, Some(9.8));
    assert_eq!(minimist.aliases, vec!["GHSA-xvch-5gv4-984h"]);
    assert_eq!(
        minimist.remediation.as_deref(),
        Some("Upgrade mkdirp to 1.0.4 (a semver-major upgrade)")
    );
    match &minimist.location {
        Location::Package { package, manifest } => {
            assert_eq!(package.version, None, "npm v2 has no installed version");
            assert_eq!(manifest.as_deref(), Some("node_modules/minimist"));
        }
        other => panic!("expected package, got {other:?}"),
    }
    let semver = by_rule(&scan, "1096482");
    assert_eq!(semver.raw_severity.as_deref(), Some("moderate"));
    assert_eq!(semver.remediation.as_deref(), Some("Run `npm audit fix`"));
}

#[test]
fn error_only_file_reports_npms_message() {
    let bytes = fixture("npm/error.json");
    assert_eq!(detect(&bytes).expect("detect"), Format::NpmAuditV2);
    let err = parse(&bytes).expect_err("error file");
    assert_eq!(
        err.to_string(),
        "looks like npm audit v2 JSON, but npm audit reported an error instead of a report: This command requires an existing lockfile."
    );
}

#[test]
fn v2_fingerprints_are_stable_across_parses() {
    let a = parse_fixture("npm/audit_v2.json");
    let b = parse_fixture("npm/audit_v2.json");
    assert_eq!(a.findings[0].fingerprint, b.findings[0].fingerprint);
    assert_ne!(a.findings[0].fingerprint, a.findings[1].fingerprint);
}
