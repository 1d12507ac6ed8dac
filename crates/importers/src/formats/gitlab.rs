//! GitLab security reports (SAST, dependency scanning, container scanning, secret detection;
//! schema 2.x–15.x).
//!
//! Title `name`, else `message`, else the first CVE identifier, else `identifiers[0].name`.
//! Severity `severity` (Info/Unknown/Low/Medium/High/Critical), confidence `confidence` (the
//! real-world typo "Unkown" reads as unknown). CVE/CWE/GHSA from `identifiers[]`. The old
//! `cve` member is a compound key, not a CVE, and is ignored.
//! Location: `location.image` → Image; `location.dependency` → Package (manifest =
//! `location.file`); `location.file` → Code (with `commit.sha` for secrets); else Unknown.
//! Fingerprint: report type (`scan.type`) + primary identifier (`type:value` of
//! `identifiers[0]`) + the location identity: file + start line (`code` family), manifest +
//! package + version (`package` family) or image + package + version (`image` family).

use vulnbridge_model::{fingerprint, Confidence, Finding, Location, PackageRef, Tool};

use crate::error::ImportError;
use crate::format::Format;
use crate::json_input::value;
use crate::node::Node;
use crate::scan::ParsedScan;

const F: Format = Format::GitlabSecurityReport;

pub(crate) fn parse(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    let doc = value(bytes, F)?;
    let root = Node::root(&doc);
    root.expect_object(F)?;
    root.get("vulnerabilities").expect_list(F)?;
    let scan_info = root.get("scan");
    let scanner = scan_info.get("scanner");
    let report_type = scan_info.s("type").unwrap_or_default();
    let tool = Tool::new(
        scanner
            .s("name")
            .unwrap_or_else(|| "GitLab analyzer".into()),
        scanner.s("version"),
    );
    let mut scan = ParsedScan::new(F, tool.clone());
    for v in root.get("vulnerabilities").items() {
        v.expect_object(F)?;
        let ids = v.get("identifiers").items();
        let primary = ids.first();
        let mut f = Finding {
            tool: match v.get("scanner").s("name") {
                Some(name) => Tool::new(name, tool.version.clone()),
                None => tool.clone(),
            },
            rule_id: primary.and_then(|p| p.s("value")),
            description: v.s("description"),
            remediation: v.s("solution"),
            evidence: v.s("raw_source_code_extract"),
            ..Finding::default()
        };
        for id in &ids {
            let value = id.s("value").unwrap_or_default();
            match id
                .s("type")
                .unwrap_or_default()
                .to_ascii_lowercase()
                .as_str()
            {
                "cve" => f.add_cve(&value),
                "cwe" => f.add_cwe(&value),
                "ghsa" | "osvdb" => f.add_alias(&value),
                _ => {}
            }
            if let Some(url) = id.s("url") {
                f.add_reference(&url);
            }
        }
        for link in v.get("links").items() {
            if let Some(url) = link.s("url") {
                f.add_reference(&url);
            }
        }
        let title = v
            .s("name")
            .or_else(|| v.s("message"))
            .or_else(|| f.cves.first().cloned())
            .or_else(|| primary.and_then(|p| p.s("name")))
            .ok_or_else(|| {
                ImportError::invalid(
                    F,
                    format!("{} has no name, message or identifiers", v.path()),
                )
            })?;
        f.set_title(&title);
        if let Some(raw) = v.s("severity") {
            f.set_label_severity(&raw);
        }
        f.confidence = v.s("confidence").and_then(|c| Confidence::from_label(&c));
        let primary_key = primary
            .map(|p| {
                format!(
                    "{}:{}",
                    p.s("type").unwrap_or_default(),
                    p.s("value").unwrap_or_default()
                )
            })
            .unwrap_or_else(|| title.clone());
        let loc = v.get("location");
        let dep = loc.get("dependency");
        let package = dep.get("package").s("name").map(|name| PackageRef {
            ecosystem: loc
                .s("operating_system")
                .or_else(|| dep.s("package_manager")),
            name,
            version: dep.s("version"),
            fixed_versions: Vec::new(),
            purl: None,
        });
        let pkg_key = |p: &Option<PackageRef>| {
            p.as_ref()
                .map(|p| format!("{}@{}", p.name, p.version.clone().unwrap_or_default()))
                .unwrap_or_default()
        };
        (f.location, f.fingerprint) = if let Some(image) = loc.s("image") {
            let fp = fingerprint(
                "image",
                &[
                    "gitlab",
                    &report_type,
                    &primary_key,
                    &image,
                    &pkg_key(&package),
                ],
            );
            (
                Location::Image {
                    image,
                    layer: None,
                    package,
                },
                fp,
            )
        } else if package.is_some() {
            let manifest = loc.s("file");
            let fp = fingerprint(
                "package",
                &[
                    "gitlab",
                    &report_type,
                    &primary_key,
                    manifest.as_deref().unwrap_or(""),
                    &pkg_key(&package),
                ],
            );
            let package = package.unwrap_or_default();
            (Location::Package { package, manifest }, fp)
        } else if let Some(file) = loc.s("file") {
            let start = loc.get("start_line").u32();
            let line = start.map(|l| l.to_string()).unwrap_or_default();
            let fp = fingerprint(
                "code",
                &["gitlab", &report_type, &primary_key, &file, &line],
            );
            let location = Location::Code {
                file,
                start_line: start,
                end_line: loc.get("end_line").u32(),
                column: None,
                snippet: None,
                commit: loc.get("commit").s("sha"),
            };
            (location, fp)
        } else {
            let id = v.s("id").unwrap_or_default();
            (
                Location::Unknown,
                fingerprint("gitlab", &[&report_type, &primary_key, &id]),
            )
        };
        scan.findings.push(f);
    }
    Ok(scan)
}
