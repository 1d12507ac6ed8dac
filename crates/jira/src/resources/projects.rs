//! Projects: Cloud pages through `/project/search`; Data Center lists `/project` at once.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::paging::{collect_offset_pages, items_as};
use crate::client::{Dialect, JiraClient};
use crate::error::Result;

/// A project the account can see.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Project {
    pub id: String,
    pub key: String,
    pub name: String,
    pub project_type_key: Option<String>,
    /// Data Center only.
    pub archived: bool,
    #[serde(rename = "self")]
    pub self_url: Option<String>,
}

impl JiraClient {
    /// Every visible project (Cloud pages of 50).
    pub async fn projects(&self) -> Result<Vec<Project>> {
        self.projects_paged(50).await
    }

    /// [`JiraClient::projects`] with an explicit Cloud page size (1..=100).
    pub async fn projects_paged(&self, page_size: u32) -> Result<Vec<Project>> {
        let items = match self.dialect() {
            Dialect::CloudV3 => {
                collect_offset_pages(
                    self,
                    "project/search",
                    &[],
                    &["values"],
                    page_size.clamp(1, 100),
                )
                .await?
            }
            // No paging on Data Center: one array.
            Dialect::DataCenterV2 => self.get_json::<Vec<Value>>("project", &[]).await?,
        };
        items_as(items, "a project")
    }
}
