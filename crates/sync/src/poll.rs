//! The poll engine (Jira → app): per connection, one search for issues updated since the
//! watermark minus an overlap window; for each linked issue version not applied yet, its
//! status (changelog for who and when) and comments are turned into finding changes and
//! timeline events, written in one transaction with the "applied" mark of that version. The
//! watermark moves only after every issue of the search is applied. An idle poll is one
//! search request per connection.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use vulnbridge_jira::{ChangeHistory, Error as JiraError, Issue, JiraClient, UpdatedSince};
use vulnbridge_store::{PolledIssue, Store, TicketLink};

use crate::clock::{parse_stamp, stamp, Clock};
use crate::error::SyncError;
use crate::poll_changelog::{moves_since, prefetch_changelogs, StatusMove};
use crate::poll_comments::diff_comments;
use crate::poll_status::{
    finding_target, status_change, status_event, PolledStatus, ResolutionMap,
};
use crate::poll_unsynced::read_unsynced;

/// Default overlap window: JQL has minute granularity and Cloud's index lags a little.
pub const DEFAULT_POLL_OVERLAP: Duration = Duration::minutes(2);

/// How polling reads Jira.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollPolicy {
    /// Re-read this much before the watermark (≥ 1 minute; 2 by default).
    pub overlap: Duration,
    /// Resolution name → finding status for tickets entering a done status.
    pub resolutions: ResolutionMap,
}

impl Default for PollPolicy {
    fn default() -> Self {
        Self {
            overlap: DEFAULT_POLL_OVERLAP,
            resolutions: ResolutionMap::default(),
        }
    }
}

/// A connection whose poll stopped (its watermark stays; the next poll retries), or one
/// linked issue that could not be read (not found or not visible any more; message starts
/// with its key; the poll went on and reads it again when it next changes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollFailure {
    pub connection: String,
    /// Stable code of the Jira error (`rate_limited`, `unauthorized`, …).
    pub code: &'static str,
    pub message: String,
}

/// What one poll did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PollReport {
    /// Issues the searches returned (linked or not, applied before or not).
    pub issues_returned: usize,
    /// Linked issue versions applied now.
    pub issues_applied: usize,
    /// Tickets whose Jira status moved.
    pub ticket_status_changes: usize,
    /// Findings whose status changed (resolved, false positive, accepted risk, reopened).
    pub findings_changed: usize,
    pub comments_added: usize,
    pub comments_edited: usize,
    pub comments_deleted: usize,
    pub failures: Vec<PollFailure>,
}

/// Pulls status and comment changes of linked tickets from Jira.
pub struct PollEngine {
    store: Store,
    clients: BTreeMap<String, JiraClient>,
    clock: Arc<dyn Clock>,
    policy: PollPolicy,
    /// Profile time zone per connection (`/myself`), read once per engine.
    zones: BTreeMap<String, String>,
}

