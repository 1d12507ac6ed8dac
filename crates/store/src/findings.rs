//! Reading findings for the dashboard (pages, header counts, detail) and bulk status changes.

use rusqlite::{params, params_from_iter, OptionalExtension};
use serde::{Deserialize, Serialize};
use vulnbridge_model::{Finding, FindingKind, Severity};

use crate::finding_columns::{parse_kind, parse_severity};
use crate::timeline::{events_of, insert_event, TimelineDetail, TimelineEvent, TimelineKind};
use crate::{
    ApplicationId, DataError, EventOrigin, FindingId, FindingQuery, FindingStatus, ImportId, Store,
};

/// One dashboard table row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FindingRow {
    pub id: FindingId,
    pub application_id: ApplicationId,
    /// Application name.
    pub application: String,
    pub kind: FindingKind,
    /// `null` when unknown.
    pub severity: Option<Severity>,
    pub score: Option<f64>,
    pub title: String,
    pub tool: String,
    pub rule_id: Option<String>,
    /// One-line location (`src/app.py:12`, `lodash@4.17.15 (package-lock.json)`).
    pub location: String,
    pub status: FindingStatus,
    /// UTC ISO-8601 with milliseconds.
    pub first_seen: String,
    pub last_seen: String,
    pub cves: Vec<String>,
}

/// One page of rows and how many rows match in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FindingPage {
    pub rows: Vec<FindingRow>,
    pub total: u32,
}

/// Matching findings per normalized severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SeverityCounts {
    pub critical: u32,
    pub high: u32,
    pub medium: u32,
    pub low: u32,
    pub info: u32,
    pub unknown: u32,
}

/// Matching findings per status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StatusCounts {
    pub open: u32,
    pub reopened: u32,
    pub resolved: u32,
    pub false_positive: u32,
    pub accepted_risk: u32,
    pub suppressed: u32,
}

/// Header counts for a query (its sort and page are ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FindingSummary {
    pub total: u32,
    pub by_severity: SeverityCounts,
    pub by_status: StatusCounts,
}

/// Everything the detail pane shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FindingDetail {
    pub row: FindingRow,
    /// The finding as last imported.
    pub finding: Finding,
    pub fingerprint: String,
    /// The Jira dedup label (`vb-…`).
    pub dedup_label: String,
    pub status_reason: Option<String>,
    pub status_changed_at: String,
    /// What the last reporting scan scanned (`null` when the file did not say).
    pub scan_target: Option<String>,
    pub first_import_id: Option<ImportId>,
    pub last_import_id: Option<ImportId>,
    /// Newest first.
    pub timeline: Vec<TimelineEvent>,
}

const ROW_COLUMNS: &str = "f.id, f.application_id, a.name, f.kind, f.severity, f.score, f.title,
    f.tool, f.rule_id, f.location_display, f.status, f.first_seen, f.last_seen, f.cves";

/// Reads [`ROW_COLUMNS`]; returns the row or a description of the damaged column.
fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<FindingRow, String>> {
    let kind: String = r.get(3)?;
    let severity: Option<String> = r.get(4)?;
    let status: String = r.get(10)?;
    let cves: String = r.get(13)?;
    let Some(kind) = parse_kind(&kind) else {
        return Ok(Err(format!("unknown finding kind {kind}")));
    };
    let severity = match severity {
        None => None,
        Some(s) => match parse_severity(&s) {
            Some(level) => Some(level),
            None => return Ok(Err(format!("unknown severity {s}"))),
        },
    };
    let Some(status) = FindingStatus::parse(&status) else {
        return Ok(Err(format!("unknown finding status {status}")));
    };
    let cves: Vec<String> = match serde_json::from_str(&cves) {
        Ok(c) => c,
        Err(e) => return Ok(Err(format!("CVE list: {e}"))),
    };
    Ok(Ok(FindingRow {
        id: r.get(0)?,
        application_id: r.get(1)?,
        application: r.get(2)?,
        kind,
        severity,
        score: r.get(5)?,
        title: r.get(6)?,
        tool: r.get(7)?,
        rule_id: r.get(8)?,
        location: r.get(9)?,
        status,
        first_seen: r.get(11)?,
        last_seen: r.get(12)?,
        cves,
    }))
}

