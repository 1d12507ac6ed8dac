//! Routing rules: the rules table (create, edit, enable, delete), "why does this finding route
//! here", and the explicit backfill of findings older than a rule. Rules are the store's
//! `routing_rules` rows the sync engine reads, so what is saved here is what gets pushed.

use crate::commands::findings::with_store;
use crate::state::AppState;
use crate::AppError;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager};
use vulnbridge_mapping::{
    validate, FieldMapping, FieldMeta, FieldSource, JiraValue, MappingProblem,
};
use vulnbridge_model::{FindingKind, Severity};
use vulnbridge_store::{
    resolve_route, ApplicationId, DataError, FindingId, GroupId, RoutingRule, RuleNames, RuleScope,
    RuleVerdict, Store,
};
use vulnbridge_sync::{Clock, SystemClock};

/// A rule's scope as the UI names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum ScopeRef {
    Application(ApplicationId),
    Group(GroupId),
}

impl From<RuleScope> for ScopeRef {
    fn from(s: RuleScope) -> Self {
        match s {
            RuleScope::Application(a) => ScopeRef::Application(a),
            RuleScope::Group(g) => ScopeRef::Group(g),
        }
    }
}

impl From<ScopeRef> for RuleScope {
    fn from(s: ScopeRef) -> Self {
        match s {
            ScopeRef::Application(a) => RuleScope::Application(a),
            ScopeRef::Group(g) => RuleScope::Group(g),
        }
    }
}

/// A Jira user chosen as default assignee: accountId (Cloud) or username (Data Center).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserChoice {
    pub id: String,
    pub display_name: String,
}

/// One row of the rules table.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RuleView {
    pub id: u32,
    pub name: String,
    pub scope: ScopeRef,
    pub scope_name: String,
    pub connection_id: String,
    pub project_id: Option<String>,
    pub project_key: Option<String>,
    pub project_name: Option<String>,
    pub issue_type_id: String,
    pub issue_type_name: Option<String>,
    pub assignee: Option<UserChoice>,
    pub min_severity: Option<Severity>,
    pub trigger_kinds: Vec<FindingKind>,
    pub mapping: FieldMapping,
    /// `None`: disabled.
    pub enabled_since: Option<String>,
}

/// An application or group to route.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ScopeChoice {
    pub scope: ScopeRef,
    pub name: String,
    /// For applications: the group they belong to.
    pub group_name: Option<String>,
}

/// Everything the Routing page lists.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RoutingOverview {
    pub rules: Vec<RuleView>,
    pub scopes: Vec<ScopeChoice>,
}

/// A rule as the editor saves it. `id: null` creates one.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RuleInput {
    pub id: Option<u32>,
    pub name: String,
    pub scope: ScopeRef,
    pub connection_id: String,
    pub project_id: Option<String>,
    pub project_key: Option<String>,
    pub project_name: Option<String>,
    pub issue_type_id: String,
    pub issue_type_name: Option<String>,
    pub assignee: Option<UserChoice>,
    pub min_severity: Option<Severity>,
    pub trigger_kinds: Vec<FindingKind>,
    pub mapping: FieldMapping,
    pub enabled: bool,
}

/// The saved rule, or the mapping problems that block saving (shown next to their fields).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SaveRuleOutcome {
    pub rule: Option<RuleView>,
    pub problems: Vec<MappingProblem>,
}

/// One rule's verdict for a finding.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RouteCheckView {
    pub rule_id: u32,
    pub rule_name: String,
    pub verdict: RouteVerdictView,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum RouteVerdictView {
    Chosen,
    Shadowed,
    FilteredOut,
    OutOfScope,
}

/// Why a finding routes where it does.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RouteExplanation {
    pub chosen: Option<RuleView>,
    pub explanation: String,
    pub checks: Vec<RouteCheckView>,
}

/// What a backfill queued.
#[derive(Debug, Clone, Copy, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackfillReport {
    pub queued: u32,
    /// Queued but parked: the mapping cannot build these tickets (the outbox says why).
    pub parked: u32,
}

pub(crate) fn invalid(message: impl Into<String>) -> AppError {
    AppError::new("invalid_rule", message)
}

/// Runs store work off the async runtime; the work may fail with any [`AppError`].
pub(crate) async fn store_work<T: Send + 'static>(
    app: &AppHandle,
    work: impl FnOnce(&mut Store) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        state.with_store_mut(work)
    })
    .await
    .map_err(|e| AppError::new("internal_error", format!("a background task failed: {e}")))?
}

pub(crate) fn now_stamp() -> String {
    vulnbridge_sync::stamp(SystemClock.now())
}

