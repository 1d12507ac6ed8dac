//! What to queue for a finding a rule matched: the exact create payload, built from the
//! rule's mapping and saved createmeta fields without any request. When the mapping cannot
//! produce a valid payload for this finding, the intent is queued parked with the reason, so
//! the UI shows it instead of silently skipping the finding.

use chrono::NaiveDate;
use vulnbridge_jira::Dialect as JiraDialect;
use vulnbridge_mapping::{
    build_create_payload, Attachment, Dialect, FieldMapping, FieldMeta, ProjectRef, RenderContext,
};
use vulnbridge_model::Finding;
use vulnbridge_store::{OpError, PushCandidate, RoutingRule};

use crate::clock::parse_stamp;

/// A create to queue: the body of `POST /issue` (also one element of a bulk create), or the
/// reason it cannot be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateIntent {
    /// The finding's dedup label: the outbox idempotency key and the ticket's search label.
    pub label: String,
    pub payload: String,
    pub parked: Option<OpError>,
    /// Full texts the mapping cut to fit Jira's limits, attached after the ticket exists.
    pub attachments: Vec<Attachment>,
}

fn parked(label: String, code: &str, message: String) -> CreateIntent {
    CreateIntent {
        label,
        payload: "null".into(),
        parked: Some(OpError::new(code, message)),
        attachments: Vec::new(),
    }
}

/// Builds the create intent of `candidate` under `rule` for a connection speaking `dialect`.
pub fn plan_create(
    rule: &RoutingRule,
    candidate: &PushCandidate,
    dialect: JiraDialect,
    today: NaiveDate,
) -> CreateIntent {
    let label = vulnbridge_model::dedup_label(&candidate.fingerprint);
    let finding: Finding = match serde_json::from_str(&candidate.finding_json) {
        Ok(f) => f,
        Err(e) => {
            return parked(
                label,
                "finding_unreadable",
                format!("the stored finding could not be read ({e}); re-import the scan"),
            )
        }
    };
    let mapping: FieldMapping = match serde_json::from_str(&rule.mapping_json) {
        Ok(m) => m,
        Err(e) => {
            return parked(
                label,
                "mapping_unreadable",
                format!("routing rule #{} has a field mapping that cannot be read ({e}); open the rule and save its mapping again", rule.id),
            )
        }
    };
    let fields: Vec<FieldMeta> = match serde_json::from_str(&rule.field_meta_json) {
        Ok(f) => f,
        Err(e) => {
            return parked(
                label,
                "field_meta_unreadable",
                format!("routing rule #{} has saved Jira field metadata that cannot be read ({e}); refresh the rule's fields", rule.id),
            )
        }
    };
    let project = match (&rule.project_id, &rule.project_key) {
        (Some(id), _) => ProjectRef::Id(id.clone()),
        (None, Some(key)) => ProjectRef::Key(key.clone()),
        (None, None) => {
            return parked(
                label,
                "no_project",
                format!("routing rule #{} names no Jira project; pick one", rule.id),
            )
        }
    };
    let ctx = RenderContext {
        dialect: match dialect {
            JiraDialect::CloudV3 => Dialect::Cloud,
            JiraDialect::DataCenterV2 => Dialect::DataCenter,
        },
        project,
        issue_type_id: rule.issue_type_id.clone(),
        application: Some(candidate.application.clone()),
        link_back: None,
        today,
        first_seen: parse_stamp(&candidate.first_seen),
    };
    match build_create_payload(&finding, &ctx, &mapping, &fields) {
        Ok(payload) => CreateIntent {
            label,
            payload: payload.body().to_string(),
            parked: None,
            attachments: payload.attachments,
        },
        Err(e) => parked(
            label,
            "mapping_problem",
            format!(
                "the ticket cannot be built: {e}; fix routing rule #{}'s mapping",
                rule.id
            ),
        ),
    }
}
