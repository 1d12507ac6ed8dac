//! Gitleaks JSON: v8 (`RuleID`, `File`, `StartLine`, …) and v7 (`rule`, `file`, `offender`,
//! `lineNumber`, …). An empty scan is `[]` or `null`.
//!
//! Gitleaks has no severity: every leak is High (basis `format_default`), CWE-798.
//! The secret itself is never copied: in the evidence and snippet every occurrence of `Secret`
//! (v8) / `offender` (v7) is replaced by its first 4 characters and `…[redacted]`.
//! Fingerprint `secret` family: `gitleaks` + Gitleaks' own `Fingerprint` when present
//! (`commit:file:rule:line`), else rule + file + commit + line.

use vulnbridge_model::{fingerprint, Finding, Location, Severity, SeverityBasis, Tool};

use crate::error::ImportError;
use crate::format::Format;
use crate::json_input::value;
use crate::node::Node;
use crate::scan::ParsedScan;

const F: Format = Format::Gitleaks;

pub(crate) fn parse(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    let doc = value(bytes, F)?;
    let root = Node::root(&doc);
    let tool = Tool::new("Gitleaks", None);
    let mut scan = ParsedScan::new(F, tool.clone());
    root.expect_list(F)?;
    for leak in root.items() {
        leak.expect_object(F)?;
        let v8 = !leak.get("RuleID").is_null();
        let (rule, file, secret, matched, line) = if v8 {
            (
                leak.require("RuleID", F)?,
                leak.s("File").unwrap_or_default(),
                leak.s("Secret"),
                leak.s("Match"),
                leak.get("StartLine").u32(),
            )
        } else {
            (
                leak.require("rule", F)?,
                leak.s("file").unwrap_or_default(),
                leak.s("offender"),
                leak.s("line"),
                leak.get("lineNumber").u32(),
            )
        };
        let commit = leak.s("Commit").or_else(|| leak.s("commit"));
        let masked = matched.map(|m| mask(&m, secret.as_deref()));
        let mut f = Finding {
            tool: tool.clone(),
            rule_id: Some(rule.clone()),
            evidence: masked.clone(),
            raw_severity: None,
            severity: Some(Severity::High),
            severity_basis: SeverityBasis::FormatDefault,
            ..Finding::default()
        };
        let what = leak.s("Description").unwrap_or_else(|| rule.clone());
        f.set_title(&if file.is_empty() {
            what
        } else {
            format!("{what} in {file}")
        });
        let message = leak.s("Message").or_else(|| leak.s("commitMessage"));
        let author = leak.s("Author").or_else(|| leak.s("author"));
        f.description = Some(format!(
            "Secret matching rule {rule} found{}{}{}",
            commit
                .as_deref()
                .map(|c| format!(" in commit {c}"))
                .unwrap_or_default(),
            author.map(|a| format!(" by {a}")).unwrap_or_default(),
            message
                .map(|m| format!(" (commit message: {m})"))
                .unwrap_or_default(),
        ));
        f.remediation =
            Some("Revoke and rotate the secret, then remove it from the history.".into());
        f.add_cwe("CWE-798");
        if let Some(url) = leak.s("leakURL") {
            f.add_reference(&url);
        }
        f.fingerprint = match leak.s("Fingerprint") {
            Some(fp) => fingerprint("secret", &["gitleaks", &fp]),
            None => fingerprint(
                "secret",
                &[
                    "gitleaks",
                    &rule,
                    &file,
                    commit.as_deref().unwrap_or(""),
                    &line.map(|l| l.to_string()).unwrap_or_default(),
                ],
            ),
        };
        f.location = Location::Code {
            file,
            start_line: line,
            end_line: leak.get("EndLine").u32(),
            column: leak.get("StartColumn").u32(),
            snippet: masked,
            commit,
        };
        scan.findings.push(f);
    }
    Ok(scan)
}

/// Replaces the secret in `text` by its first 4 characters and `…[redacted]`.
fn mask(text: &str, secret: Option<&str>) -> String {
    match secret.filter(|s| !s.is_empty() && *s != "REDACTED") {
        Some(s) => {
            let head: String = s.chars().take(4).collect();
            text.replace(s, &format!("{head}…[redacted]"))
        }
        None => text.to_string(),
    }
}