pub(crate) fn rule_id(id: i64) -> u32 {
    u32::try_from(id).unwrap_or(u32::MAX)
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> DataError {
    DataError::Corrupt(format!("{what}: {e}"))
}

fn scope_name(store: &Store, scope: RuleScope) -> Result<String, DataError> {
    Ok(match scope {
        RuleScope::Application(a) => store
            .list_applications()?
            .into_iter()
            .find(|x| x.id == a)
            .map_or_else(|| format!("application #{a}"), |x| x.name),
        RuleScope::Group(g) => store
            .list_groups()?
            .into_iter()
            .find(|x| x.id == g)
            .map_or_else(|| format!("group #{g}"), |x| x.name),
    })
}

pub(crate) fn view_of(store: &Store, rule: &RoutingRule) -> Result<RuleView, DataError> {
    let mapping: FieldMapping =
        serde_json::from_str(&rule.mapping_json).map_err(|e| corrupt("rule mapping", e))?;
    let names = store.rule_names(rule.id)?;
    let assignee = match mapping.fields.get("assignee") {
        Some(FieldSource::Fixed(JiraValue::User { id })) => Some(UserChoice {
            id: id.clone(),
            display_name: names.assignee_name.clone().unwrap_or_else(|| id.clone()),
        }),
        _ => None,
    };
    Ok(RuleView {
        id: rule_id(rule.id),
        name: rule.name.clone(),
        scope: rule.scope.into(),
        scope_name: scope_name(store, rule.scope)?,
        connection_id: rule.connection_id.clone(),
        project_id: rule.project_id.clone(),
        project_key: rule.project_key.clone(),
        project_name: names.project_name,
        issue_type_id: rule.issue_type_id.clone(),
        issue_type_name: names.issue_type_name,
        assignee,
        min_severity: rule.min_severity,
        trigger_kinds: rule.trigger_kinds.clone(),
        mapping,
        enabled_since: rule.enabled_since.clone(),
    })
}

fn overview(store: &Store) -> Result<RoutingOverview, DataError> {
    let rules = store
        .routing_rules()?
        .iter()
        .map(|r| view_of(store, r))
        .collect::<Result<_, _>>()?;
    let mut scopes: Vec<ScopeChoice> = store
        .list_applications()?
        .into_iter()
        .map(|a| ScopeChoice {
            scope: ScopeRef::Application(a.id),
            name: a.name,
            group_name: a.group_name,
        })
        .collect();
    scopes.extend(store.list_groups()?.into_iter().map(|g| ScopeChoice {
        scope: ScopeRef::Group(g.id),
        name: g.name,
        group_name: None,
    }));
    Ok(RoutingOverview { rules, scopes })
}

/// The rules table plus the applications and groups a rule can cover.
#[tauri::command]
#[specta::specta]
pub async fn routing_overview(app: AppHandle) -> Result<RoutingOverview, AppError> {
    with_store(&app, |s| overview(s)).await
}

/// Checks the input and writes it; `Ok(problems)` when the mapping blocks saving.
pub(crate) fn save_rule(
    store: &Store,
    input: RuleInput,
    now: &str,
) -> Result<SaveRuleOutcome, AppError> {
    if input.name.trim().is_empty() {
        return Err(invalid("Give the rule a name, e.g. “Payments to SEC”."));
    }
    if input.trigger_kinds.is_empty() {
        return Err(invalid(
            "Pick at least one trigger kind (vulnerability or incident).",
        ));
    }
    let project = input
        .project_id
        .clone()
        .or_else(|| input.project_key.clone())
        .filter(|p| !p.trim().is_empty())
        .ok_or_else(|| invalid("Pick a Jira project."))?;
    let cached = store
        .cached_create_fields(&input.connection_id, &project, &input.issue_type_id)?
        .ok_or_else(|| {
            invalid("The issue type's fields have not been loaded yet; open “Map fields” first.")
        })?;
    let fields: Vec<FieldMeta> =
        serde_json::from_str(&cached.fields_json).map_err(|e| corrupt("cached fields", e))?;
    let mut mapping = input.mapping.clone();
    match &input.assignee {
        Some(user) => mapping.set(
            "assignee",
            FieldSource::Fixed(JiraValue::User {
                id: user.id.clone(),
            }),
        ),
        None => {
            if matches!(
                mapping.fields.get("assignee"),
                Some(FieldSource::Fixed(JiraValue::User { .. }))
            ) {
                mapping.fields.remove("assignee");
            }
        }
    }
    let problems = validate(&mapping, &fields);
    if !problems.is_empty() {
        return Ok(SaveRuleOutcome {
            rule: None,
            problems,
        });
    }
    let existing = match input.id {
        Some(id) => Some(
            store
                .routing_rule(i64::from(id))?
                .ok_or_else(|| invalid("This rule was deleted meanwhile; create it again."))?,
        ),
        None => None,
    };
    let enabled_since = match (
        input.enabled,
        existing.as_ref().and_then(|r| r.enabled_since.clone()),
    ) {
        (false, _) => None,
        (true, Some(since)) => Some(since),
        (true, None) => Some(now.to_owned()),
    };
    let mut rule = RoutingRule {
        id: existing.as_ref().map_or(0, |r| r.id),
        name: input.name.trim().to_owned(),
        connection_id: input.connection_id.clone(),
        project_id: input.project_id.clone(),
        project_key: input.project_key.clone(),
        issue_type_id: input.issue_type_id.clone(),
        scope: input.scope.into(),
        min_severity: input.min_severity,
        trigger_kinds: input.trigger_kinds.clone(),
        mapping_json: serde_json::to_string(&mapping).map_err(|e| corrupt("mapping", e))?,
        field_meta_json: cached.fields_json,
        enabled_since,
    };
    if existing.is_some() {
        store.update_routing_rule(&rule)?;
    } else {
        rule.id = store.add_routing_rule(&rule)?;
    }
    store.set_rule_names(
        rule.id,
        &RuleNames {
            project_name: input.project_name.clone(),
            issue_type_name: input.issue_type_name.clone(),
            assignee_name: input.assignee.as_ref().map(|u| u.display_name.clone()),
        },
    )?;
    Ok(SaveRuleOutcome {
        rule: Some(view_of(store, &rule)?),
        problems: Vec::new(),
    })
}

/// Creates or updates a rule. The mapping is validated against the issue type's cached
/// fields; problems come back instead of saving.
#[tauri::command]
#[specta::specta]
pub async fn save_routing_rule(
    app: AppHandle,
    rule: RuleInput,
) -> Result<SaveRuleOutcome, AppError> {
    store_work(&app, move |s| save_rule(s, rule, &now_stamp())).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_routing_rule(app: AppHandle, id: u32) -> Result<bool, AppError> {
    with_store(&app, move |s| s.delete_routing_rule(i64::from(id))).await
}

/// Enables a rule from now (only findings first seen from now on are ticketed automatically)
/// or disables it.
#[tauri::command]
#[specta::specta]
pub async fn set_routing_rule_enabled(
    app: AppHandle,
    id: u32,
    enabled: bool,
) -> Result<RuleView, AppError> {
    store_work(&app, move |s| {
        let rule = s
            .routing_rule(i64::from(id))?
            .ok_or_else(|| invalid("This rule no longer exists."))?;
        let since = match (enabled, rule.enabled_since.clone()) {
            (false, _) => None,
            (true, Some(since)) => Some(since),
            (true, None) => Some(now_stamp()),
        };
        s.set_rule_enabled_since(rule.id, since.as_deref())?;
        let rule = s
            .routing_rule(rule.id)?
            .ok_or_else(|| invalid("This rule no longer exists."))?;
        Ok(view_of(s, &rule)?)
    })
    .await
}

/// Which rule routes a finding, and why (the sync engine's own order and filters).
#[tauri::command]
#[specta::specta]
pub async fn explain_finding_route(
    app: AppHandle,
    finding_id: FindingId,
) -> Result<RouteExplanation, AppError> {
    store_work(&app, move |s| {
        let facts = s
            .route_facts(finding_id)?
            .ok_or_else(|| invalid("This finding no longer exists."))?;
        let rules = s.routing_rules()?;
        let decision = resolve_route(&rules, &facts);
        let chosen = match decision.chosen_rule_id {
            Some(id) => rules
                .iter()
                .find(|r| r.id == id)
                .map(|r| view_of(s, r))
                .transpose()?,
            None => None,
        };
        Ok(RouteExplanation {
            chosen,
            explanation: decision.explanation,
            checks: decision
                .checks
                .into_iter()
                .map(|c| RouteCheckView {
                    rule_id: rule_id(c.rule_id),
                    rule_name: c.rule_name,
                    verdict: match c.verdict {
                        RuleVerdict::Chosen => RouteVerdictView::Chosen,
                        RuleVerdict::Shadowed => RouteVerdictView::Shadowed,
                        RuleVerdict::FilteredOut => RouteVerdictView::FilteredOut,
                        RuleVerdict::OutOfScope => RouteVerdictView::OutOfScope,
                    },
                    reason: c.reason,
                })
                .collect(),
        })
    })
    .await
}

/// The Jira dialect of a saved connection, from its settings (no request).
pub(crate) fn connection_dialect(
    store: &Store,
    connection_id: &str,
) -> Result<vulnbridge_jira::Dialect, AppError> {
    let record = store.connection_by_id(connection_id)?.ok_or_else(|| {
        invalid("The rule's Jira connection was removed; pick another connection.")
    })?;
    let config: vulnbridge_jira::ConnectionConfig =
        serde_json::from_str(&record.config).map_err(|e| {
            AppError::new(
                "corrupt",
                format!("the saved connection cannot be read ({e})"),
            )
        })?;
    Ok(match config.kind {
        vulnbridge_jira::DeploymentKind::Cloud => vulnbridge_jira::Dialect::CloudV3,
        vulnbridge_jira::DeploymentKind::DataCenter => vulnbridge_jira::Dialect::DataCenterV2,
    })
}
