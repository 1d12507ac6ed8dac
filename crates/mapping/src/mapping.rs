//! The stored field mapping: for each Jira field, where its value comes from.
//!
//! This is what a routing rule keeps, exports and previews. It holds Jira ids and names and
//! templates, never credentials.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::attribute::FindingAttribute;
use crate::kind::FieldKind;
use crate::meta::FieldMeta;
use crate::priority::{ScoreMap, SeverityMap};
use crate::sla::SlaDays;

/// Label every Vulnbridge ticket carries, next to the finding's dedup label.
pub const PRODUCT_LABEL: &str = "vulnbridge";

/// How one issue type's fields are filled from a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, rename_all = "camelCase")]
pub struct FieldMapping {
    /// Jira field id (`summary`, `priority`, `customfield_10010`) → source. Only these fields
    /// (plus project, issue type, summary and labels) are sent.
    pub fields: BTreeMap<String, FieldSource>,
    /// Optional text put before every summary, e.g. `[Security]`.
    pub summary_prefix: SummaryPrefix,
    /// Labels added to every ticket besides the dedup label and `vulnbridge` (which are always
    /// there).
    pub extra_labels: Vec<String>,
}

impl Default for FieldMapping {
    fn default() -> FieldMapping {
        let mut fields = BTreeMap::new();
        fields.insert(
            "summary".to_string(),
            FieldSource::Template("{{title}}".into()),
        );
        FieldMapping {
            fields,
            summary_prefix: SummaryPrefix::default(),
            extra_labels: Vec::new(),
        }
    }
}

/// A prefix for summaries, off unless enabled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct SummaryPrefix {
    pub enabled: bool,
    pub text: String,
}

impl Default for SummaryPrefix {
    fn default() -> SummaryPrefix {
        SummaryPrefix {
            enabled: false,
            text: "[Security]".into(),
        }
    }
}

/// Where one field's value comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "source", content = "value", rename_all = "snake_case")]
pub enum FieldSource {
    /// A value picked from the field's `allowedValues` (or an issue key, a user).
    Fixed(JiraValue),
    /// A finding attribute, converted to the field's type.
    Attribute(FindingAttribute),
    /// Text typed by the user, sent as is (numbers and dates must parse).
    Literal(String),
    /// Text with `{{placeholders}}` (see [`crate::template`]).
    Template(String),
    /// An allowed value picked by the finding's severity (priority, severity select lists).
    BySeverity(SeverityMap),
    /// An allowed value picked by the finding's risk score.
    ByScore(ScoreMap),
    /// A due date: today plus the SLA days of the finding's severity.
    SlaDueDate(SlaDays),
}

/// A value chosen from Jira's options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JiraValue {
    /// One allowed value (option, priority, version, component).
    One { value: ValueRef },
    /// Several allowed values (multi select, checkboxes, components, versions).
    Many { values: Vec<ValueRef> },
    /// A cascading select choice; the child is optional.
    Cascade {
        parent: ValueRef,
        child: Option<ValueRef>,
    },
    /// An issue key (parent, epic link), e.g. `SEC-12`.
    IssueKey { key: String },
    /// A user: the accountId on Cloud, the username on Data Center.
    User { id: String },
    /// Several users.
    Users { ids: Vec<String> },
    /// A group name.
    Group { name: String },
}

/// A reference to one allowed value: its id, and its name for display and for matching when
/// the id is unknown (a value typed by hand, a default priority name).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct ValueRef {
    pub id: String,
    pub name: String,
}

impl ValueRef {
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> ValueRef {
        ValueRef {
            id: id.into(),
            name: name.into(),
        }
    }

    /// A reference by name only (matched against allowed values case-insensitively).
    pub fn named(name: impl Into<String>) -> ValueRef {
        ValueRef::new("", name)
    }

    /// How the UI and messages show it: the name, else the id.
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }
}

impl FieldMapping {
    /// Sets (or replaces) the source of a field.
    pub fn set(&mut self, field_id: impl Into<String>, source: FieldSource) {
        self.fields.insert(field_id.into(), source);
    }

    /// Files tickets under an epic or parent issue: uses the `parent` field when the issue type
    /// has one (Cloud, and DC sub-tasks), else Jira Software's Epic Link field (DC). Returns the
    /// field id used, or `None` when the issue type has neither.
    pub fn set_parent_issue(&mut self, fields: &[FieldMeta], key: &str) -> Option<String> {
        let field = fields
            .iter()
            .find(|f| FieldKind::of(f) == FieldKind::Parent)
            .or_else(|| {
                fields
                    .iter()
                    .find(|f| FieldKind::of(f) == FieldKind::EpicLink)
            })?;
        let id = field.id.clone();
        self.set(
            id.clone(),
            FieldSource::Fixed(JiraValue::IssueKey {
                key: key.trim().to_string(),
            }),
        );
        Some(id)
    }
}
