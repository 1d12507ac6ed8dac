mod common;

use common::{edited_json, fixture, parse_fixture};
use vulnbridge_importers::{parse, Format};
use vulnbridge_model::{Location, Severity, SeverityBasis};

#[test]
fn image_matches_have_package_layer_and_fix() {
    let scan = parse_fixture("grype/image.json");
    assert_eq!(scan.format, Format::GrypeJson);
    assert_eq!(scan.tool.name, "grype");
    assert_eq!(scan.tool.version.as_deref(), Some("0.74.1"));
    assert_eq!(
        scan.target.as_deref(),
        Some("registry.acme.io/shop/web:2.4.0")
    );
    assert_eq!(scan.findings.len(), 4);

    let ssl = &scan.findings[0];
    assert_eq!(ssl.title, "CVE-2022-3602 in libssl3@3.0.5-r0");
    assert_eq!(ssl.raw_severity.as_deref(), Some("High"));
    assert_eq!(ssl.severity, Some(Severity::High));
    assert_eq!(ssl.score, Some(7.5));
    assert_eq!(ssl.cves, vec!["CVE-2022-3602"]);
    assert_eq!(ssl.cwes, vec!["CWE-120"]);
    assert!(ssl
        .description
        .as_deref()
        .is_some_and(|d| d.starts_with("A buffer overrun")));
    match &ssl.location {
        Location::Image {
            image,
            layer,
            package,
        } => {
            assert_eq!(image, "registry.acme.io/shop/web:2.4.0");
            assert_eq!(layer.as_deref(), Some("sha256:e5e13b0c77cb"));
            let p = package.as_ref().expect("package");
            assert_eq!(p.fixed_versions, vec!["3.0.7-r0"]);
            assert_eq!(
                p.purl.as_deref(),
                Some("pkg:apk/alpine/libssl3@3.0.5-r0?arch=x86_64&distro=alpine-3.16.2")
            );
        }
        other => panic!("expected image, got {other:?}"),
    }
}

#[test]
fn unknown_severity_uses_related_cvss_and_negligible_is_info() {
    let scan = parse_fixture("grype/image.json");
    let semver = &scan.findings[1];
    assert_eq!(semver.raw_severity.as_deref(), Some("Unknown"));
    assert_eq!(semver.severity, Some(Severity::Medium));
    assert_eq!(semver.severity_basis, SeverityBasis::Score);
    assert_eq!(semver.aliases, vec!["GHSA-pfrx-2q88-qq97"]);
    assert_eq!(semver.cves, vec!["CVE-2022-25883"]);
    assert!(semver
        .description
        .as_deref()
        .is_some_and(|d| d.contains("ReDoS")));
    assert!(semver
        .location
        .package()
        .expect("pkg")
        .fixed_versions
        .is_empty());

    let tar = &scan.findings[3];
    assert_eq!(tar.severity, Some(Severity::Info));
    assert_eq!(tar.raw_severity.as_deref(), Some("Negligible"));
}

#[test]
fn same_cve_at_two_paths_are_two_findings_with_stable_fingerprints() {
    let bytes = fixture("grype/image.json");
    let a = parse(&bytes).expect("parse");
    assert_ne!(a.findings[1].fingerprint, a.findings[2].fingerprint);
    let b = parse(&edited_json(&bytes, |v| {
        v["matches"].as_array_mut().expect("matches").reverse();
    }))
    .expect("parse");
    assert_eq!(a.findings[1].fingerprint, b.findings[2].fingerprint);
    assert_eq!(a.findings[0].fingerprint, b.findings[3].fingerprint);
}

#[test]
fn directory_scans_give_package_locations() {
    let scan = parse_fixture("grype/directory.json");
    assert_eq!(scan.target.as_deref(), Some("./services/billing"));
    match &scan.findings[0].location {
        Location::Package { package, manifest } => {
            assert_eq!(package.name, "semver");
            assert_eq!(manifest.as_deref(), Some("requirements.txt"));
            assert_eq!(package.fixed_versions, vec!["2.4.2"]);
        }
        other => panic!("expected package, got {other:?}"),
    }
}

#[test]
fn a_match_without_vulnerability_id_is_named() {
    let bytes = edited_json(&fixture("grype/image.json"), |v| {
        v["matches"][2]["vulnerability"]
            .as_object_mut()
            .expect("obj")
            .remove("id");
    });
    assert_eq!(
        parse(&bytes).expect_err("no id").to_string(),
        "looks like Grype JSON, but matches[2].vulnerability has no id"
    );
}
