//! SARIF 2.1.0 (and the 1.0/2.0/2.2 version strings) from any tool.
//!
//! Per result: the rule is found through `rule.index`/`ruleIndex` (in the driver or the
//! extension named by `rule.toolComponent.index`), else by `ruleId`. The message is `text`,
//! else `markdown`, else `message.id` looked up in `rule.messageStrings`, with `{0}`… replaced by
//! `arguments`. `artifactLocation.index` is resolved through `run.artifacts`. Results of
//! `kind` `pass`/`notApplicable` are not findings and are skipped.
//!
//! Severity, first that applies: `rule.properties["security-severity"]` (a number → CVSS bands;
//! a word → label table); tool-private words (`result.properties.issue_severity` (Bandit),
//! `result.properties.severity`, a severity word in `rule.properties.tags` (Trivy, gosec));
//! `result.level`; `rule.defaultConfiguration.level`; else SARIF's default `warning` (basis
//! `format_default`).
//!
//! Fingerprint (`sarif` family): tool name + rule id + file + the result's `fingerprints`
//! (or, when absent, `partialFingerprints`) as sorted `key=value` pairs. Without either:
//! tool + rule + file + whitespace-squashed snippet, or the start line when there is no
//! snippet. Without a file (`sarif-logical`): tool + rule + logical location names + message.

use std::collections::HashMap;

use serde_json::Value;
use vulnbridge_model::{
    fingerprint, BaselineState, Confidence, Finding, FindingKind, Location, Severity,
    SeverityBasis, Suppression, Tool,
};

use super::sarif_schema::{Component, Log, Message, Rule, Run, SarifResult};
use crate::error::ImportError;
use crate::format::Format;
use crate::ids::{cves_in, is_advisory_id, squash_whitespace};
use crate::json_input::from_bytes;
use crate::scan::ParsedScan;

const F: Format = Format::Sarif;

pub(crate) fn parse(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    let log: Log = from_bytes(bytes, F)?;
    let runs = log
        .runs
        .ok_or_else(|| ImportError::invalid(F, "the document has no `runs` list"))?;
    let mut scan = ParsedScan::new(F, Tool::new("SARIF", None));
    for (run_index, run) in runs.iter().enumerate() {
        let tool = tool_of(&run.tool.driver);
        if run_index == 0 {
            scan.tool = tool.clone();
            scan.target = run
                .version_control_provenance
                .iter()
                .flatten()
                .find_map(|v| v.repository_uri.clone());
        }
        let rule_ids = index_rules(&run.tool.driver);
        for result in run.results.iter().flatten() {
            if matches!(result.kind.as_deref(), Some("pass") | Some("notApplicable"))
                || matches!(
                    result.level.as_deref(),
                    Some("pass") | Some("notApplicable")
                )
            {
                continue;
            }
            let rule = find_rule(run, &rule_ids, result);
            scan.findings.push(finding(run, &tool, rule, result));
        }
    }
    Ok(scan)
}

fn tool_of(driver: &Component) -> Tool {
    Tool::new(
        driver
            .name
            .clone()
            .unwrap_or_else(|| "unknown SARIF tool".to_string()),
        driver
            .semantic_version
            .clone()
            .or_else(|| driver.version.clone()),
    )
}

fn index_rules(driver: &Component) -> HashMap<&str, usize> {
    driver
        .rules
        .iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, r)| r.id.as_deref().map(|id| (id, i)))
        .collect()
}

