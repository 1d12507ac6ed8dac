//! OWASP ZAP traditional reports: XML (`<OWASPZAPReport>`) and JSON (`@programName`, `site[]`).
//! The XML is read into the JSON shape first, so both share this mapping.
//!
//! One finding per alert instance (URL + method + parameter). Title `name` (else `alert`).
//! Severity `riskcode` 0–3 → info/low/medium/high (raw severity: `riskdesc`, e.g.
//! `"Medium (High)"`, else the code). Confidence 1–4 → low/medium/high/confirmed; confidence 0
//! ("False Positive") comes out suppressed. `cweid` `-1`/`0` means none. `desc` and `solution`
//! are ZAP's HTML paragraphs, turned into plain lines (`<p>` removed, `</p>` → newline).
//! Fingerprint `url` family: `zap` + pluginid + alertRef + METHOD + normalized URL (scheme and
//! host lowercased, fragment dropped, query reduced to its sorted parameter names, so attack
//! payloads in the query do not change identity) + param.

use vulnbridge_model::{
    fingerprint, Confidence, Finding, Location, Severity, SeverityBasis, Suppression, Tool,
};

use crate::error::ImportError;
use crate::format::Format;
use crate::json_input::value;
use crate::node::Node;
use crate::scan::ParsedScan;
use crate::xml_tree;

pub(crate) fn parse_xml(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    let doc = xml_tree::to_value(bytes, Format::ZapXml, "@", &["alerts", "instances"])?;
    from_value(&doc, Format::ZapXml)
}

pub(crate) fn parse_json(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    let doc = value(bytes, Format::ZapJson)?;
    from_value(&doc, Format::ZapJson)
}

fn from_value(doc: &serde_json::Value, format: Format) -> Result<ParsedScan, ImportError> {
    let root = Node::root(doc);
    root.expect_object(format)?;
    let tool = Tool::new(
        root.s("@programName").unwrap_or_else(|| "OWASP ZAP".into()),
        root.s("@version"),
    );
    let mut scan = ParsedScan::new(format, tool.clone());
    for site in root.get("site").items() {
        let site_name = site.s("@name");
        if scan.target.is_none() {
            scan.target = site_name.clone();
        }
        for alert in site.get("alerts").items() {
            let plugin = alert.require("pluginid", format)?;
            let instances = alert.get("instances").items();
            if instances.is_empty() {
                let url = site_name.clone().unwrap_or_default();
                scan.findings
                    .push(finding(&alert, &plugin, &url, None, None, None, &tool));
            }
            for inst in instances {
                let url = inst
                    .s("uri")
                    .or_else(|| site_name.clone())
                    .unwrap_or_default();
                let mut f = finding(
                    &alert,
                    &plugin,
                    &url,
                    inst.s("method"),
                    inst.s("param"),
                    inst.s("evidence"),
                    &tool,
                );
                if let Some(attack) = inst.s("attack") {
                    f.description = Some(format!(
                        "{}\n\nAttack: {attack}",
                        f.description.unwrap_or_default()
                    ));
                }
                scan.findings.push(f);
            }
        }
    }
    Ok(scan)
}

fn finding(
    alert: &Node,
    plugin: &str,
    url: &str,
    method: Option<String>,
    param: Option<String>,
    evidence: Option<String>,
    tool: &Tool,
) -> Finding {
    let mut f = Finding {
        tool: tool.clone(),
        rule_id: Some(plugin.to_string()),
        description: alert.s("desc").map(|d| paragraphs(&d)),
        remediation: alert.s("solution").map(|d| paragraphs(&d)),
        request_url: Some(url.to_string()),
        evidence,
        ..Finding::default()
    };
    f.set_title(
        &alert
            .s("name")
            .or_else(|| alert.s("alert"))
            .unwrap_or_else(|| format!("ZAP alert {plugin}")),
    );
    let risk = alert.get("riskcode").u32();
    f.raw_severity = alert.s("riskdesc").or_else(|| alert.s("riskcode"));
    f.severity = match risk {
        Some(0) => Some(Severity::Info),
        Some(1) => Some(Severity::Low),
        Some(2) => Some(Severity::Medium),
        Some(3) => Some(Severity::High),
        _ => f.raw_severity.as_deref().and_then(Severity::from_label),
    };
    f.severity_basis = if f.severity.is_some() {
        SeverityBasis::Label
    } else {
        SeverityBasis::Unknown
    };
    match alert.get("confidence").u32() {
        Some(0) => {
            f.suppression = Suppression::Suppressed {
                reason: Some("ZAP confidence: False Positive".into()),
            }
        }
        Some(1) => f.confidence = Some(Confidence::Low),
        Some(2) => f.confidence = Some(Confidence::Medium),
        Some(3) => f.confidence = Some(Confidence::High),
        Some(4) => f.confidence = Some(Confidence::Confirmed),
        _ => {}
    }
    if let Some(cwe) = alert.s("cweid") {
        f.add_cwe(&cwe);
    }
    if let Some(reference) = alert.s("reference") {
        for token in reference.split(|c: char| c.is_whitespace() || c == '<' || c == '>') {
            if token.starts_with("http://") || token.starts_with("https://") {
                f.add_reference(token);
            }
        }
    }
    let alert_ref = alert.s("alertRef").unwrap_or_default();
    let method_up = method.as_deref().unwrap_or("").to_ascii_uppercase();
    f.fingerprint = fingerprint(
        "url",
        &[
            "zap",
            plugin,
            &alert_ref,
            &method_up,
            &normalize_url(url),
            param.as_deref().unwrap_or(""),
        ],
    );
    f.location = Location::Url {
        url: url.to_string(),
        method,
        param,
    };
    f
}

/// ZAP's `<p>…</p>` paragraphs as plain lines.
fn paragraphs(html: &str) -> String {
    html.replace("</p>", "\n")
        .replace("<p>", "")
        .trim()
        .to_string()
}

/// Scheme and host lowercased, fragment dropped, query reduced to sorted parameter names.
pub(crate) fn normalize_url(url: &str) -> String {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or(url);
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let base = match base.split_once("://") {
        Some((scheme, rest)) => {
            let (host, path) = match rest.find('/') {
                Some(i) => (&rest[..i], &rest[i..]),
                None => (rest, ""),
            };
            format!(
                "{}://{}{}",
                scheme.to_ascii_lowercase(),
                host.to_ascii_lowercase(),
                path
            )
        }
        None => base.to_string(),
    };
    match query {
        Some(q) => {
            let mut names: Vec<&str> = q
                .split('&')
                .map(|kv| kv.split('=').next().unwrap_or(kv))
                .filter(|k| !k.is_empty())
                .collect();
            names.sort_unstable();
            names.dedup();
            format!("{base}?{}", names.join("&"))
        }
        None => base,
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_url;

    #[test]
    fn urls_normalize_for_identity() {
        assert_eq!(
            normalize_url("HTTPS://Shop.Example/Search?q=%3Cscript%3E&a=1#top"),
            "https://shop.example/Search?a&q"
        );
        assert_eq!(
            normalize_url("https://shop.example"),
            "https://shop.example"
        );
    }
}
