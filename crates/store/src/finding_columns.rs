//! How a model `Finding` maps onto the `findings` columns, and back for the few enums.

use rusqlite::{params, Connection};
use vulnbridge_model::{Confidence, Finding, FindingKind, Severity};

use crate::DataError;

/// Stored name of a finding kind.
pub(crate) fn kind_str(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::Vulnerability => "vulnerability",
        FindingKind::Incident => "incident",
    }
}

pub(crate) fn parse_kind(raw: &str) -> Option<FindingKind> {
    match raw {
        "vulnerability" => Some(FindingKind::Vulnerability),
        "incident" => Some(FindingKind::Incident),
        _ => None,
    }
}

fn confidence_str(c: Confidence) -> &'static str {
    match c {
        Confidence::Low => "low",
        Confidence::Medium => "medium",
        Confidence::High => "high",
        Confidence::Confirmed => "confirmed",
    }
}

/// 0 unknown, 1 info … 5 critical.
pub(crate) fn severity_rank(s: Option<Severity>) -> i64 {
    match s {
        None => 0,
        Some(Severity::Info) => 1,
        Some(Severity::Low) => 2,
        Some(Severity::Medium) => 3,
        Some(Severity::High) => 4,
        Some(Severity::Critical) => 5,
    }
}

pub(crate) fn parse_severity(raw: &str) -> Option<Severity> {
    match raw {
        "info" => Some(Severity::Info),
        "low" => Some(Severity::Low),
        "medium" => Some(Severity::Medium),
        "high" => Some(Severity::High),
        "critical" => Some(Severity::Critical),
        _ => None,
    }
}

fn json<T: serde::Serialize + ?Sized>(value: &T, what: &str) -> Result<String, DataError> {
    serde_json::to_string(value)
        .map_err(|e| DataError::Corrupt(format!("cannot encode {what}: {e}")))
}

/// The content columns of one finding (everything an import may refresh).
pub(crate) struct FindingColumns<'a> {
    pub finding: &'a Finding,
    pub tool: &'a str,
    pub tool_version: Option<&'a str>,
    cves: String,
    cve_text: String,
    location_display: String,
    pub finding_json: String,
}

impl<'a> FindingColumns<'a> {
    /// `scan_tool` names the tool when the finding itself does not.
    pub fn new(
        finding: &'a Finding,
        scan_tool: &'a vulnbridge_model::Tool,
    ) -> Result<Self, DataError> {
        let own = !finding.tool.name.trim().is_empty();
        let tool = if own { &finding.tool } else { scan_tool };
        let mut ids: Vec<&str> = Vec::new();
        ids.extend(finding.cves.iter().map(String::as_str));
        ids.extend(finding.aliases.iter().map(String::as_str));
        ids.extend(finding.cwes.iter().map(String::as_str));
        Ok(FindingColumns {
            finding,
            tool: tool.name.as_str(),
            tool_version: tool.version.as_deref(),
            cves: json(&finding.cves, "CVE ids")?,
            cve_text: ids.join(" "),
            location_display: finding.location.display(),
            finding_json: json(finding, "finding")?,
        })
    }

    /// Inserts a new finding (row and details); returns its rowid.
    #[allow(clippy::too_many_arguments)]
    pub fn insert(
        &self,
        conn: &Connection,
        app: crate::ApplicationId,
        scan_target: &str,
        at: &str,
        import: crate::ImportId,
        status: crate::FindingStatus,
        reason: Option<&str>,
    ) -> Result<i64, DataError> {
        let f = self.finding;
        conn.prepare_cached(
            "INSERT INTO findings (application_id, fingerprint, kind, title, raw_severity, severity,
                 severity_rank, score, cvss_vector, confidence, cves, rule_id, tool, tool_version,
                 scan_target, location_display, first_seen, last_seen, first_import_id,
                 last_import_id, status, status_reason, status_changed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?17, ?18, ?18, ?19, ?20, ?17)",
        )?
        .execute(params![
            app,
            f.fingerprint,
            kind_str(f.kind),
            f.title,
            f.raw_severity,
            f.severity.map(Severity::as_str),
            severity_rank(f.severity),
            f.score.filter(|s| s.is_finite()),
            f.cvss_vector,
            f.confidence.map(confidence_str),
            self.cves,
            f.rule_id,
            self.tool,
            self.tool_version,
            scan_target,
            self.location_display,
            at,
            import,
            status.as_str(),
            reason,
        ])?;
        let id = conn.last_insert_rowid();
        conn.prepare_cached(
            "INSERT INTO finding_details (finding_id, cve_text, finding_json) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![id, self.cve_text, self.finding_json])?;
        Ok(id)
    }

    /// Refreshes the stored content when the finding changed since it was stored (rows and
    /// the full-text index are only written then).
    /// Returns `true` when something changed (the caller then re-indexes it for search).
    pub fn refresh(&self, conn: &Connection, id: crate::FindingId) -> Result<bool, DataError> {
        let f = self.finding;
        let changed = conn
            .prepare_cached(
                "UPDATE finding_details SET cve_text = ?2, finding_json = ?3
                 WHERE finding_id = ?1 AND finding_json IS NOT ?3",
            )?
            .execute(params![id, self.cve_text, self.finding_json])?;
        if changed == 0 {
            return Ok(false);
        }
        conn.prepare_cached(
            "UPDATE findings SET kind = ?2, title = ?3, raw_severity = ?4, severity = ?5,
                 severity_rank = ?6, score = ?7, cvss_vector = ?8, confidence = ?9, cves = ?10,
                 rule_id = ?11, tool = ?12, location_display = ?13
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            kind_str(f.kind),
            f.title,
            f.raw_severity,
            f.severity.map(Severity::as_str),
            severity_rank(f.severity),
            f.score.filter(|s| s.is_finite()),
            f.cvss_vector,
            f.confidence.map(confidence_str),
            self.cves,
            f.rule_id,
            self.tool,
            self.location_display,
        ])?;
        Ok(true)
    }
}
