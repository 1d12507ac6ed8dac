mod common;

use common::fixture;
use vulnbridge_importers::{detect, parse, parse_with_mapping, ColumnMapping, Format, ImportError};
use vulnbridge_model::{FindingKind, Location, Severity, SeverityBasis};

fn incident_mapping() -> ColumnMapping {
    ColumnMapping {
        kind: FindingKind::Incident,
        tool_name: Some("SOC export".into()),
        title: "Summary".into(),
        id: Some("Incident ID".into()),
        severity: Some("priority".into()),
        description: Some("Details".into()),
        source_ip: Some("Source IP".into()),
        request_url: Some("Target URL".into()),
        cve: Some("CVE".into()),
        ..ColumnMapping::default()
    }
}

#[test]
fn csv_incidents_with_semicolons_quotes_and_multiline_cells() {
    let bytes = fixture("generic/incidents.csv");
    assert_eq!(detect(&bytes).expect("detect"), Format::GenericCsv);
    let err = parse(&bytes).expect_err("needs a mapping");
    assert!(err.to_string().contains("column mapping"), "{err}");

    let scan = parse_with_mapping(&bytes, &incident_mapping()).expect("parse");
    assert_eq!(scan.tool.name, "SOC export");
    assert_eq!(scan.findings.len(), 3);
    let stuffing = &scan.findings[0];
    assert_eq!(stuffing.kind, FindingKind::Incident);
    assert_eq!(stuffing.title, "Credential stuffing against /login");
    assert_eq!(stuffing.severity, Some(Severity::High));
    assert_eq!(stuffing.source_ips, vec!["198.51.100.7", "198.51.100.8"]);
    assert_eq!(
        stuffing.request_url.as_deref(),
        Some("https://shop.acme.test/login")
    );
    assert_eq!(
        stuffing.description.as_deref(),
        Some("2,311 failed logins in 10 minutes\nfrom two addresses")
    );
    assert!(
        matches!(&stuffing.location, Location::Url { url, .. } if url == "https://shop.acme.test/login")
    );

    let xss = &scan.findings[1];
    assert_eq!(
        xss.title, "<img src=x onerror=alert(1)> in support ticket",
        "markup is kept as data"
    );
    assert_eq!(scan.findings[2].cves, vec!["CVE-2021-44228"]);
    assert_eq!(scan.findings[2].severity, Some(Severity::Critical));
}

#[test]
fn csv_identity_follows_the_id_column() {
    let bytes = fixture("generic/incidents.csv");
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    let edited = text.replace(
        "Credential stuffing against /login",
        "Credential stuffing on login page",
    );
    let a = parse_with_mapping(&bytes, &incident_mapping()).expect("parse");
    let b = parse_with_mapping(edited.as_bytes(), &incident_mapping()).expect("parse");
    assert_eq!(a.findings[0].fingerprint, b.findings[0].fingerprint);

    let no_id = ColumnMapping {
        id: None,
        ..incident_mapping()
    };
    let c = parse_with_mapping(&bytes, &no_id).expect("parse");
    let d = parse_with_mapping(edited.as_bytes(), &no_id).expect("parse");
    assert_ne!(c.findings[0].fingerprint, d.findings[0].fingerprint);
    assert_eq!(c.findings[1].fingerprint, d.findings[1].fingerprint);
}

#[test]
fn csv_errors_name_the_column_and_row() {
    let bytes = fixture("generic/incidents.csv");
    let wrong = ColumnMapping {
        title: "Name".into(),
        ..incident_mapping()
    };
    let err = parse_with_mapping(&bytes, &wrong).expect_err("no such column");
    assert_eq!(
        err.to_string(),
        "looks like CSV, but the title column \"Name\" is not in the header; the columns are: incident id, summary, priority, source ip, target url, details, cve"
    );
    let blank = b"id,title\n1,first\n2,\n";
    let err = parse_with_mapping(
        blank,
        &ColumnMapping {
            title: "title".into(),
            ..ColumnMapping::default()
        },
    )
    .expect_err("empty title");
    assert_eq!(
        err.to_string(),
        "looks like CSV, but row 3 has an empty title column \"title\""
    );
}

#[test]
fn json_records_with_dotted_paths() {
    let bytes = fixture("generic/siem.json");
    assert!(matches!(detect(&bytes), Err(ImportError::Unknown(_))));
    let mapping = ColumnMapping {
        kind: FindingKind::Incident,
        title: "name".into(),
        id: Some("alert_id".into()),
        severity: Some("risk_score".into()),
        source_ip: Some("src.ip".into()),
        host: Some("dst".into()),
        description: Some("notes".into()),
        records_path: Some("data.alerts".into()),
        ..ColumnMapping::default()
    };
    let scan = parse_with_mapping(&bytes, &mapping).expect("parse");
    assert_eq!(scan.format, Format::GenericJson);
    assert_eq!(scan.findings.len(), 2);
    let scanfind = &scan.findings[0];
    assert_eq!(scanfind.severity, Some(Severity::Medium));
    assert_eq!(scanfind.severity_basis, SeverityBasis::Score);
    assert_eq!(scanfind.source_ips, vec!["203.0.113.200"]);
    assert_eq!(
        scanfind.location,
        Location::Host {
            host: None,
            ip: Some("10.0.4.12".into()),
            port: None
        }
    );
    let c2 = &scan.findings[1];
    assert_eq!(c2.severity, Some(Severity::Critical));
    assert_eq!(
        c2.location,
        Location::Host {
            host: Some("c2.bad.example".into()),
            ip: None,
            port: None
        }
    );

    let missing = ColumnMapping {
        records_path: Some("data.nothing".into()),
        ..mapping
    };
    let err = parse_with_mapping(&bytes, &missing).expect_err("bad path");
    assert_eq!(
        err.to_string(),
        "looks like generic JSON records, but data.nothing is not a list of records"
    );
}

#[test]
fn repeated_identities_are_reported_in_the_warnings() {
    let csv = b"id,title\n1,first\n1,first again\n2,second\n";
    let mapping = ColumnMapping {
        title: "title".into(),
        id: Some("id".into()),
        ..ColumnMapping::default()
    };
    let scan = parse_with_mapping(csv, &mapping).expect("parse");
    assert_eq!(scan.findings.len(), 3);
    assert_eq!(
        scan.warnings,
        vec!["1 finding(s) repeat the identity of an earlier one in this file and will be merged with it"]
    );
    let clean = parse_with_mapping(b"id,title\n1,a\n2,b\n", &mapping).expect("parse");
    assert!(clean.warnings.is_empty());
}
