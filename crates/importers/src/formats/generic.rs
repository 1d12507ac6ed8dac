//! Generic CSV / JSON records through a [`ColumnMapping`] (unknown tools, incidents).
//!
//! Fingerprint `generic` family: tool name + the `id` column when mapped and present; else
//! tool name + title + location (as displayed) + CVEs + rule. Titles are cleaned like every
//! other title; a row whose title cell is empty is an error naming the row.

use std::collections::HashMap;

use vulnbridge_model::{fingerprint, Finding, Location, PackageRef, Tool};

use crate::error::ImportError;
use crate::format::Format;
use crate::json_input::{strip_bom, value};
use crate::mapping::ColumnMapping;
use crate::node::Node;
use crate::scan::ParsedScan;

/// Imports CSV (or, when the content starts with `{`/`[`, JSON records) with `mapping`.
pub fn parse_with_mapping(
    bytes: &[u8],
    mapping: &ColumnMapping,
) -> Result<ParsedScan, ImportError> {
    let body = strip_bom(bytes);
    if body.is_empty() {
        return Err(ImportError::Empty);
    }
    if mapping.title.trim().is_empty() {
        return Err(ImportError::invalid(
            Format::GenericCsv,
            "the column mapping has no title column; choose which column holds the title",
        ));
    }
    let mut scan = match body[0] {
        b'{' | b'[' => parse_json(body, mapping),
        _ => parse_csv(body, mapping),
    }?;
    super::warn_about_duplicates(&mut scan);
    Ok(scan)
}

fn parse_csv(body: &[u8], mapping: &ColumnMapping) -> Result<ParsedScan, ImportError> {
    const F: Format = Format::GenericCsv;
    let delimiter = mapping.delimiter.unwrap_or_else(|| guess_delimiter(body));
    let delimiter = u8::try_from(u32::from(delimiter)).map_err(|_| {
        ImportError::invalid(
            F,
            format!("the delimiter {delimiter:?} is not a single-byte character"),
        )
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(body);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ImportError::invalid(F, format!("the header line cannot be read: {e}")))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    if !headers.contains(&mapping.title.trim().to_ascii_lowercase()) {
        return Err(ImportError::invalid(
            F,
            format!(
                "the title column {:?} is not in the header; the columns are: {}",
                mapping.title,
                headers.join(", ")
            ),
        ));
    }
    let mut scan = ParsedScan::new(F, tool(mapping, "CSV import"));
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = record
            .map_err(|e| ImportError::invalid(F, format!("row {row} cannot be read: {e}")))?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells: HashMap<&str, String> = headers
            .iter()
            .map(String::as_str)
            .zip(record.iter().map(str::to_string))
            .collect();
        let get = |col: &Option<String>| {
            col.as_ref()
                .and_then(|c| cells.get(c.trim().to_ascii_lowercase().as_str()))
                .filter(|v| !v.trim().is_empty())
                .cloned()
        };
        let f = build(&get, mapping, &scan.tool, F, &format!("row {row}"))?;
        scan.findings.push(f);
    }
    Ok(scan)
}

fn parse_json(body: &[u8], mapping: &ColumnMapping) -> Result<ParsedScan, ImportError> {
    const F: Format = Format::GenericJson;
    let doc = value(body, F)?;
    let root = Node::root(&doc);
    let records = match mapping.records_path.as_deref().filter(|p| !p.is_empty()) {
        Some(path) => path.split('.').fold(root, |n, k| n.get(k)),
        None if root.v.is_array() => root,
        None => {
            let lists: Vec<_> = root
                .entries()
                .into_iter()
                .filter(|(_, v)| v.v.is_array())
                .collect();
            match lists.as_slice() {
                [(_, only)] => only.clone(),
                _ => {
                    return Err(ImportError::invalid(
                        F,
                        "the document is an object without exactly one list of records; set records_path in the mapping",
                    ))
                }
            }
        }
    };
    if !records.v.is_array() {
        return Err(ImportError::invalid(
            F,
            format!("{} is not a list of records", records.path()),
        ));
    }
    let mut scan = ParsedScan::new(F, tool(mapping, "JSON import"));
    for record in records.items() {
        let get = |col: &Option<String>| {
            let path = col.as_ref()?;
            let node = path.split('.').fold(record.clone(), |n, k| n.get(k));
            let values = node.strings();
            (!values.is_empty()).then(|| values.join(", "))
        };
        let f = build(&get, mapping, &scan.tool, F, record.path())?;
        scan.findings.push(f);
    }
    Ok(scan)
}

