//! Which routing rule tickets a finding, and why — the same decision the sync engine makes.
//!
//! The engine walks the enabled rules application-scoped first, then by id
//! ([`Store::enabled_routing_rules`](crate::Store::enabled_routing_rules)), and queues one create
//! per finding with the first rule whose query ([`Store::push_candidates`](crate::Store::push_candidates))
//! matches it. So an application's own rule wins over its group's, and a group's rule covers
//! every application in the group at the time of the pass (applications added later included).
//! [`resolve_route`] replays that walk for one finding and says for every rule why it did or
//! did not apply, in plain words.

use serde::Serialize;
use vulnbridge_model::{FindingKind, Severity};

use crate::finding_columns::{kind_str, severity_rank};
use crate::{ApplicationId, FindingStatus, GroupId, RoutingRule, RuleScope};

/// What resolution needs to know about a finding.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteFacts {
    pub application_id: ApplicationId,
    pub application_name: String,
    pub group_id: Option<GroupId>,
    pub group_name: Option<String>,
    pub kind: FindingKind,
    pub severity: Option<Severity>,
    /// UTC ISO-8601.
    pub first_seen: String,
    pub status: FindingStatus,
    pub has_ticket: bool,
    pub create_queued: bool,
}

/// How one rule relates to the finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RuleVerdict {
    /// This rule routes the finding.
    Chosen,
    /// It would match, but a rule earlier in the order (more specific) already routes it.
    Shadowed,
    /// It covers the finding's application but one of its filters leaves the finding out.
    FilteredOut,
    /// It covers other applications or groups.
    OutOfScope,
}

/// One rule's verdict, with the reason in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RuleCheck {
    pub rule_id: i64,
    pub rule_name: String,
    pub verdict: RuleVerdict,
    pub reason: String,
}

/// The resolution for one finding: the chosen rule (if any), a one-paragraph explanation and
/// every rule in the order the engine tries them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RouteDecision {
    pub chosen_rule_id: Option<i64>,
    pub explanation: String,
    pub checks: Vec<RuleCheck>,
}

fn covers(rule: &RoutingRule, facts: &RouteFacts) -> Option<String> {
    match rule.scope {
        RuleScope::Application(a) if a == facts.application_id => {
            Some(format!("application “{}”", facts.application_name))
        }
        RuleScope::Group(g) if Some(g) == facts.group_id => Some(format!(
            "group “{}”, which “{}” belongs to",
            facts.group_name.as_deref().unwrap_or("?"),
            facts.application_name
        )),
        _ => None,
    }
}

/// Why `rule` (which covers the finding's application) leaves the finding out, if it does.
fn filter_reason(rule: &RoutingRule, facts: &RouteFacts) -> Option<String> {
    let Some(since) = &rule.enabled_since else {
        return Some("the rule is disabled".into());
    };
    if !rule.trigger_kinds.contains(&facts.kind) {
        let kinds: Vec<&str> = rule.trigger_kinds.iter().map(|k| kind_str(*k)).collect();
        return Some(format!(
            "it triggers on {} findings, and this one is {} {}",
            if kinds.is_empty() {
                "no".to_string()
            } else {
                kinds.join(" and ")
            },
            if facts.kind == FindingKind::Incident {
                "an"
            } else {
                "a"
            },
            kind_str(facts.kind)
        ));
    }
    if let Some(min) = rule.min_severity {
        if severity_rank(facts.severity) < severity_rank(Some(min)) {
            return Some(format!(
                "it only tickets {} severity and above, and this finding is {}",
                min.as_str(),
                facts.severity.map_or("of unknown severity", |s| s.as_str())
            ));
        }
    }
    if facts.first_seen.as_str() < since.as_str() {
        return Some(format!(
            "the finding was first seen ({}) before the rule was enabled ({}); only a backfill \
             tickets it",
            facts.first_seen, since
        ));
    }
    None
}

/// Replays the engine's choice for one finding over `rules` (any order; disabled ones included
/// for the explanation).
pub fn resolve_route(rules: &[RoutingRule], facts: &RouteFacts) -> RouteDecision {
    let mut ordered: Vec<&RoutingRule> = rules.iter().collect();
    ordered.sort_by_key(|r| (matches!(r.scope, RuleScope::Group(_)), r.id));
    let mut chosen: Option<(&RoutingRule, String)> = None;
    let mut checks = Vec::with_capacity(ordered.len());
    for rule in ordered {
        let (verdict, reason) = match covers(rule, facts) {
            None => (
                RuleVerdict::OutOfScope,
                "it covers other applications".to_string(),
            ),
            Some(scope) => match filter_reason(rule, facts) {
                Some(why) => (
                    RuleVerdict::FilteredOut,
                    format!("covers {scope}, but {why}"),
                ),
                None => match &chosen {
                    Some((winner, _)) => (
                        RuleVerdict::Shadowed,
                        format!(
                            "covers {scope} and matches, but rule “{}” comes first (an \
                             application's own rule wins over its group's)",
                            winner.name
                        ),
                    ),
                    None => {
                        chosen = Some((rule, scope.clone()));
                        (RuleVerdict::Chosen, format!("covers {scope} and matches"))
                    }
                },
            },
        };
        checks.push(RuleCheck {
            rule_id: rule.id,
            rule_name: rule.name.clone(),
            verdict,
            reason,
        });
    }
    let explanation = explain(chosen.as_ref().map(|(r, s)| (*r, s.as_str())), facts, rules);
    RouteDecision {
        chosen_rule_id: chosen.map(|(r, _)| r.id),
        explanation,
        checks,
    }
}

fn explain(
    chosen: Option<(&RoutingRule, &str)>,
    facts: &RouteFacts,
    rules: &[RoutingRule],
) -> String {
    let state = if facts.has_ticket {
        " It already has a ticket, so nothing new is created."
    } else if facts.create_queued {
        " Its ticket is queued."
    } else if !matches!(facts.status, FindingStatus::Open | FindingStatus::Reopened) {
        " It is not open, so no ticket is created while it stays that way."
    } else {
        ""
    };
    match chosen {
        Some((rule, scope)) => {
            let target = rule
                .project_key
                .as_deref()
                .or(rule.project_id.as_deref())
                .unwrap_or("?");
            format!(
                "Routed by rule “{}” to Jira project {target}: the rule covers {scope}, \
                 triggers on {} findings{}, and was enabled before the finding was first seen.{state}",
                rule.name,
                kind_str(facts.kind),
                rule.min_severity
                    .map(|s| format!(" of {} severity and above", s.as_str()))
                    .unwrap_or_default(),
            )
        }
        None if facts.has_ticket => "No rule routes this finding now, but it already has a ticket \
             (from a backfill, an earlier rule, or found by its label); rules only decide where new \
             tickets go."
            .into(),
        None if facts.create_queued => "No rule routes this finding now, but its ticket is queued \
             (by a backfill or an earlier rule) and is sent on the next sync."
            .into(),
        None if rules.is_empty() => {
            "No routing rule exists yet, so no ticket is created. Add one on the Routing page."
                .into()
        }
        None => format!(
            "No rule routes this finding, so no ticket is created automatically.{state} See \
             below why each rule does not apply."
        ),
    }
}
