//! One module per input format. Each exposes `parse(bytes) -> Result<ParsedScan, ImportError>`.

mod grype;
pub(crate) mod sarif;
mod sarif_schema;
mod trivy;

use crate::error::ImportError;
use crate::format::Format;
use crate::scan::ParsedScan;

/// Parses `bytes` as `format` without detection.
pub fn parse_as(format: Format, bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    if crate::json_input::strip_bom(bytes).is_empty() {
        return Err(ImportError::Empty);
    }
    match format {
        Format::Sarif => sarif::parse(bytes),
        Format::TrivyJson => trivy::parse(bytes),
        Format::GrypeJson => grype::parse(bytes),
        other => Err(ImportError::invalid(
            other,
            "this format cannot be imported yet",
        )),
    }
}
