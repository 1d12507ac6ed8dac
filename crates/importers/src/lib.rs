//! Scanner files to Vulnbridge findings.
//!
//! - [`detect`] recognises the format from the content (never the file name).
//! - [`parse`] detects and parses; [`parse_as`] parses as a given format.
//! - [`parse_with_mapping`] imports CSV or JSON records from unknown tools and incidents
//!   through a [`ColumnMapping`].
//!
//! No input makes these functions panic; bad input gives an [`ImportError`] that names the
//! format we believed the file to be and what is wrong with it.

mod detect;
mod error;
mod format;
mod formats;
mod ids;
mod json_input;
mod lenient;
mod mapping;
mod node;
mod probe;
mod scan;
mod xml_tree;

pub use detect::detect;
pub use error::ImportError;
pub use format::Format;
pub use formats::{parse_as, parse_with_mapping};
pub use mapping::ColumnMapping;
pub use scan::ParsedScan;

/// Detects the format of `bytes` and parses it.
pub fn parse(bytes: &[u8]) -> Result<ParsedScan, ImportError> {
    let format = detect(bytes)?;
    parse_as(format, bytes)
}
