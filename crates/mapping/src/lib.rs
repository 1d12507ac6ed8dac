//! Vulnbridge's field mapping: a finding plus a field mapping becomes exactly the Jira create
//! payload that will be sent. Pure logic, no I/O, except the routing file below.
//!
//! - [`meta`]: createmeta field metadata ([`FieldMeta`]) from Cloud (`fields`) and Data Center
//!   (`values`) answers; [`kind`] classifies each field by schema.
//! - [`mapping`]: the stored [`FieldMapping`] (per field a [`FieldSource`]); [`priority`] and
//!   [`sla`] hold the severity/score maps and SLA days; [`defaults`] the starting mapping.
//! - [`template`]: `{{placeholder}}` templates over [`FindingAttribute`]s, rendered to plain
//!   text or to a [`Document`], which [`adf`] (Cloud) and [`wiki`] (Data Center) write out with
//!   safe escaping; [`limits`] cuts text to Jira's limits.
//! - [`validate()`]: problems of a mapping for display next to each field.
//! - [`payload`]: [`build_create_payload`] and [`build_bulk_payload`]; [`preview()`] for the
//!   mapping screen (payload or problems, never an error).
//! - [`routing_file`] and [`routing_import`]: the shareable routing configuration file (rules
//!   with their mappings, no secrets), exported from and imported into the store; shared by
//!   the app's Routing page and `vulnbridge-cli routing`.

pub mod adf;
pub mod adf_check;
pub mod attribute;
pub mod context;
pub mod defaults;
pub mod document;
pub mod error;
pub mod kind;
pub mod limits;
pub mod mapping;
pub mod meta;
pub mod payload;
pub mod preview;
pub mod priority;
pub mod routing_file;
pub mod routing_import;
pub mod shape;
pub mod sla;
pub mod template;
pub mod validate;
pub mod wiki;

pub use adf::to_adf;
pub use adf_check::check_adf;
pub use attribute::{FindingAttribute, ALL_ATTRIBUTES};
pub use context::{Dialect, ProjectRef, RenderContext};
pub use defaults::{default_mapping, DEFAULT_DESCRIPTION};
pub use document::{Block, Document, Inline};
pub use error::MappingError;
pub use kind::FieldKind;
pub use mapping::{FieldMapping, FieldSource, JiraValue, SummaryPrefix, ValueRef, PRODUCT_LABEL};
pub use meta::{
    parse_createmeta, parse_createmeta_page, parse_createmeta_value, AllowedValue, CreatemetaPage,
    FieldMeta, FieldSchema,
};
pub use payload::{build_bulk_payload, build_create_payload, Attachment, CreatePayload, BULK_MAX};
pub use preview::{preview, PayloadPreview};
pub use priority::{ScoreBand, ScoreMap, SeverityMap};
pub use routing_file::{
    export_routing, routing_file_text, RoutingDocument, TransferError, ROUTING_FORMAT,
    ROUTING_VERSION,
};
pub use routing_import::{import_routing, RoutingImport};
pub use sla::SlaDays;
pub use template::{Template, TemplateError};
pub use validate::{validate, MappingProblem, ProblemKind};
pub use wiki::to_wiki;
