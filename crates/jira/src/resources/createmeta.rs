//! Create metadata: the issue types of a project and the fields of one (project, issue type)
//! (`/issue/createmeta/{project}/issuetypes[/{id}]`; Cloud lists under `issueTypes`/`fields`,
//! Data Center under `values`). The mapping crate parses the raw field metadata.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::paging::{collect_offset_pages, items_as};
use super::path_segment::seg;
use crate::client::JiraClient;
use crate::error::Result;

/// Jira's cap on `maxResults` for both createmeta lists.
const CREATEMETA_PAGE: u32 = 200;

/// An issue type that can be created in a project.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct IssueTypeMeta {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub subtask: bool,
    /// Cloud only (epic 1, standard 0, subtask -1).
    pub hierarchy_level: Option<i32>,
    pub icon_url: Option<String>,
}

/// One field of the create screen: the few facts most callers need, plus Jira's raw object.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateFieldMeta {
    /// `summary`, `customfield_10020`...
    pub field_id: String,
    pub name: String,
    pub required: bool,
    /// The field metadata exactly as Jira sent it (schema, allowedValues, operations...).
    pub raw: Value,
}

impl CreateFieldMeta {
    fn from_raw(raw: Value) -> Self {
        let text = |key: &str| raw.get(key).and_then(Value::as_str).map(str::to_owned);
        Self {
            field_id: text("fieldId")
                .or_else(|| text("key"))
                .or_else(|| text("id"))
                .unwrap_or_default(),
            name: text("name").unwrap_or_default(),
            required: raw
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            raw,
        }
    }
}

/// The create fields of one (project, issue type).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CreateMeta {
    pub fields: Vec<CreateFieldMeta>,
}

impl CreateMeta {
    /// The raw field objects, in Jira's order.
    pub fn raw_fields(&self) -> Vec<Value> {
        self.fields.iter().map(|f| f.raw.clone()).collect()
    }

    /// `{"fields": [...]}`: every page joined into one Cloud-shaped document (what
    /// `vulnbridge_mapping::parse_createmeta_value` reads).
    pub fn to_document(&self) -> Value {
        json!({ "fields": self.raw_fields() })
    }

    pub fn field(&self, field_id: &str) -> Option<&CreateFieldMeta> {
        self.fields.iter().find(|f| f.field_id == field_id)
    }

    /// Ids of the fields Jira requires.
    pub fn required_ids(&self) -> Vec<&str> {
        self.fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.field_id.as_str())
            .collect()
    }
}

impl JiraClient {
    /// The issue types that can be created in `project` (key or id).
    pub async fn issue_types(&self, project: &str) -> Result<Vec<IssueTypeMeta>> {
        self.issue_types_paged(project, CREATEMETA_PAGE).await
    }

    /// [`JiraClient::issue_types`] with an explicit page size (1..=200).
    pub async fn issue_types_paged(
        &self,
        project: &str,
        page_size: u32,
    ) -> Result<Vec<IssueTypeMeta>> {
        let path = format!("issue/createmeta/{}/issuetypes", seg(project));
        let items = collect_offset_pages(
            self,
            &path,
            &[],
            &["issueTypes", "values"],
            page_size.clamp(1, CREATEMETA_PAGE),
        )
        .await?;
        items_as(items, "an issue type")
    }

    /// The create-screen fields of (`project`, `issue_type_id`), every page.
    pub async fn create_fields(&self, project: &str, issue_type_id: &str) -> Result<CreateMeta> {
        self.create_fields_paged(project, issue_type_id, CREATEMETA_PAGE)
            .await
    }

    /// [`JiraClient::create_fields`] with an explicit page size (1..=200).
    pub async fn create_fields_paged(
        &self,
        project: &str,
        issue_type_id: &str,
        page_size: u32,
    ) -> Result<CreateMeta> {
        let path = format!(
            "issue/createmeta/{}/issuetypes/{}",
            seg(project),
            seg(issue_type_id)
        );
        let items = collect_offset_pages(
            self,
            &path,
            &[],
            &["fields", "values"],
            page_size.clamp(1, CREATEMETA_PAGE),
        )
        .await?;
        Ok(CreateMeta {
            fields: items.into_iter().map(CreateFieldMeta::from_raw).collect(),
        })
    }
}
