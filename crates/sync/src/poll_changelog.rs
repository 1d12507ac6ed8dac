//! The changelog side of polling: who moved a ticket and when, for every status move since
//! the status the link recorded, read in one bulk request per poll on Cloud.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use vulnbridge_jira::{ChangeHistory, Error as JiraError, Issue, JiraClient};
use vulnbridge_store::TicketLink;

use crate::clock::stamp;
use crate::poll_status::{status_change, PolledStatus};

/// One status move read from the changelog.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StatusMove {
    pub from: String,
    pub to: String,
    /// Display name of who moved it.
    pub who: String,
    /// UTC stamp, when Jira said.
    pub at: Option<String>,
}

/// The status moves since the link's `recorded` status, oldest first: from the last move
/// that left `recorded` (so nothing applied before comes back, even if the ticket passed
/// through that status again). Only the newest move when `recorded` is unknown or no move
/// left it (e.g. a renamed status).
pub fn moves_since(histories: &[ChangeHistory], recorded: Option<&str>) -> Vec<StatusMove> {
    let mut entries: Vec<&ChangeHistory> = histories.iter().collect();
    entries.sort_by_key(|h| h.created);
    let moves: Vec<StatusMove> = entries
        .into_iter()
        .flat_map(|h| {
            h.items
                .iter()
                .filter(|i| i.field_id.as_deref() == Some("status") || i.field == "status")
                .map(move |i| StatusMove {
                    from: i.from_string.clone().unwrap_or_default(),
                    to: i.to_string.clone().unwrap_or_default(),
                    who: h
                        .author
                        .as_ref()
                        .map(|a| a.display_name.clone())
                        .unwrap_or_default(),
                    at: h.created.map(stamp),
                })
        })
        .collect();
    let start = recorded
        .and_then(|r| moves.iter().rposition(|m| m.from == r))
        .unwrap_or(moves.len().saturating_sub(1));
    moves.into_iter().skip(start).collect()
}

/// The status histories of every issue in `todo` whose status moved (who and when), in one
/// request on Cloud (`/changelog/bulkfetch`; Data Center reads each issue). An issue that is
/// gone or hidden leaves the others to be read one by one (and skipped on its own).
pub(crate) async fn prefetch_changelogs(
    client: &JiraClient,
    todo: &[(&Issue, &TicketLink, DateTime<Utc>)],
) -> Result<BTreeMap<String, Vec<ChangeHistory>>, JiraError> {
    let moved: Vec<&str> = todo
        .iter()
        .filter(|(issue, link, _)| {
            PolledStatus::of(issue).is_some_and(|s| status_change(link, &s).1)
        })
        .map(|(issue, ..)| issue.id.as_str())
        .collect();
    if moved.is_empty() {
        return Ok(BTreeMap::new());
    }
    match client.bulk_changelog(&moved, &["status"]).await {
        Ok(logs) => {
            let mut map: BTreeMap<String, Vec<ChangeHistory>> = logs
                .into_iter()
                .map(|l| (l.issue_id, l.change_histories))
                .collect();
            for id in moved {
                map.entry(id.to_owned()).or_default();
            }
            Ok(map)
        }
        Err(JiraError::NotFound { .. } | JiraError::Forbidden { .. }) => Ok(BTreeMap::new()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(minute: u32, from: &str, to: &str) -> ChangeHistory {
        use chrono::TimeZone;
        ChangeHistory {
            id: minute.to_string(),
            author: None,
            created: chrono::Utc
                .with_ymd_and_hms(2026, 3, 2, 10, minute, 0)
                .single(),
            items: vec![vulnbridge_jira::resources::changelog::HistoryItem {
                field: "status".into(),
                field_id: Some("status".into()),
                from_string: Some(from.into()),
                to_string: Some(to.into()),
                ..Default::default()
            }],
        }
    }

    #[test]
    fn moves_since_the_recorded_status_skip_what_was_applied() {
        let log = [
            history(1, "To Do", "Done"),
            history(2, "Done", "To Do"),
            history(3, "To Do", "In Progress"),
            history(4, "In Progress", "Done"),
        ];
        let names = |m: Vec<StatusMove>| -> Vec<String> {
            m.into_iter()
                .map(|m| format!("{}>{}", m.from, m.to))
                .collect()
        };
        // The last poll saw To Do (after minute 2): two moves since.
        assert_eq!(
            names(moves_since(&log, Some("To Do"))),
            ["To Do>In Progress", "In Progress>Done"]
        );
        assert_eq!(names(moves_since(&log, Some("Gone"))), ["In Progress>Done"]);
        assert_eq!(names(moves_since(&log, None)), ["In Progress>Done"]);
        assert!(moves_since(&[], Some("To Do")).is_empty());
    }
}
