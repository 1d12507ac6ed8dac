//! The `routing_rules` table (what goes to which Jira project) and the query that finds the
//! findings a rule should ticket.
//!
//! A rule matches a finding when: the rule is enabled (`enabled_since` set), the finding was
//! first seen at or after `enabled_since` (older findings need an explicit backfill), it is
//! `open` or `reopened`, its kind is one of the rule's trigger kinds, its severity is at least
//! `min_severity`, its application is the rule's application or in the rule's group, and it has
//! no ticket and no queued create yet. The mapping and the createmeta fields are kept as JSON
//! (`vulnbridge_mapping::FieldMapping`, `Vec<vulnbridge_mapping::FieldMeta>`).

use rusqlite::{params, Row};
use serde::{Deserialize, Serialize};
use vulnbridge_model::{FindingKind, Severity};

use crate::finding_columns::{kind_str, parse_kind, parse_severity, severity_rank};
use crate::{ApplicationId, DataError, FindingId, GroupId, Store};

/// Which findings a rule covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleScope {
    Application(ApplicationId),
    Group(GroupId),
}

/// A rule as saved by the routing UI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoutingRule {
    pub id: i64,
    pub name: String,
    pub connection_id: String,
    pub project_id: Option<String>,
    pub project_key: Option<String>,
    pub issue_type_id: String,
    pub scope: RuleScope,
    /// `None`: every severity, unknown included.
    pub min_severity: Option<Severity>,
    pub trigger_kinds: Vec<FindingKind>,
    /// `vulnbridge_mapping::FieldMapping` as JSON.
    pub mapping_json: String,
    /// `Vec<vulnbridge_mapping::FieldMeta>` (the issue type's createmeta) as JSON.
    pub field_meta_json: String,
    /// `None`: disabled. UTC ISO-8601.
    pub enabled_since: Option<String>,
}

/// A finding a rule should ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct PushCandidate {
    pub finding_id: FindingId,
    pub fingerprint: String,
    /// `vulnbridge_model::Finding` as JSON.
    pub finding_json: String,
    pub application: String,
    pub first_seen: String,
}

pub(crate) const COLUMNS: &str =
    "id, name, connection_id, project_id, project_key, issue_type_id, \
     application_id, group_id, min_severity, trigger_kinds, mapping, field_meta, enabled_since";

pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<RoutingRule, String>> {
    let app: Option<ApplicationId> = r.get(6)?;
    let group: Option<GroupId> = r.get(7)?;
    let scope = match (app, group) {
        (Some(a), None) => RuleScope::Application(a),
        (None, Some(g)) => RuleScope::Group(g),
        _ => return Ok(Err("rule scope must be one application or one group".into())),
    };
    let min: Option<String> = r.get(8)?;
    let min_severity = match min {
        None => None,
        Some(s) => match parse_severity(&s) {
            Some(level) => Some(level),
            None => return Ok(Err(format!("unknown severity {s}"))),
        },
    };
    let kinds: String = r.get(9)?;
    let names: Vec<String> = match serde_json::from_str(&kinds) {
        Ok(k) => k,
        Err(e) => return Ok(Err(format!("trigger kinds: {e}"))),
    };
    let Some(trigger_kinds) = names.iter().map(|k| parse_kind(k)).collect() else {
        return Ok(Err(format!("unknown trigger kind in {kinds}")));
    };
    Ok(Ok(RoutingRule {
        id: r.get(0)?,
        name: r.get(1)?,
        connection_id: r.get(2)?,
        project_id: r.get(3)?,
        project_key: r.get(4)?,
        issue_type_id: r.get(5)?,
        scope,
        min_severity,
        trigger_kinds,
        mapping_json: r.get(10)?,
        field_meta_json: r.get(11)?,
        enabled_since: r.get(12)?,
    }))
}

