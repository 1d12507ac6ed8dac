//! Recording an imported scan: the re-import lifecycle, in one transaction per file.
//!
//! For one application, a scan file's findings are matched by fingerprint:
//! - a new fingerprint is stored `open`, or `suppressed`/`resolved` when the file itself
//!   suppresses it, says not affected, or says fixed (see `vulnbridge_model::Suppression`);
//! - a known fingerprint gets its `last_seen` and content refreshed; if it was `resolved` or
//!   `suppressed` and the file reports it open again, it becomes `reopened`;
//! - `open`/`reopened` findings of the same application, tool and target that the file does
//!   not report become `resolved` (`not seen in scan <file> (import #N)`);
//! - `false_positive` and `accepted_risk` (analyst decisions) are never changed by an import.
//!
//! Every status change writes a timeline event with origin `import`.

use std::collections::{BTreeSet, HashMap, HashSet};

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use vulnbridge_model::{Finding, Tool};

use crate::finding_columns::FindingColumns;
use crate::ids::from_rowid;
use crate::lifecycle::{file_verdict, transition, Tally};
use crate::search_index::index_findings;
use crate::timeline::{insert_event, insert_events, TimelineDetail, TimelineKind};
use crate::{ApplicationId, DataError, EventOrigin, FindingId, FindingStatus, ImportId, Store};

/// One parsed scan file to record (built from `vulnbridge_importers::ParsedScan`).
#[derive(Debug, Clone, Copy)]
pub struct ScanInput<'a> {
    /// The file name shown in the import history and timeline (`trivy-2026-01-31.json`).
    pub file_name: &'a str,
    /// The detected format's name (`"SARIF"`, `"Trivy JSON"`).
    pub format: &'a str,
    /// The tool that wrote the file; used for findings that do not name their own tool.
    pub tool: &'a Tool,
    /// What was scanned, when the file says.
    pub target: Option<&'a str>,
    pub findings: &'a [Finding],
    /// When the scan is considered seen (UTC ISO-8601 `YYYY-MM-DDTHH:MM:SS.sssZ`); `None` = now.
    pub at: Option<&'a str>,
}

/// Per-import counts. `total = new + unchanged + reopened + suppressed` (distinct fingerprints
/// in the file); `resolved` counts stored findings that the file no longer reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportCounts {
    pub total: u32,
    /// Fingerprints never seen before for this application, stored open.
    pub new: u32,
    /// Known findings reported again (whatever their status, except the two below).
    pub unchanged: u32,
    /// Findings that were resolved or suppressed and are reported open again.
    pub reopened: u32,
    /// Open findings of the same tool and target missing from this file, now resolved.
    pub resolved: u32,
    /// Findings the file itself marks suppressed, not affected or fixed.
    pub suppressed: u32,
}

/// One import as recorded (successful or failed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportSummary {
    pub id: ImportId,
    pub application_id: ApplicationId,
    pub file_name: String,
    /// Format name; empty when a failed file's format could not be guessed.
    pub format: String,
    pub tool: String,
    pub target: Option<String>,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub counts: ImportCounts,
    /// Why the file could not be imported (nothing else was recorded then).
    pub error: Option<String>,
}

impl Store {
    /// Records one parsed scan for `app` in a single transaction (all or nothing) and
    /// returns its counts. See the module documentation for the lifecycle rules.
    pub fn record_import(
        &mut self,
        app: ApplicationId,
        scan: &ScanInput<'_>,
    ) -> Result<ImportSummary, DataError> {
        // Large scans touch many index pages; a bigger page cache keeps them in memory for the
        // transaction (connection-wide, set once; harmless to repeat).
        self.conn
            .pragma_update(None, "cache_size", BULK_CACHE_KIB)?;
        let tx = self.conn.transaction()?;
        let summary = record_in(&tx, app, scan)?;
        tx.commit()?;
        // Keep the query planner's statistics current as tables grow (cheap when nothing
        // changed much; bounded by analysis_limit).
        self.conn
            .execute_batch("PRAGMA analysis_limit = 1000; PRAGMA optimize;")?;
        Ok(summary)
    }

    /// Records a file that could not be parsed: an import row with the error and no counts.
    /// Nothing else changes.
    pub fn record_failed_import(
        &self,
        app: ApplicationId,
        file_name: &str,
        format: Option<&str>,
        error: &str,
    ) -> Result<ImportSummary, DataError> {
        ensure_application(&self.conn, app)?;
        let now = crate::status::now_utc(&self.conn)?;
        self.conn.execute(
            "INSERT INTO imports (application_id, file_name, format, started_at, finished_at, error)
             VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
            params![app, file_name, format.unwrap_or(""), now, error],
        )?;
        let id = from_rowid(self.conn.last_insert_rowid(), ImportId)?;
        self.import(id)?
            .ok_or(DataError::Corrupt(format!("import #{id} vanished")))
    }

