//! Nuclei output: JSON Lines (`-jsonl`, v2 `-json`) or a JSON array (v3 `-json-export`).
//! v2 spellings (`templateID`, `matched`) are accepted.
//!
//! Title `info.name`; severity `info.severity` (info…critical, `unknown` → from
//! `classification.cvss-score`). CVE/CWE from `info.classification` (string, list or null;
//! lowercase `cwe-798` normalized). References from `info.reference` (list or newline string).
//! Location: an HTTP(S) `matched-at` gives a URL location (and the request URL); anything else
//! a Host location (`host`, `ip`, `port`).
//! Fingerprint `url` family: `nuclei` + template id + normalized matched-at (see ZAP) +
//! matcher name + sorted extracted results.

use vulnbridge_model::{fingerprint, Finding, Location, Tool};

use super::zap::normalize_url;
use crate::error::ImportError;
use crate::format::Format;
use crate::json_input::{lines, strip_bom, value};
use crate::node::Node;
use crate::scan::ParsedScan;

const F: Format = Format::Nuclei;

pub(crate) fn parse(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    let records = if strip_bom(bytes).first() == Some(&b'[') {
        match value(bytes, F)? {
            serde_json::Value::Array(items) => items,
            _ => Vec::new(),
        }
    } else {
        lines(bytes, F)?
    };
    let tool = Tool::new("nuclei", None);
    let mut scan = ParsedScan::new(F, tool.clone());
    for (i, record) in records.iter().enumerate() {
        let r = Node::root(record);
        r.expect_object(F).map_err(|_| {
            ImportError::invalid(F, format!("record {} is not a JSON object", i + 1))
        })?;
        let template = r
            .get_any(&["template-id", "templateID"])
            .text()
            .ok_or_else(|| {
                ImportError::invalid(F, format!("record {} has no template-id", i + 1))
            })?;
        let info = r.get("info");
        let class = info.get("classification");
        let matched = r
            .get_any(&["matched-at", "matched"])
            .text()
            .or_else(|| r.s("host"))
            .unwrap_or_default();
        let mut f = Finding {
            tool: tool.clone(),
            rule_id: Some(template.clone()),
            description: info.s("description"),
            remediation: info.s("remediation"),
            evidence: Some(r.get("extracted-results").strings().join("\n"))
                .filter(|s| !s.is_empty()),
            ..Finding::default()
        };
        f.set_title(&info.s("name").unwrap_or_else(|| template.clone()));
        if let Some(raw) = info.s("severity") {
            f.set_label_severity(&raw);
        }
        if let Some(score) = class.get("cvss-score").f64() {
            f.set_score(score, class.s("cvss-metrics"));
        }
        for cve in class.get("cve-id").strings() {
            f.add_cve(&cve);
        }
        for cwe in class.get("cwe-id").strings() {
            f.add_cwe(&cwe);
        }
        for reference in info.get("reference").strings() {
            for url in reference.lines() {
                f.add_reference(url);
            }
        }
        if let Some(url) = r.s("template-url") {
            f.add_reference(&url);
        }
        let matcher = r.s("matcher-name").unwrap_or_default();
        let mut extracted = r.get("extracted-results").strings();
        extracted.sort();
        f.fingerprint = fingerprint(
            "url",
            &[
                "nuclei",
                &template,
                &normalize_url(&matched),
                &matcher,
                &extracted.join("\n"),
            ],
        );
        let lower = matched.to_ascii_lowercase();
        f.location = if lower.starts_with("http://") || lower.starts_with("https://") {
            f.request_url = Some(matched.clone());
            Location::Url {
                url: matched,
                method: None,
                param: None,
            }
        } else {
            Location::Host {
                host: r.s("host").or(Some(matched)).filter(|h| !h.is_empty()),
                ip: r.s("ip"),
                port: r.get("port").u32().and_then(|p| u16::try_from(p).ok()),
            }
        };
        if scan.target.is_none() {
            scan.target = r.s("host");
        }
        scan.findings.push(f);
    }
    Ok(scan)
}
