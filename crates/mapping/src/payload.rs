//! The create payload: exactly what will be sent to Jira for one finding.
//!
//! Only mapped fields are in it, plus project, issue type, summary and labels (the dedup label
//! and `vulnbridge` always). Nothing else of the finding leaves the machine.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use vulnbridge_model::Finding;

use crate::adf::to_adf;
use crate::attribute::AttrValue;
use crate::context::{Dialect, ProjectRef, RenderContext};
use crate::document::{clean_text, Block, Document};
use crate::error::MappingError;
use crate::kind::FieldKind;
use crate::limits::{
    cut_chars, cut_notice, fit_document, one_line, SUMMARY_MAX_CHARS, TEXT_BUDGET,
};
use crate::mapping::{FieldMapping, FieldSource, PRODUCT_LABEL};
use crate::meta::FieldMeta;
use crate::priority::{by_score, by_severity};
use crate::shape;
use crate::template::Template;
use crate::validate::validate;
use crate::wiki;

/// Most issues in one bulk create call.
pub const BULK_MAX: usize = 50;

/// A file to attach to the issue after it is created (the full text of a field that was cut).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub file_name: String,
    pub content: String,
}

/// What is sent to create one issue, and what is attached after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CreatePayload {
    /// The `fields` object of `POST /issue`.
    #[cfg_attr(feature = "specta", specta(type = JsonValue))]
    pub fields: Value,
    pub attachments: Vec<Attachment>,
}

/// How the UI sees a JSON value (numbers as `number`: payload numbers are scores, never ids).
#[cfg(feature = "specta")]
#[derive(Serialize, specta::Type)]
#[serde(untagged)]
pub enum JsonValue {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<JsonValue>),
    Object(std::collections::BTreeMap<String, JsonValue>),
}

impl CreatePayload {
    /// The request body of `POST /issue`: `{"fields": …}`.
    pub fn body(&self) -> Value {
        json!({ "fields": self.fields })
    }
}

/// Builds the create payload for `finding`. Fails when the mapping has problems for these
/// fields (see [`validate`]) or when a required field gets no value for this finding.
pub fn build_create_payload(
    finding: &Finding,
    ctx: &RenderContext,
    mapping: &FieldMapping,
    fields: &[FieldMeta],
) -> Result<CreatePayload, MappingError> {
    let problems = validate(mapping, fields);
    if !problems.is_empty() {
        return Err(MappingError::Invalid { problems });
    }
    let mut out = Map::new();
    let mut attachments = Vec::new();
    out.insert(
        "project".into(),
        match &ctx.project {
            ProjectRef::Id(id) => json!({ "id": id }),
            ProjectRef::Key(key) => json!({ "key": key }),
        },
    );
    out.insert("issuetype".into(), json!({ "id": ctx.issue_type_id }));
    out.insert("summary".into(), json!(summary(finding, ctx, mapping)));

    for (id, source) in &mapping.fields {
        if id == "summary" || id == "labels" {
            continue;
        }
        let Some(field) = fields.iter().find(|f| &f.id == id) else {
            continue;
        };
        let kind = FieldKind::of(field);
        let value = if kind == FieldKind::RichText {
            rich(finding, ctx, field, source, &mut attachments)
        } else {
            plain(finding, ctx, field, kind, source, &mut attachments)
        };
        match value {
            Some(v) => {
                out.insert(id.clone(), v);
            }
            None if field.required && !field.has_default_value => {
                return Err(MappingError::NoValue {
                    field_id: id.clone(),
                    field_name: field.name.clone(),
                    reason: "its source is empty or matches no allowed value for this finding"
                        .into(),
                })
            }
            None => {}
        }
    }
    out.insert("labels".into(), json!(labels(finding, ctx, mapping)));
    Ok(CreatePayload {
        fields: Value::Object(out),
        attachments,
    })
}

/// Jira's bulk create body `{"issueUpdates":[{"fields":…}, …]}` (1 to 50 issues). Attachments
/// are uploaded per issue after the call.
pub fn build_bulk_payload(payloads: &[CreatePayload]) -> Result<Value, MappingError> {
    if payloads.is_empty() {
        return Err(MappingError::BulkEmpty);
    }
    if payloads.len() > BULK_MAX {
        return Err(MappingError::BulkTooLarge {
            count: payloads.len(),
        });
    }
    let updates: Vec<Value> = payloads.iter().map(CreatePayload::body).collect();
    Ok(json!({ "issueUpdates": updates }))
}

