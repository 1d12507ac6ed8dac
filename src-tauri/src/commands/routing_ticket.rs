//! The payload preview and the test ticket: exactly what a mapping would send for a finding,
//! one real ticket labeled `vulnbridge-test` (Jira's refusals in plain words, per field), its
//! deletion, and opening links in the system browser.

use crate::commands::routing::{connection_dialect, invalid, store_work, UserChoice};
use crate::commands::routing_jira::{client_for, jira_error};
use crate::AppError;
use serde::{Deserialize, Serialize};
use tauri::AppHandle;
use vulnbridge_jira::oauth::{BrowserOpener, SystemBrowser};
use vulnbridge_mapping::{
    build_create_payload, preview, validate, FieldMapping, FieldMeta, FieldSource, JiraValue,
    MappingProblem, ProjectRef, RenderContext,
};
use vulnbridge_model::{Finding, FindingKind, Location, PackageRef, Severity, Tool};
use vulnbridge_store::{FindingId, FindingQuery, Store};
use vulnbridge_sync::{Clock, SystemClock};

use crate::commands::routing_jira::mapping_dialect;

/// The label every test ticket carries, so they are easy to find and clean up.
pub const TEST_LABEL: &str = "vulnbridge-test";

/// Where a mapping sends tickets, and the mapping itself (the editor's unsaved state).
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MappingTarget {
    pub connection_id: String,
    pub project_id: Option<String>,
    pub project_key: Option<String>,
    pub issue_type_id: String,
    pub mapping: FieldMapping,
    pub assignee: Option<UserChoice>,
}

/// Exactly what would be sent for one finding.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PreviewView {
    /// The `POST /issue` body, pretty-printed; `null` when the mapping has problems.
    pub json: Option<String>,
    pub problems: Vec<MappingProblem>,
    pub error: Option<String>,
    /// File names attached after creating (full text of fields that were cut).
    pub attachments: Vec<String>,
    pub finding_title: String,
    /// True when no finding exists yet and a built-in sample was used.
    pub sample: bool,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CreatedTicket {
    pub issue_id: String,
    pub key: String,
    pub url: String,
}

/// A Jira complaint about one field, in plain words.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldComplaint {
    pub field_id: String,
    pub field_name: String,
    pub message: String,
}

/// The test ticket, or why Jira (or the mapping) refused it.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TestTicketOutcome {
    pub created: Option<CreatedTicket>,
    pub message: Option<String>,
    pub field_errors: Vec<FieldComplaint>,
    pub problems: Vec<MappingProblem>,
}

/// A finding to preview with: the chosen one, else the newest in the database, else a sample.
fn pick_finding(
    store: &Store,
    id: Option<FindingId>,
) -> Result<(Finding, String, Option<String>, bool), AppError> {
    let id = match id {
        Some(id) => Some(id),
        None => store
            .query_findings(&FindingQuery {
                limit: 1,
                ..FindingQuery::default()
            })?
            .rows
            .first()
            .map(|r| r.id),
    };
    match id {
        Some(id) => {
            let d = store.finding_detail(id)?;
            Ok((d.finding, d.row.application, Some(d.row.first_seen), false))
        }
        None => Ok((sample_finding(), "payments-api".into(), None, true)),
    }
}

fn sample_finding() -> Finding {
    let mut f = Finding {
        fingerprint: "0f1e2d3c4b5a69788796a5b4c3d2e1f0".into(),
        kind: FindingKind::Vulnerability,
        title: "CVE-2024-38816 in spring-webmvc".into(),
        raw_severity: Some("HIGH".into()),
        severity: Some(Severity::High),
        score: Some(7.5),
        tool: Tool::new("Trivy", Some("0.50.1".into())),
        location: Location::Package {
            package: PackageRef {
                name: "org.springframework:spring-webmvc".into(),
                version: Some("6.1.6".into()),
                fixed_versions: vec!["6.1.13".into()],
                ..PackageRef::default()
            },
            manifest: Some("pom.xml".into()),
        },
        description: Some(
            "Applications serving static resources through functional web frameworks are \
             vulnerable to path traversal."
                .into(),
        ),
        remediation: Some("Upgrade spring-webmvc to 6.1.13 or later.".into()),
        references: vec!["https://nvd.nist.gov/vuln/detail/CVE-2024-38816".into()],
        ..Finding::default()
    };
    f.add_cve("CVE-2024-38816");
    f
}

