//! Polling bookkeeping per connection: the watermark (every issue change up to it is applied)
//! and the (issue id, updated) versions already applied inside the overlap window.

use rusqlite::{params, OptionalExtension};

use crate::{DataError, Store};

impl Store {
    /// The connection's poll watermark (UTC ISO-8601), `None` before the first poll.
    pub fn poll_watermark(&self, connection: &str) -> Result<Option<String>, DataError> {
        Ok(self
            .conn
            .query_row(
                "SELECT watermark FROM poll_watermarks WHERE connection_id = ?1",
                [connection],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Moves the watermark to `watermark` (never backwards) and forgets applied versions
    /// older than `forget_before` (they can no longer come back through the overlap window).
    pub fn set_poll_watermark(
        &mut self,
        connection: &str,
        watermark: &str,
        forget_before: &str,
        now: &str,
    ) -> Result<(), DataError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO poll_watermarks (connection_id, watermark, updated_at)
             VALUES (?1, ?2, ?3)
             ON CONFLICT (connection_id) DO UPDATE SET
                 watermark = max(watermark, excluded.watermark),
                 updated_at = excluded.updated_at",
            params![connection, watermark, now],
        )?;
        tx.execute(
            "DELETE FROM poll_seen WHERE connection_id = ?1 AND updated < ?2",
            params![connection, forget_before],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// `true` when this version of the issue (`updated`, UTC ISO-8601) was applied already.
    pub fn poll_seen(
        &self,
        connection: &str,
        issue_id: &str,
        updated: &str,
    ) -> Result<bool, DataError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT 1 FROM poll_seen
                 WHERE connection_id = ?1 AND issue_id = ?2 AND updated = ?3",
            )?
            .query_row(params![connection, issue_id, updated], |_| Ok(()))
            .optional()?
            .is_some())
    }
}
