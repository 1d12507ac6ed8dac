//! Vulnbridge's finding model: what one security finding is, independent of the scanner that
//! reported it and of any storage or Jira concern. Pure data and pure functions, no I/O.
//!
//! - [`Finding`]: one finding with its identity ([`Finding::fingerprint`]), severity (raw,
//!   normalized, score), location ([`Location`], one variant per family) and triage state.
//! - [`Severity`]: the five normalized levels, with [`Severity::from_label`] (every raw spelling
//!   the supported scanners use) and [`Severity::from_score`] (CVSS bands).
//! - [`fingerprint`]: the stable sha256 identity hash and the Jira dedup label.
//! - [`text`]: how hostile or oversized titles are made safe.

pub mod cvss;
pub mod finding;
pub mod fingerprint;
pub mod location;
pub mod severity;
pub mod text;

pub use finding::{BaselineState, Confidence, Finding, FindingKind, Suppression, Tool};
pub use fingerprint::{dedup_label, fingerprint, DEDUP_LABEL_PREFIX};
pub use location::{Location, PackageRef};
pub use severity::{ScoreScheme, Severity, SeverityBasis};
