//! Maintaining the full-text index `findings_fts` (contentless FTS5, rowid = finding id).
//!
//! Imports write it in bulk, one statement per import: FTS5 flushes its pending data at every
//! statement savepoint, so per-row triggers made large imports several times slower. Deleting
//! a finding removes its entry through a trigger.

use rusqlite::Connection;

use crate::{DataError, FindingId, Store};

const INDEX_ROWS: &str = "INSERT INTO findings_fts
        (rowid, title, description, rule_id, cve_text, location_display, tool)
    SELECT f.id, f.title, json_extract(d.finding_json, '$.description'), f.rule_id, d.cve_text, f.location_display, f.tool
    FROM findings f JOIN finding_details d ON d.finding_id = f.id";

fn ids_json(ids: &[FindingId]) -> Result<String, DataError> {
    serde_json::to_string(ids).map_err(|e| DataError::Corrupt(format!("cannot encode ids: {e}")))
}

/// Indexes `added` (not indexed yet) and re-indexes `changed` (indexed with older content).
pub(crate) fn index_findings(
    conn: &Connection,
    added: &[FindingId],
    changed: &[FindingId],
) -> Result<(), DataError> {
    if !changed.is_empty() {
        conn.execute(
            "DELETE FROM findings_fts WHERE rowid IN (SELECT value FROM json_each(?1))",
            [ids_json(changed)?],
        )?;
    }
    let all: Vec<FindingId> = added.iter().chain(changed).copied().collect();
    if !all.is_empty() {
        conn.execute(
            &format!("{INDEX_ROWS} WHERE f.id IN (SELECT value FROM json_each(?1))"),
            [ids_json(&all)?],
        )?;
    }
    Ok(())
}

impl Store {
    /// Rebuilds the full-text index from the stored findings (a repair tool; imports keep it
    /// up to date).
    pub fn rebuild_search_index(&mut self) -> Result<(), DataError> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM findings_fts", [])?;
        tx.execute(INDEX_ROWS, [])?;
        tx.commit()?;
        Ok(())
    }
}
