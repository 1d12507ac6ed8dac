//! What the UI shows of a connection and of a connection test. No secrets, ever.

use crate::{AuthDraft, ConnectionsError, HealthState};
use serde::Serialize;
use vulnbridge_jira::{ConnectionConfig, ConnectionReport, DeploymentKind};
use vulnbridge_store::ConnectionRecord;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ConnectionView {
    pub id: String,
    pub name: String,
    /// "Cloud" or "Data Center".
    pub kind_label: String,
    pub cloud: bool,
    pub site_url: String,
    /// The sign-in method with its non-secret settings (for editing).
    pub auth: AuthDraft,
    pub auth_label: String,
    /// Who Jira says the connection acts as.
    pub account: Option<String>,
    /// Something the user should know about the chosen method (e.g. basic auth).
    pub warning: Option<String>,
    pub health: HealthView,
    /// True for the built-in sandbox connection.
    pub sandbox: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct HealthView {
    pub state: HealthState,
    pub last_checked_at: Option<String>,
    pub last_success_at: Option<String>,
    pub last_error_code: Option<String>,
    pub last_error_message: Option<String>,
}

/// What a successful connection test found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TestReport {
    pub display_name: String,
    pub account_id: Option<String>,
    pub username: Option<String>,
    pub visible_projects: u32,
    pub server_version: String,
    pub deployment_type: String,
    pub warnings: Vec<String>,
}

impl From<ConnectionReport> for TestReport {
    fn from(r: ConnectionReport) -> Self {
        Self {
            display_name: r.display_name,
            account_id: r.account_id,
            username: r.username,
            visible_projects: u32::try_from(r.visible_projects).unwrap_or(u32::MAX),
            server_version: r.server_version,
            deployment_type: r.deployment_type,
            warnings: r.warnings,
        }
    }
}

/// Parses a stored record's settings.
pub(crate) fn config_of(record: &ConnectionRecord) -> Result<ConnectionConfig, ConnectionsError> {
    serde_json::from_str(&record.config).map_err(|e| ConnectionsError::CorruptSettings {
        id: record.id.clone(),
        detail: e.to_string(),
    })
}

pub(crate) fn view_of(
    record: &ConnectionRecord,
    sandbox_id: Option<&str>,
) -> Result<ConnectionView, ConnectionsError> {
    let config = config_of(record)?;
    let auth = AuthDraft::from_method(&config.auth);
    let health = &record.health;
    let (code, message) = health.last_error.clone().unzip();
    Ok(ConnectionView {
        id: record.id.clone(),
        name: record.name.clone(),
        kind_label: config.kind.label().to_owned(),
        cloud: config.kind == DeploymentKind::Cloud,
        site_url: config.site_url.to_string(),
        auth_label: auth.label().to_owned(),
        auth,
        account: record.account.clone(),
        warning: config.auth.warning().map(str::to_owned),
        health: HealthView {
            state: HealthState::of(health),
            last_checked_at: health.last_checked_at.clone(),
            last_success_at: health.last_success_at.clone(),
            last_error_code: code,
            last_error_message: message,
        },
        sandbox: sandbox_id == Some(record.id.as_str()),
    })
}
