//! Column mappings for importing CSV or JSON records from tools we do not know, and incidents.

use serde::{Deserialize, Serialize};
use vulnbridge_model::FindingKind;

/// Which column (CSV header, case-insensitive) or member (JSON, dotted path such as
/// `source.ip`) holds each finding attribute. Only `title` is required.
///
/// Cells holding several values (`cve`, `cwe`, `source_ip`, `references`) are split on
/// commas, semicolons, whitespace and newlines.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct ColumnMapping {
    /// Vulnerability or incident: applies to every record.
    pub kind: FindingKind,
    /// Name recorded as the finding's tool (e.g. "SIEM export"); "CSV import" / "JSON import"
    /// when empty.
    pub tool_name: Option<String>,
    /// Column with the title (required).
    pub title: String,
    /// Column with a stable record id. When mapped, the fingerprint is built from it alone, so
    /// edits to other columns do not create a new finding.
    pub id: Option<String>,
    /// Column with a severity word (see `Severity::from_label`) or a 0–10 score.
    pub severity: Option<String>,
    /// Column with a numeric 0–10 score.
    pub score: Option<String>,
    pub description: Option<String>,
    pub remediation: Option<String>,
    pub source_ip: Option<String>,
    /// Host or destination address (incidents): gives a Host location.
    pub host: Option<String>,
    pub request_url: Option<String>,
    pub cve: Option<String>,
    pub cwe: Option<String>,
    pub rule: Option<String>,
    /// Where: a URL gives a URL location, an IP address a Host location, anything else a file
    /// path (Code location, with `line`).
    pub location: Option<String>,
    pub line: Option<String>,
    /// Package name and version: give a Package location.
    pub package: Option<String>,
    pub package_version: Option<String>,
    pub references: Option<String>,
    pub evidence: Option<String>,
    /// JSON only: dotted path to the list of records (e.g. `data.alerts`); the document itself
    /// (a list, or an object holding a single list) when empty.
    pub records_path: Option<String>,
    /// CSV only: the field delimiter; guessed from the header line (`,`, `;` or tab) when empty.
    pub delimiter: Option<char>,
}