fn find_rule<'r>(
    run: &'r Run,
    by_id: &HashMap<&str, usize>,
    result: &SarifResult,
) -> Option<&'r Rule> {
    let rule_ref = result.rule.as_ref();
    let component = match rule_ref
        .and_then(|r| r.tool_component.as_ref())
        .and_then(|c| c.index)
    {
        Some(i) => run.tool.extensions.as_ref()?.get(i as usize)?,
        None => &run.tool.driver,
    };
    let rules = component.rules.as_deref().unwrap_or(&[]);
    let index = rule_ref.and_then(|r| r.index).or(result.rule_index);
    if let Some(rule) = index.and_then(|i| rules.get(i as usize)) {
        return Some(rule);
    }
    let id = result
        .rule_id
        .as_deref()
        .or(rule_ref.and_then(|r| r.id.as_deref()))?;
    by_id
        .get(id)
        .and_then(|&i| run.tool.driver.rules.as_ref()?.get(i))
        .or_else(|| rules.iter().find(|r| r.id.as_deref() == Some(id)))
}

fn finding(run: &Run, tool: &Tool, rule: Option<&Rule>, result: &SarifResult) -> Finding {
    let rule_id = result
        .rule_id
        .clone()
        .or_else(|| result.rule.as_ref().and_then(|r| r.id.clone()))
        .or_else(|| rule.and_then(|r| r.id.clone()));
    let message = result
        .message
        .as_ref()
        .and_then(|m| message_text(m, rule))
        .unwrap_or_default();
    let mut f = Finding {
        kind: FindingKind::Vulnerability,
        tool: tool.clone(),
        rule_id: rule_id.clone(),
        ..Finding::default()
    };
    let full = rule
        .and_then(|r| r.full_description.as_ref())
        .and_then(|m| m.text.clone());
    f.description = match (message.is_empty(), full) {
        (false, Some(full)) if full != message => Some(format!("{message}\n\n{full}")),
        (false, _) => Some(message.clone()),
        (true, full) => full,
    };
    f.remediation = rule
        .and_then(|r| r.help.as_ref())
        .and_then(|h| h.text.clone().or_else(|| h.markdown.clone()));
    if let Some(uri) = rule.and_then(|r| r.help_uri.as_deref()) {
        f.add_reference(uri);
    }
    let title = rule
        .and_then(|r| r.short_description.as_ref().and_then(|m| m.text.clone()))
        .or_else(|| rule.and_then(|r| r.name.clone()))
        .or_else(|| message.lines().next().map(str::to_string))
        .or_else(|| rule_id.clone())
        .unwrap_or_else(|| "SARIF result".to_string());
    f.set_title(&title);
    apply_severity(&mut f, rule, result);
    let conf = prop_str(result.properties.as_ref(), "issue_confidence")
        .or_else(|| prop_str(rule.and_then(|r| r.properties.as_ref()), "precision"));
    f.confidence = conf.and_then(|c| Confidence::from_label(c.trim_start_matches("very-")));
    apply_ids(&mut f, rule, rule_id.as_deref());
    f.location = location(run, result);
    f.suppression = suppression(result);
    f.baseline = match result.baseline_state.as_deref() {
        Some("new") => Some(BaselineState::New),
        Some("unchanged") => Some(BaselineState::Unchanged),
        Some("updated") => Some(BaselineState::Updated),
        Some("absent") => Some(BaselineState::Absent),
        _ => None,
    };
    if f.baseline == Some(BaselineState::Absent) && f.suppression.is_open() {
        f.suppression = Suppression::Fixed {
            detail: Some("baselineState is absent: no longer reported by the tool".into()),
        };
    }
    f.fingerprint = fingerprint_of(&f, result);
    f
}

/// `text`, else `markdown`, else `messageStrings[id]`, with `{n}` placeholders filled.
fn message_text(m: &Message, rule: Option<&Rule>) -> Option<String> {
    let template = m.text.clone().or_else(|| m.markdown.clone()).or_else(|| {
        let id = m.id.as_deref()?;
        let strings = rule?.message_strings.as_ref()?;
        let s = strings.get(id)?;
        s.text.clone().or_else(|| s.markdown.clone())
    })?;
    let args: Vec<String> = m
        .arguments
        .iter()
        .flatten()
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    Some(fill_placeholders(&template, &args))
}

