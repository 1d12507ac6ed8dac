//! The routing configuration as a readable JSON file a team can share (the app's Routing page
//! and `vulnbridge-cli routing` both write and read it). No secrets: connections are referenced
//! by name and site URL, applications and groups by name. Reading it back: `routing_import`.

use serde::{Deserialize, Serialize};
use vulnbridge_model::{FindingKind, Severity};
use vulnbridge_store::{RuleScope, Store};

use crate::{FieldMapping, FieldMeta, FieldSource, JiraValue};

pub const ROUTING_FORMAT: &str = "vulnbridge-routing";
pub const ROUTING_VERSION: u32 = 1;

/// Why an export or import did not happen.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    /// The file is not a routing export this version reads, or a rule cannot apply here.
    #[error("{0}")]
    Invalid(String),
    /// A saved rule cannot be exported as it is.
    #[error("{0}")]
    Export(String),
    /// Stored data does not parse.
    #[error("{0}")]
    Corrupt(String),
    #[error(transparent)]
    Data(#[from] vulnbridge_store::DataError),
    #[error(transparent)]
    Store(#[from] vulnbridge_store::StoreError),
}

impl TransferError {
    /// Stable code for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            TransferError::Invalid(_) => "invalid_routing_file",
            TransferError::Export(_) => "export_failed",
            TransferError::Corrupt(_) => "corrupt",
            TransferError::Data(_) | TransferError::Store(_) => "database_error",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoutingDocument {
    pub format: String,
    pub version: u32,
    #[serde(default)]
    pub exported_at: Option<String>,
    pub rules: Vec<RuleDoc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ScopeDoc {
    Application(String),
    Group(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionDoc {
    pub name: String,
    pub site_url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NamedRef {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

/// A Jira user: accountId (Cloud) or username (Data Center), with the name shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssigneeDoc {
    pub id: String,
    pub display_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleDoc {
    pub name: String,
    pub scope: ScopeDoc,
    pub connection: ConnectionDoc,
    pub project: NamedRef,
    pub issue_type: NamedRef,
    #[serde(default)]
    pub default_assignee: Option<AssigneeDoc>,
    #[serde(default)]
    pub min_severity: Option<Severity>,
    pub trigger_kinds: Vec<FindingKind>,
    pub enabled: bool,
    pub mapping: FieldMapping,
    /// The issue type's create fields the mapping was made for.
    pub fields: Vec<FieldMeta>,
}

/// The site URL inside a stored connection's settings JSON.
pub(crate) fn site_url_of(config_json: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(config_json).ok()?;
    value.get("site_url")?.as_str().map(str::to_owned)
}

pub(crate) fn site_key(url: &str) -> String {
    url.trim().trim_end_matches('/').to_lowercase()
}

/// Every routing rule of `store` as a shareable document stamped `now`.
pub fn export_routing(store: &Store, now: &str) -> Result<RoutingDocument, TransferError> {
    let connections = store.connections()?;
    let apps = store.list_applications()?;
    let groups = store.list_groups()?;
    let mut rules = Vec::new();
    for rule in store.routing_rules()? {
        let names = store.rule_names(rule.id)?;
        let conn = connections
            .iter()
            .find(|c| c.id == rule.connection_id)
            .ok_or_else(|| {
                TransferError::Export(format!(
                    "Rule “{}” uses a connection that was removed; edit the rule first.",
                    rule.name
                ))
            })?;
        let site_url = site_url_of(&conn.config).ok_or_else(|| {
            TransferError::Corrupt(format!("connection “{}” has no site URL", conn.name))
        })?;
        let scope = match rule.scope {
            RuleScope::Application(a) => ScopeDoc::Application(
                apps.iter()
                    .find(|x| x.id == a)
                    .map(|x| x.name.clone())
                    .unwrap_or_default(),
            ),
            RuleScope::Group(g) => ScopeDoc::Group(
                groups
                    .iter()
                    .find(|x| x.id == g)
                    .map(|x| x.name.clone())
                    .unwrap_or_default(),
            ),
        };
        let corrupt =
            |e: serde_json::Error| TransferError::Corrupt(format!("rule “{}”: {e}", rule.name));
        let mut mapping: FieldMapping =
            serde_json::from_str(&rule.mapping_json).map_err(corrupt)?;
        let default_assignee = match mapping.fields.remove("assignee") {
            Some(FieldSource::Fixed(JiraValue::User { id })) => Some(AssigneeDoc {
                display_name: names.assignee_name.clone().unwrap_or_else(|| id.clone()),
                id,
            }),
            Some(other) => {
                mapping.fields.insert("assignee".into(), other);
                None
            }
            None => None,
        };
        rules.push(RuleDoc {
            name: rule.name.clone(),
            scope,
            connection: ConnectionDoc {
                name: conn.name.clone(),
                site_url,
            },
            project: NamedRef {
                id: rule.project_id.clone(),
                key: rule.project_key.clone(),
                name: names.project_name,
            },
            issue_type: NamedRef {
                id: Some(rule.issue_type_id.clone()),
                key: None,
                name: names.issue_type_name,
            },
            default_assignee,
            min_severity: rule.min_severity,
            trigger_kinds: rule.trigger_kinds.clone(),
            enabled: rule.enabled_since.is_some(),
            mapping,
            fields: serde_json::from_str(&rule.field_meta_json).map_err(corrupt)?,
        });
    }
    Ok(RoutingDocument {
        format: ROUTING_FORMAT.into(),
        version: ROUTING_VERSION,
        exported_at: Some(now.to_owned()),
        rules,
    })
}

/// The document as the file holds it: indented JSON with a final newline.
pub fn routing_file_text(doc: &RoutingDocument) -> Result<String, TransferError> {
    serde_json::to_string_pretty(doc)
        .map(|t| t + "\n")
        .map_err(|e| TransferError::Corrupt(e.to_string()))
}