fn tool(mapping: &ColumnMapping, default: &str) -> Tool {
    Tool::new(
        mapping
            .tool_name
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| default.to_string()),
        None,
    )
}

fn split(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
}

fn build(
    get: &dyn Fn(&Option<String>) -> Option<String>,
    m: &ColumnMapping,
    tool: &Tool,
    format: Format,
    record: &str,
) -> Result<Finding, ImportError> {
    let title = get(&Some(m.title.clone())).ok_or_else(|| {
        ImportError::invalid(
            format,
            format!("{record} has an empty title column {:?}", m.title),
        )
    })?;
    let mut f = Finding {
        kind: m.kind,
        tool: tool.clone(),
        description: get(&m.description),
        remediation: get(&m.remediation),
        rule_id: get(&m.rule),
        request_url: get(&m.request_url),
        evidence: get(&m.evidence),
        ..Finding::default()
    };
    f.set_title(&title);
    if let Some(raw) = get(&m.severity) {
        match raw.trim().parse::<f64>() {
            Ok(score) => {
                f.raw_severity = Some(raw.clone());
                f.set_score(score, None);
            }
            Err(_) => f.set_label_severity(&raw),
        }
    }
    if let Some(score) = get(&m.score).and_then(|s| s.trim().parse::<f64>().ok()) {
        f.set_score(score, None);
    }
    for cell in [get(&m.cve), get(&m.cwe)].into_iter().flatten() {
        for id in split(&cell) {
            if id.to_ascii_uppercase().starts_with("CVE-") {
                f.add_cve(id);
            } else {
                f.add_cwe(id);
            }
        }
    }
    if let Some(ips) = get(&m.source_ip) {
        f.source_ips = split(&ips).map(str::to_string).collect();
    }
    if let Some(refs) = get(&m.references) {
        split(&refs).for_each(|r| f.add_reference(r));
    }
    f.location = location(get, m);
    if matches!(f.location, Location::Unknown) {
        if let Some(url) = f.request_url.clone() {
            f.location = Location::Url {
                url,
                method: None,
                param: None,
            };
        }
    }
    let cves = f.cves.join(",");
    f.fingerprint = match get(&m.id) {
        Some(id) => fingerprint("generic", &[&tool.name, &id]),
        None => fingerprint(
            "generic",
            &[
                &tool.name,
                &f.title,
                &f.location.display(),
                &cves,
                f.rule_id.as_deref().unwrap_or(""),
            ],
        ),
    };
    Ok(f)
}

fn location(get: &dyn Fn(&Option<String>) -> Option<String>, m: &ColumnMapping) -> Location {
    if let Some(name) = get(&m.package) {
        return Location::Package {
            package: PackageRef {
                name,
                version: get(&m.package_version),
                ..PackageRef::default()
            },
            manifest: get(&m.location),
        };
    }
    if let Some(loc) = get(&m.location) {
        let lower = loc.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return Location::Url {
                url: loc,
                method: None,
                param: None,
            };
        }
        if loc.parse::<std::net::IpAddr>().is_ok() {
            return Location::Host {
                host: None,
                ip: Some(loc),
                port: None,
            };
        }
        return Location::Code {
            file: loc,
            start_line: get(&m.line).and_then(|l| l.trim().parse().ok()),
            end_line: None,
            column: None,
            snippet: None,
            commit: None,
        };
    }
    if let Some(host) = get(&m.host) {
        let is_ip = host.parse::<std::net::IpAddr>().is_ok();
        return Location::Host {
            ip: is_ip.then(|| host.clone()),
            host: (!is_ip).then_some(host),
            port: None,
        };
    }
    Location::Unknown
}

/// The separator that occurs most in the first line among `,`, `;` and tab.
fn guess_delimiter(body: &[u8]) -> char {
    let first = body.split(|&b| b == b'\n').next().unwrap_or(body);
    [',', ';', '\t']
        .into_iter()
        .max_by_key(|&d| first.iter().filter(|&&b| b == d as u8).count())
        .unwrap_or(',')
}
