mod common;

use common::{by_rule, code_file, edited_json, fingerprints, fixture, parse_fixture};
use vulnbridge_importers::{detect, parse, Format, ImportError};
use vulnbridge_model::{BaselineState, Confidence, Location, Severity, SeverityBasis, Suppression};

#[test]
fn codeql_results_resolve_rules_severity_and_locations() {
    let scan = parse_fixture("sarif/codeql.sarif");
    assert_eq!(scan.format, Format::Sarif);
    assert_eq!(scan.tool.name, "CodeQL");
    assert_eq!(scan.tool.version.as_deref(), Some("2.15.3"));
    assert_eq!(scan.target.as_deref(), Some("https://github.com/acme/shop"));
    assert_eq!(scan.findings.len(), 3);

    let sqli = by_rule(&scan, "js/sql-injection");
    assert_eq!(
        sqli.title,
        "Database query built from user-controlled sources"
    );
    assert_eq!(sqli.raw_severity.as_deref(), Some("8.8"));
    assert_eq!(sqli.severity, Some(Severity::High));
    assert_eq!(sqli.severity_basis, SeverityBasis::Score);
    assert_eq!(sqli.score, Some(8.8));
    assert_eq!(sqli.cwes, vec!["CWE-89", "CWE-90"]);
    assert_eq!(sqli.confidence, Some(Confidence::High));
    assert_eq!(code_file(sqli), ("src/routes/search.js", Some(42)));
    assert_eq!(sqli.baseline, Some(BaselineState::New));
    assert!(sqli
        .description
        .as_deref()
        .is_some_and(|d| d.starts_with("This query depends")));
    assert_eq!(
        sqli.remediation.as_deref(),
        Some("Use parameterized queries.")
    );
    assert_eq!(
        sqli.references,
        vec!["https://codeql.github.com/codeql-query-help/javascript/js-sql-injection/"]
    );
    assert_eq!(sqli.fingerprint.len(), 64);
    assert_eq!(
        sqli.dedup_label(),
        format!("vb-{}", &sqli.fingerprint[..16])
    );
}

#[test]
fn artifact_index_and_rule_index_without_rule_id_are_resolved() {
    let scan = parse_fixture("sarif/codeql.sarif");
    let xss = by_rule(&scan, "js/reflected-xss");
    assert_eq!(code_file(xss), ("src/views/profile.js", Some(17)));
    assert_eq!(xss.severity, Some(Severity::Medium));
    assert_eq!(xss.cwes, vec!["CWE-79", "CWE-116"]);

    // No ruleId at all: found through ruleIndex 2; level from defaultConfiguration.
    let unused = by_rule(&scan, "js/unused-local-variable");
    assert_eq!(unused.raw_severity.as_deref(), Some("note"));
    assert_eq!(unused.severity, Some(Severity::Low));
    assert_eq!(
        code_file(unused),
        ("/home/runner/work/shop/src/util/format.js", Some(3))
    );
    // baselineState absent: the tool no longer reports it.
    assert_eq!(unused.baseline, Some(BaselineState::Absent));
    assert!(matches!(unused.suppression, Suppression::Fixed { .. }));
}

#[test]
fn fingerprints_survive_reordering_and_line_moves_when_the_tool_gives_them() {
    let bytes = fixture("sarif/codeql.sarif");
    let first = parse(&bytes).expect("parse");
    let again = parse(&bytes).expect("parse");
    assert_eq!(fingerprints(&first), fingerprints(&again));

    let moved = edited_json(&bytes, |v| {
        let results = v["runs"][0]["results"].as_array_mut().expect("results");
        results.reverse();
        for r in results.iter_mut() {
            if let Some(region) = r["locations"][0]["physicalLocation"].get_mut("region") {
                region["startLine"] = serde_json::json!(500);
            }
        }
    });
    let moved = parse(&moved).expect("parse edited");
    let fp = |scan: &vulnbridge_importers::ParsedScan, rule: &str| {
        by_rule(scan, rule).fingerprint.clone()
    };
    assert_eq!(
        fp(&first, "js/sql-injection"),
        fp(&moved, "js/sql-injection")
    );
    assert_eq!(
        fp(&first, "js/reflected-xss"),
        fp(&moved, "js/reflected-xss")
    );
    // Without tool fingerprints or a snippet, identity is rule + file + line: a move is new.
    assert_ne!(
        fp(&first, "js/unused-local-variable"),
        fp(&moved, "js/unused-local-variable")
    );
}