    /// One import by id.
    pub fn import(&self, id: ImportId) -> Result<Option<ImportSummary>, DataError> {
        Ok(self
            .conn
            .query_row(&format!("{IMPORT_SELECT} WHERE id = ?1"), [id], import_row)
            .optional()?)
    }

    /// The latest imports (newest first), of one application or of all.
    pub fn imports(
        &self,
        app: Option<ApplicationId>,
        limit: u32,
    ) -> Result<Vec<ImportSummary>, DataError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{IMPORT_SELECT} WHERE ?1 IS NULL OR application_id = ?1 ORDER BY id DESC LIMIT ?2"
        ))?;
        let rows = stmt
            .query_map(params![app, limit], import_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}

/// Page cache for imports: 64 MiB (negative = KiB, SQLite's convention).
const BULK_CACHE_KIB: i64 = -65_536;

const IMPORT_SELECT: &str = "SELECT id, application_id, file_name, format, tool, target,
    started_at, finished_at, total_count, new_count, unchanged_count, reopened_count,
    resolved_count, suppressed_count, error FROM imports";

fn import_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ImportSummary> {
    let target: String = r.get(5)?;
    Ok(ImportSummary {
        id: r.get(0)?,
        application_id: r.get(1)?,
        file_name: r.get(2)?,
        format: r.get(3)?,
        tool: r.get(4)?,
        target: (!target.is_empty()).then_some(target),
        started_at: r.get(6)?,
        finished_at: r.get(7)?,
        counts: ImportCounts {
            total: r.get(8)?,
            new: r.get(9)?,
            unchanged: r.get(10)?,
            reopened: r.get(11)?,
            resolved: r.get(12)?,
            suppressed: r.get(13)?,
        },
        error: r.get(14)?,
    })
}

fn ensure_application(conn: &rusqlite::Connection, app: ApplicationId) -> Result<(), DataError> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM applications WHERE id = ?1)",
        [app],
        |r| r.get(0),
    )?;
    if exists {
        Ok(())
    } else {
        Err(DataError::ApplicationNotFound(app.0))
    }
}

