//! The `timeline_events` table: what happened to a finding, newest first.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::{DataError, EventOrigin, FindingId, FindingStatus, ImportId, Store, TimelineEventId};

/// What kind of thing happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    /// First reported by an import.
    FirstSeen,
    /// Reported again after it had been resolved or suppressed.
    Reappeared,
    /// Missing from a scan of the same tool and target.
    NotSeen,
    /// The scan file suppresses it, says not affected, or says fixed.
    SuppressedInScan,
    /// Status changed by the analyst or by Jira.
    StatusChanged,
    /// A Jira ticket was created for it, or an existing one (found by its label) linked.
    TicketLinked,
    /// The linked ticket moved in Jira without changing the finding's status.
    TicketStatusChanged,
    /// A comment was added on the linked ticket in Jira.
    CommentAdded,
    /// A Jira comment was edited.
    CommentEdited,
    /// A Jira comment was deleted.
    CommentDeleted,
}

impl TimelineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TimelineKind::FirstSeen => "first_seen",
            TimelineKind::Reappeared => "reappeared",
            TimelineKind::NotSeen => "not_seen",
            TimelineKind::SuppressedInScan => "suppressed_in_scan",
            TimelineKind::StatusChanged => "status_changed",
            TimelineKind::TicketLinked => "ticket_linked",
            TimelineKind::TicketStatusChanged => "ticket_status_changed",
            TimelineKind::CommentAdded => "comment_added",
            TimelineKind::CommentEdited => "comment_edited",
            TimelineKind::CommentDeleted => "comment_deleted",
        }
    }

    pub fn parse(raw: &str) -> Option<TimelineKind> {
        [
            TimelineKind::FirstSeen,
            TimelineKind::Reappeared,
            TimelineKind::NotSeen,
            TimelineKind::SuppressedInScan,
            TimelineKind::StatusChanged,
            TimelineKind::TicketLinked,
            TimelineKind::TicketStatusChanged,
            TimelineKind::CommentAdded,
            TimelineKind::CommentEdited,
            TimelineKind::CommentDeleted,
        ]
        .into_iter()
        .find(|k| k.as_str() == raw)
    }
}

/// The facts of an event; every field is optional so kinds can share one shape.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct TimelineDetail {
    /// A one-line human description (`reappeared in scan app.sarif (import #4)`).
    pub message: String,
    pub from_status: Option<FindingStatus>,
    pub to_status: Option<FindingStatus>,
    pub reason: Option<String>,
    pub import_id: Option<ImportId>,
    pub file_name: Option<String>,
}

/// One stored event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TimelineEvent {
    pub id: TimelineEventId,
    pub finding_id: FindingId,
    /// UTC ISO-8601 with milliseconds.
    pub at: String,
    pub kind: TimelineKind,
    pub origin: EventOrigin,
    pub detail: TimelineDetail,
}

/// Inserts an event inside the caller's transaction.
pub(crate) fn insert_event(
    conn: &Connection,
    finding: FindingId,
    at: &str,
    kind: TimelineKind,
    origin: EventOrigin,
    detail: &TimelineDetail,
) -> Result<(), DataError> {
    let json = serde_json::to_string(detail)
        .map_err(|e| DataError::Corrupt(format!("timeline detail: {e}")))?;
    conn.prepare_cached(
        "INSERT INTO timeline_events (finding_id, at, kind, origin, detail)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![finding, at, kind.as_str(), origin.as_str(), json])?;
    Ok(())
}

/// Inserts the same event for many findings in one statement (inside the caller's
/// transaction).
pub(crate) fn insert_events(
    conn: &Connection,
    findings: &[FindingId],
    at: &str,
    kind: TimelineKind,
    origin: EventOrigin,
    detail: &TimelineDetail,
) -> Result<(), DataError> {
    let json = serde_json::to_string(detail)
        .map_err(|e| DataError::Corrupt(format!("timeline detail: {e}")))?;
    let ids = serde_json::to_string(findings)
        .map_err(|e| DataError::Corrupt(format!("cannot encode ids: {e}")))?;
    conn.prepare_cached(
        "INSERT INTO timeline_events (finding_id, at, kind, origin, detail)
         SELECT value, ?2, ?3, ?4, ?5 FROM json_each(?1)",
    )?
    .execute(params![ids, at, kind.as_str(), origin.as_str(), json])?;
    Ok(())
}

/// A finding's events, newest first (ties: latest written first).
pub(crate) fn events_of(
    conn: &Connection,
    finding: FindingId,
) -> Result<Vec<TimelineEvent>, DataError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, finding_id, at, kind, origin, detail FROM timeline_events
         WHERE finding_id = ?1 ORDER BY at DESC, id DESC",
    )?;
    let raw = stmt
        .query_map([finding], |r| {
            Ok((
                r.get::<_, TimelineEventId>(0)?,
                r.get::<_, FindingId>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    raw.into_iter()
        .map(|(id, finding_id, at, kind, origin, detail)| {
            Ok(TimelineEvent {
                id,
                finding_id,
                at,
                kind: TimelineKind::parse(&kind)
                    .ok_or_else(|| DataError::Corrupt(format!("unknown timeline kind {kind}")))?,
                origin: EventOrigin::parse(&origin)
                    .ok_or_else(|| DataError::Corrupt(format!("unknown event origin {origin}")))?,
                detail: serde_json::from_str(&detail)
                    .map_err(|e| DataError::Corrupt(format!("timeline detail: {e}")))?,
            })
        })
        .collect()
}

impl Store {
    /// A finding's timeline, newest first.
    pub fn timeline(&self, finding: FindingId) -> Result<Vec<TimelineEvent>, DataError> {
        events_of(&self.conn, finding)
    }

    /// Records an event that did not come from this crate's own operations (e.g. a Jira change
    /// pulled by the sync engine). `at` is UTC ISO-8601; `None` means now.
    pub fn add_timeline_event(
        &self,
        finding: FindingId,
        at: Option<&str>,
        kind: TimelineKind,
        origin: EventOrigin,
        detail: &TimelineDetail,
    ) -> Result<(), DataError> {
        let now;
        let at = match at {
            Some(at) => at,
            None => {
                now = crate::status::now_utc(&self.conn)?;
                &now
            }
        };
        insert_event(&self.conn, finding, at, kind, origin, detail).map_err(|e| match e {
            DataError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
                if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY =>
            {
                DataError::FindingNotFound(finding.0)
            }
            other => other,
        })
    }
}
