//! The `outbox` table: every Jira write is recorded here as an intent before any request is
//! sent, then moves `pending → in_flight → done`, or to `ambiguous` (a request may have been
//! applied: look before retrying), back to `pending` with a later `next_attempt_at`, or to
//! `parked` (cannot succeed as is; `last_error` says why). Each move is its own committed
//! transaction, so a crash never loses which state an operation was in.

use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

use crate::outbox_types::{OpError, OutboxId, OutboxKind, OutboxState};
use crate::ticket_links::{insert_link, NewTicketLink};
use crate::timeline::{insert_event, TimelineDetail, TimelineKind};
use crate::{DataError, EventOrigin, FindingId, Store};

/// An operation to queue.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOutboxOp<'a> {
    pub kind: OutboxKind,
    pub finding_id: FindingId,
    pub connection_id: &'a str,
    pub rule_id: Option<i64>,
    /// Names the effect; a second op with the same key is not queued.
    pub idempotency_key: &'a str,
    /// The request body as JSON.
    pub payload: &'a str,
    /// `Pending` normally; `Parked` (with `error`) when it is known up front that it cannot
    /// be sent as is (the mapping gives no value for a required field).
    pub state: OutboxState,
    pub error: Option<OpError>,
}

/// One stored operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxOp {
    pub id: OutboxId,
    pub kind: OutboxKind,
    pub finding_id: FindingId,
    pub connection_id: String,
    pub rule_id: Option<i64>,
    pub idempotency_key: String,
    pub payload: String,
    pub state: OutboxState,
    pub attempts: u32,
    pub next_attempt_at: String,
    pub last_error: Option<OpError>,
    pub created_at: String,
    pub updated_at: String,
}

/// A claimed operation (now `in_flight`) and the state it had before the claim.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedOp {
    pub op: OutboxOp,
    /// `Ambiguous` means an earlier request may have been applied.
    pub prior: OutboxState,
}

pub(crate) const COLUMNS: &str =
    "id, kind, finding_id, connection_id, rule_id, idempotency_key, payload, \
     state, attempts, next_attempt_at, last_error_code, last_error_message, created_at, updated_at";

pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<OutboxOp, String>> {
    let kind: String = r.get(1)?;
    let state: String = r.get(7)?;
    let code: Option<String> = r.get(10)?;
    let message: Option<String> = r.get(11)?;
    let (Some(kind), Some(state)) = (OutboxKind::parse(&kind), OutboxState::parse(&state)) else {
        return Ok(Err(format!("unknown outbox kind/state {kind}/{state}")));
    };
    Ok(Ok(OutboxOp {
        id: OutboxId(r.get(0)?),
        kind,
        finding_id: r.get(2)?,
        connection_id: r.get(3)?,
        rule_id: r.get(4)?,
        idempotency_key: r.get(5)?,
        payload: r.get(6)?,
        state,
        attempts: r.get(8)?,
        next_attempt_at: r.get(9)?,
        last_error: code
            .zip(message)
            .map(|(code, message)| OpError { code, message }),
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
    }))
}

pub(crate) fn collect(rows: Vec<Result<OutboxOp, String>>) -> Result<Vec<OutboxOp>, DataError> {
    rows.into_iter()
        .map(|r| r.map_err(DataError::Corrupt))
        .collect()
}

/// Sets state, next attempt and error of `ids` in one transaction.
fn set_state(
    tx: &Transaction<'_>,
    ids: &[OutboxId],
    state: OutboxState,
    next_attempt_at: Option<&str>,
    error: Option<&OpError>,
    now: &str,
) -> Result<(), DataError> {
    let mut stmt = tx.prepare_cached(
        "UPDATE outbox SET state = ?2, next_attempt_at = COALESCE(?3, next_attempt_at),
             last_error_code = COALESCE(?4, last_error_code),
             last_error_message = COALESCE(?5, last_error_message), updated_at = ?6
         WHERE id = ?1",
    )?;
    for id in ids {
        stmt.execute(params![
            id.0,
            state.as_str(),
            next_attempt_at,
            error.map(|e| e.code.as_str()),
            error.map(|e| e.message.as_str()),
            now
        ])?;
    }
    Ok(())
}

