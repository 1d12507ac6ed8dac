//! One security finding, as every importer produces it.

use serde::{Deserialize, Serialize};

use crate::fingerprint::dedup_label;
use crate::location::Location;
use crate::severity::{ScoreScheme, Severity, SeverityBasis};
use crate::text::clean_title;

/// What kind of thing a finding is; routing rules trigger on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A weakness found by a scanner (SAST, SCA, DAST, secrets, IaC, containers).
    #[default]
    Vulnerability,
    /// Something that happened (an alert, an attack): usually from a generic CSV/JSON import.
    Incident,
}

/// The tool that reported the finding.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Tool {
    pub name: String,
    pub version: Option<String>,
}

impl Tool {
    pub fn new(name: impl Into<String>, version: Option<String>) -> Tool {
        Tool {
            name: name.into(),
            version,
        }
    }
}

/// How sure the tool is that the finding is real (a separate axis from severity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Low,
    Medium,
    High,
    /// ZAP "Confirmed", GitLab "Confirmed".
    Confirmed,
}

impl Confidence {
    /// `low`/`experimental` → Low, `medium` → Medium, `high` → High, `confirmed`/`certain` →
    /// Confirmed; anything else (`unknown`, `ignore`, `undefined`) → `None`.
    pub fn from_label(raw: &str) -> Option<Confidence> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "low" | "experimental" => Some(Confidence::Low),
            "medium" => Some(Confidence::Medium),
            "high" => Some(Confidence::High),
            "confirmed" | "certain" => Some(Confidence::Confirmed),
            _ => None,
        }
    }
}

/// Triage state the input file already carries. Anything other than `None` is not an open
/// finding: the sync engine must not create a ticket for it without an explicit decision.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Suppression {
    /// Open: nothing in the file says otherwise.
    #[default]
    None,
    /// Suppressed or dismissed in the tool (SARIF suppressions, `nosemgrep`, `#nosec`,
    /// Dependabot/code-scanning `dismissed`, Checkov skipped checks, ZAP false positive).
    Suppressed { reason: Option<String> },
    /// A VEX statement or status says the product is not affected (CycloneDX
    /// `analysis.state` `not_affected`/`false_positive`, Trivy `Status: not_affected`).
    NotAffected { justification: Option<String> },
    /// The file says the finding is already fixed (VEX `resolved`, GitHub alert `fixed`).
    Fixed { detail: Option<String> },
}

impl Suppression {
    /// `true` when the finding is open (not suppressed, not-affected or fixed).
    pub fn is_open(&self) -> bool {
        matches!(self, Suppression::None)
    }
}

/// SARIF `baselineState`: how this result relates to a previous run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum BaselineState {
    New,
    Unchanged,
    Updated,
    Absent,
}

/// Most entries kept in each identifier/reference list of one finding (`cves`, `cwes`,
/// `aliases`, `references`): protects against pathological inputs; real findings have a
/// handful.
pub const MAX_LIST_ENTRIES: usize = 256;

/// One finding. Everything but `fingerprint`, `kind`, `title` and `tool` is optional because
/// formats differ widely in what they carry (see FORMATS.md).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Finding {
    /// Stable identity: lowercase hex sha256 (see [`crate::fingerprint`]).
    pub fingerprint: String,
    pub kind: FindingKind,
    /// Cleaned title (no control characters, at most [`crate::text::MAX_TITLE_CHARS`] chars).
    pub title: String,
    /// Severity exactly as the tool spelled it (`"moderate"`, `"ERROR"`, riskcode `"2"`, …).
    pub raw_severity: Option<String>,
    /// Normalized severity; `None` means unknown.
    pub severity: Option<Severity>,
    /// Which input produced `severity`.
    pub severity_basis: SeverityBasis,
    /// Numeric score (CVSS base score or a tool's 0–10 score).
    pub score: Option<f64>,
    pub score_scheme: Option<ScoreScheme>,
    /// CVSS vector string when the tool gives one.
    pub cvss_vector: Option<String>,
    pub confidence: Option<Confidence>,
    /// CVE ids (`CVE-2021-44228`), upper-cased, deduplicated.
    pub cves: Vec<String>,
    /// CWE ids normalized to `CWE-<n>`.
    pub cwes: Vec<String>,
    /// Other ids for the same vulnerability (GHSA, SNYK-, GO-, PYSEC-, OSV ids, BDSA-, …).
    pub aliases: Vec<String>,
    /// Rule / check / advisory / template id (`py/sql-injection`, `CVE-…`, `CKV_AWS_20`).
    pub rule_id: Option<String>,
    pub tool: Tool,
    pub location: Location,
    /// Source addresses (incidents, DAST).
    pub source_ips: Vec<String>,
    /// The request URL involved (DAST, incidents).
    pub request_url: Option<String>,
    pub description: Option<String>,
    pub remediation: Option<String>,
    /// Reference URLs, deduplicated, in input order.
    pub references: Vec<String>,
    /// Evidence the tool recorded (matched text, attack string, redacted secret).
    pub evidence: Option<String>,
    pub suppression: Suppression,
    /// Only SARIF carries this.
    pub baseline: Option<BaselineState>,
}

