//! Checking a mapping against an issue type's fields, with messages for the mapping screen.

use serde::{Deserialize, Serialize};
use vulnbridge_model::DEDUP_LABEL_PREFIX;

use crate::attribute::FindingAttribute;
use crate::kind::FieldKind;
use crate::mapping::{FieldMapping, FieldSource, JiraValue, ValueRef};
use crate::meta::FieldMeta;
use crate::shape::{is_issue_key, parse_date, parse_datetime, parse_number};
use crate::template::{Template, TemplateError};

/// One thing wrong with a mapping, shown next to its field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MappingProblem {
    pub field_id: String,
    pub field_name: String,
    pub kind: ProblemKind,
    /// Plain words for people.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// Jira requires the field, it has no default, and the mapping leaves it empty.
    RequiredUnmapped,
    /// The mapping sets a field the issue type's create screen does not have.
    FieldNotOnScreen,
    /// The field is set by the routing rule (project, issue type) or cannot be set on create.
    NotSettable,
    /// Vulnbridge cannot fill this field type.
    UnsupportedField,
    /// A fixed value is not one of the field's allowed values.
    ValueNotAllowed,
    /// The source cannot produce this field's type (a template into a number field, …).
    SourceDoesNotFit,
    /// A template names a placeholder that does not exist.
    UnknownPlaceholder,
    /// A template opens `{{` without closing it.
    TemplateSyntax,
    /// A typed value does not parse for the field (not a number, not a date, not an issue key).
    InvalidLiteral,
    /// A required field's severity or score map leaves some findings without a value.
    IncompleteMap,
    /// A label the mapping adds starts with `vb-`, which is reserved for duplicate checks.
    ReservedLabel,
}

/// Every problem of `mapping` for an issue type whose create fields are `fields`.
pub fn validate(mapping: &FieldMapping, fields: &[FieldMeta]) -> Vec<MappingProblem> {
    let mut out = Vec::new();
    for (id, always) in [("summary", "summary"), ("labels", "duplicate-check label")] {
        if !fields.iter().any(|f| f.id == id) {
            out.push(problem(
                id,
                id,
                ProblemKind::FieldNotOnScreen,
                format!(
                    "Vulnbridge always sets the {always}, but this issue type's create screen has \
                     no “{id}” field; ask a Jira admin to add it to the create screen"
                ),
            ));
        }
    }
    for f in fields {
        let automatic = matches!(
            f.id.as_str(),
            "project" | "issuetype" | "summary" | "labels"
        );
        if f.required && !f.has_default_value && !automatic && !mapping.fields.contains_key(&f.id) {
            out.push(problem(
                &f.id,
                &f.name,
                ProblemKind::RequiredUnmapped,
                format!(
                    "Jira requires “{}” and has no default for it; map it to a value, an \
                     attribute or a template",
                    f.name
                ),
            ));
        }
    }
    let literal_label = match mapping.fields.get("labels") {
        Some(FieldSource::Literal(s)) => Some(s.as_str()),
        _ => None,
    };
    for label in mapping
        .extra_labels
        .iter()
        .map(String::as_str)
        .chain(literal_label)
    {
        if label
            .trim()
            .to_ascii_lowercase()
            .starts_with(DEDUP_LABEL_PREFIX)
        {
            out.push(problem(
                "labels",
                "Labels",
                ProblemKind::ReservedLabel,
                format!(
                    "“{}” starts with {DEDUP_LABEL_PREFIX}, which Vulnbridge reserves for its \
                     duplicate-check labels; choose another label",
                    label.trim()
                ),
            ));
        }
    }
    for (id, source) in &mapping.fields {
        match fields.iter().find(|f| &f.id == id) {
            Some(f) => check_field(f, source, &mut out),
            None => out.push(problem(
                id,
                id,
                ProblemKind::FieldNotOnScreen,
                format!(
                    "“{id}” is not on this issue type's create screen (removed or hidden in \
                     Jira?); remove it from the mapping"
                ),
            )),
        }
    }
    out
}

fn problem(id: &str, name: &str, kind: ProblemKind, message: String) -> MappingProblem {
    MappingProblem {
        field_id: id.to_string(),
        field_name: name.to_string(),
        kind,
        message,
    }
}

