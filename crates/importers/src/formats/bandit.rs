//! Bandit JSON (`bandit -f json`).
//!
//! Title `issue_text`; severity `issue_severity`, confidence `issue_confidence` (LOW/MEDIUM/
//! HIGH, UNDEFINED → unknown); CWE from `issue_cwe.id` when present.
//! Fingerprint `code` family: `bandit` + test_id + filename + the `code` excerpt with Bandit's
//! line-number prefixes removed and whitespace squashed (so moving code keeps identity), or
//! the line number when there is no excerpt.

use vulnbridge_model::{fingerprint, Confidence, Finding, Location, Tool};

use crate::error::ImportError;
use crate::format::Format;
use crate::ids::squash_whitespace;
use crate::json_input::value;
use crate::node::Node;
use crate::scan::ParsedScan;

const F: Format = Format::BanditJson;

pub(crate) fn parse(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    let doc = value(bytes, F)?;
    let root = Node::root(&doc);
    root.expect_object(F)?;
    root.get("results").expect_list(F)?;
    let tool = Tool::new("Bandit", None);
    let mut scan = ParsedScan::new(F, tool.clone());
    for r in root.get("results").items() {
        let test = r.require("test_id", F)?;
        let file = r.require("filename", F)?;
        let line = r.get("line_number").u32();
        let mut f = Finding {
            tool: tool.clone(),
            rule_id: Some(test.clone()),
            description: r.s("issue_text"),
            ..Finding::default()
        };
        let name = r.s("test_name").unwrap_or_else(|| test.clone());
        f.set_title(&r.s("issue_text").unwrap_or(name));
        if let Some(raw) = r.s("issue_severity") {
            f.set_label_severity(&raw);
        }
        f.confidence = r
            .s("issue_confidence")
            .and_then(|c| Confidence::from_label(&c));
        if let Some(cwe) = r.get("issue_cwe").s("id") {
            f.add_cwe(&cwe);
        }
        for url in r
            .s("more_info")
            .into_iter()
            .chain(r.get("issue_cwe").s("link"))
        {
            f.add_reference(&url);
        }
        let code = r.s("code");
        let anchor = code
            .as_deref()
            .map(strip_line_numbers)
            .filter(|c| !c.is_empty())
            .or_else(|| line.map(|l| l.to_string()))
            .unwrap_or_default();
        f.fingerprint = fingerprint("code", &["bandit", &test, &file, &anchor]);
        let range = r.get("line_range").items();
        f.location = Location::Code {
            file,
            start_line: line,
            end_line: range.last().and_then(|n| n.u32()),
            column: r.get("col_offset").u32(),
            snippet: code,
            commit: None,
        };
        scan.findings.push(f);
    }
    for e in root.get("errors").items() {
        if let Some(reason) = e.s("reason") {
            scan.warnings.push(format!(
                "Bandit could not scan {}: {reason}",
                e.s("filename").unwrap_or_default()
            ));
        }
    }
    Ok(scan)
}

/// Removes `12 ` / `12: ` line prefixes (Bandit, gosec) and squashes whitespace.
pub(crate) fn strip_line_numbers(code: &str) -> String {
    let lines: Vec<&str> = code
        .lines()
        .map(|l| {
            let rest = l.trim_start_matches(|c: char| c.is_ascii_digit());
            if rest.len() != l.len() {
                rest.strip_prefix(':').unwrap_or(rest)
            } else {
                l
            }
        })
        .collect();
    squash_whitespace(&lines.join("\n"))
}