impl Store {
    /// Queues an operation; `None` when one with the same idempotency key exists already.
    pub fn enqueue(&self, op: &NewOutboxOp<'_>, now: &str) -> Result<Option<OutboxId>, DataError> {
        let inserted = self.conn.execute(
            "INSERT INTO outbox (kind, finding_id, connection_id, rule_id, idempotency_key,
                 payload, state, next_attempt_at, last_error_code, last_error_message,
                 created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?8, ?8)
             ON CONFLICT (idempotency_key) DO NOTHING",
            params![
                op.kind.as_str(),
                op.finding_id,
                op.connection_id,
                op.rule_id,
                op.idempotency_key,
                op.payload,
                op.state.as_str(),
                now,
                op.error.as_ref().map(|e| e.code.as_str()),
                op.error.as_ref().map(|e| e.message.as_str()),
            ],
        )?;
        Ok((inserted > 0).then(|| OutboxId(self.conn.last_insert_rowid())))
    }

    /// Claims up to `limit` operations of `kind` for `connection` that are due at `now`
    /// (`pending` or `ambiguous`, oldest due first): they become `in_flight` with one more
    /// attempt, committed before the caller sends anything.
    pub fn claim_due(
        &mut self,
        connection: &str,
        kind: OutboxKind,
        now: &str,
        limit: usize,
    ) -> Result<Vec<ClaimedOp>, DataError> {
        let tx = self.conn.transaction()?;
        let rows = tx
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM outbox
                 WHERE connection_id = ?1 AND kind = ?2 AND state IN ('pending', 'ambiguous')
                     AND next_attempt_at <= ?3
                 ORDER BY next_attempt_at, id LIMIT ?4"
            ))?
            .query_map(
                params![connection, kind.as_str(), now, limit as i64],
                from_row,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        let ops = collect(rows)?;
        let mut claimed = Vec::with_capacity(ops.len());
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE outbox SET state = 'in_flight', attempts = attempts + 1, updated_at = ?2
                 WHERE id = ?1",
            )?;
            for mut op in ops {
                stmt.execute(params![op.id.0, now])?;
                let prior = op.state;
                op.state = OutboxState::InFlight;
                op.attempts += 1;
                claimed.push(ClaimedOp { op, prior });
            }
        }
        tx.commit()?;
        Ok(claimed)
    }

    /// Marks create operations done and stores each finding's ticket link and a timeline event,
    /// all in one transaction. A finding that already has a link keeps it.
    pub fn complete_with_links(
        &mut self,
        done: &[(OutboxId, NewTicketLink)],
        now: &str,
    ) -> Result<(), DataError> {
        let tx = self.conn.transaction()?;
        for (id, link) in done {
            let finding: FindingId = tx
                .query_row("SELECT finding_id FROM outbox WHERE id = ?1", [id.0], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or_else(|| DataError::Corrupt(format!("outbox operation #{id} vanished")))?;
            set_state(&tx, &[*id], OutboxState::Done, None, None, now)?;
            if insert_link(&tx, finding, link, now)? {
                let message = if link.found_existing {
                    format!("linked to existing Jira ticket {}", link.issue_key)
                } else {
                    format!("Jira ticket {} created", link.issue_key)
                };
                let detail = TimelineDetail {
                    message,
                    ..TimelineDetail::default()
                };
                insert_event(
                    &tx,
                    finding,
                    now,
                    TimelineKind::TicketLinked,
                    EventOrigin::Local,
                    &detail,
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Marks operations `ambiguous`: a request may have been applied. They are due again at
    /// `next_attempt_at`, and the engine looks before it sends again.
    pub fn mark_ambiguous(
        &mut self,
        ids: &[OutboxId],
        next_attempt_at: &str,
        error: &OpError,
        now: &str,
    ) -> Result<(), DataError> {
        self.move_ops(
            ids,
            OutboxState::Ambiguous,
            Some(next_attempt_at),
            Some(error),
            now,
        )
    }

    /// Puts operations back to wait until `next_attempt_at` (`state` is `Pending`, or
    /// `Ambiguous` for operations that still may have been applied earlier).
    pub fn retry_later(
        &mut self,
        ids: &[OutboxId],
        state: OutboxState,
        next_attempt_at: &str,
        error: &OpError,
        now: &str,
    ) -> Result<(), DataError> {
        let state = match state {
            OutboxState::Ambiguous => OutboxState::Ambiguous,
            _ => OutboxState::Pending,
        };
        self.move_ops(ids, state, Some(next_attempt_at), Some(error), now)
    }

    /// Marks operations done (those that leave no link behind, e.g. an attachment upload).
    pub fn mark_done(&mut self, ids: &[OutboxId], now: &str) -> Result<(), DataError> {
        self.move_ops(ids, OutboxState::Done, None, None, now)
    }

    /// Parks an operation with the reason shown to the user.
    pub fn park(&mut self, id: OutboxId, reason: &OpError, now: &str) -> Result<(), DataError> {
        self.move_ops(&[id], OutboxState::Parked, None, Some(reason), now)
    }

    fn move_ops(
        &mut self,
        ids: &[OutboxId],
        state: OutboxState,
        next_attempt_at: Option<&str>,
        error: Option<&OpError>,
        now: &str,
    ) -> Result<(), DataError> {
        let tx = self.conn.transaction()?;
        set_state(&tx, ids, state, next_attempt_at, error, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Gives a parked (or failed) operation a new payload and puts it back to `pending`, due
    /// at `now`, with attempts reset; with `still_parked` it stays parked with that fresh
    /// reason. `false` when the operation is not parked or failed.
    pub fn requeue(
        &mut self,
        id: OutboxId,
        payload: &str,
        still_parked: Option<&OpError>,
        now: &str,
    ) -> Result<bool, DataError> {
        let state = if still_parked.is_some() {
            "parked"
        } else {
            "pending"
        };
        Ok(self.conn.execute(
            "UPDATE outbox SET payload = ?2, state = ?3, attempts = 0, next_attempt_at = ?4,
                 last_error_code = ?5, last_error_message = ?6, updated_at = ?4
             WHERE id = ?1 AND state IN ('parked', 'failed')",
            params![
                id.0,
                payload,
                state,
                now,
                still_parked.map(|e| e.code.as_str()),
                still_parked.map(|e| e.message.as_str()),
            ],
        )? > 0)
    }

    /// After a crash: every `in_flight` operation may have reached Jira, so it becomes
    /// `ambiguous` (searched before any retry), due at `due`. Returns how many.
    pub fn recover_in_flight(&self, due: &str, now: &str) -> Result<usize, DataError> {
        Ok(self.conn.execute(
            "UPDATE outbox SET state = 'ambiguous', next_attempt_at = ?1, updated_at = ?2,
                 last_error_code = 'interrupted',
                 last_error_message = 'the app stopped while this was being sent; Vulnbridge checks Jira before sending it again'
             WHERE state = 'in_flight'",
            [due, now],
        )?)
    }
}