/// Replaces `{0}`, `{1}`… by arguments; `{{`/`}}` are literal braces; unknown indexes stay.
pub(crate) fn fill_placeholders(template: &str, args: &[String]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    digits.push(d);
                    chars.next();
                }
                let arg = digits.parse::<usize>().ok().and_then(|i| args.get(i));
                match (arg, chars.peek()) {
                    (Some(a), Some('}')) => {
                        chars.next();
                        out.push_str(a);
                    }
                    _ => {
                        out.push('{');
                        out.push_str(&digits);
                    }
                }
            }
            other => out.push(other),
        }
    }
    out
}

fn prop<'a>(v: Option<&'a Value>, key: &str) -> Option<&'a Value> {
    v.and_then(|p| p.get(key))
}

fn prop_str(v: Option<&Value>, key: &str) -> Option<String> {
    match prop(v, key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn apply_severity(f: &mut Finding, rule: Option<&Rule>, result: &SarifResult) {
    let rule_props = rule.and_then(|r| r.properties.as_ref());
    let result_props = result.properties.as_ref();
    if let Some(raw) = prop_str(rule_props, "security-severity") {
        if let Ok(score) = raw.trim().parse::<f64>() {
            f.raw_severity = Some(raw);
            f.set_score(score, None);
            if f.severity.is_some() {
                return;
            }
        } else if Severity::from_label(&raw).is_some() {
            f.set_label_severity(&raw);
            return;
        }
    }
    let private = prop_str(result_props, "issue_severity")
        .or_else(|| prop_str(result_props, "severity"))
        .or_else(|| prop_str(result_props, "securityRisk"))
        .or_else(|| tag_severity(rule_props));
    if let Some(raw) = private.filter(|r| Severity::from_label(r).is_some()) {
        f.set_label_severity(&raw);
        return;
    }
    let level = result
        .level
        .clone()
        .or_else(|| rule.and_then(|r| r.default_configuration.as_ref()?.level.clone()));
    match level {
        Some(level) => f.set_label_severity(&level),
        None => {
            f.raw_severity = None;
            f.severity = Some(Severity::Medium);
            f.severity_basis = SeverityBasis::FormatDefault;
        }
    }
}

/// A severity word among `rule.properties.tags` (Trivy writes `"CRITICAL"`, gosec `"HIGH"`).
fn tag_severity(rule_props: Option<&Value>) -> Option<String> {
    let tags = prop(rule_props, "tags")?.as_array()?;
    tags.iter()
        .filter_map(Value::as_str)
        .find(|t| {
            matches!(
                t.to_ascii_lowercase().as_str(),
                "critical" | "high" | "medium" | "low"
            )
        })
        .map(str::to_string)
}

fn apply_ids(f: &mut Finding, rule: Option<&Rule>, rule_id: Option<&str>) {
    if let Some(id) = rule_id {
        for cve in cves_in(id) {
            f.add_cve(&cve);
        }
        let head = id.split([' ', '(']).next().unwrap_or(id);
        if is_advisory_id(head) {
            f.add_alias(head);
        }
    }
    let Some(rule) = rule else { return };
    let props = rule.properties.as_ref();
    if let Some(tags) = prop(props, "tags").and_then(Value::as_array) {
        for tag in tags.iter().filter_map(Value::as_str) {
            if tag.to_ascii_lowercase().contains("cwe-") {
                f.add_cwe(tag);
            }
        }
    }
    match prop(props, "cwe") {
        Some(Value::String(s)) => f.add_cwe(s),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .for_each(|s| f.add_cwe(s)),
        _ => {}
    }
    for rel in rule.relationships.iter().flatten() {
        let Some(target) = rel.target.as_ref() else {
            continue;
        };
        let is_cwe = target
            .tool_component
            .as_ref()
            .and_then(|c| c.name.as_deref())
            .is_some_and(|n| n.eq_ignore_ascii_case("cwe"));
        if let (true, Some(id)) = (is_cwe, target.id.as_deref()) {
            f.add_cwe(id);
        }
    }
}

fn location(run: &Run, result: &SarifResult) -> Location {
    let Some(physical) = result
        .locations
        .iter()
        .flatten()
        .find_map(|l| l.physical_location.as_ref())
    else {
        return Location::Unknown;
    };
    let artifact = physical.artifact_location.as_ref();
    let uri = artifact.and_then(|a| a.uri.clone()).or_else(|| {
        let index = artifact?.index? as usize;
        run.artifacts
            .as_ref()?
            .get(index)?
            .location
            .as_ref()?
            .uri
            .clone()
    });
    let Some(uri) = uri else {
        return Location::Unknown;
    };
    let file = uri.strip_prefix("file://").unwrap_or(&uri).to_string();
    let region = physical.region.as_ref();
    Location::Code {
        file,
        start_line: region.and_then(|r| r.start_line),
        end_line: region.and_then(|r| r.end_line),
        column: region.and_then(|r| r.start_column),
        snippet: region.and_then(|r| r.snippet.as_ref()?.text.clone()),
        commit: None,
    }
}

/// Accepted suppressions (status absent or `accepted`) suppress the result; `underReview` and
/// `rejected` ones do not.
fn suppression(result: &SarifResult) -> Suppression {
    let accepted = result
        .suppressions
        .iter()
        .flatten()
        .find(|s| matches!(s.status.as_deref(), None | Some("accepted")));
    match accepted {
        Some(s) => Suppression::Suppressed {
            reason: s
                .justification
                .clone()
                .or_else(|| s.kind.as_ref().map(|k| format!("suppressed ({k})"))),
        },
        None => Suppression::None,
    }
}

fn fingerprint_of(f: &Finding, result: &SarifResult) -> String {
    let rule = f.rule_id.as_deref().unwrap_or("");
    let (file, line, snippet) = match &f.location {
        Location::Code {
            file,
            start_line,
            snippet,
            ..
        } => (file.as_str(), *start_line, snippet.as_deref()),
        _ => ("", None, None),
    };
    let given = result
        .fingerprints
        .as_ref()
        .filter(|m| !m.is_empty())
        .or(result
            .partial_fingerprints
            .as_ref()
            .filter(|m| !m.is_empty()));
    if let Some(map) = given {
        let mut pairs: Vec<String> = map
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => format!("{k}={s}"),
                other => format!("{k}={other}"),
            })
            .collect();
        pairs.sort();
        let joined = pairs.join("\n");
        return fingerprint("sarif", &[&f.tool.name, rule, file, &joined]);
    }
    if file.is_empty() {
        // No file: logical locations (SpotBugs, Grype) and the message tell results apart.
        let logical: Vec<String> = result
            .locations
            .iter()
            .flatten()
            .flat_map(|l| l.logical_locations.iter().flatten())
            .filter_map(|l| l.fully_qualified_name.clone().or_else(|| l.name.clone()))
            .collect();
        let message = f.description.as_deref().unwrap_or("");
        return fingerprint(
            "sarif-logical",
            &[&f.tool.name, rule, &logical.join("\n"), message],
        );
    }
    match snippet.map(squash_whitespace).filter(|s| !s.is_empty()) {
        Some(s) => fingerprint("sarif-snippet", &[&f.tool.name, rule, file, &s]),
        None => {
            let line = line.map(|l| l.to_string()).unwrap_or_default();
            fingerprint("sarif-line", &[&f.tool.name, rule, file, &line])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fill_placeholders;

    #[test]
    fn placeholders_are_filled_and_braces_unescaped() {
        let args = vec!["user input".to_string(), "query".to_string()];
        assert_eq!(
            fill_placeholders("{0} flows to {1} {{sic}} {7}", &args),
            "user input flows to query {sic} {7}"
        );
    }
}
