mod common;

use common::{code_file, edited_json, fixture, parse_fixture};
use vulnbridge_importers::{parse, Format};
use vulnbridge_model::{Location, Severity};

#[test]
fn sast_findings_use_identifiers_and_fall_back_for_titles() {
    let scan = parse_fixture("gitlab/sast.json");
    assert_eq!(scan.format, Format::GitlabSecurityReport);
    assert_eq!(scan.tool.name, "Semgrep");
    assert_eq!(scan.findings.len(), 2);
    let sqli = &scan.findings[0];
    assert_eq!(
        sqli.title,
        "Improper neutralization of special elements used in an SQL Command ('SQL Injection')"
    );
    assert_eq!(sqli.severity, Some(Severity::High));
    assert_eq!(sqli.cwes, vec!["CWE-89"]);
    assert!(sqli.cves.is_empty(), "the legacy `cve` member is not a CVE");
    assert_eq!(code_file(sqli), ("app/models/user.py", Some(42)));

    let nameless = &scan.findings[1];
    assert_eq!(nameless.title, "Bandit Test ID B303");
    assert_eq!(nameless.confidence, None, "\"Unkown\" is unknown");
}

#[test]
fn container_and_dependency_locations() {
    let scan = parse_fixture("gitlab/container_scanning.json");
    let ssl = &scan.findings[0];
    assert_eq!(ssl.title, "CVE-2022-3602");
    assert_eq!(ssl.severity, Some(Severity::Critical));
    match &ssl.location {
        Location::Image { image, package, .. } => {
            assert_eq!(image, "registry.gitlab.com/acme/shop/web:2.4.0");
            let p = package.as_ref().expect("package");
            assert_eq!(
                (p.name.as_str(), p.version.as_deref()),
                ("openssl", Some("3.0.5-r0"))
            );
        }
        other => panic!("expected image, got {other:?}"),
    }

    let deps = parse_fixture("gitlab/dependency_scanning.json");
    let semver = &deps.findings[0];
    assert_eq!(semver.cves, vec!["CVE-2022-25883"]);
    assert_eq!(semver.aliases, vec!["GHSA-c2qf-rxjj-qqgw"]);
    match &semver.location {
        Location::Package { package, manifest } => {
            assert_eq!(package.name, "semver");
            assert_eq!(manifest.as_deref(), Some("web/package-lock.json"));
        }
        other => panic!("expected package, got {other:?}"),
    }
}

#[test]
fn secret_detection_keeps_the_commit() {
    let scan = parse_fixture("gitlab/secret_detection.json");
    let token = &scan.findings[0];
    assert_eq!(
        token.rule_id.as_deref(),
        Some("gitlab_personal_access_token")
    );
    assert!(
        matches!(&token.location, Location::Code { commit: Some(c), start_line: Some(5), .. } if c == "1a2b3c4d5e6f")
    );
}

#[test]
fn fingerprints_do_not_depend_on_gitlab_ids_or_order() {
    let bytes = fixture("gitlab/sast.json");
    let a = parse(&bytes).expect("parse");
    let b = parse(&edited_json(&bytes, |v| {
        let list = v["vulnerabilities"].as_array_mut().expect("list");
        list.reverse();
        for item in list.iter_mut() {
            item["id"] = "regenerated".into();
        }
    }))
    .expect("parse");
    assert_eq!(a.findings[0].fingerprint, b.findings[1].fingerprint);
    assert_eq!(a.findings[1].fingerprint, b.findings[0].fingerprint);
}
