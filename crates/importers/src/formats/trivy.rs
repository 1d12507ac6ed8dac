//! Trivy JSON: SchemaVersion 2 (`{ArtifactName, ArtifactType, Results[]}`), the legacy
//! top-level list of results (< 0.20), the Kubernetes summary (`{ClusterName,
//! Vulnerabilities[], Misconfigurations[]}` of resources with `Results`), and `null`.
//!
//! Vulnerabilities: title `Title` (else `<id> in <package>`, which reads better than the long
//! `Description`, kept as the description); severity `Severity` (UNKNOWN → the CVSS score
//! of `SeveritySource`, else nvd/ghsa/redhat, v4 over v3 over v2); `Status: not_affected` →
//! not-affected (Trivy's `fixed` status means "a fix exists", so the finding stays open).
//! Image results (`ArtifactType: container_image`, or class `os-pkgs`) give Image locations,
//! others Package locations whose manifest is the `Target`.
//! Fingerprints: vulnerabilities `package` family: Type + PkgName + InstalledVersion +
//! VulnerabilityID + Target + PkgPath. Misconfigurations `code` family: `trivy-config` + ID +
//! Target + CauseMetadata.Resource (else StartLine). Secrets `secret` family: `trivy` + RuleID
//! + Target + whitespace-squashed `Match` (else StartLine).

use vulnbridge_model::{fingerprint, Finding, Location, PackageRef, Severity, Suppression, Tool};

use crate::error::ImportError;
use crate::format::Format;
use crate::ids::squash_whitespace;
use crate::json_input::value;
use crate::node::Node;
use crate::scan::ParsedScan;

const F: Format = Format::TrivyJson;

struct Context {
    artifact: Option<String>,
    is_image: bool,
    tool: Tool,
}

pub(crate) fn parse(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    let doc = value(bytes, F)?;
    let root = Node::root(&doc);
    let mut scan = ParsedScan::new(F, Tool::new("Trivy", None));
    if root.is_null() {
        return Ok(scan);
    }
    if root.v.is_array() {
        let ctx = Context {
            artifact: None,
            is_image: false,
            tool: scan.tool.clone(),
        };
        for result in root.items() {
            read_result(&result, &ctx, &mut scan)?;
        }
        return Ok(scan);
    }
    root.expect_object(F)?;
    scan.target = root.s("ArtifactName").or_else(|| root.s("ClusterName"));
    let ctx = Context {
        artifact: root.s("ArtifactName"),
        is_image: root.s("ArtifactType").as_deref() == Some("container_image"),
        tool: scan.tool.clone(),
    };
    if root.get("ClusterName").is_null() {
        root.get("Results").expect_list(F)?;
        for result in root.get("Results").items() {
            read_result(&result, &ctx, &mut scan)?;
        }
    } else {
        for list in ["Vulnerabilities", "Misconfigurations"] {
            for resource in root.get(list).items() {
                for result in resource.get("Results").items() {
                    read_result(&result, &ctx, &mut scan)?;
                }
            }
        }
    }
    Ok(scan)
}

fn read_result(result: &Node, ctx: &Context, scan: &mut ParsedScan) -> Result<(), ImportError> {
    result.expect_object(F)?;
    let target = result.s("Target").unwrap_or_default();
    let class = result.s("Class").unwrap_or_default();
    let ecosystem = result.s("Type");
    for v in result.get("Vulnerabilities").items() {
        let image = (ctx.is_image || class == "os-pkgs")
            .then(|| ctx.artifact.clone().unwrap_or_else(|| target.clone()));
        scan.findings.push(vulnerability(
            &v,
            &target,
            ecosystem.as_deref(),
            image,
            &ctx.tool,
        )?);
    }
    for m in result.get("Misconfigurations").items() {
        if m.s("Status").as_deref() == Some("PASS") {
            continue;
        }
        scan.findings
            .push(misconfiguration(&m, &target, &ctx.tool)?);
    }
    for s in result.get("Secrets").items() {
        scan.findings.push(secret(&s, &target, &ctx.tool)?);
    }
    Ok(())
}

