//! Change history: per issue (Cloud `/issue/{key}/changelog` paged; Data Center through
//! `expand=changelog`) and many issues at once (Cloud `POST /changelog/bulkfetch`; one issue
//! GET each on Data Center). Status, resolution, priority and assignee events come from here.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::paging::{collect_offset_pages, items_as};
use super::path_segment::seg;
use super::users::User;
use crate::client::{ApiRequest, Dialect, JiraClient};
use crate::error::{Error, Result};
use crate::retry::Idempotency;

/// Bulkfetch limits: issues per request and histories per page.
const BULK_ISSUES: usize = 1000;
const BULK_PAGE: u32 = 1000;

/// One changed field inside a history entry, as Jira sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct HistoryItem {
    pub field: String,
    /// Cloud only (`status`, `resolution`, `customfield_10020`...).
    pub field_id: Option<String>,
    pub fieldtype: String,
    pub from: Option<String>,
    pub from_string: Option<String>,
    pub to: Option<String>,
    pub to_string: Option<String>,
}

/// One history entry: who changed what, when.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChangeHistory {
    pub id: String,
    pub author: Option<User>,
    #[serde(deserialize_with = "super::jira_time::deserialize_opt")]
    pub created: Option<DateTime<Utc>>,
    pub items: Vec<HistoryItem>,
}

/// A changed field with its entry's time and author (one per [`HistoryItem`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeItem {
    pub history_id: String,
    pub field: String,
    pub field_id: Option<String>,
    pub from: Option<String>,
    pub from_string: Option<String>,
    pub to: Option<String>,
    pub to_string: Option<String>,
    pub created: Option<DateTime<Utc>>,
    pub author: Option<User>,
}

impl ChangeHistory {
    /// The entry's items, each with the entry's time and author.
    pub fn change_items(&self) -> Vec<ChangeItem> {
        self.items
            .iter()
            .map(|item| ChangeItem {
                history_id: self.id.clone(),
                field: item.field.clone(),
                field_id: item.field_id.clone(),
                from: item.from.clone(),
                from_string: item.from_string.clone(),
                to: item.to.clone(),
                to_string: item.to_string.clone(),
                created: self.created,
                author: self.author.clone(),
            })
            .collect()
    }

    /// True when one of the items changed `field` (matched on fieldId, then on field name).
    pub fn touches(&self, field: &str) -> bool {
        self.items
            .iter()
            .any(|i| i.field_id.as_deref() == Some(field) || i.field.eq_ignore_ascii_case(field))
    }
}

/// The histories of one issue from a bulk fetch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct IssueChangelog {
    pub issue_id: String,
    pub change_histories: Vec<ChangeHistory>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct BulkPage {
    issue_change_logs: Vec<IssueChangelog>,
    next_page_token: Option<String>,
}

impl JiraClient {
    /// Every history entry of `issue`, oldest first.
    pub async fn changelog(&self, issue: &str) -> Result<Vec<ChangeHistory>> {
        self.changelog_paged(issue, 100).await
    }

    /// [`JiraClient::changelog`] with an explicit Cloud page size (1..=100).
    pub async fn changelog_paged(&self, issue: &str, page_size: u32) -> Result<Vec<ChangeHistory>> {
        match self.dialect() {
            Dialect::CloudV3 => {
                let path = format!("issue/{}/changelog", seg(issue));
                let items =
                    collect_offset_pages(self, &path, &[], &["values"], page_size.clamp(1, 100))
                        .await?;
                items_as(items, "a changelog entry")
            }
            Dialect::DataCenterV2 => {
                let embedded = self.get_issue(issue, &["updated"], true).await?;
                Ok(embedded.changelog.unwrap_or_default().histories)
            }
        }
    }

    /// Every changed field of `issue`, oldest first.
    pub async fn change_items(&self, issue: &str) -> Result<Vec<ChangeItem>> {
        let histories = self.changelog(issue).await?;
        Ok(histories
            .iter()
            .flat_map(ChangeHistory::change_items)
            .collect())
    }

    /// Histories of many issues, limited to `field_ids` (≤ 10; empty = all). Cloud uses
    /// `POST /changelog/bulkfetch` (token paging, ≤ 1000 issues per request); Data Center
    /// reads each issue's changelog.
    pub async fn bulk_changelog(
        &self,
        issues: &[&str],
        field_ids: &[&str],
    ) -> Result<Vec<IssueChangelog>> {
        if field_ids.len() > 10 {
            return Err(Error::InvalidRequest {
                detail: format!(
                    "{} field ids given; Jira filters by at most 10",
                    field_ids.len()
                ),
            });
        }
        if self.dialect() == Dialect::DataCenterV2 {
            let mut out = Vec::with_capacity(issues.len());
            for issue in issues {
                let found = self.get_issue(issue, &["updated"], true).await?;
                let mut histories = found.changelog.unwrap_or_default().histories;
                if !field_ids.is_empty() {
                    // Like bulkfetch's fieldIds: keep only those items, drop emptied entries.
                    for history in &mut histories {
                        history.items.retain(|i| {
                            field_ids.iter().any(|f| {
                                i.field_id.as_deref() == Some(*f) || i.field.eq_ignore_ascii_case(f)
                            })
                        });
                    }
                    histories.retain(|h| !h.items.is_empty());
                }
                out.push(IssueChangelog {
                    issue_id: found.id,
                    change_histories: histories,
                });
            }
            return Ok(out);
        }
        let mut out: Vec<IssueChangelog> = Vec::new();
        for chunk in issues.chunks(BULK_ISSUES) {
            let mut token: Option<String> = None;
            loop {
                let mut body = json!({"issueIdsOrKeys": chunk, "maxResults": BULK_PAGE});
                if !field_ids.is_empty() {
                    body["fieldIds"] = json!(field_ids);
                }
                if let Some(t) = &token {
                    body["nextPageToken"] = json!(t);
                }
                let request = ApiRequest::post("changelog/bulkfetch")
                    .json(body)
                    .idempotency(Idempotency::Idempotent);
                let page: BulkPage = self.execute(request).await?.json()?;
                for log in page.issue_change_logs {
                    match out.iter_mut().find(|l| l.issue_id == log.issue_id) {
                        Some(existing) => existing.change_histories.extend(log.change_histories),
                        None => out.push(log),
                    }
                }
                match page.next_page_token {
                    Some(next) if token.as_ref() != Some(&next) => token = Some(next),
                    _ => break,
                }
            }
        }
        Ok(out)
    }
}
