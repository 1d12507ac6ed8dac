//! Reading a routing export (see `routing_file`) back: every rule is checked against this
//! machine's connections and its mapping against its fields before anything is written; then
//! all rules are written in one transaction. A rule with the same name and scope is updated.
//! Imported enabled rules count from `now` (an import never tickets the backlog); an updated
//! rule that was enabled keeps its date.

use serde::Serialize;
use vulnbridge_store::{RoutingRule, RuleNames, RuleScope, Store};

use crate::routing_file::{
    site_key, site_url_of, RoutingDocument, RuleDoc, ScopeDoc, TransferError, ROUTING_FORMAT,
    ROUTING_VERSION,
};
use crate::{validate, FieldSource, JiraValue};

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoutingImport {
    pub created: u32,
    pub updated: u32,
    /// Applications or groups that did not exist and were created.
    pub created_scopes: Vec<String>,
}

fn bad(message: String) -> TransferError {
    TransferError::Invalid(message)
}

/// Parses `text`, checks it completely, then writes its rules in one transaction.
pub fn import_routing(
    store: &Store,
    text: &str,
    now: &str,
) -> Result<RoutingImport, TransferError> {
    let doc = parse(text)?;
    let planned = plan(store, &doc)?;
    let tx = store
        .connection()
        .unchecked_transaction()
        .map_err(|e| TransferError::Data(e.into()))?;
    let report = write(store, planned, now)?;
    tx.commit().map_err(|e| TransferError::Data(e.into()))?;
    Ok(report)
}

fn parse(text: &str) -> Result<RoutingDocument, TransferError> {
    let doc: RoutingDocument = serde_json::from_str(text).map_err(|e| {
        bad(format!(
            "The file is not a Vulnbridge routing export ({e})."
        ))
    })?;
    if doc.format != ROUTING_FORMAT {
        return Err(bad(format!(
            "The file's format is “{}”, expected “{ROUTING_FORMAT}”.",
            doc.format
        )));
    }
    if doc.version != ROUTING_VERSION {
        return Err(bad(format!(
            "The file is version {} of the routing format; this Vulnbridge reads version {ROUTING_VERSION}.",
            doc.version
        )));
    }
    Ok(doc)
}

struct Planned<'a> {
    rule: &'a RuleDoc,
    connection_id: String,
    issue_type_id: String,
    mapping: crate::FieldMapping,
}

fn plan<'a>(store: &Store, doc: &'a RoutingDocument) -> Result<Vec<Planned<'a>>, TransferError> {
    let connections = store.connections()?;
    let mut planned = Vec::new();
    for (n, r) in doc.rules.iter().enumerate() {
        let at = format!("Rule {} (“{}”)", n + 1, r.name);
        let conn = connections
            .iter()
            .find(|c| c.name == r.connection.name)
            .or_else(|| {
                connections.iter().find(|c| {
                    site_url_of(&c.config)
                        .is_some_and(|url| site_key(&url) == site_key(&r.connection.site_url))
                })
            })
            .ok_or_else(|| {
                bad(format!(
                    "{at}: no connection is named “{}” or points at {}. Add that Jira connection \
                     first, then import again.",
                    r.connection.name, r.connection.site_url
                ))
            })?;
        if r.name.trim().is_empty() {
            return Err(bad(format!("{at}: the rule has no name.")));
        }
        if r.project.id.is_none() && r.project.key.is_none() {
            return Err(bad(format!(
                "{at}: the project has neither an id nor a key."
            )));
        }
        let Some(issue_type_id) = r.issue_type.id.clone().filter(|s| !s.is_empty()) else {
            return Err(bad(format!("{at}: the issue type has no id.")));
        };
        if r.trigger_kinds.is_empty() {
            return Err(bad(format!("{at}: it triggers on no finding kind.")));
        }
        let mut mapping = r.mapping.clone();
        if let Some(u) = &r.default_assignee {
            mapping.set(
                "assignee",
                FieldSource::Fixed(JiraValue::User { id: u.id.clone() }),
            );
        }
        if let Some(p) = validate(&mapping, &r.fields).first() {
            return Err(bad(format!(
                "{at}: field “{}”: {}",
                p.field_name, p.message
            )));
        }
        planned.push(Planned {
            rule: r,
            connection_id: conn.id.clone(),
            issue_type_id,
            mapping,
        });
    }
    Ok(planned)
}

fn scope_of(
    store: &Store,
    scope: &ScopeDoc,
    report: &mut RoutingImport,
) -> Result<RuleScope, TransferError> {
    Ok(match scope {
        ScopeDoc::Application(name) => {
            let (id, created) = store.ensure_application(name)?;
            if created {
                report.created_scopes.push(format!("application “{name}”"));
            }
            RuleScope::Application(id)
        }
        ScopeDoc::Group(name) => match store.list_groups()?.into_iter().find(|g| &g.name == name) {
            Some(g) => RuleScope::Group(g.id),
            None => {
                report.created_scopes.push(format!("group “{name}”"));
                RuleScope::Group(store.create_group(name)?)
            }
        },
    })
}

fn write(
    store: &Store,
    planned: Vec<Planned<'_>>,
    now: &str,
) -> Result<RoutingImport, TransferError> {
    let mut report = RoutingImport::default();
    let existing = store.routing_rules()?;
    let json =
        |v: Result<String, serde_json::Error>| v.map_err(|e| TransferError::Corrupt(e.to_string()));
    for p in planned {
        let r = p.rule;
        let scope = scope_of(store, &r.scope, &mut report)?;
        let project = r
            .project
            .id
            .clone()
            .or_else(|| r.project.key.clone())
            .unwrap_or_default();
        let fields_json = json(serde_json::to_string(&r.fields))?;
        store.cache_create_fields(&p.connection_id, &project, &p.issue_type_id, &fields_json)?;
        let same = existing
            .iter()
            .find(|e| e.name == r.name.trim() && e.scope == scope);
        let enabled_since = match (r.enabled, same.and_then(|e| e.enabled_since.clone())) {
            (false, _) => None,
            (true, Some(since)) => Some(since),
            (true, None) => Some(now.to_owned()),
        };
        let mut rule = RoutingRule {
            id: same.map_or(0, |e| e.id),
            name: r.name.trim().to_owned(),
            connection_id: p.connection_id,
            project_id: r.project.id.clone(),
            project_key: r.project.key.clone(),
            issue_type_id: p.issue_type_id,
            scope,
            min_severity: r.min_severity,
            trigger_kinds: r.trigger_kinds.clone(),
            mapping_json: json(serde_json::to_string(&p.mapping))?,
            field_meta_json: fields_json,
            enabled_since,
        };
        if same.is_some() {
            store.update_routing_rule(&rule)?;
            report.updated += 1;
        } else {
            rule.id = store.add_routing_rule(&rule)?;
            report.created += 1;
        }
        store.set_rule_names(
            rule.id,
            &RuleNames {
                project_name: r.project.name.clone(),
                issue_type_name: r.issue_type.name.clone(),
                assignee_name: r.default_assignee.as_ref().map(|u| u.display_name.clone()),
            },
        )?;
    }
    Ok(report)
}
