//! The Activity screen's data: what happened lately across all findings (the timeline,
//! newest first) and the outbox work that is waiting or needs a person.

use crate::{DataError, EventOrigin, FindingId, Store, TimelineDetail, TimelineKind};
use serde::Serialize;

/// One line of the activity feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActivityEntry {
    pub at: String,
    pub kind: TimelineKind,
    pub origin: EventOrigin,
    pub finding_id: FindingId,
    pub finding_title: String,
    pub application: String,
    pub message: String,
}

/// Outbox work that is not done: waiting (pending / ambiguous / in flight) or parked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PendingOperation {
    /// The outbox id (as text: outbox ids are 64-bit).
    pub id: String,
    /// create, attach, …
    pub kind: String,
    /// pending, in_flight, ambiguous, parked, failed.
    pub state: String,
    pub finding_id: FindingId,
    pub finding_title: String,
    pub connection_id: String,
    pub attempts: u32,
    pub next_attempt_at: String,
    pub last_error_code: Option<String>,
    pub last_error_message: Option<String>,
}

impl Store {
    /// The newest `limit` timeline events across all findings.
    pub fn recent_activity(&self, limit: u32) -> Result<Vec<ActivityEntry>, DataError> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT t.at, t.kind, t.origin, t.finding_id, f.title, a.name, t.detail
             FROM timeline_events t
             JOIN findings f ON f.id = t.finding_id
             JOIN applications a ON a.id = f.application_id
             ORDER BY t.at DESC, t.id DESC
             LIMIT ?1",
        )?;
        let rows = stmt
            .query_map([limit], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, FindingId>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(
                |(at, kind, origin, finding_id, finding_title, application, detail)| {
                    let kind = TimelineKind::parse(&kind).ok_or_else(|| {
                        DataError::Corrupt(format!("unknown timeline kind {kind}"))
                    })?;
                    let origin = EventOrigin::parse(&origin).ok_or_else(|| {
                        DataError::Corrupt(format!("unknown event origin {origin}"))
                    })?;
                    let detail: TimelineDetail = serde_json::from_str(&detail).unwrap_or_default();
                    Ok(ActivityEntry {
                        at,
                        kind,
                        origin,
                        finding_id,
                        finding_title,
                        application,
                        message: detail.message,
                    })
                },
            )
            .collect()
    }

    /// Outbox operations that are not done, parked ones first, then by next attempt.
    pub fn pending_operations(&self, limit: u32) -> Result<Vec<PendingOperation>, DataError> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT o.id, o.kind, o.state, o.finding_id, f.title, o.connection_id, o.attempts,
                    o.next_attempt_at, o.last_error_code, o.last_error_message
             FROM outbox o JOIN findings f ON f.id = o.finding_id
             WHERE o.state <> 'done'
             ORDER BY (o.state = 'parked') DESC, o.next_attempt_at, o.id
             LIMIT ?1",
        )?;
        let rows = stmt
            .query_map([limit], |r| {
                Ok(PendingOperation {
                    id: r.get::<_, i64>(0)?.to_string(),
                    kind: r.get(1)?,
                    state: r.get(2)?,
                    finding_id: r.get(3)?,
                    finding_title: r.get(4)?,
                    connection_id: r.get(5)?,
                    attempts: r.get(6)?,
                    next_attempt_at: r.get(7)?,
                    last_error_code: r.get(8)?,
                    last_error_message: r.get(9)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}
