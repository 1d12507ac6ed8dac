mod common;

use common::parse_fixture;
use vulnbridge_importers::Format;
use vulnbridge_model::{Location, Severity, SeverityBasis, Suppression};

#[test]
fn json_vulnerabilities_resolve_components_and_ratings() {
    let scan = parse_fixture("cyclonedx/vex.json");
    assert_eq!(scan.format, Format::CycloneDxJson);
    assert_eq!(scan.tool.name, "Dependency-Track");
    assert_eq!(scan.target.as_deref(), Some("shop-api@1.8.2"));
    assert_eq!(scan.findings.len(), 4);

    let log4j = &scan.findings[0];
    assert_eq!(
        log4j.title,
        "CVE-2021-44228 in org.apache.logging.log4j/log4j-core@2.14.1"
    );
    assert_eq!(log4j.severity, Some(Severity::Critical));
    assert_eq!(log4j.score, Some(10.0));
    assert_eq!(log4j.cwes, vec!["CWE-502", "CWE-400", "CWE-20"]);
    assert_eq!(log4j.aliases, vec!["GHSA-jfh8-c2jp-5v3q"]);
    assert_eq!(log4j.remediation.as_deref(), Some("Upgrade to 2.17.1"));
    assert!(log4j.suppression.is_open(), "exploitable is open");
    match &log4j.location {
        Location::Package { package, .. } => {
            assert_eq!(package.ecosystem.as_deref(), Some("maven"));
            assert_eq!(
                package.purl.as_deref(),
                Some("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")
            );
        }
        other => panic!("expected package, got {other:?}"),
    }
}

#[test]
fn vex_states_mark_findings_not_open() {
    let scan = parse_fixture("cyclonedx/vex.json");
    let jackson = &scan.findings[1];
    assert_eq!(
        jackson.title, "CVE-2020-36518 in jackson-databind@2.9.10",
        "nested component"
    );
    assert_eq!(jackson.severity, Some(Severity::High));
    assert_eq!(jackson.severity_basis, SeverityBasis::Score);
    assert_eq!(
        jackson.suppression,
        Suppression::NotAffected {
            justification: Some("code_not_reachable".into())
        }
    );
    let spring = &scan.findings[2];
    assert_eq!(spring.severity, Some(Severity::Medium));
    assert!(matches!(spring.suppression, Suppression::Fixed { .. }));
    assert_eq!(spring.aliases, vec!["SNYK-JAVA-ORGSPRINGFRAMEWORK-3369852"]);
}

#[test]
fn purl_refs_without_a_component_are_read_directly() {
    let scan = parse_fixture("cyclonedx/vex.json");
    let expr = &scan.findings[3];
    assert_eq!(expr.title, "CVE-2023-20863 in @acme/expression@1.0.0");
    assert_eq!(
        expr.location.package().and_then(|p| p.ecosystem.as_deref()),
        Some("npm")
    );
}

#[test]
fn xml_matches_the_json_mapping() {
    let xml = parse_fixture("cyclonedx/vex.xml");
    let json = parse_fixture("cyclonedx/vex.json");
    assert_eq!(xml.format, Format::CycloneDxXml);
    assert_eq!(xml.tool.name, "Dependency-Check");
    assert_eq!(xml.findings.len(), 2);
    let log4j = &xml.findings[0];
    assert_eq!(log4j.title, json.findings[0].title);
    assert_eq!(log4j.severity, Some(Severity::Critical));
    assert_eq!(log4j.cwes, vec!["CWE-502", "CWE-400"]);
    assert_eq!(
        log4j.fingerprint, json.findings[0].fingerprint,
        "same identity in both encodings"
    );
    assert_eq!(
        log4j.description.as_deref(),
        Some("Apache Log4j2 JNDI features do not protect against attacker controlled LDAP & other JNDI endpoints \u{2014} see <advisory>.")
    );
    assert!(matches!(
        xml.findings[1].suppression,
        Suppression::NotAffected { .. }
    ));
    assert_eq!(xml.findings[1].severity, Some(Severity::Critical));
}
