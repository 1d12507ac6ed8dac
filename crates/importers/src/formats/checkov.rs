//! Checkov JSON (`checkov -o json`): one framework report object or a list of them.
//!
//! Failed checks are open findings, skipped checks come out suppressed (with the
//! `suppress_comment`), passed checks are ignored. Title `check_name`; severity `severity`
//! (null unless the platform enriched it → unknown). SCA checks with `vulnerability_details`
//! give a Package location and the CVE.
//! Fingerprint `code` family: `checkov` + check_id + file_path + resource (SCA: `package`
//! family: check type + package + version + CVE + file_path).

use vulnbridge_model::{fingerprint, Finding, Location, PackageRef, Suppression, Tool};

use crate::error::ImportError;
use crate::format::Format;
use crate::json_input::value;
use crate::node::Node;
use crate::scan::ParsedScan;

const F: Format = Format::CheckovJson;

pub(crate) fn parse(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    let doc = value(bytes, F)?;
    let root = Node::root(&doc);
    let tool = Tool::new("Checkov", None);
    let mut scan = ParsedScan::new(F, tool.clone());
    for report in root.items() {
        report.expect_object(F)?;
        let check_type = report.s("check_type").unwrap_or_default();
        let results = report.get("results");
        for c in results.get("failed_checks").items() {
            scan.findings.push(check(&c, &check_type, &tool)?);
        }
        for c in results.get("skipped_checks").items() {
            let mut f = check(&c, &check_type, &tool)?;
            f.suppression = Suppression::Suppressed {
                reason: c.get("check_result").s("suppress_comment"),
            };
            scan.findings.push(f);
        }
        for e in results.get("parsing_errors").strings() {
            scan.warnings.push(format!("Checkov could not parse {e}"));
        }
    }
    Ok(scan)
}

fn check(c: &Node, check_type: &str, tool: &Tool) -> Result<Finding, ImportError> {
    let id = c.require("check_id", F)?;
    let file = c
        .s("file_path")
        .or_else(|| c.s("repo_file_path"))
        .unwrap_or_default();
    let resource = c.s("resource").unwrap_or_default();
    let mut f = Finding {
        tool: tool.clone(),
        rule_id: Some(id.clone()),
        description: c.s("description").or_else(|| {
            Some(format!(
                "{} failed for resource {resource}",
                c.s("check_name").unwrap_or_else(|| id.clone())
            ))
        }),
        ..Finding::default()
    };
    f.set_title(&c.s("check_name").unwrap_or_else(|| id.clone()));
    if let Some(raw) = c.s("severity") {
        f.set_label_severity(&raw);
    }
    if let Some(url) = c.s("guideline") {
        f.add_reference(&url);
    }
    if let Some(bc) = c.s("bc_check_id") {
        f.add_alias(&bc);
    }
    let vuln = c.get("vulnerability_details");
    if let Some(name) = vuln.s("package_name") {
        let cve = vuln.s("id").unwrap_or_default();
        f.add_alias(&cve);
        if let Some(score) = vuln.get("cvss").f64() {
            f.set_score(score, vuln.s("vector"));
        }
        if f.severity.is_none() {
            if let Some(raw) = vuln.s("severity") {
                f.set_label_severity(&raw);
            }
        }
        let version = vuln.s("package_version");
        f.fingerprint = fingerprint(
            "package",
            &[
                check_type,
                &name,
                version.as_deref().unwrap_or(""),
                &cve,
                &file,
            ],
        );
        f.location = Location::Package {
            package: PackageRef {
                ecosystem: Some(check_type.to_string()).filter(|t| !t.is_empty()),
                name,
                version,
                fixed_versions: vuln.s("fixed_version").into_iter().collect(),
                purl: None,
            },
            manifest: Some(file),
        };
        return Ok(f);
    }
    let range = c.get("file_line_range").items();
    f.fingerprint = fingerprint("code", &["checkov", &id, &file, &resource]);
    f.location = Location::Code {
        file,
        start_line: range.first().and_then(|n| n.u32()),
        end_line: range.get(1).and_then(|n| n.u32()),
        column: None,
        snippet: None,
        commit: None,
    };
    Ok(f)
}
