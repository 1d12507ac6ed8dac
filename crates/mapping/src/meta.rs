//! Field metadata from Jira's create metadata (createmeta), in both dialects.
//!
//! - Cloud `GET /rest/api/3/issue/createmeta/{project}/issuetypes/{id}` answers
//!   `{startAt, maxResults, total, fields: [FieldCreateMetadata]}`.
//! - Data Center 9+/10 `GET /rest/api/2/issue/createmeta/{project}/issuetypes/{id}` answers
//!   `{startAt, maxResults, total, isLast, values: [FieldMetaBean]}` (no `key`, only `fieldId`).
//! - The legacy `expand=projects.issuetypes.fields` shape keys fields by id in an object; it is
//!   accepted too.
//!
//! Parsing is tolerant: missing members take defaults, unknown members are ignored, and ids
//! given as numbers are read as strings.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::MappingError;

/// One field of an issue type's create screen.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, rename_all = "camelCase")]
pub struct FieldMeta {
    /// The id used in the create payload (`summary`, `customfield_10010`).
    pub id: String,
    /// Cloud's `key` (equal to the id for every field seen so far; DC has none).
    pub key: String,
    pub name: String,
    pub required: bool,
    pub schema: FieldSchema,
    pub allowed_values: Vec<AllowedValue>,
    pub has_default_value: bool,
    /// `set`, `add`, `remove`, `edit`, …
    pub operations: Vec<String>,
    pub auto_complete_url: Option<String>,
}

/// A field's data type as Jira describes it (`schema`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct FieldSchema {
    /// `string`, `number`, `date`, `datetime`, `array`, `option`, `option-with-child`, `user`,
    /// `priority`, `issuetype`, `project`, `any`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// Item type of arrays: `option`, `string`, `user`, `version`, `component`, …
    pub items: Option<String>,
    /// Custom field type URI, e.g. `com.atlassian.jira.plugin.system.customfieldtypes:select`.
    pub custom: Option<String>,
    /// System field name, e.g. `description`.
    pub system: Option<String>,
}

/// One entry of `allowedValues`: an option, priority, component, version, issue type, project.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct AllowedValue {
    pub id: String,
    /// `name` (priorities, components, versions, issue types) or `value` (options).
    pub name: String,
    /// Project key, for project values.
    pub key: Option<String>,
    /// Child options of a cascading select.
    pub children: Vec<AllowedValue>,
    /// `true` when Jira says the value is disabled or archived (not offered).
    pub disabled: bool,
}

impl FieldMeta {
    /// The allowed value with this id, or else with this name (case-insensitive).
    pub fn allowed(&self, id: &str, name: &str) -> Option<&AllowedValue> {
        find_allowed(&self.allowed_values, id, name)
    }

    /// `true` when the field accepts `set` on create (no operations listed counts as yes).
    pub fn settable(&self) -> bool {
        self.operations.is_empty() || self.operations.iter().any(|o| o == "set")
    }
}

/// The value in `values` matching `id` (when non-empty), else `name` case-insensitively.
pub fn find_allowed<'a>(
    values: &'a [AllowedValue],
    id: &str,
    name: &str,
) -> Option<&'a AllowedValue> {
    if !id.is_empty() {
        return values.iter().find(|v| v.id == id);
    }
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    values
        .iter()
        .find(|v| v.name.trim().eq_ignore_ascii_case(name))
}

/// One page of createmeta fields with its paging position (Cloud pages at most 200 fields,
/// 50 by default).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CreatemetaPage {
    pub fields: Vec<FieldMeta>,
    pub start_at: u32,
    /// `total` when Jira gives it.
    pub total: Option<u32>,
    /// `true` when no further page exists (`isLast` on Data Center, `startAt + count >= total`
    /// on Cloud, or an empty page).
    pub is_last: bool,
    /// The `startAt` of the next page.
    pub next_start_at: u32,
}