impl Finding {
    /// The Jira label used for exactly-once ticketing: `vb-<first 16 hex of fingerprint>`.
    pub fn dedup_label(&self) -> String {
        dedup_label(&self.fingerprint)
    }

    /// Sets the title from untrusted text: controls stripped and length capped (see
    /// [`crate::text`]). When the title is cut, the full cleaned text is put at the top of the
    /// description so nothing is lost.
    pub fn set_title(&mut self, raw: &str) {
        let clean = clean_title(raw);
        if clean.truncated {
            let full = raw.to_string();
            self.description = Some(match self.description.take() {
                Some(d) if d.contains(raw) => d,
                Some(d) => format!("{full}\n\n{d}"),
                None => full,
            });
        }
        self.title = clean.title;
    }

    /// Sets raw and normalized severity from a tool word via [`Severity::from_label`].
    pub fn set_label_severity(&mut self, raw: &str) {
        self.raw_severity = Some(raw.to_string());
        self.severity = Severity::from_label(raw);
        self.severity_basis = if self.severity.is_some() {
            SeverityBasis::Label
        } else {
            SeverityBasis::Unknown
        };
    }

    /// Records a score (and vector). When no label gave a severity yet, the score does.
    pub fn set_score(&mut self, score: f64, vector: Option<String>) {
        if !score.is_finite() {
            return;
        }
        self.score = Some(score);
        self.score_scheme = Some(
            vector
                .as_deref()
                .map(ScoreScheme::from_vector)
                .unwrap_or(ScoreScheme::Other),
        );
        if vector.is_some() {
            self.cvss_vector = vector;
        }
        if self.severity.is_none() {
            if let Some(level) = Severity::from_score(score) {
                self.severity = Some(level);
                self.severity_basis = SeverityBasis::Score;
            }
        }
    }

    /// Records a CVSS vector without a score; a v3 vector is scored with
    /// [`crate::cvss::base_score_v3`] (and then decides the severity when no label did).
    pub fn set_vector(&mut self, vector: &str) {
        match crate::cvss::base_score_v3(vector) {
            Some(score) => self.set_score(score, Some(vector.to_string())),
            None => {
                self.cvss_vector = Some(vector.to_string());
                self.score_scheme = Some(ScoreScheme::from_vector(vector));
            }
        }
    }

    /// Adds a CVE id (upper-cased, deduplicated). Ignores anything that is not `CVE-…`.
    pub fn add_cve(&mut self, id: &str) {
        let id = id.trim().to_ascii_uppercase();
        if id.starts_with("CVE-") && !self.cves.contains(&id) && self.cves.len() < MAX_LIST_ENTRIES
        {
            self.cves.push(id);
        }
    }

    /// Adds a CWE from any common spelling: `79`, `CWE-79`, `cwe-079`,
    /// `external/cwe/cwe-079`, `CWE-79: Improper Neutralization…`. Ignores `-1`/`0`/junk.
    pub fn add_cwe(&mut self, raw: &str) {
        if let Some(cwe) = normalize_cwe(raw) {
            if !self.cwes.contains(&cwe) && self.cwes.len() < MAX_LIST_ENTRIES {
                self.cwes.push(cwe);
            }
        }
    }

    /// Adds an alias id (deduplicated; CVE ids go to `cves` instead).
    pub fn add_alias(&mut self, id: &str) {
        let id = id.trim();
        if id.is_empty() {
            return;
        }
        if id.to_ascii_uppercase().starts_with("CVE-") {
            self.add_cve(id);
        } else if !self.aliases.iter().any(|a| a == id) && self.aliases.len() < MAX_LIST_ENTRIES {
            self.aliases.push(id.to_string());
        }
    }

