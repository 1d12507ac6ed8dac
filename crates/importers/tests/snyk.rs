mod common;

use common::parse_fixture;
use vulnbridge_importers::Format;
use vulnbridge_model::{Location, Severity, Suppression};

#[test]
fn arrays_of_projects_with_paths_and_ignores() {
    let scan = parse_fixture("snyk/projects.json");
    assert_eq!(scan.format, Format::SnykJson);
    assert_eq!(scan.target.as_deref(), Some("shop-web"));
    assert_eq!(scan.findings.len(), 4);

    let lodash = &scan.findings[0];
    assert_eq!(lodash.title, "Prototype Pollution");
    assert_eq!(lodash.severity, Some(Severity::High));
    assert_eq!(lodash.score, Some(7.2));
    assert_eq!(lodash.cves, vec!["CVE-2020-8203"]);
    assert_eq!(
        lodash.aliases,
        vec!["SNYK-JS-LODASH-567746", "GHSA-p6mc-m468-83gw"]
    );
    assert_eq!(
        lodash.remediation.as_deref(),
        Some("Upgrade to webpack@5.0.0")
    );
    assert_eq!(
        lodash.references[0],
        "https://security.snyk.io/vuln/SNYK-JS-LODASH-567746"
    );
    match &lodash.location {
        Location::Package { package, manifest } => {
            assert_eq!(package.fixed_versions, vec!["4.17.19"]);
            assert_eq!(manifest.as_deref(), Some("web/package-lock.json"));
        }
        other => panic!("expected package, got {other:?}"),
    }
    // Same id, another dependency path: another finding.
    assert_ne!(lodash.fingerprint, scan.findings[1].fingerprint);
    assert!(matches!(
        scan.findings[2].suppression,
        Suppression::Suppressed { .. }
    ));
}

#[test]
fn container_projects_give_image_locations() {
    let scan = parse_fixture("snyk/projects.json");
    let ssl = &scan.findings[3];
    assert_eq!(ssl.severity, Some(Severity::Low));
    assert_eq!(ssl.score, None);
    match &ssl.location {
        Location::Image { image, package, .. } => {
            assert_eq!(image, "registry.acme.io/shop/api:1.8.2");
            assert_eq!(
                package.as_ref().map(|p| p.name.as_str()),
                Some("openssl/libssl3")
            );
        }
        other => panic!("expected image, got {other:?}"),
    }
}