impl Store {
    /// Saves a new rule (its `id` is ignored) and returns its id.
    pub fn add_routing_rule(&self, rule: &RoutingRule) -> Result<i64, DataError> {
        let (app, group) = match rule.scope {
            RuleScope::Application(a) => (Some(a), None),
            RuleScope::Group(g) => (None, Some(g)),
        };
        let kinds: Vec<&str> = rule.trigger_kinds.iter().map(|k| kind_str(*k)).collect();
        let kinds = serde_json::to_string(&kinds)
            .map_err(|e| DataError::Corrupt(format!("trigger kinds: {e}")))?;
        self.conn.execute(
            "INSERT INTO routing_rules (name, connection_id, project_id, project_key,
                 issue_type_id, application_id, group_id, min_severity, trigger_kinds, mapping,
                 field_meta, enabled_since)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                rule.name,
                rule.connection_id,
                rule.project_id,
                rule.project_key,
                rule.issue_type_id,
                app,
                group,
                rule.min_severity.map(|s| s.as_str()),
                kinds,
                rule.mapping_json,
                rule.field_meta_json,
                rule.enabled_since,
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Enables a rule from `since` (UTC ISO-8601), or disables it with `None`.
    pub fn set_rule_enabled_since(&self, id: i64, since: Option<&str>) -> Result<(), DataError> {
        self.conn.execute(
            "UPDATE routing_rules SET enabled_since = ?2 WHERE id = ?1",
            params![id, since],
        )?;
        Ok(())
    }

    /// Enabled rules, application-scoped ones first (the most specific scope wins), then by id.
    pub fn enabled_routing_rules(&self) -> Result<Vec<RoutingRule>, DataError> {
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM routing_rules WHERE enabled_since IS NOT NULL
                 ORDER BY application_id IS NULL, id"
            ))?
            .query_map([], from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|r| r.map_err(DataError::Corrupt))
            .collect()
    }

    /// The push view of one finding (for rebuilding a queued payload), whatever its status.
    pub fn push_candidate(&self, id: FindingId) -> Result<Option<PushCandidate>, DataError> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row(
                "SELECT f.id, f.fingerprint, d.finding_json, a.name, f.first_seen
                 FROM findings f JOIN applications a ON a.id = f.application_id
                     JOIN finding_details d ON d.finding_id = f.id
                 WHERE f.id = ?1",
                [id],
                |r| {
                    Ok(PushCandidate {
                        finding_id: r.get(0)?,
                        fingerprint: r.get(1)?,
                        finding_json: r.get(2)?,
                        application: r.get(3)?,
                        first_seen: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    /// Up to `limit` findings `rule` should ticket that have neither a ticket nor a queued
    /// create (see the module documentation), oldest first.
    pub fn push_candidates(
        &self,
        rule: &RoutingRule,
        limit: usize,
    ) -> Result<Vec<PushCandidate>, DataError> {
        let Some(since) = &rule.enabled_since else {
            return Ok(Vec::new());
        };
        let (app, group) = match rule.scope {
            RuleScope::Application(a) => (Some(a), None),
            RuleScope::Group(g) => (None, Some(g)),
        };
        let kinds: Vec<&str> = rule.trigger_kinds.iter().map(|k| kind_str(*k)).collect();
        let kinds = serde_json::to_string(&kinds)
            .map_err(|e| DataError::Corrupt(format!("trigger kinds: {e}")))?;
        let min_rank = rule.min_severity.map_or(0, |s| severity_rank(Some(s)));
        let rows = self
            .conn
            .prepare_cached(
                "SELECT f.id, f.fingerprint, d.finding_json, a.name, f.first_seen
                 FROM findings f JOIN applications a ON a.id = f.application_id
                     JOIN finding_details d ON d.finding_id = f.id
                 WHERE f.status IN ('open', 'reopened') AND f.first_seen >= ?1
                     AND f.severity_rank >= ?2
                     AND f.kind IN (SELECT value FROM json_each(?3))
                     AND (a.id = ?4 OR a.group_id = ?5)
                     AND NOT EXISTS (SELECT 1 FROM ticket_links l WHERE l.finding_id = f.id)
                     AND NOT EXISTS (SELECT 1 FROM outbox o
                                     WHERE o.finding_id = f.id AND o.kind = 'create')
                 ORDER BY f.id LIMIT ?6",
            )?
            .query_map(
                params![since, min_rank, kinds, app, group, limit as i64],
                |r| {
                    Ok(PushCandidate {
                        finding_id: r.get(0)?,
                        fingerprint: r.get(1)?,
                        finding_json: r.get(2)?,
                        application: r.get(3)?,
                        first_seen: r.get(4)?,
                    })
                },
            )?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}
