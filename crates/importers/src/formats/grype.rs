//! Grype JSON (`grype -o json`).
//!
//! Title: Grype has none, so it is `<vulnerability id> in <package>@<version>`; the
//! description is `vulnerability.description` (else the first related description).
//! Severity: `vulnerability.severity` (Negligible → info, Unknown → from the highest CVSS base
//! score among `vulnerability.cvss` and `relatedVulnerabilities[].cvss`).
//! Fix: `fix.versions` when `fix.state` is `fixed`.
//! Location: an image source gives an Image location (layer from `locations[0].layerID`),
//! anything else a Package location whose manifest is `locations[0].path`.
//! Fingerprint (`package` family): artifact type + name + version + vulnerability id +
//! `locations[0].path` (Grype repeats a CVE once per path).

use serde::Deserialize;
use serde_json::Value;
use vulnbridge_model::{fingerprint, Finding, Location, PackageRef, Tool};

use crate::error::ImportError;
use crate::format::Format;
use crate::json_input::from_bytes;
use crate::lenient::{opt_f64, opt_string};
use crate::scan::ParsedScan;

const F: Format = Format::GrypeJson;

#[derive(Deserialize, Default)]
#[serde(default)]
struct Document {
    matches: Option<Vec<Match>>,
    source: Option<Source>,
    descriptor: Option<Descriptor>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Source {
    #[serde(rename = "type", deserialize_with = "opt_string")]
    kind: Option<String>,
    target: Option<Value>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Descriptor {
    #[serde(deserialize_with = "opt_string")]
    name: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    version: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Match {
    vulnerability: Option<Vulnerability>,
    related_vulnerabilities: Option<Vec<Vulnerability>>,
    artifact: Option<Artifact>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Vulnerability {
    #[serde(deserialize_with = "opt_string")]
    id: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    data_source: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    severity: Option<String>,
    urls: Option<Vec<String>>,
    #[serde(deserialize_with = "opt_string")]
    description: Option<String>,
    cvss: Option<Vec<Cvss>>,
    fix: Option<Fix>,
    cwes: Option<Vec<Value>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Cvss {
    #[serde(deserialize_with = "opt_string")]
    vector: Option<String>,
    metrics: Option<Metrics>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Metrics {
    #[serde(deserialize_with = "opt_f64")]
    base_score: Option<f64>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Fix {
    versions: Option<Vec<String>>,
    #[serde(deserialize_with = "opt_string")]
    state: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Artifact {
    #[serde(deserialize_with = "opt_string")]
    name: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    version: Option<String>,
    #[serde(rename = "type", deserialize_with = "opt_string")]
    kind: Option<String>,
    locations: Option<Vec<ArtifactLocation>>,
    #[serde(deserialize_with = "opt_string")]
    purl: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ArtifactLocation {
    #[serde(deserialize_with = "opt_string")]
    path: Option<String>,
    #[serde(rename = "layerID", deserialize_with = "opt_string")]
    layer_id: Option<String>,
}

pub(crate) fn parse(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    let doc: Document = from_bytes(bytes, F)?;
    let descriptor = doc.descriptor.unwrap_or_default();
    let tool = Tool::new(
        descriptor.name.unwrap_or_else(|| "grype".to_string()),
        descriptor.version,
    );
    let mut scan = ParsedScan::new(F, tool.clone());
    let source = doc.source.unwrap_or_default();
    let is_image = source.kind.as_deref() == Some("image");
    scan.target = match &source.target {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Object(o)) => o
            .get("userInput")
            .and_then(Value::as_str)
            .map(str::to_string),
        _ => None,
    };
    let matches = doc
        .matches
        .ok_or_else(|| ImportError::invalid(F, "the document has no `matches` list"))?;
    scan.findings.reserve(matches.len());
    for (i, m) in matches.into_iter().enumerate() {
        scan.findings
            .push(finding(m, i, &tool, is_image.then_some(&scan.target))?);
    }
    Ok(scan)
}

fn finding(
    m: Match,
    index: usize,
    tool: &Tool,
    image: Option<&Option<String>>,
) -> Result<Finding, ImportError> {
    let vuln = m.vulnerability.unwrap_or_default();
    let id = vuln.id.clone().ok_or_else(|| {
        ImportError::invalid(F, format!("matches[{index}].vulnerability has no id"))
    })?;
    let artifact = m.artifact.unwrap_or_default();
    let name = artifact
        .name
        .clone()
        .ok_or_else(|| ImportError::invalid(F, format!("matches[{index}].artifact has no name")))?;
    let related = m.related_vulnerabilities.unwrap_or_default();
    let mut f = Finding {
        tool: tool.clone(),
        rule_id: Some(id.clone()),
        description: vuln
            .description
            .clone()
            .or_else(|| related.iter().find_map(|r| r.description.clone())),
        ..Finding::default()
    };
    let version = artifact.version.clone();
    f.set_title(&match &version {
        Some(v) => format!("{id} in {name}@{v}"),
        None => format!("{id} in {name}"),
    });
    f.add_alias(&id);
    for r in &related {
        if let Some(rid) = &r.id {
            f.add_alias(rid);
        }
    }
    for cwe in vuln.cwes.iter().flatten() {
        match cwe {
            Value::String(s) => f.add_cwe(s),
            Value::Object(o) => {
                if let Some(s) = o.get("cwe").and_then(Value::as_str) {
                    f.add_cwe(s);
                }
            }
            _ => {}
        }
    }
    if let Some(raw) = &vuln.severity {
        f.set_label_severity(raw);
    }
    let best = vuln
        .cvss
        .iter()
        .flatten()
        .chain(related.iter().flat_map(|r| r.cvss.iter().flatten()))
        .filter_map(|c| Some((c.metrics.as_ref()?.base_score?, c.vector.clone())))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((score, vector)) = best {
        f.set_score(score, vector);
    }
    if let Some(ds) = &vuln.data_source {
        f.add_reference(ds);
    }
    for url in vuln.urls.iter().flatten() {
        f.add_reference(url);
    }
    let fix = vuln.fix.unwrap_or_default();
    let fixed_versions = match fix.state.as_deref() {
        Some("fixed") => fix.versions.unwrap_or_default(),
        _ => Vec::new(),
    };
    if let Some(v) = fixed_versions.first() {
        f.remediation = Some(format!("Upgrade {name} to {v}"));
    }
    let first_location = artifact.locations.unwrap_or_default().into_iter().next();
    let path = first_location.as_ref().and_then(|l| l.path.clone());
    let package = PackageRef {
        ecosystem: artifact.kind.clone(),
        name: name.clone(),
        version: version.clone(),
        fixed_versions,
        purl: artifact.purl,
    };
    f.fingerprint = fingerprint(
        "package",
        &[
            artifact.kind.as_deref().unwrap_or(""),
            &name,
            version.as_deref().unwrap_or(""),
            &id,
            path.as_deref().unwrap_or(""),
        ],
    );
    f.location = match image {
        Some(image) => Location::Image {
            image: image.clone().unwrap_or_default(),
            layer: first_location.and_then(|l| l.layer_id),
            package: Some(package),
        },
        None => Location::Package {
            package,
            manifest: path,
        },
    };
    Ok(f)
}