fn check_field(f: &FieldMeta, source: &FieldSource, out: &mut Vec<MappingProblem>) {
    let kind = FieldKind::of(f);
    let mut push =
        |kind: ProblemKind, message: String| out.push(problem(&f.id, &f.name, kind, message));
    match kind {
        FieldKind::Project | FieldKind::IssueType => {
            return push(
                ProblemKind::NotSettable,
                format!(
                    "“{}” comes from the routing rule; remove it from the mapping",
                    f.name
                ),
            )
        }
        FieldKind::Unsupported => {
            return push(
                ProblemKind::UnsupportedField,
                format!(
                    "Vulnbridge cannot fill “{}” (type {}); remove it from the mapping",
                    f.name,
                    f.schema.custom.as_deref().unwrap_or(&f.schema.kind)
                ),
            )
        }
        _ => {}
    }
    if !f.settable() {
        return push(
            ProblemKind::NotSettable,
            format!(
                "Jira does not let “{}” be set when creating an issue",
                f.name
            ),
        );
    }
    if !fits(kind, source) {
        return push(
            ProblemKind::SourceDoesNotFit,
            format!(
                "“{}” is {}; {} cannot fill it",
                f.name,
                kind.describe(),
                describe_source(source)
            ),
        );
    }
    match source {
        FieldSource::Fixed(v) => {
            for r in refs(v) {
                if kind.uses_allowed_values() && !allowed(f, r) {
                    push(
                        ProblemKind::ValueNotAllowed,
                        format!(
                            "“{}” is not one of the values Jira allows for “{}”",
                            r.label(),
                            f.name
                        ),
                    );
                }
            }
            if let JiraValue::Cascade {
                parent,
                child: Some(child),
            } = v
            {
                let ok = f.allowed(&parent.id, &parent.name).is_some_and(|p| {
                    crate::meta::find_allowed(&p.children, &child.id, &child.name).is_some()
                });
                if !ok {
                    push(
                        ProblemKind::ValueNotAllowed,
                        format!(
                            "“{}” is not a choice under “{}”",
                            child.label(),
                            parent.label()
                        ),
                    );
                }
            }
            if let JiraValue::IssueKey { key } = v {
                if !is_issue_key(key) {
                    push(
                        ProblemKind::InvalidLiteral,
                        format!("“{key}” is not an issue key like SEC-12"),
                    );
                }
            }
        }
        FieldSource::BySeverity(map) => {
            for (severity, r) in map.entries() {
                if !allowed(f, r) {
                    push(
                        ProblemKind::ValueNotAllowed,
                        format!(
                            "{severity}: “{}” is not one of the values Jira allows for “{}”",
                            r.label(),
                            f.name
                        ),
                    );
                }
            }
            if f.required && !f.has_default_value && map.entries().len() < 6 {
                push(
                    ProblemKind::IncompleteMap,
                    format!(
                        "“{}” is required: give every severity (and unknown) a value",
                        f.name
                    ),
                );
            }
        }
        FieldSource::ByScore(map) => {
            for band in &map.bands {
                if !allowed(f, &band.value) {
                    push(
                        ProblemKind::ValueNotAllowed,
                        format!(
                            "{}–{}: “{}” is not one of the values Jira allows for “{}”",
                            band.min,
                            band.max,
                            band.value.label(),
                            f.name
                        ),
                    );
                }
            }
            if let Some(r) = &map.unscored {
                if !allowed(f, r) {
                    push(
                        ProblemKind::ValueNotAllowed,
                        format!(
                            "“{}” is not one of the values Jira allows for “{}”",
                            r.label(),
                            f.name
                        ),
                    );
                }
            } else if f.required && !f.has_default_value {
                push(
                    ProblemKind::IncompleteMap,
                    format!(
                        "“{}” is required: choose a value for findings without a score",
                        f.name
                    ),
                );
            }
        }
        FieldSource::SlaDueDate(days) => {
            let all = [
                days.critical,
                days.high,
                days.medium,
                days.low,
                days.info,
                days.unknown,
            ];
            if f.required && !f.has_default_value && all.iter().any(Option::is_none) {
                push(
                    ProblemKind::IncompleteMap,
                    format!(
                        "“{}” is required: give every severity (and unknown) a number of days",
                        f.name
                    ),
                );
            }
        }
        FieldSource::Template(t) => {
            if let Err(errors) = Template::parse(t) {
                for e in errors {
                    let kind = match e {
                        TemplateError::UnknownPlaceholder { .. } => ProblemKind::UnknownPlaceholder,
                        TemplateError::Unclosed { .. } => ProblemKind::TemplateSyntax,
                    };
                    push(kind, e.to_string());
                }
            }
        }
        FieldSource::Literal(s) => {
            if let Some(message) = literal_problem(kind, s, f) {
                push(ProblemKind::InvalidLiteral, message);
            }
        }
        FieldSource::Attribute(_) => {}
    }
}

