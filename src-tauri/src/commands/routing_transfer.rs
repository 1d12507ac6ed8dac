//! Export and import of the whole routing + mapping configuration as a readable JSON file a
//! team can share. No secrets: connections are referenced by name and site URL, applications
//! and groups by name. An import is checked completely before anything is written.

use crate::commands::routing::{now_stamp, save_rule, store_work, RuleInput, ScopeRef, UserChoice};
use crate::AppError;
use serde::{Deserialize, Serialize};
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;
use vulnbridge_mapping::{validate, FieldMapping, FieldMeta, FieldSource, JiraValue};
use vulnbridge_model::{FindingKind, Severity};
use vulnbridge_store::{RuleScope, Store};

const FORMAT: &str = "vulnbridge-routing";
const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Document {
    format: String,
    version: u32,
    #[serde(default)]
    exported_at: Option<String>,
    rules: Vec<RuleDoc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
enum ScopeDoc {
    Application(String),
    Group(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConnectionDoc {
    name: String,
    site_url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct NamedRef {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RuleDoc {
    name: String,
    scope: ScopeDoc,
    connection: ConnectionDoc,
    project: NamedRef,
    issue_type: NamedRef,
    #[serde(default)]
    default_assignee: Option<UserChoice>,
    #[serde(default)]
    min_severity: Option<Severity>,
    trigger_kinds: Vec<FindingKind>,
    enabled: bool,
    mapping: FieldMapping,
    /// The issue type's create fields the mapping was made for.
    fields: Vec<FieldMeta>,
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportReport {
    pub path: String,
    pub rules: u32,
}

/// What an import did.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub created: u32,
    pub updated: u32,
    /// Applications or groups that did not exist and were created.
    pub created_scopes: Vec<String>,
}

fn site_key(url: &str) -> String {
    url.trim().trim_end_matches('/').to_lowercase()
}

fn export_document(store: &Store) -> Result<Document, AppError> {
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
                AppError::new(
                    "export_failed",
                    format!(
                        "Rule “{}” uses a connection that was removed; edit the rule first.",
                        rule.name
                    ),
                )
            })?;
        let site_url = serde_json::from_str::<vulnbridge_jira::ConnectionConfig>(&conn.config)
            .map(|c| c.site_url.to_string())
            .map_err(|e| AppError::new("corrupt", format!("connection “{}”: {e}", conn.name)))?;
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
        let mut mapping: FieldMapping = serde_json::from_str(&rule.mapping_json)
            .map_err(|e| AppError::new("corrupt", format!("rule “{}”: {e}", rule.name)))?;
        let default_assignee = match mapping.fields.remove("assignee") {
            Some(FieldSource::Fixed(JiraValue::User { id })) => Some(UserChoice {
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
            fields: serde_json::from_str(&rule.field_meta_json)
                .map_err(|e| AppError::new("corrupt", format!("rule “{}”: {e}", rule.name)))?,
        });
    }
    Ok(Document {
        format: FORMAT.into(),
        version: VERSION,
        exported_at: Some(now_stamp()),
        rules,
    })
}

fn bad(message: String) -> AppError {
    AppError::new("invalid_routing_file", message)
}

/// Checks every rule of `text` against this machine's connections, then writes them all.
fn import_document(store: &Store, text: &str) -> Result<ImportReport, AppError> {
    let doc: Document = serde_json::from_str(text).map_err(|e| {
        bad(format!(
            "The file is not a Vulnbridge routing export ({e})."
        ))
    })?;
    if doc.format != FORMAT {
        return Err(bad(format!(
            "The file's format is “{}”, expected “{FORMAT}”.",
            doc.format
        )));
    }
    if doc.version != VERSION {
        return Err(bad(format!(
            "The file is version {} of the routing format; this Vulnbridge reads version {VERSION}.",
            doc.version
        )));
    }
    let connections = store.connections()?;
    let mut planned = Vec::new();
    for (n, r) in doc.rules.iter().enumerate() {
        let at = format!("Rule {} (“{}”)", n + 1, r.name);
        let conn = connections
            .iter()
            .find(|c| c.name == r.connection.name)
            .or_else(|| {
                connections.iter().find(|c| {
                    serde_json::from_str::<vulnbridge_jira::ConnectionConfig>(&c.config).is_ok_and(
                        |cfg| site_key(cfg.site_url.as_str()) == site_key(&r.connection.site_url),
                    )
                })
            })
            .ok_or_else(|| {
                bad(format!(
                    "{at}: no connection is named “{}” or points at {}. Add that Jira connection \
                     first, then import again.",
                    r.connection.name, r.connection.site_url
                ))
            })?;
        if r.project.id.is_none() && r.project.key.is_none() {
            return Err(bad(format!(
                "{at}: the project has neither an id nor a key."
            )));
        }
        let Some(issue_type_id) = r.issue_type.id.clone().filter(|s| !s.is_empty()) else {
            return Err(bad(format!("{at}: the issue type has no id.")));
        };
        if r.trigger_kinds.is_empty() {
            return Err(bad(format!("{at}: it triggers on no finding kind.")));
        }
        let mut mapping = r.mapping.clone();
        if let Some(u) = &r.default_assignee {
            mapping.set(
                "assignee",
                FieldSource::Fixed(JiraValue::User { id: u.id.clone() }),
            );
        }
        if let Some(p) = validate(&mapping, &r.fields).first() {
            return Err(bad(format!(
                "{at}: field “{}”: {}",
                p.field_name, p.message
            )));
        }
        planned.push((r, conn.id.clone(), issue_type_id));
    }
    let mut report = ImportReport {
        created: 0,
        updated: 0,
        created_scopes: Vec::new(),
    };
    let existing = store.routing_rules()?;
    for (r, connection_id, issue_type_id) in planned {
        let scope = match &r.scope {
            ScopeDoc::Application(name) => {
                let (id, created) = store.ensure_application(name)?;
                if created {
                    report.created_scopes.push(format!("application “{name}”"));
                }
                ScopeRef::Application(id)
            }
            ScopeDoc::Group(name) => {
                match store.list_groups()?.into_iter().find(|g| &g.name == name) {
                    Some(g) => ScopeRef::Group(g.id),
                    None => {
                        report.created_scopes.push(format!("group “{name}”"));
                        ScopeRef::Group(store.create_group(name)?)
                    }
                }
            }
        };
        let project = r
            .project
            .id
            .clone()
            .or_else(|| r.project.key.clone())
            .unwrap_or_default();
        let fields_json = serde_json::to_string(&r.fields)
            .map_err(|e| AppError::new("internal_error", e.to_string()))?;
        store.cache_create_fields(&connection_id, &project, &issue_type_id, &fields_json)?;
        let same = existing
            .iter()
            .find(|e| e.name == r.name && ScopeRef::from(e.scope) == scope)
            .map(|e| crate::commands::routing::rule_id(e.id));
        let outcome = save_rule(
            store,
            RuleInput {
                id: same,
                name: r.name.clone(),
                scope,
                connection_id,
                project_id: r.project.id.clone(),
                project_key: r.project.key.clone(),
                project_name: r.project.name.clone(),
                issue_type_id,
                issue_type_name: r.issue_type.name.clone(),
                assignee: r.default_assignee.clone(),
                min_severity: r.min_severity,
                trigger_kinds: r.trigger_kinds.clone(),
                mapping: r.mapping.clone(),
                enabled: r.enabled,
            },
            &now_stamp(),
        )?;
        if let Some(p) = outcome.problems.first() {
            return Err(bad(format!(
                "Rule “{}”: field “{}”: {}",
                r.name, p.field_name, p.message
            )));
        }
        if same.is_some() {
            report.updated += 1;
        } else {
            report.created += 1;
        }
    }
    Ok(report)
}

/// Writes the routing configuration to `path` as indented JSON.
#[tauri::command]
#[specta::specta]
pub async fn export_routing_config(app: AppHandle, path: String) -> Result<ExportReport, AppError> {
    store_work(&app, move |s| {
        let doc = export_document(s)?;
        let text = serde_json::to_string_pretty(&doc)
            .map_err(|e| AppError::new("internal_error", e.to_string()))?;
        std::fs::write(&path, text + "\n").map_err(|e| {
            AppError::new(
                "write_failed",
                format!("Could not write {path} ({e}); pick another place."),
            )
        })?;
        Ok(ExportReport {
            rules: u32::try_from(doc.rules.len()).unwrap_or(u32::MAX),
            path,
        })
    })
    .await
}

/// Reads a routing export and adds (or updates, by rule name and scope) its rules. Imported
/// enabled rules count from now: an import never tickets the backlog.
#[tauri::command]
#[specta::specta]
pub async fn import_routing_config(app: AppHandle, path: String) -> Result<ImportReport, AppError> {
    store_work(&app, move |s| {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| AppError::new("read_failed", format!("Could not read {path} ({e}).")))?;
        let tx = s
            .connection()
            .unchecked_transaction()
            .map_err(|e| AppError::new("database", e.to_string()))?;
        let report = import_document(s, &text)?;
        tx.commit()
            .map_err(|e| AppError::new("database", e.to_string()))?;
        Ok(report)
    })
    .await
}

/// Asks where to save an export (`null` when cancelled).
#[tauri::command]
#[specta::specta]
pub async fn pick_routing_export_path(app: AppHandle) -> Result<Option<String>, AppError> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("Export routing configuration")
            .set_file_name("vulnbridge-routing.json")
            .add_filter("JSON", &["json"])
            .blocking_save_file()
    })
    .await
    .map_err(|e| AppError::new("internal_error", e.to_string()))?;
    Ok(picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}

/// Asks for a routing export to import (`null` when cancelled).
#[tauri::command]
#[specta::specta]
pub async fn pick_routing_import_file(app: AppHandle) -> Result<Option<String>, AppError> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("Import routing configuration")
            .add_filter("JSON", &["json"])
            .blocking_pick_file()
    })
    .await
    .map_err(|e| AppError::new("internal_error", e.to_string()))?;
    Ok(picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}

#[cfg(test)]
#[path = "routing_transfer_tests.rs"]
mod tests;
