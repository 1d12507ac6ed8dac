//! CycloneDX 1.4–1.7 with `vulnerabilities` (VEX included), JSON and XML. The XML is read into
//! the JSON shape first, so both share this mapping.
//!
//! One finding per vulnerability and `affects[].ref`. The ref is resolved through
//! `components[]` (nested ones too) by `bom-ref`; a ref that is a purl is read directly.
//! Title: `<id> in <name>@<version>`; description `description` + `detail`; remediation
//! `recommendation`. Severity: the most severe rating wins — every rating with a score gives
//! a level by CVSS bands, every rating with a severity word (other than `none`/`unknown`)
//! gives its level; the top score/vector is kept. CWEs are integers.
//! Triage: `analysis.state` `not_affected`/`false_positive` → not affected (with
//! `justification`), `resolved` → fixed; an affected ref whose versions are all `unaffected`
//! → not affected.
//! Fingerprint `package` family: purl type + name + version + vulnerability id + `""` (the
//! same key shape as the other SCA importers).

use std::collections::HashMap;

use serde_json::Value;
use vulnbridge_model::{
    fingerprint, Finding, Location, PackageRef, Severity, SeverityBasis, Suppression, Tool,
};

use crate::error::ImportError;
use crate::format::Format;
use crate::json_input::value;
use crate::node::Node;
use crate::scan::ParsedScan;
use crate::xml_tree;

const XML_LISTS: [&str; 12] = [
    "components",
    "vulnerabilities",
    "ratings",
    "cwes",
    "advisories",
    "affects",
    "versions",
    "references",
    "tools",
    "responses",
    "properties",
    "services",
];

pub(crate) fn parse_json(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    let doc = value(bytes, Format::CycloneDxJson)?;
    from_value(&doc, Format::CycloneDxJson)
}

pub(crate) fn parse_xml(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    let doc = xml_tree::to_value(bytes, Format::CycloneDxXml, "", &XML_LISTS)?;
    from_value(&doc, Format::CycloneDxXml)
}

struct Component {
    name: String,
    version: Option<String>,
    purl: Option<String>,
}

fn from_value(doc: &Value, format: Format) -> Result<ParsedScan, ImportError> {
    let root = Node::root(doc);
    root.expect_object(format)?;
    let tool_node = root.get("metadata").get("tools");
    let first_tool = tool_node
        .get("components")
        .items()
        .into_iter()
        .chain(tool_node.items())
        .find(|t| t.s("name").is_some());
    let tool = match first_tool {
        Some(t) => Tool::new(t.s("name").unwrap_or_default(), t.s("version")),
        None => Tool::new("CycloneDX", None),
    };
    let mut scan = ParsedScan::new(format, tool.clone());
    let subject = root.get("metadata").get("component");
    scan.target = subject.s("name").map(|n| match subject.s("version") {
        Some(v) => format!("{n}@{v}"),
        None => n,
    });
    let mut components = HashMap::new();
    collect_components(&root.get("components"), &mut components, 0);
    for v in root.get("vulnerabilities").items() {
        let id = v.require("id", format)?;
        let affects = v.get("affects").items();
        if affects.is_empty() {
            scan.findings
                .push(finding(&v, &id, None, &tool, &components));
        }
        for a in affects {
            scan.findings
                .push(finding(&v, &id, Some(&a), &tool, &components));
        }
    }
    Ok(scan)
}

fn collect_components(list: &Node, out: &mut HashMap<String, Component>, depth: usize) {
    if depth > 32 {
        return;
    }
    for c in list.items() {
        if let (Some(r), Some(name)) = (c.s("bom-ref"), c.s("name")) {
            let name = match c.s("group") {
                Some(g) => format!("{g}/{name}"),
                None => name,
            };
            out.insert(
                r,
                Component {
                    name,
                    version: c.s("version"),
                    purl: c.s("purl"),
                },
            );
        }
        collect_components(&c.get("components"), out, depth + 1);
    }
}