    /// Adds a reference URL (deduplicated, empty ignored).
    pub fn add_reference(&mut self, url: &str) {
        let url = url.trim();
        if !url.is_empty()
            && self.references.len() < MAX_LIST_ENTRIES
            && !self.references.iter().any(|r| r == url)
        {
            self.references.push(url.to_string());
        }
    }
}

/// `CWE-<n>` from the spellings listed on [`Finding::add_cwe`].
pub fn normalize_cwe(raw: &str) -> Option<String> {
    let lower = raw.trim().to_ascii_lowercase();
    let tail = match lower.rfind("cwe-") {
        Some(i) => &lower[i + 4..],
        None => lower.as_str(),
    };
    let digits: String = tail.chars().take_while(|c| c.is_ascii_digit()).collect();
    let n: u32 = digits.parse().ok()?;
    if n == 0 {
        return None;
    }
    Some(format!("CWE-{n}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cwe_spellings_normalize() {
        for raw in [
            "79",
            "CWE-79",
            "cwe-079",
            "external/cwe/cwe-079",
            "CWE-79: Improper",
        ] {
            assert_eq!(normalize_cwe(raw).as_deref(), Some("CWE-79"), "{raw}");
        }
        assert_eq!(normalize_cwe("-1"), None);
        assert_eq!(normalize_cwe("0"), None);
        assert_eq!(normalize_cwe("n/a"), None);
    }

    #[test]
    fn label_beats_score_and_score_fills_unknown() {
        let mut f = Finding::default();
        f.set_label_severity("moderate");
        f.set_score(
            9.8,
            Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H".into()),
        );
        assert_eq!(f.severity, Some(Severity::Medium));
        assert_eq!(f.severity_basis, SeverityBasis::Label);
        assert_eq!(f.score_scheme, Some(ScoreScheme::CvssV3));

        let mut g = Finding::default();
        g.set_label_severity("UNKNOWN");
        assert_eq!(g.severity, None);
        g.set_score(7.5, None);
        assert_eq!(g.severity, Some(Severity::High));
        assert_eq!(g.severity_basis, SeverityBasis::Score);
        assert_eq!(g.raw_severity.as_deref(), Some("UNKNOWN"));
    }

    #[test]
    fn a_vector_alone_is_scored_when_it_is_v3() {
        let mut f = Finding::default();
        f.set_vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L");
        assert_eq!(f.score, Some(5.3));
        assert_eq!(f.severity, Some(Severity::Medium));
        let mut g = Finding::default();
        g.set_vector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
        assert_eq!(g.score, None);
        assert_eq!(g.score_scheme, Some(ScoreScheme::CvssV4));
        assert_eq!(g.severity, None);
    }

    #[test]
    fn lists_are_capped() {
        let mut f = Finding::default();
        for i in 0..1000 {
            f.add_reference(&format!("https://example.test/{i}"));
        }
        assert_eq!(f.references.len(), MAX_LIST_ENTRIES);
    }

    #[test]
    fn long_title_keeps_full_text_in_description() {
        let mut f = Finding {
            description: Some("details".into()),
            ..Finding::default()
        };
        let raw = format!("SQL injection in {}", "x".repeat(400));
        f.set_title(&raw);
        assert!(f.title.chars().count() <= crate::text::MAX_TITLE_CHARS);
        let d = f.description.expect("description");
        assert!(d.starts_with(&raw));
        assert!(d.ends_with("details"));
    }

    #[test]
    fn aliases_route_cves_and_dedupe() {
        let mut f = Finding::default();
        f.add_alias("GHSA-jf85-cpcp-j695");
        f.add_alias("cve-2019-10744");
        f.add_alias("GHSA-jf85-cpcp-j695");
        assert_eq!(f.aliases, vec!["GHSA-jf85-cpcp-j695"]);
        assert_eq!(f.cves, vec!["CVE-2019-10744"]);
    }

    #[test]
    fn finding_round_trips_through_json_and_labels_itself() {
        let mut f = Finding {
            fingerprint: crate::fingerprint("code", &["r", "a.py", "3"]),
            suppression: Suppression::Suppressed {
                reason: Some("accepted".into()),
            },
            ..Finding::default()
        };
        f.set_title("Hardcoded password");
        let json = serde_json::to_string(&f).expect("serialize");
        let back: Finding = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, f);
        assert_eq!(f.dedup_label(), format!("vb-{}", &f.fingerprint[..16]));
        assert!(!f.suppression.is_open());
    }
}
