//! Applying what one poll learned about one linked issue: its Jira status, the finding's
//! status, timeline events and comments, and the "applied" mark of that issue version, all in
//! one transaction (so a crash never leaves half of an issue applied, and a re-read of the
//! overlap window applies nothing twice).

use rusqlite::{params, OptionalExtension};

use crate::jira_comments::upsert_comment;
use crate::timeline::insert_event;
use crate::{
    DataError, FindingId, FindingStatus, JiraComment, Store, TimelineDetail, TimelineKind,
};

/// A timeline event pulled from Jira (origin `jira`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolledEvent {
    /// UTC ISO-8601: when it happened in Jira.
    pub at: String,
    pub kind: TimelineKind,
    pub detail: TimelineDetail,
}

/// Everything to write for one version of one linked issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolledIssue {
    pub connection_id: String,
    pub finding_id: FindingId,
    pub issue_id: String,
    /// The issue's `updated` (UTC ISO-8601): this version is marked applied.
    pub updated: String,
    /// Jira status name and category key to record on the ticket link.
    pub ticket_status: Option<(String, String)>,
    /// The finding's new status and reason (skipped when it already has both).
    pub finding_status: Option<(FindingStatus, Option<String>)>,
    pub events: Vec<PolledEvent>,
    /// Comments to store as they are now (deleted ones with `deleted = true`).
    pub comments: Vec<JiraComment>,
}

impl Store {
    /// The stored status of a finding.
    pub fn finding_status(&self, finding: FindingId) -> Result<FindingStatus, DataError> {
        let raw: String = self
            .conn
            .query_row(
                "SELECT status FROM findings WHERE id = ?1",
                [finding],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(DataError::FindingNotFound(finding.0))?;
        FindingStatus::parse(&raw)
            .ok_or_else(|| DataError::Corrupt(format!("unknown finding status {raw}")))
    }

    /// Writes `polled` in one transaction; `now` (UTC ISO-8601) becomes the link's
    /// `last_synced_at`. Returns `true` when the finding's status changed.
    pub fn apply_polled_issue(
        &mut self,
        polled: &PolledIssue,
        now: &str,
    ) -> Result<bool, DataError> {
        let tx = self.conn.transaction()?;
        match &polled.ticket_status {
            Some((status, category)) => tx.execute(
                "UPDATE ticket_links SET status = ?2, status_category = ?3, last_synced_at = ?4
                 WHERE finding_id = ?1",
                params![polled.finding_id, status, category, now],
            )?,
            None => tx.execute(
                "UPDATE ticket_links SET last_synced_at = ?2 WHERE finding_id = ?1",
                params![polled.finding_id, now],
            )?,
        };
        let mut changed = false;
        if let Some((status, reason)) = &polled.finding_status {
            let old: Option<(String, Option<String>)> = tx
                .query_row(
                    "SELECT status, status_reason FROM findings WHERE id = ?1",
                    [polled.finding_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (old, old_reason) = old.ok_or(DataError::FindingNotFound(polled.finding_id.0))?;
            if old != status.as_str() || old_reason != *reason {
                tx.execute(
                    "UPDATE findings SET status = ?2, status_reason = ?3, status_changed_at = ?4
                     WHERE id = ?1",
                    params![polled.finding_id, status.as_str(), reason, now],
                )?;
                changed = old != status.as_str();
            }
        }
        for event in &polled.events {
            insert_event(
                &tx,
                polled.finding_id,
                &event.at,
                event.kind,
                crate::EventOrigin::Jira,
                &event.detail,
            )?;
        }
        for comment in &polled.comments {
            upsert_comment(&tx, comment)?;
        }
        tx.execute(
            "INSERT OR IGNORE INTO poll_seen (connection_id, issue_id, updated)
             VALUES (?1, ?2, ?3)",
            params![polled.connection_id, polled.issue_id, polled.updated],
        )?;
        tx.commit()?;
        Ok(changed)
    }
}
