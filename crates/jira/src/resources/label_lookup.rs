//! Finding tickets by their deterministic labels (`vb-<fingerprint-hash>`): the lookup the
//! sync engine makes before creating a ticket and before retrying after an ambiguous failure.

use std::collections::{HashMap, HashSet};

use super::issues::{check_label, IssueRef};
use super::search::jql_quote;
use crate::client::JiraClient;
use crate::error::Result;

/// Labels per search: keeps the JQL well under Jira's length limits.
pub const LABEL_BATCH: usize = 50;

/// Results per page: a batch normally fits one page (one issue per label).
const PAGE_SIZE: u32 = 100;

impl JiraClient {
    /// The ticket carrying each of `labels`, searched `labels in (...)` in batches of
    /// [`LABEL_BATCH`]. Labels without a ticket are absent from the map. When several issues
    /// carry one label (a duplicate made outside Vulnbridge), the oldest (lowest id) wins.
    ///
    /// The answer is only as fresh as Jira's search index: Cloud's is eventually consistent,
    /// so after an ambiguous create, wait out the index lag before concluding "not created".
    pub async fn find_by_labels(&self, labels: &[&str]) -> Result<HashMap<String, IssueRef>> {
        let mut wanted: Vec<&str> = Vec::with_capacity(labels.len());
        let mut seen = HashSet::new();
        for label in labels {
            check_label(label)?;
            if seen.insert(*label) {
                wanted.push(label);
            }
        }
        let mut found: HashMap<String, (u64, IssueRef)> = HashMap::new();
        for batch in wanted.chunks(LABEL_BATCH) {
            let list: Vec<String> = batch.iter().map(|l| jql_quote(l)).collect();
            let jql = format!("labels in ({}) ORDER BY key ASC", list.join(", "));
            let issues = self.search_all(&jql, &["labels"], PAGE_SIZE).await?;
            for issue in issues {
                let order = issue.id.parse::<u64>().unwrap_or(u64::MAX);
                for label in issue.labels() {
                    if !batch.contains(&label) {
                        continue;
                    }
                    let keep_existing = found
                        .get(label)
                        .is_some_and(|(existing, _)| *existing <= order);
                    if !keep_existing {
                        found.insert(label.to_owned(), (order, issue.to_ref()));
                    }
                }
            }
        }
        Ok(found
            .into_iter()
            .map(|(label, (_, issue))| (label, issue))
            .collect())
    }
}
