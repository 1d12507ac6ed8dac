//! No input makes any entry point panic: arbitrary bytes, and fixtures that are truncated,
//! corrupted or spliced.

mod common;

use proptest::prelude::*;
use vulnbridge_importers::{detect, parse, parse_as, parse_with_mapping, ColumnMapping, Format};

const FIXTURES: &[&str] = &[
    "sarif/codeql.sarif",
    "sarif/multi_run.sarif",
    "sarif/quirks.sarif",
    "trivy/k8s_summary.json",
    "nuclei/export.json",
    "gitlab/dependency_scanning.json",
    "gitlab/secret_detection.json",
    "grype/directory.json",
    "npm/error.json",
    "trivy/image_v2.json",
    "trivy/legacy.json",
    "grype/image.json",
    "npm/audit_v1.json",
    "npm/audit_v2.json",
    "osv/scan.json",
    "semgrep/scan.json",
    "gitleaks/v8.json",
    "gitleaks/v7.json",
    "snyk/projects.json",
    "zap/report.xml",
    "zap/report.json",
    "nuclei/results.jsonl",
    "gitlab/sast.json",
    "gitlab/container_scanning.json",
    "cyclonedx/vex.json",
    "cyclonedx/vex.xml",
    "bandit/report.json",
    "gosec/report.json",
    "checkov/report.json",
    "github/code_scanning_alerts.json",
    "github/dependabot_alerts.json",
    "generic/incidents.csv",
    "generic/siem.json",
];

fn mapping() -> ColumnMapping {
    ColumnMapping {
        title: "Summary".into(),
        severity: Some("Priority".into()),
        source_ip: Some("Source IP".into()),
        location: Some("Target URL".into()),
        cve: Some("CVE".into()),
        ..ColumnMapping::default()
    }
}

/// Every entry point, on the same input; results are ignored, only panics matter.
fn exercise(bytes: &[u8]) {
    let _ = detect(bytes);
    let _ = parse(bytes);
    for format in Format::ALL {
        let _ = parse_as(format, bytes);
    }
    let _ = parse_with_mapping(bytes, &mapping());
}

proptest! {
    // 256 cases by default; set PROPTEST_CASES for a longer run.
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        exercise(&bytes);
    }

    #[test]
    fn json_like_text_never_panics(text in r#"[\[\]{}",:0-9a-zA-Z .\-\\]{0,400}"#) {
        exercise(text.as_bytes());
    }

    #[test]
    fn truncated_fixtures_never_panic(index in 0..FIXTURES.len(), cut in 0.0f64..1.0) {
        let bytes = common::fixture(FIXTURES[index]);
        let at = (bytes.len() as f64 * cut) as usize;
        exercise(&bytes[..at]);
    }

    #[test]
    fn corrupted_fixtures_never_panic(
        index in 0..FIXTURES.len(),
        edits in proptest::collection::vec((0.0f64..1.0, any::<u8>()), 1..16),
    ) {
        let mut bytes = common::fixture(FIXTURES[index]);
        for (pos, byte) in edits {
            let at = ((bytes.len() as f64) * pos) as usize;
            if at < bytes.len() {
                bytes[at] = byte;
            }
        }
        exercise(&bytes);
    }

    #[test]
    fn spliced_fixtures_never_panic(a in 0..FIXTURES.len(), b in 0..FIXTURES.len(), cut in 0.0f64..1.0) {
        let first = common::fixture(FIXTURES[a]);
        let second = common::fixture(FIXTURES[b]);
        let at = (first.len() as f64 * cut) as usize;
        let mut bytes = first[..at].to_vec();
        bytes.extend_from_slice(&second[at.min(second.len())..]);
        exercise(&bytes);
    }

    #[test]
    fn type_confused_values_never_panic(index in 0..FIXTURES.len(), replacement in prop_oneof![
        Just(serde_json::json!(null)), Just(serde_json::json!(-1)), Just(serde_json::json!(1e308)),
        Just(serde_json::json!("")), Just(serde_json::json!([[]])), Just(serde_json::json!({"a": {}})),
        Just(serde_json::json!(true)), Just(serde_json::json!("10-12")),
    ], nth in 0usize..200) {
        let bytes = common::fixture(FIXTURES[index]);
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(mut v) = serde_json::from_str::<serde_json::Value>(text.trim_start_matches('\u{feff}')) {
            replace_nth(&mut v, nth, &replacement, &mut 0);
            exercise(&serde_json::to_vec(&v).unwrap_or_default());
        }
    }
}

/// Replaces the `nth` value (depth-first) with `with`.
fn replace_nth(
    v: &mut serde_json::Value,
    nth: usize,
    with: &serde_json::Value,
    seen: &mut usize,
) -> bool {
    if *seen == nth {
        *v = with.clone();
        return true;
    }
    *seen += 1;
    match v {
        serde_json::Value::Array(items) => {
            items.iter_mut().any(|c| replace_nth(c, nth, with, seen))
        }
        serde_json::Value::Object(map) => map.values_mut().any(|c| replace_nth(c, nth, with, seen)),
        _ => false,
    }
}