fn allowed(f: &FieldMeta, r: &ValueRef) -> bool {
    f.allowed(&r.id, &r.name).is_some_and(|a| !a.disabled)
}

fn refs(v: &JiraValue) -> Vec<&ValueRef> {
    match v {
        JiraValue::One { value } => vec![value],
        JiraValue::Many { values } => values.iter().collect(),
        JiraValue::Cascade { parent, .. } => vec![parent],
        _ => Vec::new(),
    }
}

fn literal_problem(kind: FieldKind, s: &str, f: &FieldMeta) -> Option<String> {
    let name = &f.name;
    match kind {
        FieldKind::Number if parse_number(s).is_none() => Some(format!("“{s}” is not a number")),
        FieldKind::Date if parse_date(s).is_none() => {
            Some(format!("“{s}” is not a date like 2026-11-23"))
        }
        FieldKind::DateTime if parse_datetime(s).is_none() => Some(format!(
            "“{s}” is not a date and time like 2026-11-23T10:00:00Z"
        )),
        FieldKind::Url if crate::document::safe_href(s).is_none() => {
            Some(format!("“{s}” is not an http(s) URL"))
        }
        FieldKind::Parent | FieldKind::EpicLink if !is_issue_key(s) => {
            Some(format!("“{s}” is not an issue key like SEC-12"))
        }
        FieldKind::Select | FieldKind::Priority | FieldKind::Version | FieldKind::Cascading
            if f.allowed("", s).is_none() =>
        {
            Some(format!(
                "“{s}” is not one of the values Jira allows for “{name}”"
            ))
        }
        _ if s.trim().is_empty() => Some(format!("the value for “{name}” is empty")),
        _ => None,
    }
}

/// Whether a kind of source can produce a value of this field kind.
fn fits(kind: FieldKind, source: &FieldSource) -> bool {
    use FieldKind as K;
    match source {
        FieldSource::Fixed(v) => crate::shape::fixed(kind, v, crate::Dialect::Cloud).is_some(),
        FieldSource::BySeverity(_) | FieldSource::ByScore(_) => {
            matches!(kind, K::Select | K::Priority | K::Version)
        }
        FieldSource::SlaDueDate(_) => matches!(kind, K::Date | K::DateTime),
        FieldSource::Template(_) => matches!(
            kind,
            K::Summary | K::RichText | K::Text | K::Url | K::Labels
        ),
        FieldSource::Literal(_) => !matches!(kind, K::MultiSelect | K::Components | K::Versions),
        FieldSource::Attribute(a) => attribute_fits(kind, *a),
    }
}

fn attribute_fits(kind: FieldKind, a: FindingAttribute) -> bool {
    use FieldKind as K;
    use FindingAttribute as A;
    match kind {
        K::Summary | K::RichText | K::Text | K::Labels => true,
        K::Number => matches!(a, A::Score | A::Line),
        K::Date | K::DateTime => matches!(a, A::FirstSeen | A::Today),
        K::Url => matches!(a, A::Url | A::LinkBack),
        K::Select | K::MultiSelect | K::Priority => matches!(
            a,
            A::Severity
                | A::RawSeverity
                | A::Kind
                | A::Confidence
                | A::Tool
                | A::Application
                | A::Cwes
                | A::RuleId
        ),
        K::Components | K::Versions | K::Version => {
            matches!(a, A::Application | A::PackageName | A::FixedVersion)
        }
        _ => false,
    }
}

fn describe_source(source: &FieldSource) -> String {
    match source {
        FieldSource::Fixed(_) => "this kind of fixed value".into(),
        FieldSource::Attribute(a) => format!("the finding's {}", a.name().replace('_', " ")),
        FieldSource::Literal(_) => "a typed value".into(),
        FieldSource::Template(_) => "a template".into(),
        FieldSource::BySeverity(_) => "a severity map".into(),
        FieldSource::ByScore(_) => "a score map".into(),
        FieldSource::SlaDueDate(_) => "an SLA due date".into(),
    }
}
