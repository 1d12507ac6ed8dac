//! What the routing screens read and write besides the sync engine's queries: every rule
//! (enabled or not), edits and deletion, the names shown next to a rule's Jira ids, the
//! createmeta cache, backfill counts and the facts rule resolution needs about one finding.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::finding_columns::{kind_str, parse_kind, parse_severity, severity_rank};
use crate::routing_resolution::RouteFacts;
use crate::routing_rules::{from_row, COLUMNS};
use crate::{ApplicationId, DataError, FindingId, GroupId, PushCandidate, RoutingRule, RuleScope};
use crate::{FindingStatus, Store};

/// Names shown next to a rule's ids, kept so the rules table reads without a Jira request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RuleNames {
    pub project_name: Option<String>,
    pub issue_type_name: Option<String>,
    pub assignee_name: Option<String>,
}

/// Create metadata cached for one (connection, project, issue type).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedCreateFields {
    /// `Vec<vulnbridge_mapping::FieldMeta>` as JSON.
    pub fields_json: String,
    /// UTC ISO-8601.
    pub fetched_at: String,
}

fn scope_columns(scope: RuleScope) -> (Option<ApplicationId>, Option<GroupId>) {
    match scope {
        RuleScope::Application(a) => (Some(a), None),
        RuleScope::Group(g) => (None, Some(g)),
    }
}

fn kinds_json(rule: &RoutingRule) -> Result<String, DataError> {
    let kinds: Vec<&str> = rule.trigger_kinds.iter().map(|k| kind_str(*k)).collect();
    serde_json::to_string(&kinds).map_err(|e| DataError::Corrupt(format!("trigger kinds: {e}")))
}

impl Store {
    /// Every rule, enabled or not, oldest first.
    pub fn routing_rules(&self) -> Result<Vec<RoutingRule>, DataError> {
        let rows = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM routing_rules ORDER BY id"))?
            .query_map([], from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|r| r.map_err(DataError::Corrupt))
            .collect()
    }