fn vulnerability(
    v: &Node,
    target: &str,
    ecosystem: Option<&str>,
    image: Option<String>,
    tool: &Tool,
) -> Result<Finding, ImportError> {
    let id = v.require("VulnerabilityID", F)?;
    let name = v.require("PkgName", F)?;
    let version = v.s("InstalledVersion");
    let mut f = Finding {
        tool: tool.clone(),
        rule_id: Some(id.clone()),
        description: v.s("Description"),
        ..Finding::default()
    };
    f.set_title(&v.s("Title").unwrap_or_else(|| format!("{id} in {name}")));
    f.add_alias(&id);
    for cwe in v.get("CweIDs").strings() {
        f.add_cwe(&cwe);
    }
    if let Some(raw) = v.s("Severity") {
        f.set_label_severity(&raw);
    }
    apply_cvss(&mut f, v);
    for url in v
        .s("PrimaryURL")
        .into_iter()
        .chain(v.get("References").strings())
    {
        f.add_reference(&url);
    }
    let fixed_versions: Vec<String> = v
        .s("FixedVersion")
        .map(|s| {
            s.split(',')
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if let Some(first) = fixed_versions.first() {
        f.remediation = Some(format!("Upgrade {name} to {first}"));
    }
    if v.s("Status").as_deref() == Some("not_affected") {
        f.suppression = Suppression::NotAffected {
            justification: Some("Trivy status: not_affected".to_string()),
        };
    }
    let pkg_path = v.s("PkgPath");
    f.fingerprint = fingerprint(
        "package",
        &[
            ecosystem.unwrap_or(""),
            &name,
            version.as_deref().unwrap_or(""),
            &id,
            target,
            pkg_path.as_deref().unwrap_or(""),
        ],
    );
    let package = PackageRef {
        ecosystem: ecosystem.map(str::to_string),
        name,
        version,
        fixed_versions,
        purl: v.get("PkgIdentifier").s("PURL"),
    };
    f.location = match image {
        Some(image) => Location::Image {
            image,
            layer: v
                .get("Layer")
                .s("DiffID")
                .or_else(|| v.get("Layer").s("Digest")),
            package: Some(package),
        },
        None => Location::Package {
            package,
            manifest: pkg_path.or_else(|| Some(target.to_string())),
        },
    };
    Ok(f)
}

/// Records the CVSS score of `SeveritySource` (else nvd, ghsa, redhat, any); the score
/// decides the severity only when the label is UNKNOWN.
fn apply_cvss(f: &mut Finding, v: &Node) {
    let cvss = v.get("CVSS");
    let mut sources: Vec<String> = v.s("SeveritySource").into_iter().collect();
    sources.extend(["nvd", "ghsa", "redhat"].map(String::from));
    sources.extend(cvss.entries().into_iter().map(|(k, _)| k.to_string()));
    for source in sources {
        let c = cvss.get(&source);
        for (score, vector) in [
            ("V40Score", "V40Vector"),
            ("V3Score", "V3Vector"),
            ("V2Score", "V2Vector"),
        ] {
            if let Some(s) = c.get(score).f64() {
                f.set_score(s, c.s(vector));
                return;
            }
        }
    }
    if f.severity.is_none() {
        // VendorSeverity: 0 = UNKNOWN … 4 = CRITICAL; take the highest vendor opinion.
        let best = v
            .get("VendorSeverity")
            .entries()
            .into_iter()
            .filter_map(|(_, n)| n.u32())
            .max();
        f.severity = match best {
            Some(1) => Some(Severity::Low),
            Some(2) => Some(Severity::Medium),
            Some(3) => Some(Severity::High),
            Some(4) => Some(Severity::Critical),
            _ => None,
        };
        if f.severity.is_some() {
            f.severity_basis = vulnbridge_model::SeverityBasis::Label;
        }
    }
}

fn misconfiguration(m: &Node, target: &str, tool: &Tool) -> Result<Finding, ImportError> {
    let id = m
        .s("ID")
        .or_else(|| m.s("AVDID"))
        .ok_or_else(|| ImportError::invalid(F, format!("{} has no ID", m.path())))?;
    let cause = m.get("CauseMetadata");
    let mut f = Finding {
        tool: tool.clone(),
        rule_id: Some(id.clone()),
        description: match (m.s("Message"), m.s("Description")) {
            (Some(msg), Some(d)) => Some(format!("{msg}\n\n{d}")),
            (a, b) => a.or(b),
        },
        remediation: m.s("Resolution"),
        ..Finding::default()
    };
    let title = m.s("Title").unwrap_or_else(|| id.clone());
    f.set_title(&title);
    if let Some(raw) = m.s("Severity") {
        f.set_label_severity(&raw);
    }
    for url in m
        .s("PrimaryURL")
        .into_iter()
        .chain(m.get("References").strings())
    {
        f.add_reference(&url);
    }
    let start = cause.get("StartLine").u32();
    let resource = cause.s("Resource");
    let anchor = resource
        .clone()
        .or_else(|| start.map(|l| l.to_string()))
        .unwrap_or_default();
    f.fingerprint = fingerprint("code", &["trivy-config", &id, target, &anchor]);
    f.location = Location::Code {
        file: target.to_string(),
        start_line: start,
        end_line: cause.get("EndLine").u32(),
        column: None,
        snippet: None,
        commit: None,
    };
    Ok(f)
}

fn secret(s: &Node, target: &str, tool: &Tool) -> Result<Finding, ImportError> {
    let rule = s.require("RuleID", F)?;
    let mut f = Finding {
        tool: tool.clone(),
        rule_id: Some(rule.clone()),
        evidence: s.s("Match"),
        ..Finding::default()
    };
    f.set_title(&s.s("Title").unwrap_or_else(|| rule.clone()));
    if let Some(raw) = s.s("Severity") {
        f.set_label_severity(&raw);
    }
    f.add_cwe("CWE-798");
    let start = s.get("StartLine").u32();
    let anchor = s
        .s("Match")
        .map(|m| squash_whitespace(&m))
        .or_else(|| start.map(|l| l.to_string()))
        .unwrap_or_default();
    f.fingerprint = fingerprint("secret", &["trivy", &rule, target, &anchor]);
    f.location = Location::Code {
        file: target.to_string(),
        start_line: start,
        end_line: s.get("EndLine").u32(),
        column: None,
        snippet: s.s("Match"),
        commit: None,
    };
    Ok(f)
}