#[test]
fn multiple_runs_keep_their_own_tool_and_message_strings_are_filled() {
    let scan = parse_fixture("sarif/multi_run.sarif");
    assert_eq!(scan.tool.name, "SpotBugs");
    // The `pass` result is not a finding.
    assert_eq!(scan.findings.len(), 4);
    let bug = by_rule(&scan, "SQL_NONCONSTANT_STRING_PASSED_TO_EXECUTE");
    assert_eq!(bug.tool.name, "SpotBugs");
    assert_eq!(bug.tool.version.as_deref(), Some("4.8.3"));
    assert_eq!(
        bug.description.as_deref(),
        Some("com.acme.dao.UserDao.find(String) passes a nonconstant String to an execute or addBatch method on an SQL statement in UserDao.java")
    );
    assert_eq!(bug.cwes, vec!["CWE-89"]);
    assert_eq!(bug.severity, Some(Severity::Medium));
    assert_eq!(bug.raw_severity.as_deref(), Some("warning"));
}

#[test]
fn suppressions_are_honoured_unless_rejected() {
    let scan = parse_fixture("sarif/multi_run.sarif");
    let semgrep: Vec<_> = scan
        .findings
        .iter()
        .filter(|f| f.tool.name == "Semgrep OSS")
        .collect();
    assert_eq!(semgrep.len(), 2);
    assert_eq!(
        semgrep[0].suppression,
        Suppression::Suppressed {
            reason: Some("plugins are signed and vetted".into())
        }
    );
    assert_eq!(semgrep[1].suppression, Suppression::None);
    assert_eq!(semgrep[0].cwes, vec!["CWE-95"]);
    assert_eq!(semgrep[0].confidence, Some(Confidence::High));
    assert_eq!(scan.open_findings().count(), 3);
}

#[test]
fn object_valued_fingerprints_and_cves_in_rule_ids() {
    let scan = parse_fixture("sarif/multi_run.sarif");
    let bd = by_rule(&scan, "BDSA-2021-3556 (CVE-2021-44228)");
    assert_eq!(bd.cves, vec!["CVE-2021-44228"]);
    assert_eq!(bd.aliases, vec!["BDSA-2021-3556"]);
    assert_eq!(bd.raw_severity.as_deref(), Some("CRITICAL"));
    assert_eq!(bd.severity, Some(Severity::Critical));
    assert_eq!(bd.fingerprint.len(), 64);
}

#[test]
fn snippet_fingerprint_ignores_indentation() {
    let bytes = fixture("sarif/multi_run.sarif");
    let reindented = edited_json(&bytes, |v| {
        let r = &mut v["runs"][1]["results"][1]["locations"][0]["physicalLocation"]["region"];
        r["snippet"]["text"] = serde_json::json!("        exec(src)   ");
        r["startLine"] = serde_json::json!(99);
    });
    let a = parse(&bytes).expect("parse");
    let b = parse(&reindented).expect("parse");
    assert_eq!(a.findings[2].fingerprint, b.findings[2].fingerprint);
    assert!(matches!(
        b.findings[2].location,
        Location::Code {
            start_line: Some(99),
            ..
        }
    ));
}

#[test]
fn sarif_is_detected_by_content_with_bom_and_trailing_commas() {
    assert_eq!(
        detect(&fixture("sarif/codeql.sarif")).expect("detect"),
        Format::Sarif
    );
    let sloppy = br#"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x",}}, "results": [],},],}"#;
    assert_eq!(detect(sloppy).expect("detect"), Format::Sarif);
    let scan = parse(sloppy).expect("parse");
    assert_eq!(scan.tool.name, "x");
    assert!(scan.findings.is_empty());
}

