mod common;

use common::{by_rule, code_file, edited_json, fixture, parse_fixture};
use vulnbridge_importers::{detect, parse, parse_as, Format, ImportError};
use vulnbridge_model::{Location, Severity, SeverityBasis, Suppression};

#[test]
fn image_vulnerabilities_carry_package_layer_and_fix() {
    let scan = parse_fixture("trivy/image_v2.json");
    assert_eq!(scan.format, Format::TrivyJson);
    assert_eq!(
        scan.target.as_deref(),
        Some("registry.acme.io/shop/api:1.8.2")
    );
    assert_eq!(
        scan.findings.len(),
        6,
        "3 os + 1 npm + 1 failed misconfig + 1 secret"
    );

    let glibc = by_rule(&scan, "CVE-2023-4911");
    assert_eq!(
        glibc.title,
        "glibc: buffer overflow in ld.so leading to privilege escalation"
    );
    assert_eq!(glibc.raw_severity.as_deref(), Some("HIGH"));
    assert_eq!(glibc.severity, Some(Severity::High));
    assert_eq!(glibc.cves, vec!["CVE-2023-4911"]);
    assert_eq!(glibc.cwes, vec!["CWE-787", "CWE-122"]);
    assert_eq!(glibc.score, Some(7.8));
    assert_eq!(
        glibc.cvss_vector.as_deref(),
        Some("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H")
    );
    match &glibc.location {
        Location::Image {
            image,
            layer,
            package,
        } => {
            assert_eq!(image, "registry.acme.io/shop/api:1.8.2");
            assert_eq!(layer.as_deref(), Some("sha256:cb4596cc1454"));
            let p = package.as_ref().expect("package");
            assert_eq!(p.name, "libc6");
            assert_eq!(p.version.as_deref(), Some("2.36-9+deb12u1"));
            assert_eq!(p.fixed_versions, vec!["2.36-9+deb12u3"]);
            assert_eq!(p.ecosystem.as_deref(), Some("debian"));
        }
        other => panic!("expected image location, got {other:?}"),
    }
    // Status "fixed" means a fix exists: still an open finding.
    assert!(glibc.suppression.is_open());
}

#[test]
fn unknown_severity_falls_back_to_cvss_and_fix_lists_split() {
    let scan = parse_fixture("trivy/image_v2.json");
    let zlib = by_rule(&scan, "CVE-2024-0001");
    assert_eq!(zlib.raw_severity.as_deref(), Some("UNKNOWN"));
    assert_eq!(zlib.severity, Some(Severity::Critical));
    assert_eq!(zlib.severity_basis, SeverityBasis::Score);
    assert_eq!(zlib.title, "CVE-2024-0001 in zlib1g");
    let pkg = zlib.location.package().expect("package");
    assert_eq!(pkg.fixed_versions, vec!["1:1.2.13.dfsg-2", "1:1.3.dfsg-1"]);

    let gcc = by_rule(&scan, "CVE-2022-27943");
    assert!(matches!(gcc.suppression, Suppression::NotAffected { .. }));
}

#[test]
fn language_packages_misconfigurations_and_secrets() {
    let scan = parse_fixture("trivy/image_v2.json");
    let lodash = by_rule(&scan, "GHSA-jf85-cpcp-j695");
    assert_eq!(lodash.aliases, vec!["GHSA-jf85-cpcp-j695"]);
    assert_eq!(lodash.severity, Some(Severity::Critical));
    // Inside a container image scan, language packages are in the image too.
    match &lodash.location {
        Location::Image { image, package, .. } => {
            assert_eq!(image, "registry.acme.io/shop/api:1.8.2");
            assert_eq!(package.as_ref().map(|p| p.name.as_str()), Some("lodash"));
        }
        other => panic!("expected image location, got {other:?}"),
    }

    let s3 = by_rule(&scan, "AVD-AWS-0088");
    assert_eq!(s3.title, "Unencrypted S3 bucket.");
    assert_eq!(code_file(s3), ("deploy/terraform/s3.tf", Some(12)));
    assert_eq!(
        s3.remediation.as_deref(),
        Some("Configure bucket encryption")
    );
    assert!(scan
        .findings
        .iter()
        .all(|f| f.rule_id.as_deref() != Some("AVD-AWS-0086")));

    let key = by_rule(&scan, "aws-access-key-id");
    assert_eq!(key.severity, Some(Severity::Critical));
    assert_eq!(code_file(key), ("config/settings.py", Some(7)));
    assert_eq!(key.cwes, vec!["CWE-798"]);
}

#[test]
fn fingerprints_are_stable_across_reordering() {
    let bytes = fixture("trivy/image_v2.json");
    let a = parse(&bytes).expect("parse");
    let reordered = edited_json(&bytes, |v| {
        v["Results"].as_array_mut().expect("results").reverse();
        v["Results"][3]["Vulnerabilities"]
            .as_array_mut()
            .expect("vulns")
            .reverse();
        v["Results"][1]["Misconfigurations"][0]["CauseMetadata"]["StartLine"] = 40.into();
    });
    let b = parse(&reordered).expect("parse");
    let mut fa: Vec<_> = a.findings.iter().map(|f| f.fingerprint.clone()).collect();
    let mut fb: Vec<_> = b.findings.iter().map(|f| f.fingerprint.clone()).collect();
    fa.sort();
    fb.sort();
    assert_eq!(fa, fb);
    let unique: std::collections::HashSet<_> = fa.iter().collect();
    assert_eq!(unique.len(), fa.len());
}

#[test]
fn legacy_list_and_null_files() {
    let scan = parse_fixture("trivy/legacy.json");
    assert_eq!(scan.findings.len(), 1);
    let musl = &scan.findings[0];
    assert_eq!(musl.severity, Some(Severity::Critical));
    match &musl.location {
        Location::Package { package, manifest } => {
            assert_eq!(package.name, "musl");
            assert_eq!(manifest.as_deref(), Some("alpine:3.10 (alpine 3.10.2)"));
        }
        other => panic!("expected package location, got {other:?}"),
    }

    assert!(matches!(
        detect(&fixture("trivy/null.json")),
        Err(ImportError::NoContent(_))
    ));
    let empty =
        parse_as(Format::TrivyJson, &fixture("trivy/null.json")).expect("null is a clean scan");
    assert!(empty.findings.is_empty());
}

#[test]
fn missing_vulnerability_id_is_reported_with_its_path() {
    let bytes = edited_json(&fixture("trivy/image_v2.json"), |v| {
        v["Results"][1]["Vulnerabilities"][0]
            .as_object_mut()
            .expect("object")
            .remove("VulnerabilityID");
    });
    let err = parse(&bytes).expect_err("no id");
    assert_eq!(
        err.to_string(),
        "looks like Trivy JSON, but Results[1].Vulnerabilities[0] has no VulnerabilityID"
    );
}

#[test]
fn kubernetes_summary_reads_resources() {
    let scan = parse_fixture("trivy/k8s_summary.json");
    assert_eq!(scan.format, Format::TrivyJson);
    assert_eq!(scan.target.as_deref(), Some("prod-eu-1"));
    assert_eq!(scan.findings.len(), 2);
    let glibc = by_rule(&scan, "CVE-2023-4911");
    match &glibc.location {
        Location::Image { image, .. } => {
            assert_eq!(image, "registry.acme.io/shop/api:1.8.2 (debian 12.4)")
        }
        other => panic!("expected image, got {other:?}"),
    }
    let root = by_rule(&scan, "KSV012");
    assert_eq!(root.severity, Some(Severity::Medium));
    assert_eq!(code_file(root), ("Deployment/api", Some(20)));
}
