//! JQL search as a page cursor. Cloud: `POST /search/jql` with `nextPageToken` (no total;
//! the default field list is only `id`, so fields are always sent). Data Center:
//! `POST /search` with `startAt` / `maxResults` / `total`.

use serde::Deserialize;
use serde_json::{json, Value};

use super::issues::Issue;
use crate::client::{ApiRequest, Dialect, JiraClient};
use crate::error::{Error, Result};
use crate::retry::Idempotency;

/// One page of results.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchPage {
    pub issues: Vec<Issue>,
    /// Data Center only: all matches (Cloud's `/search/jql` has no total).
    pub total: Option<u64>,
    pub is_last: bool,
}

#[derive(Debug, Clone)]
enum Cursor {
    Token(Option<String>),
    Offset(u64),
}

/// Pulls the pages of one search in order. Searching is read-only, so a page request is
/// retried like any GET.
#[derive(Debug, Clone)]
pub struct SearchPages {
    client: JiraClient,
    jql: String,
    fields: Vec<String>,
    page_size: u32,
    reconcile: Vec<String>,
    cursor: Cursor,
    done: bool,
    requests: usize,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct RawPage {
    issues: Vec<Issue>,
    next_page_token: Option<String>,
    is_last: Option<bool>,
    total: Option<u64>,
}

impl SearchPages {
    /// Cloud only: ids of issues just written, so the eventually consistent index includes
    /// them (`reconcileIssues`, at most 50).
    pub fn reconcile(mut self, issue_ids: &[&str]) -> Self {
        self.reconcile = issue_ids.iter().map(|s| (*s).to_owned()).collect();
        self
    }

    /// Search requests sent so far.
    pub fn requests(&self) -> usize {
        self.requests
    }

    /// The next page, or `None` after the last one.
    pub async fn next_page(&mut self) -> Result<Option<SearchPage>> {
        if self.done {
            return Ok(None);
        }
        let fields: Vec<String> = if self.fields.is_empty() {
            vec!["*navigable".to_owned()]
        } else {
            self.fields.clone()
        };
        let (path, mut body) = match &self.cursor {
            Cursor::Token(token) => {
                let mut body =
                    json!({"jql": self.jql, "fields": fields, "maxResults": self.page_size});
                if let Some(token) = token {
                    body["nextPageToken"] = json!(token);
                }
                if !self.reconcile.is_empty() {
                    let ids: Vec<Value> = self
                        .reconcile
                        .iter()
                        .map(|id| id.parse::<u64>().map_or_else(|_| json!(id), |n| json!(n)))
                        .collect();
                    body["reconcileIssues"] = Value::Array(ids);
                }
                ("search/jql", body)
            }
            Cursor::Offset(start) => (
                "search",
                json!({"jql": self.jql, "fields": fields, "maxResults": self.page_size, "startAt": start}),
            ),
        };
        if let Some(map) = body.as_object_mut() {
            map.retain(|_, v| !v.is_null());
        }
        let request = ApiRequest::post(path)
            .json(body)
            .idempotency(Idempotency::Idempotent);
        self.requests += 1;
        let raw: RawPage = self.client.execute(request).await?.json()?;
        let count = raw.issues.len() as u64;
        let is_last = match &mut self.cursor {
            Cursor::Token(token) => {
                if raw.next_page_token.is_some() && raw.next_page_token == *token {
                    self.done = true;
                    return Err(Error::UnexpectedResponse {
                        detail: "search answered the same nextPageToken twice".into(),
                    });
                }
                let last = raw.is_last == Some(true) || raw.next_page_token.is_none();
                *token = raw.next_page_token;
                last
            }
            Cursor::Offset(start) => {
                *start += count;
                count == 0 || raw.total.is_none_or(|total| *start >= total)
            }
        };
        self.done = is_last;
        Ok(Some(SearchPage {
            issues: raw.issues,
            total: raw.total,
            is_last,
        }))
    }

    /// Every remaining issue.
    pub async fn collect_all(mut self) -> Result<Vec<Issue>> {
        let mut all = Vec::new();
        while let Some(page) = self.next_page().await? {
            all.extend(page.issues);
        }
        Ok(all)
    }
}

impl JiraClient {
    /// A cursor over the pages of `jql`, each with up to `page_size` issues carrying `fields`
    /// (empty = Jira's navigable fields). Cloud caps pages at 100 issues when fields beyond
    /// `id`/`key` are asked; Data Center at its `jira.search.views.default.max`.
    pub fn search(&self, jql: &str, fields: &[&str], page_size: u32) -> SearchPages {
        SearchPages {
            client: self.clone(),
            jql: jql.to_owned(),
            fields: fields.iter().map(|f| (*f).to_owned()).collect(),
            page_size: page_size.clamp(1, 5000),
            reconcile: Vec::new(),
            cursor: match self.dialect() {
                Dialect::CloudV3 => Cursor::Token(None),
                Dialect::DataCenterV2 => Cursor::Offset(0),
            },
            done: false,
            requests: 0,
        }
    }

    /// All issues matching `jql` (every page).
    pub async fn search_all(
        &self,
        jql: &str,
        fields: &[&str],
        page_size: u32,
    ) -> Result<Vec<Issue>> {
        self.search(jql, fields, page_size).collect_all().await
    }
}

/// Quotes a value for JQL: `"..."` with `"` and `\` escaped.
pub fn jql_quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}