impl Store {
    /// One page of findings matching `query`, and the number of matches in all.
    pub fn query_findings(&self, query: &FindingQuery) -> Result<FindingPage, DataError> {
        let filter = query.filter();
        let total: u32 = self
            .conn
            .prepare_cached(&format!(
                "SELECT COUNT(*) FROM findings f WHERE {}",
                filter.sql
            ))?
            .query_row(params_from_iter(filter.params.iter()), |r| r.get(0))?;
        let limit = query.page_size();
        if limit == 0 || query.offset >= total {
            return Ok(FindingPage {
                rows: Vec::new(),
                total,
            });
        }
        // Step 1: the page's ids, from the indexes (narrow, sorts cheaply).
        let join = if query.sorts_by_application() {
            "JOIN applications a ON a.id = f.application_id"
        } else {
            ""
        };
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(&format!(
                "SELECT f.id FROM findings f {join} WHERE {} ORDER BY {} LIMIT {limit} OFFSET {}",
                filter.sql,
                query.order_by(),
                query.offset
            ))?
            .query_map(params_from_iter(filter.params.iter()), |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        // Step 2: the rows of those ids, put back in page order.
        let ids_json = serde_json::to_string(&ids)
            .map_err(|e| DataError::Corrupt(format!("cannot encode ids: {e}")))?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ROW_COLUMNS} FROM findings f JOIN applications a ON a.id = f.application_id
             WHERE f.id IN (SELECT value FROM json_each(?1))"
        ))?;
        let mut by_id = std::collections::HashMap::with_capacity(ids.len());
        let mut cursor = stmt.query([ids_json])?;
        while let Some(r) = cursor.next()? {
            let row = read_row(r)?.map_err(DataError::Corrupt)?;
            by_id.insert(i64::from(row.id.0), row);
        }
        let rows = ids.iter().filter_map(|id| by_id.remove(id)).collect();
        Ok(FindingPage { rows, total })
    }

    /// Counts by severity and by status of the findings matching `query`'s filters and
    /// search. For status tabs that count every status, pass the query with `statuses` empty.
    pub fn finding_summary(&self, query: &FindingQuery) -> Result<FindingSummary, DataError> {
        let filter = query.filter();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT f.severity_rank, f.status, COUNT(*) FROM findings f WHERE {}
             GROUP BY f.severity_rank, f.status",
            filter.sql
        ))?;
        let mut cursor = stmt.query(params_from_iter(filter.params.iter()))?;
        let mut s = FindingSummary::default();
        while let Some(r) = cursor.next()? {
            let rank: i64 = r.get(0)?;
            let status: String = r.get(1)?;
            let n: u32 = r.get(2)?;
            s.total += n;
            let sev = &mut s.by_severity;
            *match rank {
                5 => &mut sev.critical,
                4 => &mut sev.high,
                3 => &mut sev.medium,
                2 => &mut sev.low,
                1 => &mut sev.info,
                _ => &mut sev.unknown,
            } += n;
            let st = &mut s.by_status;
            *match FindingStatus::parse(&status) {
                Some(FindingStatus::Open) => &mut st.open,
                Some(FindingStatus::Reopened) => &mut st.reopened,
                Some(FindingStatus::Resolved) => &mut st.resolved,
                Some(FindingStatus::FalsePositive) => &mut st.false_positive,
                Some(FindingStatus::AcceptedRisk) => &mut st.accepted_risk,
                Some(FindingStatus::Suppressed) => &mut st.suppressed,
                None => {
                    return Err(DataError::Corrupt(format!(
                        "unknown finding status {status}"
                    )))
                }
            } += n;
        }
        Ok(s)
    }

    /// The detail pane of one finding: row, full finding, status reason and timeline.
    pub fn finding_detail(&self, id: FindingId) -> Result<FindingDetail, DataError> {
        let found = self
            .conn
            .query_row(
                &format!(
                    "SELECT {ROW_COLUMNS}, d.finding_json, f.fingerprint, f.status_reason,
                         f.status_changed_at, f.scan_target, f.first_import_id, f.last_import_id
                     FROM findings f JOIN applications a ON a.id = f.application_id
                         JOIN finding_details d ON d.finding_id = f.id
                     WHERE f.id = ?1"
                ),
                [id],
                |r| {
                    Ok((
                        read_row(r)?,
                        r.get::<_, String>(14)?,
                        r.get::<_, String>(15)?,
                        r.get::<_, Option<String>>(16)?,
                        r.get::<_, String>(17)?,
                        r.get::<_, String>(18)?,
                        r.get::<_, Option<ImportId>>(19)?,
                        r.get::<_, Option<ImportId>>(20)?,
                    ))
                },
            )
            .optional()?
            .ok_or(DataError::FindingNotFound(id.0))?;
        let (row, json, fingerprint, status_reason, status_changed_at, target, first, last) = found;
        let finding: Finding = serde_json::from_str(&json)
            .map_err(|e| DataError::Corrupt(format!("finding #{id}: {e}")))?;
        Ok(FindingDetail {
            row: row.map_err(DataError::Corrupt)?,
            dedup_label: vulnbridge_model::dedup_label(&fingerprint),
            finding,
            fingerprint,
            status_reason,
            status_changed_at,
            scan_target: (!target.is_empty()).then_some(target),
            first_import_id: first,
            last_import_id: last,
            timeline: events_of(&self.conn, id)?,
        })
    }

    /// Sets the status of several findings at once (the analyst's bulk action), writing one
    /// timeline event (origin `local`) per finding that changed. All or nothing: an unknown
    /// id changes nothing. Returns how many findings changed.
    pub fn set_status(
        &mut self,
        ids: &[FindingId],
        status: FindingStatus,
        reason: Option<&str>,
    ) -> Result<u32, DataError> {
        self.change_status(ids, status, reason, EventOrigin::Local)
    }

    /// [`Store::set_status`] with the origin of the change (e.g. `Jira` for a transition
    /// pulled by the sync engine).
    pub fn change_status(
        &mut self,
        ids: &[FindingId],
        status: FindingStatus,
        reason: Option<&str>,
        origin: EventOrigin,
    ) -> Result<u32, DataError> {
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        let tx = self.conn.transaction()?;
        let at = crate::status::now_utc(&tx)?;
        let mut changed = 0u32;
        for &id in ids {
            let (old, old_reason): (String, Option<String>) = tx
                .prepare_cached("SELECT status, status_reason FROM findings WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .ok_or(DataError::FindingNotFound(id.0))?;
            let old = FindingStatus::parse(&old)
                .ok_or_else(|| DataError::Corrupt(format!("unknown finding status {old}")))?;
            if old == status && old_reason.as_deref() == reason {
                continue;
            }
            tx.prepare_cached(
                "UPDATE findings SET status = ?2, status_reason = ?3, status_changed_at = ?4
                 WHERE id = ?1",
            )?
            .execute(params![id, status.as_str(), reason, at])?;
            let detail = TimelineDetail {
                message: match reason {
                    Some(r) => format!("status {old} → {status}: {r}"),
                    None => format!("status {old} → {status}"),
                },
                from_status: Some(old),
                to_status: Some(status),
                reason: reason.map(str::to_string),
                import_id: None,
                file_name: None,
            };
            insert_event(&tx, id, &at, TimelineKind::StatusChanged, origin, &detail)?;
            changed += 1;
        }
        tx.commit()?;
        Ok(changed)
    }
}
