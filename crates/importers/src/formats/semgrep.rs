//! Semgrep CLI JSON (`semgrep --json`).
//!
//! Title: the last segment of `check_id` made readable (`exec-detected` → "Exec detected"),
//! description `extra.message`. Severity `extra.severity` (ERROR/WARNING/INFO or the newer
//! CRITICAL/HIGH/MEDIUM/LOW). `extra.is_ignored` (nosemgrep) → suppressed.
//! Fingerprint `code` family: `semgrep` + check_id + path + whitespace-squashed `extra.lines`
//! (the matched code), or the start line when the code is missing or hidden ("requires
//! login"). `extra.fingerprint` is not used: OSS 1.x writes the literal "requires login".

use vulnbridge_model::{fingerprint, Confidence, Finding, Location, Suppression, Tool};

use crate::error::ImportError;
use crate::format::Format;
use crate::ids::squash_whitespace;
use crate::json_input::value;
use crate::node::Node;
use crate::scan::ParsedScan;

const F: Format = Format::SemgrepJson;

pub(crate) fn parse(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    let doc = value(bytes, F)?;
    let root = Node::root(&doc);
    root.expect_object(F)?;
    root.get("results").expect_list(F)?;
    let tool = Tool::new("Semgrep", root.s("version"));
    let mut scan = ParsedScan::new(F, tool.clone());
    for r in root.get("results").items() {
        let check = r.require("check_id", F)?;
        let path = r.require("path", F)?;
        let extra = r.get("extra");
        let meta = extra.get("metadata");
        let mut f = Finding {
            tool: tool.clone(),
            rule_id: Some(check.clone()),
            description: extra.s("message"),
            ..Finding::default()
        };
        f.set_title(&readable(&check));
        if let Some(raw) = extra.s("severity") {
            f.set_label_severity(&raw);
        }
        f.confidence = meta
            .s("confidence")
            .and_then(|c| Confidence::from_label(&c));
        for cwe in meta.get("cwe").strings() {
            f.add_cwe(&cwe);
        }
        for url in meta
            .get("references")
            .strings()
            .into_iter()
            .chain(meta.s("shortlink"))
            .chain(meta.s("source"))
        {
            f.add_reference(&url);
        }
        if extra.get("is_ignored").bool() == Some(true) {
            f.suppression = Suppression::Suppressed {
                reason: Some("ignored with a nosemgrep comment".into()),
            };
        }
        let lines = extra.s("lines").filter(|l| l.trim() != "requires login");
        let start = r.get("start").get("line").u32();
        let anchor = lines
            .as_deref()
            .map(squash_whitespace)
            .or_else(|| start.map(|l| l.to_string()))
            .unwrap_or_default();
        f.fingerprint = fingerprint("code", &["semgrep", &check, &path, &anchor]);
        f.location = Location::Code {
            file: path,
            start_line: start,
            end_line: r.get("end").get("line").u32(),
            column: r.get("start").get("col").u32(),
            snippet: lines,
            commit: None,
        };
        scan.findings.push(f);
    }
    for e in root.get("errors").items() {
        if let Some(msg) = e.s("message") {
            scan.warnings
                .push(format!("Semgrep reported an error: {msg}"));
        }
    }
    Ok(scan)
}

/// `python.lang.security.audit.exec-detected.exec-detected` → `Exec detected`.
fn readable(check_id: &str) -> String {
    let tail = check_id.rsplit('.').next().unwrap_or(check_id);
    let words = tail.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => check_id.to_string(),
    }
}
