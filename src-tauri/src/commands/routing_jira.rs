//! The routing editor's Jira side: projects, issue types, create fields (cached per connection,
//! project and issue type), user search for the default assignee, and mapping checks.

use crate::commands::routing::{connection_dialect, store_work, UserChoice};
use crate::state::AppState;
use crate::AppError;
use serde::Serialize;
use tauri::{AppHandle, Manager};
use vulnbridge_jira::{Dialect as JiraDialect, JiraClient};
use vulnbridge_mapping::{
    default_mapping, parse_createmeta_value, validate, Dialect, FieldKind, FieldMapping, FieldMeta,
    MappingProblem,
};

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProjectChoice {
    pub id: String,
    pub key: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IssueTypeChoice {
    pub id: String,
    pub name: String,
    pub subtask: bool,
}

/// One create field, classified.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldView {
    pub meta: FieldMeta,
    pub kind: FieldKind,
    /// "a single-choice list", "a date field"...
    pub kind_label: String,
}

/// The create fields of (connection, project, issue type) and the mapping a rule starts from.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CreateFieldsView {
    pub fields: Vec<FieldView>,
    pub fetched_at: String,
    pub default_mapping: FieldMapping,
    pub dialect: Dialect,
}

pub(crate) async fn client_for(app: &AppHandle, id: &str) -> Result<JiraClient, AppError> {
    let id = id.to_owned();
    let handle = app.clone();
    let config = tauri::async_runtime::spawn_blocking(move || {
        let state = handle.state::<AppState>();
        state.with_store(|store| state.registry.config(store, &id))
    })
    .await
    .map_err(|e| AppError::new("internal_error", format!("a background task failed: {e}")))??;
    let state = app.state::<AppState>();
    Ok(state.registry.client(&config).await?)
}

pub(crate) fn jira_error(err: vulnbridge_jira::Error) -> AppError {
    AppError::new(err.code(), err.to_string())
}

#[tauri::command]
#[specta::specta]
pub async fn jira_projects(
    app: AppHandle,
    connection_id: String,
) -> Result<Vec<ProjectChoice>, AppError> {
    let client = client_for(&app, &connection_id).await?;
    let mut list: Vec<ProjectChoice> = client
        .projects()
        .await
        .map_err(jira_error)?
        .into_iter()
        .filter(|p| !p.archived)
        .map(|p| ProjectChoice {
            id: p.id,
            key: p.key,
            name: p.name,
        })
        .collect();
    list.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(list)
}

#[tauri::command]
#[specta::specta]
pub async fn jira_issue_types(
    app: AppHandle,
    connection_id: String,
    project: String,
) -> Result<Vec<IssueTypeChoice>, AppError> {
    let client = client_for(&app, &connection_id).await?;
    Ok(client
        .issue_types(&project)
        .await
        .map_err(jira_error)?
        .into_iter()
        .map(|t| IssueTypeChoice {
            id: t.id,
            name: t.name,
            subtask: t.subtask,
        })
        .collect())
}

fn fields_view(
    fields: Vec<FieldMeta>,
    fetched_at: String,
    dialect: JiraDialect,
) -> CreateFieldsView {
    let default_mapping = default_mapping(&fields);
    CreateFieldsView {
        fields: fields
            .into_iter()
            .map(|meta| {
                let kind = FieldKind::of(&meta);
                FieldView {
                    kind_label: kind.describe().to_owned(),
                    kind,
                    meta,
                }
            })
            .collect(),
        fetched_at,
        default_mapping,
        dialect: mapping_dialect(dialect),
    }
}

pub(crate) fn mapping_dialect(d: JiraDialect) -> Dialect {
    match d {
        JiraDialect::CloudV3 => Dialect::Cloud,
        JiraDialect::DataCenterV2 => Dialect::DataCenter,
    }
}

/// The create fields of (connection, project, issue type): from the cache unless `refresh`
/// (or never fetched), in which case Jira is asked and the cache replaced.
#[tauri::command]
#[specta::specta]
pub async fn jira_create_fields(
    app: AppHandle,
    connection_id: String,
    project: String,
    issue_type_id: String,
    refresh: bool,
) -> Result<CreateFieldsView, AppError> {
    let (cid, p, t) = (
        connection_id.clone(),
        project.clone(),
        issue_type_id.clone(),
    );
    let (cached, dialect) = store_work(&app, move |s| {
        Ok((
            s.cached_create_fields(&cid, &p, &t)?,
            connection_dialect(s, &cid)?,
        ))
    })
    .await?;
    if let (false, Some(cached)) = (refresh, cached) {
        let fields: Vec<FieldMeta> = serde_json::from_str(&cached.fields_json).map_err(|e| {
            AppError::new(
                "corrupt",
                format!("the cached fields cannot be read ({e}); use Refresh"),
            )
        })?;
        return Ok(fields_view(fields, cached.fetched_at, dialect));
    }
    let client = client_for(&app, &connection_id).await?;
    let meta = client
        .create_fields(&project, &issue_type_id)
        .await
        .map_err(jira_error)?;
    let fields = parse_createmeta_value(&meta.to_document())
        .map_err(|e| AppError::new("createmeta_unreadable", e.to_string()))?;
    let json = serde_json::to_string(&fields)
        .map_err(|e| AppError::new("internal_error", e.to_string()))?;
    let saved = store_work(&app, move |s| {
        Ok(s.cache_create_fields(&connection_id, &project, &issue_type_id, &json)?)
    })
    .await?;
    Ok(fields_view(fields, saved.fetched_at, client.dialect()))
}

/// Users for the default-assignee picker (Cloud: by name or email; DC: by username prefix).
#[tauri::command]
#[specta::specta]
pub async fn search_jira_users(
    app: AppHandle,
    connection_id: String,
    query: String,
) -> Result<Vec<UserChoice>, AppError> {
    if query.trim().is_empty() {
        return Ok(Vec::new());
    }
    let client = client_for(&app, &connection_id).await?;
    Ok(client
        .search_users(query.trim(), 20)
        .await
        .map_err(jira_error)?
        .into_iter()
        .filter_map(|u| {
            let id = u.id()?.to_owned();
            Some(UserChoice {
                display_name: if u.display_name.is_empty() {
                    id.clone()
                } else {
                    u.display_name.clone()
                },
                id,
            })
        })
        .collect())
}

/// Problems of a mapping for the given fields (shown next to each field while editing).
#[tauri::command]
#[specta::specta]
pub fn check_mapping(mapping: FieldMapping, fields: Vec<FieldMeta>) -> Vec<MappingProblem> {
    validate(&mapping, &fields)
}
