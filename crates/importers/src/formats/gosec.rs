//! gosec JSON (`gosec -fmt=json`).
//!
//! Title `details`; severity `severity`, confidence `confidence`; CWE `cwe.id` (a string).
//! `line` is a string and may be a span `"10-12"`. `nosec: true` or a non-empty
//! `suppressions[]` → suppressed (with the justification).
//! Fingerprint `code` family: `gosec` + rule_id + file + the `code` excerpt without its
//! line-number prefixes (whitespace squashed), or the line when there is no excerpt.

use vulnbridge_model::{fingerprint, Confidence, Finding, Location, Suppression, Tool};

use super::bandit::strip_line_numbers;
use crate::error::ImportError;
use crate::format::Format;
use crate::json_input::value;
use crate::node::Node;
use crate::scan::ParsedScan;

const F: Format = Format::GosecJson;

pub(crate) fn parse(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    let doc = value(bytes, F)?;
    let root = Node::root(&doc);
    root.expect_object(F)?;
    root.get("Issues").expect_list(F)?;
    let tool = Tool::new("gosec", root.s("GosecVersion"));
    let mut scan = ParsedScan::new(F, tool.clone());
    for i in root.get("Issues").items() {
        let rule = i.require("rule_id", F)?;
        let file = i.require("file", F)?;
        let line_text = i.s("line").unwrap_or_default();
        let (start, end) = match line_text.split_once('-') {
            Some((a, b)) => (a.trim().parse().ok(), b.trim().parse().ok()),
            None => (i.get("line").u32(), None),
        };
        let mut f = Finding {
            tool: tool.clone(),
            rule_id: Some(rule.clone()),
            description: i.s("details"),
            ..Finding::default()
        };
        f.set_title(&i.s("details").unwrap_or_else(|| rule.clone()));
        if let Some(raw) = i.s("severity") {
            f.set_label_severity(&raw);
        }
        f.confidence = i.s("confidence").and_then(|c| Confidence::from_label(&c));
        if let Some(cwe) = i.get("cwe").s("id") {
            f.add_cwe(&cwe);
        }
        if let Some(url) = i.get("cwe").s("url") {
            f.add_reference(&url);
        }
        let suppression = i.get("suppressions").items().into_iter().next();
        if i.get("nosec").bool() == Some(true) || suppression.is_some() {
            f.suppression = Suppression::Suppressed {
                reason: suppression
                    .and_then(|s| s.s("justification"))
                    .or_else(|| Some("#nosec".to_string())),
            };
        }
        let code = i.s("code");
        let anchor = code
            .as_deref()
            .map(strip_line_numbers)
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| line_text.clone());
        f.fingerprint = fingerprint("code", &["gosec", &rule, &file, &anchor]);
        f.location = Location::Code {
            file,
            start_line: start,
            end_line: end,
            column: i.get("column").u32(),
            snippet: code,
            commit: None,
        };
        scan.findings.push(f);
    }
    for (file, errors) in root.get("Golang errors").entries() {
        scan.warnings.push(format!(
            "gosec could not compile {file}: {} error(s)",
            errors.items().len()
        ));
    }
    Ok(scan)
}