fn record_in(
    tx: &Transaction<'_>,
    app: ApplicationId,
    scan: &ScanInput<'_>,
) -> Result<ImportSummary, DataError> {
    ensure_application(tx, app)?;
    let at = match scan.at {
        Some(at) => at.to_string(),
        None => crate::status::now_utc(tx)?,
    };
    let target = scan.target.map(str::trim).unwrap_or("");
    tx.execute(
        "INSERT INTO imports (application_id, file_name, format, tool, tool_version, target, started_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![app, scan.file_name, scan.format, scan.tool.name, scan.tool.version, target, at],
    )?;
    let import = from_rowid(tx.last_insert_rowid(), ImportId)?;
    let label = format!("{} (import #{import})", scan.file_name);

    let mut existing: HashMap<String, (FindingId, FindingStatus)> = HashMap::new();
    {
        let mut stmt = tx.prepare_cached(
            "SELECT fingerprint, id, status FROM findings WHERE application_id = ?1",
        )?;
        let mut rows = stmt.query([app])?;
        while let Some(r) = rows.next()? {
            let status: String = r.get(2)?;
            let status = FindingStatus::parse(&status)
                .ok_or_else(|| DataError::Corrupt(format!("unknown finding status {status}")))?;
            existing.insert(r.get(0)?, (r.get(1)?, status));
        }
    }

    let mut counts = ImportCounts::default();
    let mut tools: BTreeSet<String> = BTreeSet::new();
    tools.insert(scan.tool.name.clone());
    let mut seen: HashSet<&str> = HashSet::new();
    let (mut added, mut changed) = (Vec::new(), Vec::new());
    let mut first_seen: HashMap<(FindingStatus, Option<String>), Vec<FindingId>> = HashMap::new();
    for finding in scan.findings {
        if !seen.insert(finding.fingerprint.as_str()) {
            continue;
        }
        let cols = FindingColumns::new(finding, scan.tool)?;
        tools.insert(cols.tool.to_string());
        let verdict = file_verdict(&finding.suppression);
        let current = existing.get(&finding.fingerprint).copied();
        let (status, tally, event) =
            transition(current.map(|(_, s)| s), verdict.as_ref().map(|(s, _)| *s));
        let reason = verdict.as_ref().map(|(_, r)| r.as_str());
        let id = match current {
            None => {
                let id = from_rowid(
                    cols.insert(tx, app, target, &at, import, status, reason)?,
                    FindingId,
                )?;
                added.push(id);
                id
            }
            Some((id, old)) => {
                if cols.refresh(tx, id)? {
                    changed.push(id);
                }
                let reason = match (status == old, status) {
                    (true, _) => None,
                    (false, FindingStatus::Reopened) => Some(format!("reappeared in scan {label}")),
                    (false, _) => reason.map(str::to_string),
                };
                tx.prepare_cached(
                    "UPDATE findings SET last_seen = ?2, last_import_id = ?3, scan_target = ?4,
                         tool_version = ?5,
                         status = ?6,
                         status_reason = CASE WHEN ?7 THEN ?8 ELSE status_reason END,
                         status_changed_at = CASE WHEN ?7 THEN ?2 ELSE status_changed_at END
                     WHERE id = ?1",
                )?
                .execute(params![
                    id,
                    at,
                    import,
                    target,
                    cols.tool_version,
                    status.as_str(),
                    status != old,
                    reason,
                ])?;
                id
            }
        };
        match tally {
            Tally::New => counts.new += 1,
            Tally::Unchanged => counts.unchanged += 1,
            Tally::Reopened => counts.reopened += 1,
            Tally::Suppressed => counts.suppressed += 1,
        }
        match event {
            // Written in bulk below: one statement per (status, reason) instead of one per row.
            Some(TimelineKind::FirstSeen) => first_seen
                .entry((status, reason.map(str::to_string)))
                .or_default()
                .push(id),
            Some(kind) => {
                let message = match kind {
                    TimelineKind::Reappeared => format!("reappeared in scan {label}"),
                    _ => format!("{} in scan {label}", reason.unwrap_or("suppressed")),
                };
                let detail = TimelineDetail {
                    message,
                    from_status: current.map(|(_, s)| s),
                    to_status: Some(status),
                    reason: reason.map(str::to_string),
                    import_id: Some(import),
                    file_name: Some(scan.file_name.to_string()),
                };
                insert_event(tx, id, &at, kind, EventOrigin::Import, &detail)?;
            }
            None => {}
        }
    }
    for ((status, reason), ids) in first_seen {
        let detail = TimelineDetail {
            message: format!("first seen in scan {label}"),
            from_status: None,
            to_status: Some(status),
            reason,
            import_id: Some(import),
            file_name: Some(scan.file_name.to_string()),
        };
        insert_events(
            tx,
            &ids,
            &at,
            TimelineKind::FirstSeen,
            EventOrigin::Import,
            &detail,
        )?;
    }
    index_findings(tx, &added, &changed)?;
    counts.total = u32::try_from(seen.len()).unwrap_or(u32::MAX);
    counts.resolved =
        resolve_missing(tx, app, target, &tools, import, &at, scan.file_name, &label)?;

    tx.execute(
        "UPDATE imports SET finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
             new_count = ?2, unchanged_count = ?3, reopened_count = ?4, resolved_count = ?5,
             suppressed_count = ?6, total_count = ?7
         WHERE id = ?1",
        params![
            import,
            counts.new,
            counts.unchanged,
            counts.reopened,
            counts.resolved,
            counts.suppressed,
            counts.total
        ],
    )?;
    let summary = tx.query_row(
        &format!("{IMPORT_SELECT} WHERE id = ?1"),
        [import],
        import_row,
    )?;
    Ok(summary)
}

/// Resolves the active findings of `app` + `tools` + `target` that this import did not report.
#[allow(clippy::too_many_arguments)]
fn resolve_missing(
    tx: &Transaction<'_>,
    app: ApplicationId,
    target: &str,
    tools: &BTreeSet<String>,
    import: ImportId,
    at: &str,
    file_name: &str,
    label: &str,
) -> Result<u32, DataError> {
    let tools_json = serde_json::to_string(tools)
        .map_err(|e| DataError::Corrupt(format!("cannot encode tool names: {e}")))?;
    let missing: Vec<(FindingId, String)> = tx
        .prepare_cached(
            "SELECT id, status FROM findings
             WHERE application_id = ?1 AND scan_target = ?2
               AND tool IN (SELECT value FROM json_each(?3))
               AND status IN ('open', 'reopened')
               AND last_import_id IS NOT ?4",
        )?
        .query_map(params![app, target, tools_json, import], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<Result<_, _>>()?;
    let reason = format!("not seen in scan {label}");
    for (id, old) in &missing {
        tx.prepare_cached(
            "UPDATE findings SET status = 'resolved', status_reason = ?2, status_changed_at = ?3
             WHERE id = ?1",
        )?
        .execute(params![id, reason, at])?;
        let detail = TimelineDetail {
            message: reason.clone(),
            from_status: FindingStatus::parse(old),
            to_status: Some(FindingStatus::Resolved),
            reason: Some(reason.clone()),
            import_id: Some(import),
            file_name: Some(file_name.to_string()),
        };
        insert_event(
            tx,
            *id,
            at,
            TimelineKind::NotSeen,
            EventOrigin::Import,
            &detail,
        )?;
    }
    Ok(u32::try_from(missing.len()).unwrap_or(u32::MAX))
}