    /// One rule, or `None` when it does not exist.
    pub fn routing_rule(&self, id: i64) -> Result<Option<RoutingRule>, DataError> {
        let row = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM routing_rules WHERE id = ?1"
            ))?
            .query_row([id], from_row)
            .optional()?;
        row.map(|r| r.map_err(DataError::Corrupt)).transpose()
    }

    /// Replaces everything of rule `rule.id` except its creation time. Returns false when the
    /// rule does not exist.
    pub fn update_routing_rule(&self, rule: &RoutingRule) -> Result<bool, DataError> {
        let (app, group) = scope_columns(rule.scope);
        let changed = self.conn.execute(
            "UPDATE routing_rules SET name = ?2, connection_id = ?3, project_id = ?4,
                 project_key = ?5, issue_type_id = ?6, application_id = ?7, group_id = ?8,
                 min_severity = ?9, trigger_kinds = ?10, mapping = ?11, field_meta = ?12,
                 enabled_since = ?13
             WHERE id = ?1",
            params![
                rule.id,
                rule.name,
                rule.connection_id,
                rule.project_id,
                rule.project_key,
                rule.issue_type_id,
                app,
                group,
                rule.min_severity.map(|s| s.as_str()),
                kinds_json(rule)?,
                rule.mapping_json,
                rule.field_meta_json,
                rule.enabled_since,
            ],
        )?;
        Ok(changed > 0)
    }

    /// Deletes a rule (queued work keeps running; its `rule_id` becomes NULL). Returns false
    /// when it did not exist.
    pub fn delete_routing_rule(&self, id: i64) -> Result<bool, DataError> {
        Ok(self
            .conn
            .execute("DELETE FROM routing_rules WHERE id = ?1", [id])?
            > 0)
    }

    pub fn rule_names(&self, id: i64) -> Result<RuleNames, DataError> {
        let names = self
            .conn
            .query_row(
                "SELECT project_name, issue_type_name, assignee_name FROM routing_rules
                 WHERE id = ?1",
                [id],
                |r| {
                    Ok(RuleNames {
                        project_name: r.get(0)?,
                        issue_type_name: r.get(1)?,
                        assignee_name: r.get(2)?,
                    })
                },
            )
            .optional()?;
        Ok(names.unwrap_or_default())
    }

    pub fn set_rule_names(&self, id: i64, names: &RuleNames) -> Result<(), DataError> {
        self.conn.execute(
            "UPDATE routing_rules SET project_name = ?2, issue_type_name = ?3, assignee_name = ?4
             WHERE id = ?1",
            params![
                id,
                names.project_name,
                names.issue_type_name,
                names.assignee_name
            ],
        )?;
        Ok(())
    }

    /// The cached create fields of (connection, project, issue type), if fetched before.
    pub fn cached_create_fields(
        &self,
        connection_id: &str,
        project: &str,
        issue_type_id: &str,
    ) -> Result<Option<CachedCreateFields>, DataError> {
        Ok(self
            .conn
            .query_row(
                "SELECT fields, fetched_at FROM createmeta_cache
                 WHERE connection_id = ?1 AND project = ?2 AND issue_type_id = ?3",
                params![connection_id, project, issue_type_id],
                |r| {
                    Ok(CachedCreateFields {
                        fields_json: r.get(0)?,
                        fetched_at: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// Stores (or replaces) the create fields of (connection, project, issue type), stamped now.
    pub fn cache_create_fields(
        &self,
        connection_id: &str,
        project: &str,
        issue_type_id: &str,
        fields_json: &str,
    ) -> Result<CachedCreateFields, DataError> {
        self.conn.execute(
            "INSERT INTO createmeta_cache (connection_id, project, issue_type_id, fields)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (connection_id, project, issue_type_id) DO UPDATE SET
                 fields = excluded.fields,
                 fetched_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
            params![connection_id, project, issue_type_id, fields_json],
        )?;
        self.cached_create_fields(connection_id, project, issue_type_id)?
            .ok_or_else(|| {
                DataError::Corrupt("the createmeta cache lost a row just written".into())
            })
    }

    /// Findings `rule` matches except that they were first seen before it was enabled (the
    /// backlog an explicit backfill would ticket), without a ticket or a queued create.
    /// A disabled rule has no backlog. Oldest first, at most `limit`.
    pub fn backfill_candidates(
        &self,
        rule: &RoutingRule,
        limit: usize,
    ) -> Result<Vec<PushCandidate>, DataError> {
        let Some(since) = &rule.enabled_since else {
            return Ok(Vec::new());
        };
        let (app, group) = scope_columns(rule.scope);
        let min_rank = rule.min_severity.map_or(0, |s| severity_rank(Some(s)));
        let rows = self
            .conn
            .prepare_cached(
                "SELECT f.id, f.fingerprint, d.finding_json, a.name, f.first_seen
                 FROM findings f JOIN applications a ON a.id = f.application_id
                     JOIN finding_details d ON d.finding_id = f.id
                 WHERE f.status IN ('open', 'reopened') AND f.first_seen < ?1
                     AND f.severity_rank >= ?2
                     AND f.kind IN (SELECT value FROM json_each(?3))
                     AND (a.id = ?4 OR a.group_id = ?5)
                     AND NOT EXISTS (SELECT 1 FROM ticket_links l WHERE l.finding_id = f.id)
                     AND NOT EXISTS (SELECT 1 FROM outbox o
                                     WHERE o.finding_id = f.id AND o.kind = 'create')
                 ORDER BY f.id LIMIT ?6",
            )?
            .query_map(
                params![
                    since,
                    min_rank,
                    kinds_json(rule)?,
                    app,
                    group,
                    i64::try_from(limit).unwrap_or(i64::MAX)
                ],
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

    /// What rule resolution needs to know about one finding, or `None` when it does not exist.
    pub fn route_facts(&self, id: FindingId) -> Result<Option<RouteFacts>, DataError> {
        let row = self
            .conn
            .query_row(
                "SELECT f.application_id, a.name, a.group_id, g.name, f.kind, f.severity,
                     f.first_seen, f.status,
                     EXISTS (SELECT 1 FROM ticket_links l WHERE l.finding_id = f.id),
                     EXISTS (SELECT 1 FROM outbox o WHERE o.finding_id = f.id AND o.kind = 'create')
                 FROM findings f JOIN applications a ON a.id = f.application_id
                     LEFT JOIN resource_groups g ON g.id = a.group_id
                 WHERE f.id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, ApplicationId>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<GroupId>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, String>(7)?,
                        r.get::<_, bool>(8)?,
                        r.get::<_, bool>(9)?,
                    ))
                },
            )
            .optional()?;
        let Some((app, app_name, group, group_name, kind, severity, first_seen, status, t, q)) =
            row
        else {
            return Ok(None);
        };
        let kind = parse_kind(&kind)
            .ok_or_else(|| DataError::Corrupt(format!("finding {id} has unknown kind {kind}")))?;
        let severity = match severity {
            None => None,
            Some(s) => Some(parse_severity(&s).ok_or_else(|| {
                DataError::Corrupt(format!("finding {id} has unknown severity {s}"))
            })?),
        };
        let status = FindingStatus::parse(&status).ok_or_else(|| {
            DataError::Corrupt(format!("finding {id} has unknown status {status}"))
        })?;
        Ok(Some(RouteFacts {
            application_id: app,
            application_name: app_name,
            group_id: group,
            group_name,
            kind,
            severity,
            first_seen,
            status,
            has_ticket: t,
            create_queued: q,
        }))
    }
}
