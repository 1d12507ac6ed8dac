//! Priorities: Cloud `/priority/search` (paged; needs `manage:jira-configuration`, so the
//! deprecated `/priority` list is the fallback), Data Center `/priority`. Per-project schemes
//! make createmeta's `priority.allowedValues` the better source for a mapping.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::paging::{collect_offset_pages, items_as};
use crate::client::{Dialect, JiraClient};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Priority {
    pub id: String,
    pub name: String,
    pub status_color: Option<String>,
    pub icon_url: Option<String>,
    pub description: Option<String>,
    /// Cloud `/priority/search` only.
    pub is_default: bool,
}

impl JiraClient {
    /// Every priority of the site.
    pub async fn priorities(&self) -> Result<Vec<Priority>> {
        if self.dialect() == Dialect::CloudV3 {
            match collect_offset_pages(self, "priority/search", &[], &["values"], 100).await {
                Ok(items) => return items_as(items, "a priority"),
                Err(Error::Forbidden { .. } | Error::ScopeMismatch | Error::NotFound { .. }) => {
                    tracing::debug!("priority/search refused; using the /priority list");
                }
                Err(other) => return Err(other),
            }
        }
        let items: Vec<Value> = self.get_json("priority", &[]).await?;
        items_as(items, "a priority")
    }
}
