mod common;

use common::fixture;
use vulnbridge_importers::{detect, parse, Format, ImportError};

const TABLE: &[(&str, Format)] = &[
    ("sarif/codeql.sarif", Format::Sarif),
    ("sarif/multi_run.sarif", Format::Sarif),
    ("sarif/quirks.sarif", Format::Sarif),
    ("trivy/k8s_summary.json", Format::TrivyJson),
    ("trivy/image_v2.json", Format::TrivyJson),
    ("trivy/legacy.json", Format::TrivyJson),
    ("grype/image.json", Format::GrypeJson),
    ("grype/directory.json", Format::GrypeJson),
    ("npm/audit_v1.json", Format::NpmAuditV1),
    ("npm/audit_v2.json", Format::NpmAuditV2),
    ("osv/scan.json", Format::OsvScanner),
    ("semgrep/scan.json", Format::SemgrepJson),
    ("gitleaks/v8.json", Format::Gitleaks),
    ("gitleaks/v7.json", Format::Gitleaks),
    ("snyk/projects.json", Format::SnykJson),
    ("zap/report.xml", Format::ZapXml),
    ("zap/report.json", Format::ZapJson),
    ("nuclei/results.jsonl", Format::Nuclei),
    ("nuclei/export.json", Format::Nuclei),
    ("gitlab/sast.json", Format::GitlabSecurityReport),
    (
        "gitlab/container_scanning.json",
        Format::GitlabSecurityReport,
    ),
    (
        "gitlab/dependency_scanning.json",
        Format::GitlabSecurityReport,
    ),
    ("gitlab/secret_detection.json", Format::GitlabSecurityReport),
    ("cyclonedx/vex.json", Format::CycloneDxJson),
    ("cyclonedx/vex.xml", Format::CycloneDxXml),
    ("bandit/report.json", Format::BanditJson),
    ("gosec/report.json", Format::GosecJson),
    ("checkov/report.json", Format::CheckovJson),
    (
        "github/code_scanning_alerts.json",
        Format::GithubCodeScanningAlerts,
    ),
    (
        "github/dependabot_alerts.json",
        Format::GithubDependabotAlerts,
    ),
    ("generic/incidents.csv", Format::GenericCsv),
];

#[test]
fn every_fixture_is_detected_by_content_with_and_without_bom() {
    for (path, want) in TABLE {
        let bytes = fixture(path);
        assert_eq!(
            detect(&bytes).unwrap_or_else(|e| panic!("{path}: {e}")),
            *want,
            "{path}"
        );
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(&bytes);
        assert_eq!(detect(&with_bom).expect("bom"), *want, "{path} with BOM");
        if *want != Format::GenericCsv {
            let a = parse(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
            let b = parse(&with_bom).expect("parse with BOM");
            assert_eq!(a, b, "{path}: a BOM changes nothing");
            assert!(
                a.findings.iter().all(|f| f.fingerprint.len() == 64),
                "{path}"
            );
            assert!(
                !a.warnings.iter().any(|w| w.contains("repeat the identity")),
                "{path}: distinct findings share a fingerprint: {:?}",
                a.warnings
            );
        }
    }
}

#[test]
fn empty_null_and_unknown_inputs_say_what_they_are() {
    assert!(matches!(detect(b""), Err(ImportError::Empty)));
    assert!(matches!(detect(b" \n\t "), Err(ImportError::Empty)));
    assert!(matches!(detect(b"\xEF\xBB\xBF"), Err(ImportError::Empty)));
    assert!(matches!(detect(b"null"), Err(ImportError::NoContent(_))));
    assert!(matches!(detect(b"{}"), Err(ImportError::NoContent(_))));
    let err = detect(br#"{"hello": 1, "world": [2]}"#).expect_err("unknown");
    assert!(
        err.to_string().starts_with(
            r#"unrecognised file: a JSON object with top-level keys ["hello", "world"]"#
        ),
        "{err}"
    );
    let err = detect(b"<html><body>404</body></html>").expect_err("html");
    assert!(err.to_string().contains("root element is <html>"), "{err}");
    let err = detect(b"{\"runs\": [").expect_err("truncated");
    assert!(err.to_string().contains("not valid JSON"), "{err}");
    let err = detect(br#"{"@context":"https://openvex.dev/ns/v0.2.0","statements":[]}"#)
        .expect_err("openvex");
    assert!(err.to_string().contains("OpenVEX"), "{err}");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(parse(deep_json.as_bytes()).is_err());
    let deep_xml = format!(
        "<bom>{}{}</bom>",
        "<a>".repeat(100_000),
        "</a>".repeat(100_000)
    );
    let err = parse(deep_xml.as_bytes()).expect_err("too deep");
    assert!(err.to_string().contains("nest deeper than"), "{err}");
}

#[test]
fn errors_carry_a_code_and_the_guessed_format() {
    assert_eq!(detect(b"").expect_err("empty").code(), "empty");
    assert_eq!(detect(b"null").expect_err("null").code(), "no_content");
    assert_eq!(
        detect(b"{\"x\":1}").expect_err("unknown").code(),
        "unknown_format"
    );
    let err = parse(br#"{"SchemaVersion": 2, "Results": [{"Vulnerabilities": [{}]}]}"#)
        .expect_err("invalid");
    assert_eq!(err.code(), "invalid");
    assert_eq!(err.format(), Some(Format::TrivyJson));
    assert_eq!(
        err.to_string(),
        "looks like Trivy JSON, but Results[0].Vulnerabilities[0] has no VulnerabilityID"
    );
}
