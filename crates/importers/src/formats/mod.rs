//! One module per input format. Each exposes `parse(bytes) -> Result<ParsedScan, ImportError>`.

mod bandit;
mod checkov;
mod cyclonedx;
mod generic;
mod github;
mod gitlab;
mod gitleaks;
mod gosec;
mod grype;
mod npm_audit;
mod nuclei;
mod osv;
pub(crate) mod sarif;
mod sarif_schema;
mod semgrep;
mod snyk;
mod trivy;
mod zap;

pub use generic::parse_with_mapping;

use crate::error::ImportError;
use crate::format::Format;
use crate::scan::ParsedScan;

/// Parses `bytes` as `format` without detection.
pub fn parse_as(format: Format, bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    if crate::json_input::strip_bom(bytes).is_empty() {
        return Err(ImportError::Empty);
    }
    let mut scan = match format {
        Format::Sarif => sarif::parse(bytes),
        Format::TrivyJson => trivy::parse(bytes),
        Format::GrypeJson => grype::parse(bytes),
        Format::NpmAuditV1 => npm_audit::parse_v1(bytes),
        Format::NpmAuditV2 => npm_audit::parse_v2(bytes),
        Format::OsvScanner => osv::parse(bytes),
        Format::SemgrepJson => semgrep::parse(bytes),
        Format::Gitleaks => gitleaks::parse(bytes),
        Format::SnykJson => snyk::parse(bytes),
        Format::ZapXml => zap::parse_xml(bytes),
        Format::ZapJson => zap::parse_json(bytes),
        Format::Nuclei => nuclei::parse(bytes),
        Format::GitlabSecurityReport => gitlab::parse(bytes),
        Format::CycloneDxJson => cyclonedx::parse_json(bytes),
        Format::CycloneDxXml => cyclonedx::parse_xml(bytes),
        Format::BanditJson => bandit::parse(bytes),
        Format::GosecJson => gosec::parse(bytes),
        Format::CheckovJson => checkov::parse(bytes),
        Format::GithubCodeScanningAlerts => github::parse_code_scanning(bytes),
        Format::GithubDependabotAlerts => github::parse_dependabot(bytes),
        Format::GenericCsv | Format::GenericJson => Err(ImportError::invalid(
            format,
            "records from an unknown tool need a column mapping: use parse_with_mapping",
        )),
    }?;
    warn_about_duplicates(&mut scan);
    Ok(scan)
}

/// Findings with the same fingerprint are one finding downstream; say so in the import summary.
pub(crate) fn warn_about_duplicates(scan: &mut ParsedScan) {
    let mut seen = std::collections::HashSet::with_capacity(scan.findings.len());
    let repeated = scan
        .findings
        .iter()
        .filter(|f| !seen.insert(f.fingerprint.as_str()))
        .count();
    if repeated > 0 {
        scan.warnings.push(format!(
            "{repeated} finding(s) repeat the identity of an earlier one in this file and will be merged with it"
        ));
    }
}