struct Prepared {
    finding: Finding,
    ctx: RenderContext,
    mapping: FieldMapping,
    fields: Vec<FieldMeta>,
    sample: bool,
}

async fn prepare(
    app: &AppHandle,
    target: MappingTarget,
    finding_id: Option<FindingId>,
) -> Result<Prepared, AppError> {
    store_work(app, move |s| {
        let project_ref = match (&target.project_id, &target.project_key) {
            (Some(id), _) if !id.is_empty() => ProjectRef::Id(id.clone()),
            (_, Some(key)) if !key.is_empty() => ProjectRef::Key(key.clone()),
            _ => return Err(invalid("Pick a Jira project.")),
        };
        let project = match &project_ref {
            ProjectRef::Id(v) | ProjectRef::Key(v) => v.clone(),
        };
        let cached = s
            .cached_create_fields(&target.connection_id, &project, &target.issue_type_id)?
            .ok_or_else(|| invalid("Load the issue type's fields first."))?;
        let fields: Vec<FieldMeta> = serde_json::from_str(&cached.fields_json)
            .map_err(|e| AppError::new("corrupt", format!("cached fields: {e}; use Refresh")))?;
        let dialect = connection_dialect(s, &target.connection_id)?;
        let (finding, application, first_seen, sample) = pick_finding(s, finding_id)?;
        let mut mapping = target.mapping;
        if let Some(user) = target.assignee {
            mapping.set(
                "assignee",
                FieldSource::Fixed(JiraValue::User { id: user.id }),
            );
        }
        let now = SystemClock.now();
        let ctx = RenderContext {
            dialect: mapping_dialect(dialect),
            project: project_ref,
            issue_type_id: target.issue_type_id,
            application: Some(application),
            link_back: None,
            today: now.date_naive(),
            first_seen: first_seen
                .as_deref()
                .and_then(vulnbridge_sync::clock::parse_stamp)
                .or(Some(now)),
        };
        Ok(Prepared {
            finding,
            ctx,
            mapping,
            fields,
            sample,
        })
    })
    .await
}

/// Exactly the JSON that would be sent for one finding (or a sample when there are none).
#[tauri::command]
#[specta::specta]
pub async fn preview_payload(
    app: AppHandle,
    target: MappingTarget,
    finding_id: Option<FindingId>,
) -> Result<PreviewView, AppError> {
    let p = prepare(&app, target, finding_id).await?;
    let result = preview(&p.finding, &p.ctx, &p.mapping, &p.fields);
    let json = match &result.payload {
        Some(payload) => Some(
            serde_json::to_string_pretty(&payload.body())
                .map_err(|e| AppError::new("internal_error", e.to_string()))?,
        ),
        None => None,
    };
    Ok(PreviewView {
        json,
        attachments: result
            .payload
            .map(|p| p.attachments.into_iter().map(|a| a.file_name).collect())
            .unwrap_or_default(),
        problems: result.problems,
        error: result.error,
        finding_title: p.finding.title,
        sample: p.sample,
    })
}

/// The test ticket's body: the finding's dedup label is taken out (a test ticket must never be
/// mistaken for the finding's real ticket) and `vulnbridge-test` is added.
fn test_body(mut body: serde_json::Value) -> serde_json::Value {
    if let Some(labels) = body
        .get_mut("fields")
        .and_then(|f| f.get_mut("labels"))
        .and_then(serde_json::Value::as_array_mut)
    {
        labels.retain(|l| {
            !l.as_str()
                .is_some_and(|s| s.starts_with(vulnbridge_model::DEDUP_LABEL_PREFIX))
        });
        if !labels.iter().any(|l| l.as_str() == Some(TEST_LABEL)) {
            labels.push(serde_json::Value::String(TEST_LABEL.into()));
        }
    }
    body
}