fn finding(
    v: &Node,
    id: &str,
    affect: Option<&Node>,
    tool: &Tool,
    components: &HashMap<String, Component>,
) -> Finding {
    let mut f = Finding {
        tool: tool.clone(),
        rule_id: Some(id.to_string()),
        remediation: v.s("recommendation"),
        description: match (v.s("description"), v.s("detail")) {
            (Some(d), Some(x)) => Some(format!("{d}\n\n{x}")),
            (a, b) => a.or(b),
        },
        ..Finding::default()
    };
    f.add_alias(id);
    for r in v.get("references").items() {
        if let Some(rid) = r.s("id") {
            f.add_alias(&rid);
        }
    }
    for cwe in v.get("cwes").strings() {
        f.add_cwe(&cwe);
    }
    for url in v.get("source").s("url").into_iter().chain(
        v.get("advisories")
            .items()
            .iter()
            .filter_map(|a| a.s("url")),
    ) {
        f.add_reference(&url);
    }
    apply_ratings(&mut f, v);
    let reference = affect.and_then(|a| a.s("ref"));
    let component = reference.as_deref().and_then(|r| {
        components
            .get(r)
            .map(|c| Component {
                name: c.name.clone(),
                version: c.version.clone(),
                purl: c.purl.clone(),
            })
            .or_else(|| from_purl(r))
    });
    let title = match &component {
        Some(c) => match &c.version {
            Some(ver) => format!("{id} in {}@{ver}", c.name),
            None => format!("{id} in {}", c.name),
        },
        None => id.to_string(),
    };
    f.set_title(&title);
    let analysis = v.get("analysis");
    f.suppression = match analysis.s("state").as_deref() {
        Some("not_affected") | Some("false_positive") => Suppression::NotAffected {
            justification: analysis
                .s("justification")
                .or_else(|| analysis.s("detail"))
                .or(analysis.s("state")),
        },
        Some("resolved") => Suppression::Fixed {
            detail: analysis.s("detail"),
        },
        _ => Suppression::None,
    };
    let versions = affect
        .map(|a| a.get("versions").items())
        .unwrap_or_default();
    if f.suppression.is_open()
        && !versions.is_empty()
        && versions
            .iter()
            .all(|x| x.s("status").as_deref() == Some("unaffected"))
    {
        f.suppression = Suppression::NotAffected {
            justification: Some("all listed versions are unaffected".into()),
        };
    }
    let ecosystem = component
        .as_ref()
        .and_then(|c| c.purl.as_deref())
        .and_then(|p| p.strip_prefix("pkg:"))
        .and_then(|p| p.split('/').next())
        .map(str::to_string);
    let (name, version) = component
        .as_ref()
        .map(|c| (c.name.clone(), c.version.clone()))
        .unwrap_or_else(|| (reference.clone().unwrap_or_default(), None));
    f.fingerprint = fingerprint(
        "package",
        &[
            ecosystem.as_deref().unwrap_or(""),
            &name,
            version.as_deref().unwrap_or(""),
            id,
            "",
        ],
    );
    f.location = match component {
        Some(c) => Location::Package {
            package: PackageRef {
                ecosystem,
                name: c.name,
                version: c.version,
                fixed_versions: Vec::new(),
                purl: c.purl,
            },
            manifest: None,
        },
        None => Location::Unknown,
    };
    f
}

/// The most severe rating wins (see the module doc).
fn apply_ratings(f: &mut Finding, v: &Node) {
    let mut best: Option<(Severity, SeverityBasis, String)> = None;
    let mut top_score: Option<(f64, Option<String>)> = None;
    for r in v.get("ratings").items() {
        let score = r.get("score").f64();
        if let Some(s) = score {
            if top_score.as_ref().is_none_or(|(t, _)| s > *t) {
                top_score = Some((s, r.s("vector")));
            }
        }
        let word = r
            .s("severity")
            .filter(|w| !matches!(w.as_str(), "none" | "unknown"));
        let candidates = [
            word.as_deref()
                .and_then(Severity::from_label)
                .map(|l| (l, SeverityBasis::Label, word.clone().unwrap_or_default())),
            score.and_then(Severity::from_score).map(|l| {
                (
                    l,
                    SeverityBasis::Score,
                    score.map(|s| s.to_string()).unwrap_or_default(),
                )
            }),
        ];
        for c in candidates.into_iter().flatten() {
            if best.as_ref().is_none_or(|b| c.0 > b.0) {
                best = Some(c);
            }
        }
    }
    if let Some((score, vector)) = top_score {
        f.set_score(score, vector);
    }
    if let Some((level, basis, raw)) = best {
        f.severity = Some(level);
        f.severity_basis = basis;
        f.raw_severity = Some(raw);
    }
}

/// `pkg:npm/%40scope/name@1.2.3?x=y` → name `@scope/name`, version `1.2.3`.
fn from_purl(purl: &str) -> Option<Component> {
    let rest = purl.strip_prefix("pkg:")?;
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let (_, path) = rest.split_once('/')?;
    let (name, version) = match path.rsplit_once('@') {
        Some((n, v)) => (n, Some(v.to_string())),
        None => (path, None),
    };
    Some(Component {
        name: name.replace("%40", "@"),
        version,
        purl: Some(purl.to_string()),
    })
}