impl PollEngine {
    /// Takes a handle of the database (e.g. `Store::open(push_engine.store().path())`).
    pub fn new(store: Store, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            clients: BTreeMap::new(),
            clock,
            policy: PollPolicy::default(),
            zones: BTreeMap::new(),
        }
    }

    pub fn with_policy(mut self, policy: PollPolicy) -> Self {
        policy
            .overlap
            .max(Duration::minutes(1))
            .clone_into(&mut self.policy.overlap);
        self.policy.resolutions = policy.resolutions;
        self
    }

    /// Registers the client of connection `id`; only registered connections are polled.
    pub fn add_connection(&mut self, id: &str, client: JiraClient) {
        self.clients.insert(id.to_owned(), client);
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn into_store(self) -> Store {
        self.store
    }

    /// One poll of every registered connection that has linked tickets. Jira failures stop
    /// only their connection (listed in the report); store failures end the poll.
    pub async fn poll_once(&mut self) -> Result<PollReport, SyncError> {
        let mut report = PollReport::default();
        let connections: Vec<(String, JiraClient)> = self
            .clients
            .iter()
            .map(|(id, c)| (id.clone(), c.clone()))
            .collect();
        for (connection, client) in connections {
            if let Err(e) = self
                .poll_connection(&connection, &client, &mut report)
                .await?
            {
                tracing::warn!(connection, error = %e, "poll stopped for this connection");
                report.failures.push(PollFailure {
                    connection,
                    code: e.code(),
                    message: e.to_string(),
                });
            }
        }
        Ok(report)
    }

    /// Outer error: the store; inner: Jira (the connection's poll stops there).
    async fn poll_connection(
        &mut self,
        connection: &str,
        client: &JiraClient,
        report: &mut PollReport,
    ) -> Result<Result<(), JiraError>, SyncError> {
        let links: BTreeMap<String, TicketLink> = self
            .store
            .ticket_links(connection)?
            .into_iter()
            .map(|l| (l.issue_id.clone(), l))
            .collect();
        if links.is_empty() {
            return Ok(Ok(()));
        }
        let Some(watermark) = self.start_watermark(connection, &links)? else {
            return Ok(Ok(()));
        };
        if !self.zones.contains_key(connection) {
            match client.myself().await {
                Ok(me) => {
                    let zone = me.time_zone.unwrap_or_else(|| "UTC".to_owned());
                    self.zones.insert(connection.to_owned(), zone);
                }
                Err(e) => return Ok(Err(e)),
            }
        }
        let projects: BTreeSet<&str> = links
            .values()
            .filter_map(|l| l.issue_key.rsplit_once('-').map(|(p, _)| p))
            .collect();
        let projects: Vec<&str> = projects.into_iter().collect();
        let zone = self.zones.get(connection).map_or("UTC", String::as_str);
        let poll = UpdatedSince::new(&projects, watermark, self.policy.overlap).in_time_zone(zone);
        let issues = match client.updated_since(&poll).await {
            Ok(issues) => issues,
            Err(e) => return Ok(Err(e)),
        };
        report.issues_returned += issues.len();
        let returned: BTreeSet<&str> = issues.iter().map(|i| i.id.as_str()).collect();
        let cutoff = stamp(self.clock.now() - self.policy.overlap * 2);
        let (unsynced, failures) =
            match read_unsynced(client, connection, &links, &returned, &cutoff).await {
                Ok(found) => found,
                Err(e) => return Ok(Err(e)),
            };
        report.failures.extend(failures);
        let mut newest = watermark;
        let mut todo: Vec<(&Issue, &TicketLink, DateTime<Utc>)> = Vec::new();
        for issue in issues.iter().chain(&unsynced) {
            let Some(updated) = issue.updated() else {
                continue;
            };
            // Only what the search returned moves the watermark.
            if returned.contains(issue.id.as_str()) {
                newest = newest.max(updated);
            }
            let Some(link) = links.get(&issue.id) else {
                continue;
            };
            if !self
                .store
                .poll_seen(connection, &issue.id, &stamp(updated))?
            {
                todo.push((issue, link, updated));
            }
        }
        let mut histories = match prefetch_changelogs(client, &todo).await {
            Ok(h) => h,
            Err(e) => return Ok(Err(e)),
        };
        for (issue, link, updated) in todo {
            let prefetched = histories.remove(&issue.id);
            match self
                .apply_issue(client, link, issue, updated, prefetched, report)
                .await?
            {
                Ok(()) => {}
                // This issue vanished or is hidden from the account since the search: the
                // others go on, and it is read again when it next changes.
                Err(e @ (JiraError::NotFound { .. } | JiraError::Forbidden { .. })) => {
                    tracing::warn!(connection, issue = issue.key, error = %e, "linked issue skipped");
                    report.failures.push(PollFailure {
                        connection: connection.to_owned(),
                        code: e.code(),
                        message: format!("{}: {e}", issue.key),
                    });
                }
                Err(e) => return Ok(Err(e)),
            }
        }
        let forget_before = stamp(newest - self.policy.overlap - Duration::minutes(5));
        let now = stamp(self.clock.now());
        self.store
            .set_poll_watermark(connection, &stamp(newest), &forget_before, &now)?;
        Ok(Ok(()))
    }

    /// The stored watermark, or before the first poll the oldest link's creation.
    fn start_watermark(
        &self,
        connection: &str,
        links: &BTreeMap<String, TicketLink>,
    ) -> Result<Option<DateTime<Utc>>, SyncError> {
        if let Some(at) = self
            .store
            .poll_watermark(connection)?
            .as_deref()
            .and_then(parse_stamp)
        {
            return Ok(Some(at));
        }
        Ok(links
            .values()
            .filter_map(|l| parse_stamp(&l.created_at))
            .min())
    }

    async fn apply_issue(
        &mut self,
        client: &JiraClient,
        link: &TicketLink,
        issue: &Issue,
        updated: DateTime<Utc>,
        prefetched: Option<Vec<ChangeHistory>>,
        report: &mut PollReport,
    ) -> Result<Result<(), JiraError>, SyncError> {
        let now = stamp(self.clock.now());
        // The current key (the issue may have moved since it was linked).
        let key = if issue.key.is_empty() {
            link.issue_key.as_str()
        } else {
            issue.key.as_str()
        };
        let mut polled = PolledIssue {
            connection_id: link.connection_id.clone(),
            finding_id: link.finding_id,
            issue_id: link.issue_id.clone(),
            updated: stamp(updated),
            ticket_status: None,
            finding_status: None,
            events: Vec::new(),
            comments: Vec::new(),
        };
        if let Some(status) = PolledStatus::of(issue) {
            let (changed, eventful) = status_change(link, &status);
            if changed {
                polled.ticket_status = Some((status.name.clone(), status.category.clone()));
            }
            if eventful {
                let histories = match prefetched {
                    Some(h) => h,
                    None => match client.changelog(key).await {
                        Ok(h) => h,
                        Err(e) => return Ok(Err(e)),
                    },
                };
                let moves = moves_since(&histories, link.status.as_deref());
                let (last, earlier) = match moves.split_last() {
                    Some((last, earlier)) => (last.clone(), earlier),
                    None => (StatusMove::default(), &[][..]),
                };
                // Moves through other statuses since the last poll: Jira status events only.
                for m in earlier {
                    let passing = PolledStatus {
                        name: m.to.clone(),
                        category: String::new(),
                        resolution: None,
                    };
                    let at = m.at.clone().unwrap_or_else(|| stamp(updated));
                    polled.events.push(status_event(
                        key,
                        Some(&m.from),
                        &passing,
                        None,
                        Some(&m.who),
                        at,
                    ));
                }
                let from = if last.from.is_empty() {
                    link.status.clone()
                } else {
                    Some(last.from.clone())
                };
                let (who, at) = (last.who, last.at);
                let current = self.store.finding_status(link.finding_id)?;
                let target = finding_target(link, &status, current, &self.policy.resolutions);
                if let Some(target) = target {
                    let reason = format!("{key} {} in Jira", status.name);
                    let reason = match &status.resolution {
                        Some(r) => format!("{reason} (resolution {r})"),
                        None => reason,
                    };
                    polled.finding_status = Some((target, Some(reason)));
                }
                let at = at.unwrap_or_else(|| stamp(updated));
                polled.events.push(status_event(
                    key,
                    from.as_deref(),
                    &status,
                    target.map(|t| (current, t)),
                    Some(&who),
                    at,
                ));
                report.ticket_status_changes += 1;
            }
        }
        let stored = self
            .store
            .jira_comments(&link.connection_id, &link.issue_id)?;
        let diff = match diff_comments(client, link, key, stored, &now).await {
            Ok(d) => d,
            // Comments hidden from the account (or the issue gone meanwhile): the status
            // change still counts; the comments are read again on the next change.
            Err(e @ (JiraError::NotFound { .. } | JiraError::Forbidden { .. })) => {
                report.failures.push(PollFailure {
                    connection: link.connection_id.clone(),
                    code: e.code(),
                    message: format!("{key} comments: {e}"),
                });
                Default::default()
            }
            Err(e) => return Ok(Err(e)),
        };
        report.comments_added += diff.added;
        report.comments_edited += diff.edited;
        report.comments_deleted += diff.deleted;
        polled.events.extend(diff.events);
        polled.comments = diff.rows;
        if self.store_mut().apply_polled_issue(&polled, &now)? {
            report.findings_changed += 1;
        }
        report.issues_applied += 1;
        Ok(Ok(()))
    }

    fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }
}