/// Jira's complaint about a field, in plain words.
fn plain_field_error(name: &str, jira: &str) -> String {
    let lower = jira.to_lowercase();
    if lower.contains("cannot be set") || lower.contains("not on the appropriate screen") {
        format!(
            "“{name}” is not on this issue type's create screen, so Jira will not accept a value \
             for it. Remove its mapping, or ask a Jira admin to add the field to the create screen."
        )
    } else if lower.contains("is required") {
        format!("Jira requires “{name}”, and the ticket had no value for it. Map it to a value.")
    } else {
        format!("Jira refused the value of “{name}”: {jira}")
    }
}

/// Jira's complaint about the whole request (workflow and permission errors), in plain words.
fn plain_general_error(messages: &[String]) -> String {
    let joined = messages.join(" ");
    let lower = joined.to_lowercase();
    if lower.contains("workflow") || lower.contains("transition") || lower.contains("status") {
        format!(
            "Jira's workflow refused to create the ticket ({joined}). The issue type's workflow \
             does not allow its initial status for this account; ask a Jira admin to check the \
             create transition's conditions and validators, or pick another issue type."
        )
    } else {
        format!("Jira refused the ticket: {joined}")
    }
}

/// Jira's refusal of a create, per field where Jira names one, in plain words.
fn refusal(
    errors: &vulnbridge_jira::ErrorCollection,
    detail: &str,
    fields: &[FieldMeta],
) -> TestTicketOutcome {
    let field_errors: Vec<FieldComplaint> = errors
        .errors
        .iter()
        .map(|(id, msg)| {
            let name = fields
                .iter()
                .find(|f| &f.id == id)
                .map_or_else(|| id.clone(), |f| f.name.clone());
            FieldComplaint {
                message: plain_field_error(&name, msg),
                field_id: id.clone(),
                field_name: name,
            }
        })
        .collect();
    let message = if !errors.error_messages.is_empty() {
        plain_general_error(&errors.error_messages)
    } else if field_errors.is_empty() {
        format!("Jira refused the ticket: {detail}")
    } else {
        "Jira refused the ticket; see the fields marked below.".into()
    };
    TestTicketOutcome {
        created: None,
        message: Some(message),
        field_errors,
        problems: Vec::new(),
    }
}

/// Creates one ticket from the mapping (labeled `vulnbridge-test`), or says in plain words
/// what Jira refused, next to the fields concerned.
#[tauri::command]
#[specta::specta]
pub async fn send_test_ticket(
    app: AppHandle,
    target: MappingTarget,
    finding_id: Option<FindingId>,
) -> Result<TestTicketOutcome, AppError> {
    let connection_id = target.connection_id.clone();
    let p = prepare(&app, target, finding_id).await?;
    let problems = validate(&p.mapping, &p.fields);
    if !problems.is_empty() {
        return Ok(TestTicketOutcome {
            created: None,
            message: Some("Fix the mapping problems first.".into()),
            field_errors: Vec::new(),
            problems,
        });
    }
    let payload = match build_create_payload(&p.finding, &p.ctx, &p.mapping, &p.fields) {
        Ok(payload) => payload,
        Err(vulnbridge_mapping::MappingError::Invalid { problems }) => {
            return Ok(TestTicketOutcome {
                created: None,
                message: Some("The mapping cannot build this ticket.".into()),
                field_errors: Vec::new(),
                problems,
            })
        }
        Err(e) => return Err(AppError::new("mapping_error", e.to_string())),
    };
    let client = client_for(&app, &connection_id).await?;
    match client.create_issue(&test_body(payload.body())).await {
        Ok(issue) => {
            let url = client
                .browse_url(&issue.key)
                .map_err(jira_error)?
                .to_string();
            tracing::info!(key = %issue.key, "test ticket created");
            Ok(TestTicketOutcome {
                created: Some(CreatedTicket {
                    issue_id: issue.id,
                    key: issue.key,
                    url,
                }),
                message: None,
                field_errors: Vec::new(),
                problems: Vec::new(),
            })
        }
        Err(vulnbridge_jira::Error::Rejected { errors, detail, .. }) => {
            Ok(refusal(&errors, &detail, &p.fields))
        }
        Err(other) => Err(jira_error(other)),
    }
}

