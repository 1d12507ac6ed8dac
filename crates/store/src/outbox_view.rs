//! Reading the outbox: one operation, what is still waiting and why (for the UI), when the
//! next operation is due, and counts per state.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use crate::outbox::{collect, from_row, OutboxOp, COLUMNS};
use crate::outbox_types::{OutboxId, OutboxState};
use crate::{DataError, Store};

/// Operations per state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OutboxCounts {
    pub pending: u32,
    pub in_flight: u32,
    pub ambiguous: u32,
    pub done: u32,
    pub failed: u32,
    pub parked: u32,
}

impl Store {
    /// One operation by id.
    pub fn outbox_op(&self, id: OutboxId) -> Result<Option<OutboxOp>, DataError> {
        let row = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1"),
                [id.0],
                from_row,
            )
            .optional()?;
        row.map(|r| r.map_err(DataError::Corrupt)).transpose()
    }

    /// Operations not done (pending, in flight, ambiguous, failed, parked) with their last
    /// error, oldest first: what the UI lists as waiting and why.
    pub fn unfinished_ops(&self) -> Result<Vec<OutboxOp>, DataError> {
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM outbox WHERE state <> 'done' ORDER BY created_at, id"
            ))?
            .query_map([], from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        collect(rows)
    }

    /// The earliest `next_attempt_at` of waiting (pending or ambiguous) operations of
    /// `connection`, if any.
    pub fn next_due_at(&self, connection: &str) -> Result<Option<String>, DataError> {
        Ok(self.conn.query_row(
            "SELECT MIN(next_attempt_at) FROM outbox
             WHERE connection_id = ?1 AND state IN ('pending', 'ambiguous')",
            [connection],
            |r| r.get(0),
        )?)
    }

    /// How many operations are in each state.
    pub fn outbox_counts(&self) -> Result<OutboxCounts, DataError> {
        let mut counts = OutboxCounts::default();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT state, COUNT(*) FROM outbox GROUP BY state")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?;
        for row in rows {
            let (state, n) = row?;
            let slot = match OutboxState::parse(&state) {
                Some(OutboxState::Pending) => &mut counts.pending,
                Some(OutboxState::InFlight) => &mut counts.in_flight,
                Some(OutboxState::Ambiguous) => &mut counts.ambiguous,
                Some(OutboxState::Done) => &mut counts.done,
                Some(OutboxState::Failed) => &mut counts.failed,
                Some(OutboxState::Parked) => &mut counts.parked,
                None => return Err(DataError::Corrupt(format!("unknown outbox state {state}"))),
            };
            *slot = n;
        }
        Ok(counts)
    }
}
