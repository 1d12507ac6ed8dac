//! Comments (list, add, edit, delete) with bodies in the dialect's format, and comment
//! properties so comments written by Vulnbridge can be recognized when polled back.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::paging::{collect_offset_pages, from_value, items_as};
use super::path_segment::seg;
use super::text_body::{body_text, TextBody};
use super::users::User;
use crate::client::{ApiRequest, JiraClient};
use crate::error::{Error, Result};

/// The comment property Vulnbridge writes on its own comments.
pub const APP_PROPERTY_KEY: &str = "vulnbridge";

/// The value of [`APP_PROPERTY_KEY`] on comments Vulnbridge wrote.
pub fn app_property_value() -> Value {
    json!({ "origin": "vulnbridge" })
}

/// Who may see a comment: a project role or a group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Visibility {
    /// `role` or `group`.
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
    /// Cloud group id (preferred over the name there).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
}

/// An entity property as embedded in a comment (`{key, value}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EntityProperty {
    pub key: String,
    pub value: Value,
}

/// A comment as Jira returns it; `body` is ADF on Cloud and a wiki string on Data Center.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Comment {
    pub id: String,
    #[serde(rename = "self")]
    pub self_url: String,
    pub author: Option<User>,
    pub update_author: Option<User>,
    pub body: Value,
    #[serde(deserialize_with = "super::jira_time::deserialize_opt")]
    pub created: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "super::jira_time::deserialize_opt")]
    pub updated: Option<DateTime<Utc>>,
    pub visibility: Option<Visibility>,
    /// Only when Jira includes them.
    pub properties: Vec<EntityProperty>,
}

impl Comment {
    /// The body as plain text (ADF text nodes, or the wiki string).
    pub fn text(&self) -> String {
        body_text(&self.body)
    }
}

/// A comment to write.
#[derive(Debug, Clone, PartialEq)]
pub struct NewComment {
    pub body: TextBody,
    pub visibility: Option<Visibility>,
    /// Properties stored with the comment when it is created.
    pub properties: Vec<(String, Value)>,
}

impl NewComment {
    pub fn new(body: TextBody) -> Self {
        Self {
            body,
            visibility: None,
            properties: Vec::new(),
        }
    }

    /// Marks the comment as written by Vulnbridge ([`APP_PROPERTY_KEY`]).
    pub fn from_vulnbridge(mut self) -> Self {
        self.properties
            .push((APP_PROPERTY_KEY.to_owned(), app_property_value()));
        self
    }

    fn json(&self, client: &JiraClient) -> Result<Value> {
        if self.body.is_blank() {
            return Err(Error::InvalidRequest {
                detail: "the comment is empty; Jira does not accept empty comments".into(),
            });
        }
        let mut body = json!({ "body": self.body.to_json(client.dialect()) });
        if let Some(visibility) = &self.visibility {
            body["visibility"] = json!(visibility);
        }
        if !self.properties.is_empty() {
            body["properties"] = self
                .properties
                .iter()
                .map(|(key, value)| json!({"key": key, "value": value}))
                .collect();
        }
        Ok(body)
    }
}

fn comment_path(issue: &str, id: &str) -> String {
    format!("issue/{}/comment/{}", seg(issue), seg(id))
}

fn property_path(comment_id: &str, key: &str) -> String {
    format!("comment/{}/properties/{}", seg(comment_id), seg(key))
}

impl JiraClient {
    /// Every comment of `issue`, oldest first.
    pub async fn comments(&self, issue: &str) -> Result<Vec<Comment>> {
        self.comments_paged(issue, 100).await
    }

    /// [`JiraClient::comments`] with an explicit page size.
    pub async fn comments_paged(&self, issue: &str, page_size: u32) -> Result<Vec<Comment>> {
        let path = format!("issue/{}/comment", seg(issue));
        let query = [("orderBy", "created".to_owned())];
        let items = collect_offset_pages(self, &path, &query, &["comments"], page_size).await?;
        items_as(items, "a comment")
    }

    /// Adds a comment (not retried after an ambiguous failure: look for it by its property or
    /// text before adding it again).
    pub async fn add_comment(&self, issue: &str, comment: &NewComment) -> Result<Comment> {
        let path = format!("issue/{}/comment", seg(issue));
        let request = ApiRequest::post(path).json(comment.json(self)?);
        from_value(self.execute(request).await?.json()?, "the new comment")
    }

    /// Replaces a comment's body (and visibility when given).
    pub async fn edit_comment(
        &self,
        issue: &str,
        comment_id: &str,
        comment: &NewComment,
    ) -> Result<Comment> {
        let mut body = comment.json(self)?;
        if let Some(map) = body.as_object_mut() {
            map.remove("properties");
        }
        let request = ApiRequest::put(comment_path(issue, comment_id)).json(body);
        from_value(self.execute(request).await?.json()?, "the edited comment")
    }

    pub async fn delete_comment(&self, issue: &str, comment_id: &str) -> Result<()> {
        self.execute(ApiRequest::delete(comment_path(issue, comment_id)))
            .await?;
        Ok(())
    }

    /// Sets a comment property (≤ 32,768 characters of JSON). True when it was new.
    pub async fn set_comment_property(
        &self,
        comment_id: &str,
        key: &str,
        value: &Value,
    ) -> Result<bool> {
        let request = ApiRequest::put(property_path(comment_id, key)).json(value.clone());
        Ok(self.execute(request).await?.status == 201)
    }

    /// A comment property's value, or `None` when the comment has no such property.
    pub async fn comment_property(&self, comment_id: &str, key: &str) -> Result<Option<Value>> {
        match self
            .get_json::<EntityProperty>(&property_path(comment_id, key), &[])
            .await
        {
            Ok(property) => Ok(Some(property.value)),
            Err(Error::NotFound { detail }) if detail.to_ascii_lowercase().contains("propert") => {
                Ok(None)
            }
            Err(other) => Err(other),
        }
    }

    pub async fn delete_comment_property(&self, comment_id: &str, key: &str) -> Result<()> {
        self.execute(ApiRequest::delete(property_path(comment_id, key)))
            .await?;
        Ok(())
    }

    /// True when the comment carries Vulnbridge's [`APP_PROPERTY_KEY`] marker.
    pub async fn is_vulnbridge_comment(&self, comment_id: &str) -> Result<bool> {
        Ok(self
            .comment_property(comment_id, APP_PROPERTY_KEY)
            .await?
            .and_then(|v| {
                v.get("origin")
                    .and_then(Value::as_str)
                    .map(|o| o == "vulnbridge")
            })
            .unwrap_or(false))
    }
}
