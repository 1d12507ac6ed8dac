//! GitHub REST exports: code scanning alerts (`GET /repos/{o}/{r}/code-scanning/alerts`) and
//! Dependabot alerts (`GET /repos/{o}/{r}/dependabot/alerts`), a list of alert objects each.
//!
//! Lifecycle: `state` `dismissed`/`auto_dismissed` → suppressed (with `dismissed_reason` and
//! `dismissed_comment`), `fixed` → fixed, `open` → open.
//!
//! Code scanning: title `rule.description`; severity `rule.security_severity_level`, else
//! `rule.severity` (error/warning/note/none); CWE from `rule.tags`; location
//! `most_recent_instance.location`. Fingerprint `code` family: `github-code-scanning` +
//! `html_url` (the alert URL names the repository and the alert number, which GitHub keeps
//! for the life of the alert), else rule id + path + start line.
//!
//! Dependabot: title `security_advisory.summary`; severity `security_advisory.severity`;
//! score from `cvss_severities.cvss_v4`, `cvss_v3` or `cvss` (a score of 0 with no vector means
//! none); installed version is not in the payload; fix
//! `security_vulnerability.first_patched_version.identifier`. Fingerprint `package` family:
//! ecosystem + name + `""` + GHSA id + manifest path.

use vulnbridge_model::{fingerprint, Finding, Location, PackageRef, Suppression, Tool};

use crate::error::ImportError;
use crate::format::Format;
use crate::json_input::value;
use crate::node::Node;
use crate::scan::ParsedScan;

pub(crate) fn parse_code_scanning(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    const F: Format = Format::GithubCodeScanningAlerts;
    let doc = value(bytes, F)?;
    let root = Node::root(&doc);
    root.expect_list(F)?;
    let mut scan = ParsedScan::new(F, Tool::new("GitHub code scanning", None));
    for a in root.items() {
        a.expect_object(F)?;
        let rule = a.get("rule");
        let rule_id = rule.require("id", F)?;
        let tool = a.get("tool");
        let mut f = Finding {
            tool: Tool::new(
                tool.s("name")
                    .unwrap_or_else(|| "GitHub code scanning".into()),
                tool.s("version"),
            ),
            rule_id: Some(rule_id.clone()),
            description: a
                .get("most_recent_instance")
                .get("message")
                .s("text")
                .or_else(|| rule.s("full_description")),
            remediation: rule.s("help"),
            ..Finding::default()
        };
        f.set_title(
            &rule
                .s("description")
                .or_else(|| rule.s("name"))
                .unwrap_or_else(|| rule_id.clone()),
        );
        match rule.s("security_severity_level") {
            Some(level) => f.set_label_severity(&level),
            None => {
                if let Some(level) = rule.s("severity") {
                    f.set_label_severity(&level);
                }
            }
        }
        for tag in rule.get("tags").strings() {
            if tag.to_ascii_lowercase().contains("cwe-") {
                f.add_cwe(&tag);
            }
        }
        let html = a.s("html_url");
        if let Some(url) = &html {
            f.add_reference(url);
            if scan.target.is_none() {
                scan.target = url.split("/security/").next().map(str::to_string);
            }
        }
        f.suppression = lifecycle(&a);
        let instance = a.get("most_recent_instance");
        let loc = instance.get("location");
        let path = loc.s("path");
        let start = loc.get("start_line").u32();
        f.fingerprint = match &html {
            Some(url) => fingerprint("code", &["github-code-scanning", url]),
            None => fingerprint(
                "code",
                &[
                    "github-code-scanning",
                    &rule_id,
                    path.as_deref().unwrap_or(""),
                    &start.map(|l| l.to_string()).unwrap_or_default(),
                ],
            ),
        };
        f.location = match path {
            Some(file) => Location::Code {
                file,
                start_line: start,
                end_line: loc.get("end_line").u32(),
                column: loc.get("start_column").u32(),
                snippet: None,
                commit: instance.s("commit_sha"),
            },
            None => Location::Unknown,
        };
        scan.findings.push(f);
    }
    Ok(scan)
}