#[test]
fn broken_sarif_names_the_format_and_position() {
    let err = vulnbridge_importers::parse_as(
        Format::Sarif,
        br#"{"version":"2.1.0","runs":[{"results":[{"message": 5}]}]}"#,
    )
    .expect_err("message must be an object");
    let msg = err.to_string();
    assert!(msg.starts_with("looks like SARIF, but"), "{msg}");
    assert!(msg.contains("line 1 column"), "{msg}");

    let truncated = &fixture("sarif/codeql.sarif")[..900];
    let err = parse(truncated).expect_err("truncated");
    assert!(matches!(err, ImportError::Unknown(_)), "{err}");
    let err = vulnbridge_importers::parse_as(Format::Sarif, truncated).expect_err("truncated");
    assert!(err.to_string().contains("ends too early"), "{err}");

    let err = vulnbridge_importers::parse_as(Format::Sarif, br#"{"version":"2.1.0"}"#)
        .expect_err("no runs");
    assert_eq!(
        err.to_string(),
        "looks like SARIF, but the document has no `runs` list"
    );
}

#[test]
fn tool_private_severity_words_and_word_security_severity() {
    let scan = parse_fixture("sarif/quirks.sarif");
    assert_eq!(scan.findings.len(), 4);
    // Trivy: the severity word lives in the rule tags.
    let http2 = by_rule(&scan, "CVE-2023-44487");
    assert_eq!(http2.raw_severity.as_deref(), Some("HIGH"));
    assert_eq!(http2.severity, Some(Severity::High));
    assert_eq!(http2.cves, vec!["CVE-2023-44487"]);
    assert_eq!(code_file(http2), ("go.mod", Some(1)));
    assert!(http2
        .remediation
        .as_deref()
        .is_some_and(|r| r.contains("Fixed Version: 0.17.0")));

    // security-severity holding a word instead of a number.
    let odd = by_rule(&scan, "custom/odd-severity");
    assert_eq!(odd.raw_severity.as_deref(), Some("MEDIUM"));
    assert_eq!(odd.severity, Some(Severity::Medium));
    assert_eq!(odd.severity_basis, SeverityBasis::Label);
    // markdown-only message with arguments and escaped braces; an invalid URI is kept as given.
    assert_eq!(
        odd.description.as_deref(),
        Some("Use of **eval** with 3 arguments {literal}")
    );
    assert_eq!(code_file(odd), ("not a valid uri %%", None));
}

#[test]
fn rules_in_extensions_and_results_without_rule_or_level() {
    let scan = parse_fixture("sarif/quirks.sarif");
    let xxe = by_rule(&scan, "java/xxe");
    assert_eq!(
        xxe.title,
        "Resolving XML external entity in user-controlled data"
    );
    assert_eq!(
        xxe.severity,
        Some(Severity::Critical),
        "security-severity 9.1 beats level warning"
    );
    assert_eq!(xxe.cwes, vec!["CWE-611"]);

    // gitleaks-style result: no ruleId, no level anywhere → SARIF's default `warning`.
    let leak = scan
        .findings
        .iter()
        .find(|f| f.rule_id.is_none())
        .expect("ruleless result");
    assert_eq!(
        leak.title,
        "aws-access-token has detected secret for file config/prod.env at commit 4c1f3a9."
    );
    assert_eq!(leak.severity, Some(Severity::Medium));
    assert_eq!(leak.severity_basis, SeverityBasis::FormatDefault);
    assert_eq!(leak.raw_severity, None);
}

#[test]
fn results_without_files_are_told_apart_by_logical_location_and_message() {
    let doc = serde_json::json!({
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "Grype"}},
            "results": [
                {"ruleId": "CVE-2022-3602-libssl3", "message": {"text": "libssl3 3.0.5-r0 is vulnerable"},
                 "locations": [{"logicalLocations": [{"fullyQualifiedName": "alpine:3.16 /lib/apk/db/installed"}]}]},
                {"ruleId": "CVE-2022-3602-libssl3", "message": {"text": "libssl3 3.0.5-r0 is vulnerable"},
                 "locations": [{"logicalLocations": [{"fullyQualifiedName": "alpine:3.16 /usr/lib/other"}]}]},
                {"ruleId": "CVE-2022-3602-libssl3", "message": {"text": "libcrypto3 3.0.5-r0 is vulnerable"}}
            ]
        }]
    });
    let scan = parse(&serde_json::to_vec(&doc).expect("json")).expect("parse");
    assert_eq!(scan.findings[0].location, Location::Unknown);
    assert_eq!(scan.findings[0].cves, vec!["CVE-2022-3602"]);
    let fps: std::collections::HashSet<_> = scan.findings.iter().map(|f| &f.fingerprint).collect();
    assert_eq!(fps.len(), 3);
}
