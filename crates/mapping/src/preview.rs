//! The payload preview the mapping screen shows: exactly what would be sent, or why nothing
//! can be sent yet.

use serde::{Deserialize, Serialize};
use vulnbridge_model::Finding;

use crate::context::RenderContext;
use crate::error::MappingError;
use crate::mapping::FieldMapping;
use crate::meta::FieldMeta;
use crate::payload::{build_create_payload, CreatePayload};
use crate::validate::{validate, MappingProblem};

/// A preview: the payload when the mapping is sendable for this finding, else the problems
/// (per field) or the reason this finding cannot be sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PayloadPreview {
    pub payload: Option<CreatePayload>,
    pub problems: Vec<MappingProblem>,
    /// Set when the mapping is valid but this finding gives a required field no value.
    pub error: Option<String>,
}

/// Previews the create payload of `finding` (never fails: problems are part of the answer).
pub fn preview(
    finding: &Finding,
    ctx: &RenderContext,
    mapping: &FieldMapping,
    fields: &[FieldMeta],
) -> PayloadPreview {
    let problems = validate(mapping, fields);
    if !problems.is_empty() {
        return PayloadPreview {
            payload: None,
            problems,
            error: None,
        };
    }
    match build_create_payload(finding, ctx, mapping, fields) {
        Ok(payload) => PayloadPreview {
            payload: Some(payload),
            problems: Vec::new(),
            error: None,
        },
        Err(MappingError::Invalid { problems }) => PayloadPreview {
            payload: None,
            problems,
            error: None,
        },
        Err(other) => PayloadPreview {
            payload: None,
            problems: Vec::new(),
            error: Some(other.to_string()),
        },
    }
}