pub(crate) fn parse_dependabot(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    const F: Format = Format::GithubDependabotAlerts;
    let doc = value(bytes, F)?;
    let root = Node::root(&doc);
    root.expect_list(F)?;
    let tool = Tool::new("Dependabot", None);
    let mut scan = ParsedScan::new(F, tool.clone());
    for a in root.items() {
        a.expect_object(F)?;
        let adv = a.get("security_advisory");
        let ghsa = adv.require("ghsa_id", F)?;
        let dep = a.get("dependency");
        let pkg = dep.get("package");
        let name = pkg
            .s("name")
            .or_else(|| a.get("security_vulnerability").get("package").s("name"))
            .ok_or_else(|| {
                ImportError::invalid(F, format!("{} has no package name", dep.path()))
            })?;
        let ecosystem = pkg.s("ecosystem");
        let vuln = a.get("security_vulnerability");
        let mut f = Finding {
            tool: tool.clone(),
            rule_id: Some(ghsa.clone()),
            description: adv.s("description"),
            ..Finding::default()
        };
        f.set_title(
            &adv.s("summary")
                .unwrap_or_else(|| format!("{ghsa} in {name}")),
        );
        if let Some(raw) = adv.s("severity").or_else(|| vuln.s("severity")) {
            f.set_label_severity(&raw);
        }
        let sev = adv.get("cvss_severities");
        for cvss in [sev.get("cvss_v4"), sev.get("cvss_v3"), adv.get("cvss")] {
            let vector = cvss.s("vector_string");
            if let Some(score) = cvss
                .get("score")
                .f64()
                .filter(|s| *s > 0.0 || vector.is_some())
            {
                f.set_score(score, vector);
                break;
            }
        }
        f.add_alias(&ghsa);
        if let Some(cve) = adv.s("cve_id") {
            f.add_cve(&cve);
        }
        for id in adv.get("identifiers").items() {
            if let Some(v) = id.s("value") {
                f.add_alias(&v);
            }
        }
        for cwe in adv.get("cwes").items() {
            if let Some(id) = cwe.s("cwe_id") {
                f.add_cwe(&id);
            }
        }
        for r in a.s("html_url").into_iter().chain(
            adv.get("references")
                .items()
                .iter()
                .filter_map(|r| r.s("url")),
        ) {
            f.add_reference(&r);
        }
        let fixed = vuln.get("first_patched_version").s("identifier");
        if let Some(v) = &fixed {
            f.remediation = Some(format!("Upgrade {name} to {v}"));
        }
        if let Some(range) = vuln.s("vulnerable_version_range") {
            let d = f.description.take().unwrap_or_default();
            f.description = Some(
                format!("Vulnerable versions: {range}\n\n{d}")
                    .trim_end()
                    .to_string(),
            );
        }
        f.suppression = lifecycle(&a);
        let manifest = dep.s("manifest_path");
        if scan.target.is_none() {
            scan.target = a
                .s("html_url")
                .and_then(|u| u.split("/security/").next().map(str::to_string));
        }
        f.fingerprint = fingerprint(
            "package",
            &[
                ecosystem.as_deref().unwrap_or(""),
                &name,
                "",
                &ghsa,
                manifest.as_deref().unwrap_or(""),
            ],
        );
        f.location = Location::Package {
            package: PackageRef {
                ecosystem,
                name,
                version: None,
                fixed_versions: fixed.into_iter().collect(),
                purl: None,
            },
            manifest,
        };
        scan.findings.push(f);
    }
    Ok(scan)
}

fn lifecycle(a: &Node) -> Suppression {
    match a.s("state").as_deref() {
        Some("dismissed") | Some("auto_dismissed") => {
            let reason = match (a.s("dismissed_reason"), a.s("dismissed_comment")) {
                (Some(r), Some(c)) => Some(format!("{r}: {c}")),
                (r, c) => r.or(c).or_else(|| a.s("state")),
            };
            Suppression::Suppressed { reason }
        }
        Some("fixed") => Suppression::Fixed {
            detail: a.s("fixed_at").map(|t| format!("fixed at {t}")),
        },
        _ => Suppression::None,
    }
}
