//! The `ticket_links` table: which Jira ticket a finding has (at most one).

use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

use crate::{DataError, FindingId, Store};

/// A link to store, as learned from a create answer or a label search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTicketLink {
    pub connection_id: String,
    pub issue_id: String,
    pub issue_key: String,
    /// Browse URL of the issue (`https://site/browse/SEC-12`).
    pub url: String,
    /// `true` when the ticket already existed (found by its dedup label) rather than created
    /// by this request.
    pub found_existing: bool,
}

/// A finding's ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TicketLink {
    pub finding_id: FindingId,
    pub connection_id: String,
    pub issue_id: String,
    pub issue_key: String,
    pub url: String,
    /// Jira status name, once polled.
    pub status: Option<String>,
    /// Status category key (`new`, `indeterminate`, `done`), once polled.
    pub status_category: Option<String>,
    pub created_at: String,
    pub last_synced_at: String,
}

const COLUMNS: &str = "finding_id, connection_id, issue_id, issue_key, url, status, \
     status_category, created_at, last_synced_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<TicketLink> {
    Ok(TicketLink {
        finding_id: r.get(0)?,
        connection_id: r.get(1)?,
        issue_id: r.get(2)?,
        issue_key: r.get(3)?,
        url: r.get(4)?,
        status: r.get(5)?,
        status_category: r.get(6)?,
        created_at: r.get(7)?,
        last_synced_at: r.get(8)?,
    })
}

/// Inserts a link inside the caller's transaction; `false` when the finding has one already
/// (which is kept).
pub(crate) fn insert_link(
    tx: &Transaction<'_>,
    finding: FindingId,
    link: &NewTicketLink,
    now: &str,
) -> Result<bool, DataError> {
    let n = tx
        .prepare_cached(
            "INSERT INTO ticket_links (finding_id, connection_id, issue_id, issue_key, url,
                 created_at, last_synced_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
             ON CONFLICT (finding_id) DO NOTHING",
        )?
        .execute(params![
            finding,
            link.connection_id,
            link.issue_id,
            link.issue_key,
            link.url,
            now
        ])?;
    Ok(n > 0)
}

impl Store {
    /// The ticket of a finding, if it has one.
    pub fn ticket_link(&self, finding: FindingId) -> Result<Option<TicketLink>, DataError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM ticket_links WHERE finding_id = ?1"),
                [finding],
                from_row,
            )
            .optional()?)
    }

    /// Every ticket of a connection, by finding id.
    pub fn ticket_links(&self, connection: &str) -> Result<Vec<TicketLink>, DataError> {
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM ticket_links WHERE connection_id = ?1 ORDER BY finding_id"
            ))?
            .query_map([connection], from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Records the Jira status of a linked issue (from polling).
    pub fn set_ticket_status(
        &self,
        finding: FindingId,
        status: &str,
        category: &str,
        now: &str,
    ) -> Result<bool, DataError> {
        Ok(self.conn.execute(
            "UPDATE ticket_links SET status = ?2, status_category = ?3, last_synced_at = ?4
             WHERE finding_id = ?1",
            params![finding, status, category, now],
        )? > 0)
    }
}
