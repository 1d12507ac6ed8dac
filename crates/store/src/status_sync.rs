//! App → Jira status sync: linked findings whose local status (done or not) disagrees with
//! the last known status category of their ticket, and no transition is under way for them.

use rusqlite::params;

use crate::{DataError, FindingId, FindingStatus, Store};

/// A linked finding whose ticket should move (to a done status, or out of one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMismatch {
    pub finding_id: FindingId,
    pub connection_id: String,
    pub issue_key: String,
    pub status: FindingStatus,
    pub status_reason: Option<String>,
    pub status_changed_at: String,
    /// The ticket's dedup label (the create's idempotency key), or `finding-<id>` when the
    /// link has no create operation.
    pub label: String,
    /// The ticket's last known status category (`None`: never polled, i.e. as created).
    pub ticket_category: Option<String>,
}

impl Store {
    /// Linked findings of `connection` that are resolved / false positive / accepted risk
    /// while their ticket is not in a done status (or unknown), or open / reopened while it is
    /// done; skipping findings with a pending, in-flight or ambiguous transition, and findings
    /// whose latest status change came from Jira (the poll already made both agree).
    pub fn status_mismatches(&self, connection: &str) -> Result<Vec<StatusMismatch>, DataError> {
        let rows = self
            .conn
            .prepare_cached(
                "SELECT f.id, l.connection_id, l.issue_key, f.status, f.status_reason,
                     f.status_changed_at,
                     COALESCE((SELECT o.idempotency_key FROM outbox o
                               WHERE o.finding_id = f.id AND o.kind = 'create'
                               ORDER BY o.id LIMIT 1), 'finding-' || f.id),
                     l.status_category
                 FROM findings f JOIN ticket_links l ON l.finding_id = f.id
                 WHERE l.connection_id = ?1
                   AND ((f.status IN ('resolved', 'false_positive', 'accepted_risk')
                         AND COALESCE(l.status_category, 'new') <> 'done')
                     OR (f.status IN ('open', 'reopened') AND l.status_category = 'done'))
                   AND NOT EXISTS (SELECT 1 FROM outbox o
                       WHERE o.finding_id = f.id AND o.kind = 'transition'
                         AND o.state IN ('pending', 'in_flight', 'ambiguous'))
                   AND COALESCE((SELECT e.origin FROM timeline_events e
                       WHERE e.finding_id = f.id AND e.kind = 'status_changed'
                       ORDER BY e.at DESC, e.id DESC LIMIT 1), 'local') <> 'jira'
                 ORDER BY f.id",
            )?
            .query_map([connection], |r| {
                Ok((
                    r.get::<_, FindingId>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, Option<String>>(7)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, conn, key, status, reason, at, label, category)| {
                let status = FindingStatus::parse(&status).ok_or_else(|| {
                    DataError::Corrupt(format!("unknown finding status {status}"))
                })?;
                Ok(StatusMismatch {
                    finding_id: id,
                    connection_id: conn,
                    issue_key: key,
                    status,
                    status_reason: reason,
                    status_changed_at: at,
                    label,
                    ticket_category: category,
                })
            })
            .collect()
    }

    /// Retires parked transitions of `finding` other than `keep` (a newer status change
    /// replaced them): they become `failed` with the reason `superseded`. Returns how many.
    pub fn supersede_transitions(
        &self,
        finding: FindingId,
        keep: crate::OutboxId,
        now: &str,
    ) -> Result<usize, DataError> {
        Ok(self.conn.execute(
            "UPDATE outbox SET state = 'failed', last_error_code = 'superseded',
                 last_error_message = 'a newer status change of the finding replaced this transition',
                 updated_at = ?3
             WHERE finding_id = ?1 AND kind = 'transition' AND state = 'parked' AND id <> ?2",
            params![finding, keep.0, now],
        )?)
    }
}
