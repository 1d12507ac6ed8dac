//! Remote links: a link from the issue back to the finding in Vulnbridge. With a `globalId`
//! the POST is an upsert (201 created, 200 updated), so it is safe to repeat.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::paging::{from_value, items_as};
use super::path_segment::seg;
use crate::client::{ApiRequest, JiraClient};
use crate::error::{Error, Result};
use crate::retry::Idempotency;

/// A remote link to write or as read back.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RemoteLink {
    /// Numeric id (read back only).
    #[serde(skip_serializing)]
    pub id: Option<u64>,
    /// Stable id for upserts, e.g. `vulnbridge:finding:<fingerprint>`.
    pub global_id: Option<String>,
    pub relationship: Option<String>,
    pub application: Option<Value>,
    /// `{url, title, summary?, icon?, status?}`.
    pub object: RemoteObject,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RemoteObject {
    pub url: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Value>,
}

/// The answer to a save: the link's id, and whether it was new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteLinkSaved {
    pub id: u64,
    pub created: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SavedBody {
    id: u64,
}

impl JiraClient {
    /// Creates the link, or replaces the one with the same `globalId` (omitted fields are
    /// cleared by Jira).
    pub async fn save_remote_link(
        &self,
        issue: &str,
        link: &RemoteLink,
    ) -> Result<RemoteLinkSaved> {
        let mut body = json!(link);
        if let Some(map) = body.as_object_mut() {
            map.retain(|_, v| !v.is_null());
        }
        let idempotency = if link.global_id.is_some() {
            Idempotency::Idempotent
        } else {
            Idempotency::NonIdempotent
        };
        let request = ApiRequest::post(format!("issue/{}/remotelink", seg(issue)))
            .json(body)
            .idempotency(idempotency);
        let response = self.execute(request).await?;
        let saved: SavedBody = from_value(response.json()?, "the saved remote link")?;
        Ok(RemoteLinkSaved {
            id: saved.id,
            created: response.status == 201,
        })
    }

    pub async fn remote_links(&self, issue: &str) -> Result<Vec<RemoteLink>> {
        let list: Vec<Value> = self
            .get_json(&format!("issue/{}/remotelink", seg(issue)), &[])
            .await?;
        items_as(list, "a remote link")
    }

    /// Deletes the link with `global_id`.
    pub async fn delete_remote_link(&self, issue: &str, global_id: &str) -> Result<()> {
        if global_id.is_empty() {
            return Err(Error::InvalidRequest {
                detail: "no globalId given; it would delete nothing".into(),
            });
        }
        let request = ApiRequest::delete(format!("issue/{}/remotelink", seg(issue)))
            .query("globalId", global_id);
        self.execute(request).await?;
        Ok(())
    }
}
