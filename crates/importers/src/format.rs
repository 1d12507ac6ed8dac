//! The formats we import.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A supported input format. `Display` gives the human name used in error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Sarif,
    TrivyJson,
    GrypeJson,
    NpmAuditV1,
    NpmAuditV2,
    OsvScanner,
    SemgrepJson,
    Gitleaks,
    SnykJson,
    ZapXml,
    ZapJson,
    Nuclei,
    GitlabSecurityReport,
    CycloneDxJson,
    CycloneDxXml,
    BanditJson,
    GosecJson,
    CheckovJson,
    GithubCodeScanningAlerts,
    GithubDependabotAlerts,
    /// CSV that needs a [`crate::ColumnMapping`] (see [`crate::parse_with_mapping`]).
    GenericCsv,
    /// JSON records that need a [`crate::ColumnMapping`].
    GenericJson,
}

impl Format {
    /// Every format, in detection-independent order.
    pub const ALL: [Format; 22] = [
        Format::Sarif,
        Format::TrivyJson,
        Format::GrypeJson,
        Format::NpmAuditV1,
        Format::NpmAuditV2,
        Format::OsvScanner,
        Format::SemgrepJson,
        Format::Gitleaks,
        Format::SnykJson,
        Format::ZapXml,
        Format::ZapJson,
        Format::Nuclei,
        Format::GitlabSecurityReport,
        Format::CycloneDxJson,
        Format::CycloneDxXml,
        Format::BanditJson,
        Format::GosecJson,
        Format::CheckovJson,
        Format::GithubCodeScanningAlerts,
        Format::GithubDependabotAlerts,
        Format::GenericCsv,
        Format::GenericJson,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Sarif => "SARIF",
            Format::TrivyJson => "Trivy JSON",
            Format::GrypeJson => "Grype JSON",
            Format::NpmAuditV1 => "npm audit v1 JSON",
            Format::NpmAuditV2 => "npm audit v2 JSON",
            Format::OsvScanner => "OSV-Scanner JSON",
            Format::SemgrepJson => "Semgrep JSON",
            Format::Gitleaks => "Gitleaks JSON",
            Format::SnykJson => "Snyk CLI JSON",
            Format::ZapXml => "OWASP ZAP XML",
            Format::ZapJson => "OWASP ZAP JSON",
            Format::Nuclei => "Nuclei JSON",
            Format::GitlabSecurityReport => "GitLab security report",
            Format::CycloneDxJson => "CycloneDX JSON",
            Format::CycloneDxXml => "CycloneDX XML",
            Format::BanditJson => "Bandit JSON",
            Format::GosecJson => "gosec JSON",
            Format::CheckovJson => "Checkov JSON",
            Format::GithubCodeScanningAlerts => "GitHub code scanning alerts JSON",
            Format::GithubDependabotAlerts => "GitHub Dependabot alerts JSON",
            Format::GenericCsv => "CSV",
            Format::GenericJson => "generic JSON records",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
