//! npm audit JSON: v1 (npm ≤ 6, `advisories{}`) and v2 (npm ≥ 7, `auditReportVersion: 2`).
//!
//! v1: one finding per advisory and installed version (`findings[].version`); location
//! `module_name@version` with the first dependency path as manifest; fix = `patched_versions`
//! (unless it is `<0.0.0`, npm's "no fix"), remediation = `recommendation`.
//! Fingerprint `package` family: `npm` + module_name + version + advisory id.
//!
//! v2: one finding per package and advisory object in its `via[]` (plain strings in `via` only
//! name the dependency that brings the vulnerability in, so they are not findings of their
//! own). npm v2 has no installed version; `range` is kept in the description. `fixAvailable`
//! becomes the remediation. Fingerprint: `npm` + package name + `""` + advisory `source` id.
//!
//! Severity words are low/moderate/high/critical/info (moderate → medium).
//! A file that is only `{"error": …}` is reported as an import error with npm's summary.

use vulnbridge_model::{fingerprint, Finding, Location, PackageRef, Tool};

use crate::error::ImportError;
use crate::format::Format;
use crate::json_input::value;
use crate::node::Node;
use crate::scan::ParsedScan;

pub(crate) fn parse_v1(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    const F: Format = Format::NpmAuditV1;
    let doc = value(bytes, F)?;
    let root = Node::root(&doc);
    root.expect_object(F)?;
    check_error(&root, F)?;
    let tool = Tool::new("npm audit", None);
    let mut scan = ParsedScan::new(F, tool.clone());
    for (key, adv) in root.get("advisories").entries() {
        let id = adv.s("id").unwrap_or_else(|| key.to_string());
        let module = adv.require("module_name", F)?;
        let patched = adv.s("patched_versions").filter(|p| p != "<0.0.0");
        let mut versions: Vec<(Option<String>, Option<String>)> = adv
            .get("findings")
            .items()
            .into_iter()
            .map(|f| (f.s("version"), f.get("paths").strings().into_iter().next()))
            .collect();
        if versions.is_empty() {
            versions.push((None, None));
        }
        for (version, path) in versions {
            let mut f = Finding {
                tool: tool.clone(),
                rule_id: Some(id.clone()),
                description: adv.s("overview"),
                remediation: adv.s("recommendation"),
                ..Finding::default()
            };
            f.set_title(
                &adv.s("title")
                    .unwrap_or_else(|| format!("Advisory {id} in {module}")),
            );
            if let Some(raw) = adv.s("severity") {
                f.set_label_severity(&raw);
            }
            let cvss = adv.get("cvss");
            if let Some(score) = cvss.get("score").f64().filter(|s| *s > 0.0) {
                f.set_score(score, cvss.s("vectorString"));
            }
            for cve in adv.get("cves").strings() {
                f.add_cve(&cve);
            }
            for cwe in adv.get("cwe").strings() {
                f.add_cwe(&cwe);
            }
            if let Some(url) = adv.s("url") {
                f.add_reference(&url);
                if let Some(ghsa) = url.rsplit('/').next().filter(|s| s.starts_with("GHSA-")) {
                    f.add_alias(ghsa);
                }
            }
            f.fingerprint = fingerprint(
                "package",
                &["npm", &module, version.as_deref().unwrap_or(""), &id],
            );
            f.location = Location::Package {
                package: PackageRef {
                    ecosystem: Some("npm".into()),
                    name: module.clone(),
                    version,
                    fixed_versions: patched.clone().into_iter().collect(),
                    purl: None,
                },
                manifest: path,
            };
            scan.findings.push(f);
        }
    }
    Ok(scan)
}

pub(crate) fn parse_v2(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    const F: Format = Format::NpmAuditV2;
    let doc = value(bytes, F)?;
    let root = Node::root(&doc);
    root.expect_object(F)?;
    check_error(&root, F)?;
    let tool = Tool::new("npm audit", None);
    let mut scan = ParsedScan::new(F, tool.clone());
    for (key, pkg) in root.get("vulnerabilities").entries() {
        let name = pkg.s("name").unwrap_or_else(|| key.to_string());
        let remediation = fix_text(&pkg.get("fixAvailable"));
        let manifest = pkg.get("nodes").strings().into_iter().next();
        for via in pkg.get("via").items() {
            if !via.v.is_object() {
                continue;
            }
            let id = via.require("source", F)?;
            let mut f = Finding {
                tool: tool.clone(),
                rule_id: Some(id.clone()),
                remediation: remediation.clone(),
                description: via
                    .s("range")
                    .map(|r| format!("Vulnerable versions of {name}: {r}")),
                ..Finding::default()
            };
            f.set_title(
                &via.s("title")
                    .unwrap_or_else(|| format!("Advisory {id} in {name}")),
            );
            if let Some(raw) = via.s("severity").or_else(|| pkg.s("severity")) {
                f.set_label_severity(&raw);
            }
            let cvss = via.get("cvss");
            if let Some(score) = cvss.get("score").f64().filter(|s| *s > 0.0) {
                f.set_score(score, cvss.s("vectorString"));
            }
            for cwe in via.get("cwe").strings() {
                f.add_cwe(&cwe);
            }
            if let Some(url) = via.s("url") {
                f.add_reference(&url);
                if let Some(ghsa) = url.rsplit('/').next().filter(|s| s.starts_with("GHSA-")) {
                    f.add_alias(ghsa);
                }
            }
            f.fingerprint = fingerprint("package", &["npm", &name, "", &id]);
            f.location = Location::Package {
                package: PackageRef {
                    ecosystem: Some("npm".into()),
                    name: name.clone(),
                    version: None,
                    fixed_versions: Vec::new(),
                    purl: None,
                },
                manifest: manifest.clone(),
            };
            scan.findings.push(f);
        }
    }
    Ok(scan)
}

fn fix_text(fix: &Node) -> Option<String> {
    match fix.bool() {
        Some(true) => Some("Run `npm audit fix`".to_string()),
        Some(false) => None,
        None => {
            let name = fix.s("name")?;
            let version = fix.s("version")?;
            let major = if fix.get("isSemVerMajor").bool() == Some(true) {
                " (a semver-major upgrade)"
            } else {
                ""
            };
            Some(format!("Upgrade {name} to {version}{major}"))
        }
    }
}

fn check_error(root: &Node, format: Format) -> Result<(), ImportError> {
    let err = root.get("error");
    if err.is_null() || !root.get("vulnerabilities").is_null() || !root.get("advisories").is_null()
    {
        return Ok(());
    }
    let summary = err
        .s("summary")
        .or_else(|| err.s("code"))
        .unwrap_or_else(|| "no details".to_string());
    Err(ImportError::invalid(
        format,
        format!("npm audit reported an error instead of a report: {summary}"),
    ))
}
