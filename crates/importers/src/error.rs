//! Import errors. Every message names the format we believed the file to be and the exact
//! problem, so the analyst can fix the file or pick another format.

use crate::format::Format;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// 0-byte or whitespace-only input.
    #[error("the file is empty: there is nothing to import (re-run the scanner, or check that it finished writing the file)")]
    Empty,
    /// Valid content with nothing to recognise a format by (`null`, `[]`, `{}`).
    #[error("the file is `{0}`: it holds no findings and nothing that tells which scanner wrote it; if this is a clean scan there is nothing to import, otherwise choose the format explicitly")]
    NoContent(String),
    /// Content we do not recognise as any supported format.
    #[error("unrecognised file: {0}; supported: SARIF, Trivy, Grype, npm audit, OSV-Scanner, Semgrep, Gitleaks, Snyk, ZAP, Nuclei, GitLab security reports, CycloneDX, Bandit, gosec, Checkov, GitHub code scanning and Dependabot alerts; for other tools use a generic CSV/JSON import with a column mapping")]
    Unknown(String),
    /// The file is (or was declared to be) `format`, but its content is wrong.
    #[error("looks like {format}, but {problem}")]
    Invalid { format: Format, problem: String },
}

impl ImportError {
    /// A stable machine-readable code for IPC (`{code, message}`): `empty`, `no_content`,
    /// `unknown_format` or `invalid`.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Empty => "empty",
            ImportError::NoContent(_) => "no_content",
            ImportError::Unknown(_) => "unknown_format",
            ImportError::Invalid { .. } => "invalid",
        }
    }

    /// The format the file was taken for, when there was one.
    pub fn format(&self) -> Option<Format> {
        match self {
            ImportError::Invalid { format, .. } => Some(*format),
            _ => None,
        }
    }

    pub(crate) fn invalid(format: Format, problem: impl Into<String>) -> ImportError {
        ImportError::Invalid {
            format,
            problem: problem.into(),
        }
    }

    /// The error for serde_json's parse failure, with its line and column.
    pub(crate) fn json(format: Format, err: &serde_json::Error) -> ImportError {
        match err.classify() {
            serde_json::error::Category::Data => {
                ImportError::invalid(format, format!("a value has the wrong type: {err}"))
            }
            serde_json::error::Category::Eof => ImportError::invalid(
                format,
                format!("the file ends too early (truncated?): {err}"),
            ),
            _ => ImportError::invalid(format, format!("it is not valid JSON: {err}")),
        }
    }
}
