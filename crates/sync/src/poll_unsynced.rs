//! Linked tickets the search window never showed: a ticket linked by its label long after
//! its last change (another desktop created it), or one Cloud's index had not shown yet while
//! the watermark moved on. Once a link has waited two overlap windows without a recorded
//! status, its issue is read directly (a few per poll).

use std::collections::{BTreeMap, BTreeSet};

use vulnbridge_jira::resources::polling::POLL_FIELDS;
use vulnbridge_jira::{Error as JiraError, Issue, JiraClient};
use vulnbridge_store::TicketLink;

use crate::poll::PollFailure;

/// Direct issue reads per connection and poll, at most.
pub const UNSYNCED_READS_PER_POLL: usize = 20;

/// Reads the issues of links that have no recorded status, were not among `returned`, and
/// were linked before `cutoff` (UTC stamp). Issues that are gone or hidden are listed as
/// failures (and read again next poll); other errors stop the connection's poll.
pub(crate) async fn read_unsynced(
    client: &JiraClient,
    connection: &str,
    links: &BTreeMap<String, TicketLink>,
    returned: &BTreeSet<&str>,
    cutoff: &str,
) -> Result<(Vec<Issue>, Vec<PollFailure>), JiraError> {
    let mut issues = Vec::new();
    let mut failures = Vec::new();
    let waiting = links.values().filter(|l| {
        l.status.is_none()
            && !returned.contains(l.issue_id.as_str())
            && l.created_at.as_str() < cutoff
    });
    for link in waiting.take(UNSYNCED_READS_PER_POLL) {
        match client.get_issue(&link.issue_key, &POLL_FIELDS, false).await {
            Ok(issue) => issues.push(issue),
            Err(e @ (JiraError::NotFound { .. } | JiraError::Forbidden { .. })) => {
                failures.push(PollFailure {
                    connection: connection.to_owned(),
                    code: e.code(),
                    message: format!("{}: {e}", link.issue_key),
                });
            }
            Err(e) => return Err(e),
        }
    }
    Ok((issues, failures))
}
