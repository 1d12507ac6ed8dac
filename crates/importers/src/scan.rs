//! The result of importing one file.

use serde::{Deserialize, Serialize};
use vulnbridge_model::{Finding, Tool};

use crate::format::Format;

/// One parsed scan file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ParsedScan {
    pub format: Format,
    /// The tool that wrote the file (for SARIF with several runs: the first run's tool; each
    /// finding carries its own tool).
    pub tool: Tool,
    /// What was scanned, when the file says: repository URL, image, site URL, path.
    pub target: Option<String>,
    pub findings: Vec<Finding>,
    /// Things skipped or repaired while importing, for the import summary.
    pub warnings: Vec<String>,
}

impl ParsedScan {
    pub(crate) fn new(format: Format, tool: Tool) -> ParsedScan {
        ParsedScan {
            format,
            tool,
            target: None,
            findings: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Findings that are open (not suppressed, not-affected or fixed according to the file).
    pub fn open_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.suppression.is_open())
    }
}
