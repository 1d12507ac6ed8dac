//! Snyk CLI JSON (`snyk test --json`, `snyk container test --json`), one project object or a
//! list of them (`--all-projects`, containers with application vulnerabilities).
//!
//! One finding per `vulnerabilities[]` entry (Snyk repeats an id once per dependency path).
//! Ignored issues listed under `filtered.ignore[]` come out suppressed.
//! Severity `severity` (or `severityWithCritical`), score `cvssScore` + `CVSSv3`.
//! Container projects (with a `docker` member) give Image locations (image = `path`, else
//! `projectName`); others Package locations with `displayTargetFile` as manifest.
//! Fingerprint `package` family: packageManager + packageName + version + id + the `from`
//! path joined with `>`.

use vulnbridge_model::{fingerprint, Finding, Location, PackageRef, Suppression, Tool};

use crate::error::ImportError;
use crate::format::Format;
use crate::json_input::value;
use crate::node::Node;
use crate::scan::ParsedScan;

const F: Format = Format::SnykJson;

pub(crate) fn parse(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    let doc = value(bytes, F)?;
    let root = Node::root(&doc);
    let tool = Tool::new("Snyk", None);
    let mut scan = ParsedScan::new(F, tool.clone());
    for project in root.items() {
        project.expect_object(F)?;
        if let Some(err) = project.s("error") {
            return Err(ImportError::invalid(
                F,
                format!("{} is a Snyk error, not results: {err}", project.path()),
            ));
        }
        let image = (!project.get("docker").is_null())
            .then(|| project.s("path").or_else(|| project.s("projectName")))
            .flatten();
        if scan.target.is_none() {
            scan.target = image.clone().or_else(|| project.s("projectName"));
        }
        let manifest = project
            .s("displayTargetFile")
            .or_else(|| project.s("targetFile"));
        let manager = project.s("packageManager");
        for v in project.get("vulnerabilities").items() {
            let f = vulnerability(&v, &tool, manager.as_deref(), &image, &manifest)?;
            scan.findings.push(f);
        }
        for v in project.get("filtered").get("ignore").items() {
            let mut f = vulnerability(&v, &tool, manager.as_deref(), &image, &manifest)?;
            f.suppression = Suppression::Suppressed {
                reason: Some("ignored in Snyk policy".into()),
            };
            scan.findings.push(f);
        }
    }
    Ok(scan)
}

fn vulnerability(
    v: &Node,
    tool: &Tool,
    manager: Option<&str>,
    image: &Option<String>,
    manifest: &Option<String>,
) -> Result<Finding, ImportError> {
    let id = v.require("id", F)?;
    let name = v.require("packageName", F)?;
    let version = v.s("version");
    let manager = v.s("packageManager").or(manager.map(str::to_string));
    let mut f = Finding {
        tool: tool.clone(),
        rule_id: Some(id.clone()),
        description: v.s("description"),
        ..Finding::default()
    };
    f.set_title(&v.s("title").unwrap_or_else(|| format!("{id} in {name}")));
    if let Some(raw) = v.s("severityWithCritical").or_else(|| v.s("severity")) {
        f.set_label_severity(&raw);
    }
    if let Some(score) = v.get("cvssScore").f64() {
        f.set_score(score, v.s("CVSSv3"));
    }
    f.add_alias(&id);
    let ids = v.get("identifiers");
    for cve in ids.get("CVE").strings() {
        f.add_cve(&cve);
    }
    for cwe in ids.get("CWE").strings() {
        f.add_cwe(&cwe);
    }
    for ghsa in ids.get("GHSA").strings() {
        f.add_alias(&ghsa);
    }
    f.add_reference(&format!("https://security.snyk.io/vuln/{id}"));
    for r in v.get("references").items() {
        if let Some(url) = r.s("url") {
            f.add_reference(&url);
        }
    }
    let fixed = v.get("fixedIn").strings();
    let upgrade: Vec<String> = v
        .get("upgradePath")
        .strings()
        .into_iter()
        .filter(|s| s != "false")
        .collect();
    f.remediation = match (upgrade.first(), fixed.first()) {
        (Some(top), _) => Some(format!("Upgrade to {top}")),
        (None, Some(fx)) => Some(format!("Upgrade {name} to {fx}")),
        _ => None,
    };
    let from = v.get("from").strings().join(">");
    f.fingerprint = fingerprint(
        "package",
        &[
            manager.as_deref().unwrap_or(""),
            &name,
            version.as_deref().unwrap_or(""),
            &id,
            &from,
        ],
    );
    let package = PackageRef {
        ecosystem: manager,
        name,
        version,
        fixed_versions: fixed,
        purl: None,
    };
    f.location = match image {
        Some(image) => Location::Image {
            image: image.clone(),
            layer: None,
            package: Some(package),
        },
        None => Location::Package {
            package,
            manifest: manifest.clone(),
        },
    };
    Ok(f)
}
