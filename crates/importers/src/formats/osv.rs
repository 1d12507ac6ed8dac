//! OSV-Scanner JSON (`osv-scanner --format json`).
//!
//! One finding per source, package and alias group (`groups[].ids`; without groups, per
//! vulnerability): the group's first id is the rule id, the others become aliases.
//! Title `summary` (else the first line of `details`). Severity: `database_specific.severity`
//! (GHSA words), else a numeric `groups[].max_severity`, else the base score computed from a
//! CVSS v3 vector in `severity[]` (v4 vectors are kept unscored). Fix versions: every `fixed` event of the `affected[]` entry for this package.
//! Fingerprint `package` family: ecosystem + name + version + primary id + `source.path`.

use vulnbridge_model::{fingerprint, Finding, Location, PackageRef, Tool};

use crate::error::ImportError;
use crate::format::Format;
use crate::json_input::value;
use crate::node::Node;
use crate::scan::ParsedScan;

const F: Format = Format::OsvScanner;

pub(crate) fn parse(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    let doc = value(bytes, F)?;
    let root = Node::root(&doc);
    let tool = Tool::new("osv-scanner", None);
    let mut scan = ParsedScan::new(F, tool.clone());
    if root.is_null() {
        return Ok(scan);
    }
    root.expect_object(F)?;
    root.get("results").expect_list(F)?;
    for result in root.get("results").items() {
        let source = result.get("source").s("path");
        for pkg in result.get("packages").items() {
            let p = pkg.get("package");
            let name = p.require("name", F)?;
            let version = p.s("version");
            let ecosystem = p.s("ecosystem");
            let vulns = pkg.get("vulnerabilities").items();
            let mut groups: Vec<(Vec<String>, Option<f64>)> = pkg
                .get("groups")
                .items()
                .into_iter()
                .map(|g| (g.get("ids").strings(), g.get("max_severity").f64()))
                .filter(|(ids, _)| !ids.is_empty())
                .collect();
            for v in &vulns {
                let id = v.require("id", F)?;
                if !groups.iter().any(|(ids, _)| ids.contains(&id)) {
                    groups.push((vec![id], None));
                }
            }
            for (ids, max) in groups {
                let members: Vec<&Node> = vulns
                    .iter()
                    .filter(|v| v.s("id").is_some_and(|id| ids.contains(&id)))
                    .collect();
                let Some(main) = members.first() else {
                    continue;
                };
                let id = ids[0].clone();
                let mut f = Finding {
                    tool: tool.clone(),
                    rule_id: Some(id.clone()),
                    description: main.s("details"),
                    ..Finding::default()
                };
                let title = main
                    .s("summary")
                    .or_else(|| {
                        main.s("details")
                            .and_then(|d| d.lines().next().map(str::to_string))
                    })
                    .unwrap_or_else(|| format!("{id} in {name}"));
                f.set_title(&title);
                let mut fixed = Vec::new();
                let mut vector: Option<String> = None;
                for v in &members {
                    for alias in v.get("aliases").strings().iter().chain(ids.iter()) {
                        f.add_alias(alias);
                    }
                    let db = v.get("database_specific");
                    if f.severity.is_none() {
                        if let Some(raw) = db.s("severity") {
                            f.set_label_severity(&raw);
                        }
                    }
                    for cwe in db.get("cwe_ids").strings() {
                        f.add_cwe(&cwe);
                    }
                    for s in v.get("severity").items() {
                        if vector.is_none() {
                            vector = s.s("score");
                        }
                    }
                    for r in v.get("references").items() {
                        if let Some(url) = r.s("url") {
                            f.add_reference(&url);
                        }
                    }
                    for affected in v.get("affected").items() {
                        if affected.get("package").s("name").as_deref() != Some(name.as_str()) {
                            continue;
                        }
                        for range in affected.get("ranges").items() {
                            for event in range.get("events").items() {
                                if let Some(fx) = event.s("fixed") {
                                    if !fixed.contains(&fx) {
                                        fixed.push(fx);
                                    }
                                }
                            }
                        }
                    }
                }
                match (max, vector) {
                    (Some(score), vector) => f.set_score(score, vector),
                    (None, Some(vector)) => f.set_vector(&vector),
                    (None, None) => {}
                }
                if let Some(first) = fixed.first() {
                    f.remediation = Some(format!("Upgrade {name} to {first}"));
                }
                f.fingerprint = fingerprint(
                    "package",
                    &[
                        ecosystem.as_deref().unwrap_or(""),
                        &name,
                        version.as_deref().unwrap_or(""),
                        &id,
                        source.as_deref().unwrap_or(""),
                    ],
                );
                f.location = Location::Package {
                    package: PackageRef {
                        ecosystem: ecosystem.clone(),
                        name: name.clone(),
                        version: version.clone(),
                        fixed_versions: fixed,
                        purl: None,
                    },
                    manifest: source.clone(),
                };
                scan.findings.push(f);
            }
        }
    }
    Ok(scan)
}
