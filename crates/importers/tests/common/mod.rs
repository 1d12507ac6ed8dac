//! Shared test helpers: loading fixtures and finding results in a scan.
#![allow(dead_code)]

use std::path::PathBuf;

use vulnbridge_importers::ParsedScan;
use vulnbridge_model::{Finding, Location};

pub fn fixture(rel: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

pub fn parse_fixture(rel: &str) -> ParsedScan {
    vulnbridge_importers::parse(&fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The finding whose rule id is `rule` (panics with the list of rule ids otherwise).
pub fn by_rule<'a>(scan: &'a ParsedScan, rule: &str) -> &'a Finding {
    scan.findings
        .iter()
        .find(|f| f.rule_id.as_deref() == Some(rule))
        .unwrap_or_else(|| {
            let ids: Vec<_> = scan.findings.iter().map(|f| f.rule_id.clone()).collect();
            panic!("no finding with rule {rule}; have {ids:?}")
        })
}

pub fn code_file(f: &Finding) -> (&str, Option<u32>) {
    match &f.location {
        Location::Code {
            file, start_line, ..
        } => (file.as_str(), *start_line),
        other => panic!("expected a code location, got {other:?}"),
    }
}

/// Fingerprints in file order.
pub fn fingerprints(scan: &ParsedScan) -> Vec<String> {
    scan.findings
        .iter()
        .map(|f| f.fingerprint.clone())
        .collect()
}

/// Parses JSON, lets `edit` change it, and returns the re-serialized bytes.
pub fn edited_json(bytes: &[u8], edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let text = std::str::from_utf8(bytes).expect("utf-8 fixture");
    let mut v: serde_json::Value =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).expect("fixture is JSON");
    edit(&mut v);
    serde_json::to_vec_pretty(&v).expect("serialize")
}
