//! Attachments: multipart upload (part `file`, header `X-Atlassian-Token: no-check`), with
//! Jira's 413 turned into an error that names the limit.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::paging::items_as;
use super::path_segment::seg;
use super::users::User;
use crate::client::{ApiRequest, FilePart, JiraClient};
use crate::error::{Error, Result};
use crate::retry::Idempotency;

/// An attachment as Jira lists it after an upload.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Attachment {
    #[serde(deserialize_with = "id_text")]
    pub id: String,
    pub filename: String,
    pub size: u64,
    pub mime_type: Option<String>,
    /// URL of the content.
    pub content: Option<String>,
    pub author: Option<User>,
    #[serde(deserialize_with = "super::jira_time::deserialize_opt")]
    pub created: Option<DateTime<Utc>>,
}

fn id_text<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<String, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => s,
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    })
}

impl JiraClient {
    /// Uploads one file to `issue`. Not retried after an ambiguous failure.
    pub async fn attach(
        &self,
        issue: &str,
        file_name: &str,
        mime_type: &str,
        bytes: Vec<u8>,
    ) -> Result<Vec<Attachment>> {
        if file_name.trim().is_empty() {
            return Err(Error::InvalidRequest {
                detail: "the attachment needs a file name".into(),
            });
        }
        let size = bytes.len() as u64;
        let request = ApiRequest::post(format!("issue/{}/attachments", seg(issue)))
            .header("X-Atlassian-Token", "no-check")
            .file(FilePart {
                part: "file",
                file_name: file_name.to_owned(),
                mime_type: mime_type.to_owned(),
                bytes,
            })
            .idempotency(Idempotency::NonIdempotent);
        match self.execute(request).await {
            Ok(response) => {
                let list: Vec<Value> = response.json()?;
                items_as(list, "an attachment")
            }
            Err(Error::Rejected {
                status: 413,
                detail,
                ..
            }) => Err(Error::AttachmentTooLarge {
                file_name: file_name.to_owned(),
                bytes: size,
                detail,
            }),
            Err(other) => Err(other),
        }
    }
}