/// Deletes a test ticket (only tickets labeled `vulnbridge-test` are deleted).
#[tauri::command]
#[specta::specta]
pub async fn delete_test_ticket(
    app: AppHandle,
    connection_id: String,
    key: String,
) -> Result<(), AppError> {
    let client = client_for(&app, &connection_id).await?;
    let issue = client
        .get_issue(&key, &["labels"], false)
        .await
        .map_err(jira_error)?;
    let labelled = issue
        .fields
        .get("labels")
        .and_then(serde_json::Value::as_array)
        .is_some_and(|l| l.iter().any(|x| x.as_str() == Some(TEST_LABEL)));
    if !labelled {
        return Err(AppError::new(
            "not_a_test_ticket",
            format!("{key} is not labeled {TEST_LABEL}, so Vulnbridge will not delete it."),
        ));
    }
    client.delete_issue(&key).await.map_err(jira_error)?;
    tracing::info!(%key, "test ticket deleted");
    Ok(())
}

/// Opens an http(s) link in the system browser (never in the app's window).
#[tauri::command]
#[specta::specta]
pub fn open_in_browser(url: String) -> Result<(), AppError> {
    let parsed = url::Url::parse(&url)
        .map_err(|e| AppError::new("invalid_url", format!("{url} is not a link ({e})")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(AppError::new(
            "invalid_url",
            "Only http and https links are opened.",
        ));
    }
    if std::env::var("VULNBRIDGE_BROWSER").as_deref() == Ok("none") {
        tracing::info!(%parsed, "browser disabled by VULNBRIDGE_BROWSER=none");
        return Ok(());
    }
    SystemBrowser.open(&parsed).map_err(jira_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_ticket_never_carries_the_findings_dedup_label() {
        let body = serde_json::json!({"fields": {"summary": "x", "labels": ["vb-0123456789abcdef", "vulnbridge", "team-a"]}});
        let out = test_body(body);
        assert_eq!(
            out["fields"]["labels"],
            serde_json::json!(["vulnbridge", "team-a", TEST_LABEL])
        );
    }

    #[test]
    fn a_create_refusal_lands_on_the_fields_jira_names() {
        // The body Jira (and the sandbox) send for a create with a field off the screen and a
        // required field missing.
        let body = br#"{"errorMessages":[],"errors":{"customfield_10050":"Field 'customfield_10050' cannot be set. It is not on the appropriate screen, or unknown.","customfield_10031":"Security champion is required."}}"#;
        let errors = vulnbridge_jira::ErrorCollection::parse(body);
        let fields = vec![
            FieldMeta {
                id: "customfield_10050".into(),
                name: "Team".into(),
                ..FieldMeta::default()
            },
            FieldMeta {
                id: "customfield_10031".into(),
                name: "Security champion".into(),
                ..FieldMeta::default()
            },
        ];
        let out = refusal(&errors, "400", &fields);
        assert!(out.created.is_none());
        assert_eq!(
            out.message.as_deref(),
            Some("Jira refused the ticket; see the fields marked below.")
        );
        let by_id = |id: &str| {
            out.field_errors
                .iter()
                .find(|e| e.field_id == id)
                .map(|e| e.message.clone())
                .unwrap_or_default()
        };
        assert!(by_id("customfield_10050")
            .starts_with("“Team” is not on this issue type's create screen"));
        assert!(by_id("customfield_10031").starts_with("Jira requires “Security champion”"));

        let workflow = vulnbridge_jira::ErrorCollection::parse(
            br#"{"errorMessages":["The workflow does not allow creating issues in status Triage."],"errors":{}}"#,
        );
        let out = refusal(&workflow, "400", &fields);
        assert!(out.field_errors.is_empty());
        assert!(out.message.unwrap_or_default().contains("workflow"));
    }

    #[test]
    fn jira_refusals_read_as_plain_words() {
        let screen = plain_field_error(
            "Team",
            "Field 'customfield_10050' cannot be set. It is not on the appropriate screen, or unknown.",
        );
        assert!(
            screen.contains("“Team” is not on this issue type's create screen"),
            "{screen}"
        );
        let required = plain_field_error("Reviewer", "Reviewer is required.");
        assert!(
            required.starts_with("Jira requires “Reviewer”"),
            "{required}"
        );
        let workflow =
            plain_general_error(&["The workflow does not allow the initial status".into()]);
        assert!(workflow.contains("create transition"), "{workflow}");
    }
}