/// Parses a createmeta field page with its paging position; fetch `next_start_at` until
/// `is_last`, then concatenate the pages' fields.
pub fn parse_createmeta_page(json: &str) -> Result<CreatemetaPage, MappingError> {
    let root: Value = serde_json::from_str(json).map_err(|e| MappingError::Createmeta {
        detail: format!("the answer is not JSON ({e})"),
    })?;
    let fields = parse_createmeta_value(&root)?;
    let count = root
        .get("fields")
        .or_else(|| root.get("values"))
        .or_else(|| root.get("results"))
        .and_then(Value::as_array)
        .map_or(fields.len(), Vec::len);
    let number = |k: &str| {
        root.get(k)
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
    };
    let start_at = number("startAt").unwrap_or(0);
    let total = number("total");
    let next_start_at = start_at.saturating_add(u32::try_from(count).unwrap_or(u32::MAX));
    let is_last = match (root.get("isLast").and_then(Value::as_bool), total) {
        (Some(last), _) => last,
        _ if count == 0 => true,
        (None, Some(total)) => next_start_at >= total,
        (None, None) => true,
    };
    Ok(CreatemetaPage {
        fields,
        start_at,
        total,
        is_last,
        next_start_at,
    })
}

/// Parses a createmeta field page in either dialect (or the legacy per-issue-type object).
pub fn parse_createmeta(json: &str) -> Result<Vec<FieldMeta>, MappingError> {
    let root: Value = serde_json::from_str(json).map_err(|e| MappingError::Createmeta {
        detail: format!("the answer is not JSON ({e})"),
    })?;
    parse_createmeta_value(&root)
}

/// [`parse_createmeta`] for an already parsed document.
pub fn parse_createmeta_value(root: &Value) -> Result<Vec<FieldMeta>, MappingError> {
    let list = root
        .get("fields")
        .or_else(|| root.get("values"))
        .or_else(|| root.get("results"));
    match list {
        Some(Value::Array(items)) => Ok(items.iter().filter_map(|v| field_from(v, None)).collect()),
        Some(Value::Object(map)) => Ok(map
            .iter()
            .filter_map(|(id, v)| field_from(v, Some(id)))
            .collect()),
        _ => Err(MappingError::Createmeta {
            detail: "it has neither a `fields` (Cloud) nor a `values` (Data Center) list; \
                     check that the URL is .../createmeta/{project}/issuetypes/{id}"
                .into(),
        }),
    }
}

fn field_from(v: &Value, id_hint: Option<&str>) -> Option<FieldMeta> {
    let obj = v.as_object()?;
    let id = text(v.get("fieldId"))
        .or_else(|| text(v.get("key")))
        .or_else(|| text(v.get("id")))
        .or_else(|| id_hint.map(str::to_string))?;
    let schema = v.get("schema");
    Some(FieldMeta {
        key: text(v.get("key")).unwrap_or_else(|| id.clone()),
        name: text(v.get("name")).unwrap_or_else(|| id.clone()),
        id,
        required: obj
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        schema: FieldSchema {
            kind: text(schema.and_then(|s| s.get("type"))).unwrap_or_default(),
            items: text(schema.and_then(|s| s.get("items"))),
            custom: text(schema.and_then(|s| s.get("custom"))),
            system: text(schema.and_then(|s| s.get("system"))),
        },
        allowed_values: obj
            .get("allowedValues")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(allowed_from).collect())
            .unwrap_or_default(),
        has_default_value: obj
            .get("hasDefaultValue")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        operations: obj
            .get("operations")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|o| text(Some(o))).collect())
            .unwrap_or_default(),
        auto_complete_url: text(v.get("autoCompleteUrl")),
    })
}

fn allowed_from(v: &Value) -> Option<AllowedValue> {
    match v {
        // DC's spec example shows bare strings; keep them as name-only values.
        Value::String(s) => Some(AllowedValue {
            name: s.clone(),
            ..AllowedValue::default()
        }),
        Value::Object(obj) => Some(AllowedValue {
            id: text(v.get("id")).unwrap_or_default(),
            name: text(v.get("name"))
                .or_else(|| text(v.get("value")))
                .or_else(|| text(v.get("key")))
                .unwrap_or_default(),
            key: text(v.get("key")),
            children: obj
                .get("children")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(allowed_from).collect())
                .unwrap_or_default(),
            disabled: obj
                .get("disabled")
                .and_then(Value::as_bool)
                .unwrap_or(false)
                || obj
                    .get("archived")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
        }),
        _ => None,
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