/// The summary: the mapped source (default `{{title}}`), on one line, with the prefix when
/// enabled, cut to 255 characters; never empty.
pub fn summary(finding: &Finding, ctx: &RenderContext, mapping: &FieldMapping) -> String {
    let text = match mapping.fields.get("summary") {
        Some(FieldSource::Template(t)) => Template::parse(t)
            .map(|t| t.render_plain(finding, ctx))
            .unwrap_or_default(),
        Some(FieldSource::Literal(s)) => s.clone(),
        Some(FieldSource::Attribute(a)) => a.value(finding, ctx).plain(),
        _ => finding.title.clone(),
    };
    let mut line = one_line(&clean_text(&text));
    if line.is_empty() {
        line = format!("Security finding {}", finding.dedup_label());
    }
    let prefix = one_line(&clean_text(&mapping.summary_prefix.text));
    if mapping.summary_prefix.enabled && !prefix.is_empty() {
        line = format!("{prefix} {line}");
    }
    cut_chars(&line, SUMMARY_MAX_CHARS).0
}

/// The dedup label, `vulnbridge`, the extra labels, then mapped labels; no duplicates.
fn labels(finding: &Finding, ctx: &RenderContext, mapping: &FieldMapping) -> Vec<String> {
    let mut all = vec![finding.dedup_label(), PRODUCT_LABEL.to_string()];
    all.extend(mapping.extra_labels.iter().filter_map(|l| shape::label(l)));
    match mapping.fields.get("labels") {
        Some(FieldSource::Attribute(a)) => all.extend(shape::labels_from(&a.value(finding, ctx))),
        Some(FieldSource::Literal(s)) => all.extend(shape::label(s)),
        Some(FieldSource::Template(t)) => {
            if let Ok(t) = Template::parse(t) {
                all.extend(shape::label(&t.render_plain(finding, ctx)));
            }
        }
        _ => {}
    }
    let mut out: Vec<String> = Vec::new();
    for l in all {
        if !out.contains(&l) {
            out.push(l);
        }
    }
    out
}

fn plain(
    finding: &Finding,
    ctx: &RenderContext,
    field: &FieldMeta,
    kind: FieldKind,
    source: &FieldSource,
    attachments: &mut Vec<Attachment>,
) -> Option<Value> {
    let value = match source {
        FieldSource::Fixed(v) => return shape::fixed(kind, v, ctx.dialect),
        FieldSource::BySeverity(map) => {
            return by_severity(map, finding).map(|r| shape::value_ref(kind, r))
        }
        FieldSource::ByScore(map) => {
            return by_score(map, finding).map(|r| shape::value_ref(kind, r))
        }
        FieldSource::SlaDueDate(days) => {
            AttrValue::Date(days.due_date(finding.severity, ctx.today)?)
        }
        FieldSource::Attribute(a) => a.value(finding, ctx),
        FieldSource::Literal(s) => AttrValue::Text(s.clone()),
        FieldSource::Template(t) => {
            AttrValue::Text(Template::parse(t).ok()?.render_plain(finding, ctx))
        }
    };
    let mut cut = false;
    let json = shape::from_value(kind, &value, field, ctx.dialect, &mut cut);
    if cut {
        attachments.push(Attachment {
            file_name: file_name(finding, &field.id),
            content: format!("{}\n", clean_text(&value.plain())),
        });
    }
    json
}

fn rich(
    finding: &Finding,
    ctx: &RenderContext,
    field: &FieldMeta,
    source: &FieldSource,
    attachments: &mut Vec<Attachment>,
) -> Option<Value> {
    let doc = match source {
        FieldSource::Template(t) => Template::parse(t).ok()?.render_document(finding, ctx),
        FieldSource::Attribute(a) => Template::parse(&format!("{{{{{}}}}}", a.name()))
            .ok()?
            .render_document(finding, ctx),
        FieldSource::Literal(s) => crate::template::prose_document(s),
        _ => return None,
    };
    if doc.blocks.is_empty() {
        return None;
    }
    let name = file_name(finding, &field.id);
    let (fitted, cut) = match ctx.dialect {
        Dialect::Cloud => {
            // The document wrapper `{"type":"doc","version":1,"content":[]}` takes 40 chars.
            fit_document(
                &doc,
                TEXT_BUDGET - 40,
                &crate::adf::block_chars,
                cut_notice(&name),
            )
        }
        Dialect::DataCenter => {
            let measure = |b: &Block| wiki::block(b).map_or(0, |s| s.chars().count() + 2);
            fit_document(&doc, TEXT_BUDGET, &measure, cut_notice(&name))
        }
    };
    if cut {
        attachments.push(Attachment {
            file_name: name,
            content: doc.to_plain_text(),
        });
    }
    Some(render(&fitted, ctx.dialect))
}

/// A document in the dialect's rich text format.
pub fn render(doc: &Document, dialect: Dialect) -> Value {
    match dialect {
        Dialect::Cloud => to_adf(doc),
        Dialect::DataCenter => Value::String(wiki::to_wiki(doc)),
    }
}

fn file_name(finding: &Finding, field_id: &str) -> String {
    let safe: String = field_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    format!("vulnbridge-{}-{safe}.txt", finding.dedup_label())
}
