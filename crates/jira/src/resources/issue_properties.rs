//! Issue entity properties (`/issue/{key}/properties/{key}`): JSON stored on the issue, e.g.
//! the finding a ticket was made for. Not searchable by JQL for token/3LO clients (labels
//! are), but readable with the issue.

use serde::Deserialize;
use serde_json::Value;
use url::Url;

use super::path_segment::seg;
use crate::client::{ApiRequest, JiraClient};
use crate::connection::join_path;
use crate::error::{Error, Result};

#[derive(Deserialize, Default)]
#[serde(default)]
struct Property {
    value: Value,
}

fn property_path(issue: &str, key: &str) -> String {
    format!("issue/{}/properties/{}", seg(issue), seg(key))
}

impl JiraClient {
    /// Sets an issue property (non-empty JSON ≤ 32,768 characters). True when it was new.
    pub async fn set_issue_property(&self, issue: &str, key: &str, value: &Value) -> Result<bool> {
        let request = ApiRequest::put(property_path(issue, key)).json(value.clone());
        Ok(self.execute(request).await?.status == 201)
    }

    /// An issue property's value, or `None` when the issue has no such property.
    pub async fn issue_property(&self, issue: &str, key: &str) -> Result<Option<Value>> {
        match self
            .get_json::<Property>(&property_path(issue, key), &[])
            .await
        {
            Ok(property) => Ok(Some(property.value)),
            Err(Error::NotFound { detail }) if detail.to_ascii_lowercase().contains("propert") => {
                Ok(None)
            }
            Err(other) => Err(other),
        }
    }

    pub async fn delete_issue_property(&self, issue: &str, key: &str) -> Result<()> {
        self.execute(ApiRequest::delete(property_path(issue, key)))
            .await?;
        Ok(())
    }

    /// The issue's page for people: `{site}/browse/{key}`.
    pub fn browse_url(&self, issue_key: &str) -> Result<Url> {
        join_path(
            &self.config().site_url,
            &format!("browse/{}", seg(issue_key)),
        )
    }
}
