//! Normalized severity and how every raw spelling maps onto it.
//!
//! Scanners spell severity in many ways. [`Severity::from_label`] is the single word table used
//! by all importers; numeric and format-specific encodings (ZAP `riskcode`, Trivy
//! `VendorSeverity`, SARIF `security-severity`, ESLint 1/2) are converted by the importer of that
//! format, through [`Severity::from_score`] when the number is a CVSS-like score.
//!
//! | raw spelling (case-insensitive, trimmed)                         | normalized |
//! |------------------------------------------------------------------|------------|
//! | `critical`                                                        | Critical   |
//! | `high`, `error` (SARIF level, Semgrep, CodeQL `problem.severity`) | High       |
//! | `medium`, `moderate` (npm, GHSA), `warning`, `warn`               | Medium     |
//! | `low`, `note` (SARIF level), `recommendation` (CodeQL)            | Low        |
//! | `info`, `informational`, `information`, `none`, `negligible` (Grype) | Info    |
//! | `unknown`, `unkown` (real GitLab typo), `undefined`, empty, anything else | unknown (`None`) |
//!
//! A word followed by a parenthesised qualifier, such as ZAP's `riskdesc` `"Medium (High)"`, is
//! read by its first word.

use serde::{Deserialize, Serialize};

/// The five normalized severity levels, ordered from least to most severe
/// (`Info < Low < Medium < High < Critical`). An unknown severity is `Option::None` on
/// [`crate::Finding::severity`], never a guessed level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    /// Maps a raw severity word to a level (see the module table). Returns `None` for
    /// `unknown`-like words and anything unrecognised.
    pub fn from_label(raw: &str) -> Option<Severity> {
        let first = raw.trim().split(['(', ' ']).next().unwrap_or("").trim();
        match first.to_ascii_lowercase().as_str() {
            "critical" => Some(Severity::Critical),
            "high" | "error" => Some(Severity::High),
            "medium" | "moderate" | "warning" | "warn" => Some(Severity::Medium),
            "low" | "note" | "recommendation" => Some(Severity::Low),
            "info" | "informational" | "information" | "none" | "negligible" => {
                Some(Severity::Info)
            }
            _ => None,
        }
    }

    /// CVSS v3/v4 qualitative bands (also used by GitHub for SARIF `security-severity`):
    /// 0.0 Info ("None"), 0.1–3.9 Low, 4.0–6.9 Medium, 7.0–8.9 High, 9.0–10.0 Critical.
    /// Returns `None` for NaN, negative numbers and numbers above 10.
    pub fn from_score(score: f64) -> Option<Severity> {
        if !(0.0..=10.0).contains(&score) {
            return None;
        }
        Some(if score >= 9.0 {
            Severity::Critical
        } else if score >= 7.0 {
            Severity::High
        } else if score >= 4.0 {
            Severity::Medium
        } else if score > 0.0 {
            Severity::Low
        } else {
            Severity::Info
        })
    }

    /// The lowercase name used in serialization, e.g. `"high"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// Which piece of the input produced the normalized severity, so the UI can explain it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SeverityBasis {
    /// The tool's own severity word or code (mapped through [`Severity::from_label`] or a
    /// documented per-format table).
    Label,
    /// A numeric score (CVSS or CVSS-like) mapped through [`Severity::from_score`].
    Score,
    /// The format has no severity for this finding and the importer applied its documented
    /// default (e.g. every Gitleaks leak is High).
    FormatDefault,
    /// Nothing usable: the severity is unknown.
    #[default]
    Unknown,
}

/// The scheme a numeric score belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ScoreScheme {
    CvssV2,
    CvssV3,
    CvssV4,
    /// A tool-specific number on a 0–10 scale (SARIF `security-severity`, Snyk `cvssScore`
    /// without a vector, …).
    Other,
}

impl ScoreScheme {
    /// Guesses the scheme from a CVSS vector prefix (`CVSS:3.1/…`, `CVSS:4.0/…`, or a bare
    /// v2 vector such as `AV:N/AC:L/Au:N/…`).
    pub fn from_vector(vector: &str) -> ScoreScheme {
        let v = vector.trim();
        if v.starts_with("CVSS:4") {
            ScoreScheme::CvssV4
        } else if v.starts_with("CVSS:3") {
            ScoreScheme::CvssV3
        } else if v.starts_with("AV:") || v.starts_with("(AV:") || v.contains("/Au:") {
            ScoreScheme::CvssV2
        } else {
            ScoreScheme::Other
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_raw_spelling_from_the_format_guide_maps_as_documented() {
        let table = [
            ("CRITICAL", Some(Severity::Critical)),
            ("Critical", Some(Severity::Critical)),
            ("HIGH", Some(Severity::High)),
            ("error", Some(Severity::High)),
            ("ERROR", Some(Severity::High)),
            ("moderate", Some(Severity::Medium)),
            ("MODERATE", Some(Severity::Medium)),
            ("Medium", Some(Severity::Medium)),
            ("warning", Some(Severity::Medium)),
            ("WARNING", Some(Severity::Medium)),
            ("note", Some(Severity::Low)),
            ("recommendation", Some(Severity::Low)),
            ("Low", Some(Severity::Low)),
            ("INFO", Some(Severity::Info)),
            ("Informational", Some(Severity::Info)),
            ("none", Some(Severity::Info)),
            ("Negligible", Some(Severity::Info)),
            ("Unknown", None),
            ("Unkown", None),
            ("UNDEFINED", None),
            ("", None),
            ("Medium (High)", Some(Severity::Medium)),
            ("  high  ", Some(Severity::High)),
        ];
        for (raw, want) in table {
            assert_eq!(Severity::from_label(raw), want, "raw {raw:?}");
        }
    }

    #[test]
    fn cvss_bands_have_the_documented_edges() {
        assert_eq!(Severity::from_score(0.0), Some(Severity::Info));
        assert_eq!(Severity::from_score(0.1), Some(Severity::Low));
        assert_eq!(Severity::from_score(3.9), Some(Severity::Low));
        assert_eq!(Severity::from_score(4.0), Some(Severity::Medium));
        assert_eq!(Severity::from_score(6.9), Some(Severity::Medium));
        assert_eq!(Severity::from_score(7.0), Some(Severity::High));
        assert_eq!(Severity::from_score(8.9), Some(Severity::High));
        assert_eq!(Severity::from_score(9.0), Some(Severity::Critical));
        assert_eq!(Severity::from_score(10.0), Some(Severity::Critical));
        assert_eq!(Severity::from_score(10.1), None);
        assert_eq!(Severity::from_score(-1.0), None);
        assert_eq!(Severity::from_score(f64::NAN), None);
    }

    #[test]
    fn severities_order_from_info_to_critical() {
        assert!(Severity::Info < Severity::Low);
        assert!(Severity::High < Severity::Critical);
    }

    #[test]
    fn vector_prefix_gives_the_scheme() {
        assert_eq!(
            ScoreScheme::from_vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            ScoreScheme::CvssV3
        );
        assert_eq!(
            ScoreScheme::from_vector("CVSS:4.0/AV:N/AC:L"),
            ScoreScheme::CvssV4
        );
        assert_eq!(
            ScoreScheme::from_vector("AV:N/AC:L/Au:N/C:P/I:P/A:P"),
            ScoreScheme::CvssV2
        );
    }
}
