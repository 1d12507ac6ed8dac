mod common;

use common::{fixture, parse_fixture};
use vulnbridge_importers::{detect, parse, parse_as, Format, ImportError};
use vulnbridge_model::{Confidence, Location, Severity, Suppression};

#[test]
fn xml_alerts_become_one_finding_per_instance() {
    let scan = parse_fixture("zap/report.xml");
    assert_eq!(scan.format, Format::ZapXml);
    assert_eq!(scan.tool.name, "ZAP");
    assert_eq!(scan.tool.version.as_deref(), Some("2.14.0"));
    assert_eq!(scan.target.as_deref(), Some("https://shop.acme.test"));
    assert_eq!(scan.findings.len(), 3);

    let xss = &scan.findings[0];
    assert_eq!(xss.title, "Cross Site Scripting (Reflected)");
    assert_eq!(xss.raw_severity.as_deref(), Some("High (Medium)"));
    assert_eq!(xss.severity, Some(Severity::High));
    assert_eq!(xss.confidence, Some(Confidence::Medium));
    assert_eq!(xss.cwes, vec!["CWE-79"]);
    assert_eq!(
        xss.evidence.as_deref(),
        Some("</p><scrIpt>alert(1);</scRipt><p>"),
        "entities are decoded and the markup kept as data"
    );
    assert!(xss.description.as_deref().is_some_and(|d| d.starts_with("Cross-site Scripting (XSS) is an attack technique that involves echoing attacker-supplied code into a user's browser")));
    assert_eq!(
        xss.references,
        vec![
            "https://owasp.org/www-community/attacks/xss/",
            "https://cwe.mitre.org/data/definitions/79.html"
        ]
    );
    match &xss.location {
        Location::Url { url, method, param } => {
            assert!(url.starts_with("https://shop.acme.test/search?q="));
            assert_eq!(method.as_deref(), Some("GET"));
            assert_eq!(param.as_deref(), Some("q"));
        }
        other => panic!("expected url, got {other:?}"),
    }
    assert_ne!(xss.fingerprint, scan.findings[1].fingerprint);
    assert_eq!(
        scan.findings[1].location,
        Location::Url {
            url: "https://shop.acme.test/account/profile".into(),
            method: Some("POST".into()),
            param: Some("displayName".into()),
        }
    );
}

#[test]
fn false_positive_confidence_is_suppressed() {
    let scan = parse_fixture("zap/report.xml");
    let csp = &scan.findings[2];
    assert_eq!(csp.severity, Some(Severity::Medium));
    assert!(matches!(csp.suppression, Suppression::Suppressed { .. }));
    assert_eq!(csp.cwes, vec!["CWE-693"]);
}

#[test]
fn json_riskcodes_are_strings() {
    let scan = parse_fixture("zap/report.json");
    assert_eq!(scan.format, Format::ZapJson);
    assert_eq!(scan.findings.len(), 2);
    let sqli = &scan.findings[0];
    assert_eq!(sqli.title, "SQL Injection");
    assert_eq!(sqli.severity, Some(Severity::High));
    assert_eq!(sqli.cwes, vec!["CWE-89"]);
    assert_eq!(
        sqli.remediation.as_deref(),
        Some("Do not trust client side input.\nUse prepared statements.")
    );
    assert!(sqli
        .description
        .as_deref()
        .is_some_and(|d| d.ends_with("Attack: 5' AND '1'='1")));
    let banner = &scan.findings[1];
    assert_eq!(banner.severity, Some(Severity::Low));
    assert_eq!(banner.confidence, Some(Confidence::High));
    assert!(banner.cwes.is_empty(), "cweid -1 means none");
}

#[test]
fn attack_payload_in_query_does_not_change_identity() {
    let original = fixture("zap/report.json");
    let text = String::from_utf8(original.clone()).expect("utf-8");
    let changed = text.replace("id=5%27+AND+%271%27%3D%271", "id=7%27+OR+1%3D1--");
    let a = parse(&original).expect("parse");
    let b = parse(changed.as_bytes()).expect("parse");
    assert_eq!(a.findings[0].fingerprint, b.findings[0].fingerprint);
}

#[test]
fn truncated_xml_names_the_open_element() {
    let bytes = fixture("zap/report.xml");
    let cut = &bytes[..bytes.len() / 2];
    assert_eq!(detect(cut).expect("root is readable"), Format::ZapXml);
    let err = parse(cut).expect_err("truncated");
    assert!(
        matches!(
            err,
            ImportError::Invalid {
                format: Format::ZapXml,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("ends before"), "{err}");
    let err =
        parse_as(Format::ZapXml, b"<OWASPZAPReport><site></OWASPZAPReport>").expect_err("mismatch");
    assert!(
        err.to_string()
            .starts_with("looks like OWASP ZAP XML, but the XML is malformed"),
        "{err}"
    );
}

#[test]
fn legacy_report_shape_is_refused_with_advice() {
    let legacy = br#"{"Report": {"@Version": "2.4.0", "Sites": {"@Name": "https://x", "Alerts": {"AlertItem": []}}}}"#;
    let err = detect(legacy).expect_err("legacy");
    assert!(
        err.to_string().contains("legacy OWASP ZAP JSON report"),
        "{err}"
    );
}
