//! The `jira_comments` table: comments of linked issues as last read from Jira. Polling
//! diffs the current list against it to find new, edited and deleted comments.

use rusqlite::{params, Row, Transaction};
use serde::{Deserialize, Serialize};

use crate::{DataError, FindingId, Store};

/// A comment pulled from Jira.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JiraComment {
    pub connection_id: String,
    /// Jira's comment id.
    pub comment_id: String,
    pub issue_id: String,
    pub finding_id: FindingId,
    /// Display name of the author.
    pub author: String,
    /// Plain text of the body.
    pub body: String,
    /// UTC ISO-8601, when Jira said.
    pub created: Option<String>,
    pub updated: Option<String>,
    /// Written by Vulnbridge itself (never shown as a Jira comment).
    pub from_vulnbridge: bool,
    /// Gone from Jira.
    pub deleted: bool,
}

const COLUMNS: &str = "connection_id, comment_id, issue_id, finding_id, author, body, created, \
     updated, from_vulnbridge, deleted";

fn from_row(r: &Row<'_>) -> rusqlite::Result<JiraComment> {
    Ok(JiraComment {
        connection_id: r.get(0)?,
        comment_id: r.get(1)?,
        issue_id: r.get(2)?,
        finding_id: r.get(3)?,
        author: r.get(4)?,
        body: r.get(5)?,
        created: r.get(6)?,
        updated: r.get(7)?,
        from_vulnbridge: r.get(8)?,
        deleted: r.get(9)?,
    })
}

/// Inserts or replaces a comment inside the caller's transaction.
pub(crate) fn upsert_comment(tx: &Transaction<'_>, c: &JiraComment) -> Result<(), DataError> {
    tx.prepare_cached(&format!(
        "INSERT INTO jira_comments ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (connection_id, comment_id) DO UPDATE SET
             issue_id = excluded.issue_id, finding_id = excluded.finding_id,
             author = excluded.author, body = excluded.body, created = excluded.created,
             updated = excluded.updated, from_vulnbridge = excluded.from_vulnbridge,
             deleted = excluded.deleted"
    ))?
    .execute(params![
        c.connection_id,
        c.comment_id,
        c.issue_id,
        c.finding_id,
        c.author,
        c.body,
        c.created,
        c.updated,
        c.from_vulnbridge,
        c.deleted
    ])?;
    Ok(())
}

impl Store {
    /// The Jira comments of a finding's ticket as people wrote them (Vulnbridge's own left
    /// out; deleted ones included, flagged), oldest first.
    pub fn finding_jira_comments(&self, finding: FindingId) -> Result<Vec<JiraComment>, DataError> {
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM jira_comments WHERE finding_id = ?1 AND from_vulnbridge = 0
                 ORDER BY created, comment_id"
            ))?
            .query_map([finding], from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// The stored comments of one issue (deleted ones included), oldest first.
    pub fn jira_comments(
        &self,
        connection: &str,
        issue_id: &str,
    ) -> Result<Vec<JiraComment>, DataError> {
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM jira_comments WHERE connection_id = ?1 AND issue_id = ?2
                 ORDER BY created, comment_id"
            ))?
            .query_map(params![connection, issue_id], from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}
