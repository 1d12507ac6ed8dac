//! Polling for changes: issues of some projects updated since a watermark, minus an overlap
//! window (JQL has minute granularity, reads literals in the searcher's time zone, and
//! Cloud's index is eventually consistent). The caller dedupes by (issue id, updated).

use chrono::{DateTime, Duration, FixedOffset, Offset, Utc};

use super::issues::Issue;
use super::jira_time::{jql_minute, zone_offset};
use super::search::jql_quote;
use crate::client::JiraClient;
use crate::error::Result;

/// Fields a poll asks for when the caller does not choose.
pub const POLL_FIELDS: [&str; 8] = [
    "summary",
    "status",
    "resolution",
    "priority",
    "assignee",
    "labels",
    "created",
    "updated",
];

/// One poll: `project in (...) AND updated >= "<watermark - overlap>" ORDER BY updated ASC`.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdatedSince {
    /// Project keys; empty = every project the account sees.
    pub projects: Vec<String>,
    pub watermark: DateTime<Utc>,
    pub overlap: Duration,
    /// Offset of the account's profile time zone (`/myself.timeZone`) at the watermark;
    /// JQL date literals are read in it. UTC by default.
    pub zone: FixedOffset,
    pub fields: Vec<String>,
    pub page_size: u32,
}

impl UpdatedSince {
    pub fn new(projects: &[&str], watermark: DateTime<Utc>, overlap: Duration) -> Self {
        Self {
            projects: projects.iter().map(|p| (*p).to_owned()).collect(),
            watermark,
            overlap,
            zone: FixedOffset::east_opt(0).unwrap_or_else(|| Utc.fix()),
            fields: POLL_FIELDS.iter().map(|f| (*f).to_owned()).collect(),
            page_size: 100,
        }
    }

    pub fn zone(mut self, zone: FixedOffset) -> Self {
        self.zone = zone;
        self
    }

    /// Reads JQL literals in the IANA zone `name` (`/myself.timeZone`), at the offset it has
    /// at the poll's start. An unknown zone keeps the current one and is logged.
    pub fn in_time_zone(mut self, name: &str) -> Self {
        match zone_offset(name, self.watermark - self.overlap) {
            Some(zone) => self.zone = zone,
            None => tracing::warn!(
                zone = name,
                "unknown time zone; JQL dates stay in {}",
                self.zone
            ),
        }
        self
    }

    pub fn fields(mut self, fields: &[&str]) -> Self {
        self.fields = fields.iter().map(|f| (*f).to_owned()).collect();
        self
    }

    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = page_size;
        self
    }

    /// The JQL this poll sends.
    pub fn jql(&self) -> String {
        let since = jql_minute(self.watermark - self.overlap, self.zone);
        let mut jql = String::new();
        if !self.projects.is_empty() {
            let keys: Vec<String> = self.projects.iter().map(|p| jql_quote(p)).collect();
            jql.push_str(&format!("project in ({}) AND ", keys.join(", ")));
        }
        jql.push_str(&format!("updated >= \"{since}\" ORDER BY updated ASC"));
        jql
    }
}

impl JiraClient {
    /// Every issue matching `poll` (all pages), oldest update first. `updated` is always
    /// among the fields.
    pub async fn updated_since(&self, poll: &UpdatedSince) -> Result<Vec<Issue>> {
        let mut fields: Vec<&str> = poll.fields.iter().map(String::as_str).collect();
        if !fields.contains(&"updated") {
            fields.push("updated");
        }
        self.search_all(&poll.jql(), &fields, poll.page_size).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn jql_subtracts_the_overlap_and_orders_by_updated() {
        let at = Utc
            .with_ymd_and_hms(2026, 1, 31, 14, 5, 59)
            .single()
            .unwrap_or_default();
        let poll = UpdatedSince::new(&["SEC", "OPS"], at, Duration::minutes(10));
        assert_eq!(
            poll.jql(),
            "project in (\"SEC\", \"OPS\") AND updated >= \"2026/01/31 13:55\" ORDER BY updated ASC"
        );
        let east = FixedOffset::east_opt(3600).unwrap_or(Utc.fix());
        assert!(UpdatedSince::new(&[], at, Duration::zero())
            .zone(east)
            .jql()
            .starts_with("updated >= \"2026/01/31 15:05\""));
        let tokyo =
            UpdatedSince::new(&["SEC"], at, Duration::minutes(5)).in_time_zone("Asia/Tokyo");
        assert!(
            tokyo.jql().contains("updated >= \"2026/01/31 23:00\""),
            "{}",
            tokyo.jql()
        );
    }
}
