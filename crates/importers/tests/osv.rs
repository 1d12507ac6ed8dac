mod common;

use common::{by_rule, edited_json, fixture, parse_fixture};
use vulnbridge_importers::{parse, parse_as, Format};
use vulnbridge_model::{Location, Severity, SeverityBasis};

#[test]
fn alias_groups_become_one_finding() {
    let scan = parse_fixture("osv/scan.json");
    assert_eq!(scan.format, Format::OsvScanner);
    assert_eq!(scan.findings.len(), 2);
    let jinja = by_rule(&scan, "GHSA-g3rq-g295-4j3m");
    assert_eq!(
        jinja.title,
        "Regular Expression Denial of Service (ReDoS) in Jinja2"
    );
    assert_eq!(jinja.raw_severity.as_deref(), Some("MODERATE"));
    assert_eq!(jinja.severity, Some(Severity::Medium));
    assert_eq!(jinja.cves, vec!["CVE-2020-28493"]);
    assert_eq!(jinja.aliases, vec!["GHSA-g3rq-g295-4j3m", "PYSEC-2021-66"]);
    assert_eq!(jinja.cwes, vec!["CWE-400"]);
    assert_eq!(jinja.score, Some(5.3));
    assert_eq!(
        jinja.cvss_vector.as_deref(),
        Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L")
    );
    match &jinja.location {
        Location::Package { package, manifest } => {
            assert_eq!(package.ecosystem.as_deref(), Some("PyPI"));
            assert_eq!(package.version.as_deref(), Some("2.11.2"));
            assert_eq!(package.fixed_versions, vec!["2.11.3"]);
            assert_eq!(manifest.as_deref(), Some("/home/dev/shop/requirements.txt"));
        }
        other => panic!("expected package, got {other:?}"),
    }
}

#[test]
fn go_vulns_without_severity_stay_unknown() {
    let scan = parse_fixture("osv/scan.json");
    let go = by_rule(&scan, "GO-2023-1988");
    assert_eq!(go.severity, None);
    assert_eq!(go.severity_basis, SeverityBasis::Unknown);
    assert_eq!(go.cves, vec!["CVE-2023-3978"]);
    assert_eq!(
        go.location.package().expect("pkg").fixed_versions,
        vec!["0.13.0"]
    );
}

#[test]
fn fingerprints_ignore_result_order() {
    let bytes = fixture("osv/scan.json");
    let a = parse(&bytes).expect("parse");
    let b = parse(&edited_json(&bytes, |v| {
        v["results"].as_array_mut().expect("results").reverse();
    }))
    .expect("parse");
    assert_eq!(a.findings[0].fingerprint, b.findings[1].fingerprint);
    assert_eq!(a.findings[1].fingerprint, b.findings[0].fingerprint);
}

#[test]
fn empty_results_and_missing_package_name() {
    let scan = parse(br#"{"results": []}"#).expect("empty scan");
    assert_eq!(scan.format, Format::OsvScanner);
    assert!(scan.findings.is_empty());
    let err = parse_as(
        Format::OsvScanner,
        br#"{"results":[{"packages":[{"package":{"version":"1"}}]}]}"#,
    )
    .expect_err("no name");
    assert_eq!(
        err.to_string(),
        "looks like OSV-Scanner JSON, but results[0].packages[0].package has no name"
    );
}

#[test]
fn a_cvss_v3_vector_alone_is_scored() {
    let bytes = edited_json(&fixture("osv/scan.json"), |v| {
        let pkg = &mut v["results"][0]["packages"][0];
        pkg["vulnerabilities"][0]
            .as_object_mut()
            .expect("vuln")
            .remove("database_specific");
        pkg.as_object_mut().expect("pkg").remove("groups");
    });
    let scan = parse(&bytes).expect("parse");
    let jinja = by_rule(&scan, "GHSA-g3rq-g295-4j3m");
    assert_eq!(jinja.score, Some(5.3));
    assert_eq!(jinja.severity, Some(Severity::Medium));
    assert_eq!(jinja.severity_basis, SeverityBasis::Score);
}
