mod common;

use common::{fixture, parse_fixture};
use vulnbridge_importers::{detect, parse_as, Format};
use vulnbridge_model::{Location, Severity};

#[test]
fn jsonl_records_with_v2_and_v3_spellings() {
    let scan = parse_fixture("nuclei/results.jsonl");
    assert_eq!(scan.format, Format::Nuclei);
    assert_eq!(scan.findings.len(), 3);

    let log4j = &scan.findings[0];
    assert_eq!(log4j.title, "Apache Log4j2 - Remote Code Injection");
    assert_eq!(log4j.severity, Some(Severity::Critical));
    assert_eq!(log4j.score, Some(10.0));
    assert_eq!(log4j.cves, vec!["CVE-2021-44228"]);
    assert_eq!(log4j.cwes, vec!["CWE-117"]);
    assert_eq!(
        log4j.request_url.as_deref(),
        Some("https://legacy.acme.test/api/login")
    );
    assert_eq!(log4j.evidence.as_deref(), Some("10.2.3.4"));
    assert!(log4j
        .remediation
        .as_deref()
        .is_some_and(|r| r.starts_with("Upgrade to Log4j")));
    assert!(
        matches!(&log4j.location, Location::Url { url, .. } if url == "https://legacy.acme.test/api/login")
    );

    let redis = &scan.findings[1];
    assert_eq!(redis.cwes, vec!["CWE-306"]);
    assert!(redis.cves.is_empty());
    assert_eq!(redis.references.len(), 2, "newline-separated v2 references");
    assert_eq!(
        redis.location,
        Location::Host {
            host: Some("cache.acme.test:6379".into()),
            ip: Some("203.0.113.20".into()),
            port: Some(6379)
        }
    );

    let tech = &scan.findings[2];
    assert_eq!(tech.rule_id.as_deref(), Some("tech-detect"));
    assert_eq!(tech.severity, Some(Severity::Info));
}

#[test]
fn json_array_export_is_detected_and_parsed() {
    let bytes = fixture("nuclei/export.json");
    assert_eq!(detect(&bytes).expect("detect"), Format::Nuclei);
    let scan = parse_as(Format::Nuclei, &bytes).expect("parse");
    assert_eq!(scan.findings[0].severity, Some(Severity::Medium));
    assert_eq!(scan.findings[0].score, Some(5.3));
}

#[test]
fn a_broken_line_is_named() {
    let mut bytes = fixture("nuclei/results.jsonl");
    bytes.extend_from_slice(b"{\"template-id\": \"x\", \"info\": {\n");
    let err = parse_as(Format::Nuclei, &bytes).expect_err("broken line");
    assert!(
        err.to_string()
            .starts_with("looks like Nuclei JSON, but line 5 is not a JSON object"),
        "{err}"
    );
}
