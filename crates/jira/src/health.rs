//! `test_connection()`: who am I, how many projects can I see, which Jira is this.

use serde::{Deserialize, Serialize};

use crate::client::{ApiRequest, JiraClient};
use crate::connection::{AuthMethod, DeploymentKind};
use crate::error::{Error, Result};

/// Personal Access Tokens exist from Jira Data Center 8.14 on.
const PAT_MIN_VERSION: [u32; 2] = [8, 14];

/// What a successful connection test found. Contains no secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConnectionReport {
    pub display_name: String,
    /// Cloud account id.
    pub account_id: Option<String>,
    /// Data Center user name.
    pub username: Option<String>,
    pub visible_projects: u64,
    /// e.g. "1001.0.0-SNAPSHOT" (Cloud) or "9.12.4" (Data Center).
    pub server_version: String,
    /// serverInfo `deploymentType`: "Cloud", "Server" or "DataCenter".
    pub deployment_type: String,
    /// Things the user should know but that do not stop the connection (e.g. basic auth).
    pub warnings: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct ServerInfo {
    version: String,
    version_numbers: Vec<u32>,
    deployment_type: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Myself {
    account_id: Option<String>,
    name: Option<String>,
    display_name: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ProjectPage {
    total: Option<u64>,
    values: Vec<serde_json::Value>,
}

/// `[8, 14, 0]` from `versionNumbers`, else parsed from the version text.
fn version_numbers(info: &ServerInfo) -> Vec<u32> {
    if !info.version_numbers.is_empty() {
        return info.version_numbers.clone();
    }
    info.version
        .split(|c: char| !c.is_ascii_digit())
        .take_while(|part| !part.is_empty())
        .filter_map(|part| part.parse().ok())
        .collect()
}

fn wrong_deployment(expected: DeploymentKind, info: &ServerInfo) -> Error {
    Error::WrongDeployment {
        expected: expected.label(),
        actual: if info.deployment_type.eq_ignore_ascii_case("cloud") {
            "Cloud".into()
        } else {
            format!("Data Center ({})", info.deployment_type)
        },
    }
}

/// True if `version` is at least `minimum` (missing parts count as 0).
fn at_least(version: &[u32], minimum: &[u32]) -> bool {
    for (index, wanted) in minimum.iter().enumerate() {
        let have = version.get(index).copied().unwrap_or(0);
        if have != *wanted {
            return have > *wanted;
        }
    }
    true
}

impl JiraClient {
    /// `serverInfo`, asked anonymously first (Jira answers it without credentials), so the
    /// kind and version are known even when the credentials are wrong; authenticated if the
    /// site refuses anonymous access.
    async fn server_info(&self) -> Result<ServerInfo> {
        let anonymous = self
            .execute(ApiRequest::get("serverInfo").anonymous())
            .await;
        let response = match anonymous {
            Err(
                Error::BadCredentials { .. }
                | Error::TokenExpired { .. }
                | Error::Forbidden { .. }
                | Error::ScopeMismatch,
            ) => self.execute(ApiRequest::get("serverInfo")).await,
            other => other,
        };
        match response.and_then(|response| response.json::<ServerInfo>()) {
            Err(Error::NotFound { .. } | Error::UnexpectedResponse { .. }) => {
                Err(self.explain_missing_api().await)
            }
            other => other,
        }
    }

    /// No serverInfo under this dialect: the other dialect may answer (a Data Center server
    /// set up as Cloud has no `/rest/api/3`), or it is not Jira at all.
    async fn explain_missing_api(&self) -> Error {
        let kind = self.config().kind;
        let other_root = match kind {
            DeploymentKind::Cloud => "/rest/api/2/serverInfo",
            DeploymentKind::DataCenter => "/rest/api/3/serverInfo",
        };
        let probe = self.execute(ApiRequest::get(other_root).anonymous()).await;
        if let Ok(info) = probe.and_then(|response| response.json::<ServerInfo>()) {
            let is_cloud = info.deployment_type.eq_ignore_ascii_case("cloud");
            if !info.deployment_type.is_empty() && is_cloud != (kind == DeploymentKind::Cloud) {
                return wrong_deployment(kind, &info);
            }
        }
        Error::NotJira {
            site: self
                .url("serverInfo")
                .map(|u| u.to_string())
                .unwrap_or_default(),
        }
    }

    /// Checks the connection end to end and reports who it acts as. Fails with a human error
    /// for bad or expired credentials, unreachable sites, TLS/proxy trouble, a Data Center too
    /// old for PATs, a 3LO scope mismatch, the wrong deployment kind, or no visible project.
    pub async fn test_connection(&self) -> Result<ConnectionReport> {
        let config = self.config();
        let info = self.server_info().await?;
        let is_cloud = info.deployment_type.eq_ignore_ascii_case("cloud");
        if !info.deployment_type.is_empty() && is_cloud != (config.kind == DeploymentKind::Cloud) {
            return Err(wrong_deployment(config.kind, &info));
        }
        let version = version_numbers(&info);
        if matches!(config.auth, AuthMethod::DcPat)
            && !version.is_empty()
            && !at_least(&version, &PAT_MIN_VERSION)
        {
            return Err(Error::DataCenterTooOld {
                version: info.version.clone(),
            });
        }

        let me: Myself = self.get_json("myself", &[]).await?;
        let visible_projects = match config.kind {
            DeploymentKind::Cloud => {
                let page: ProjectPage = self
                    .execute(ApiRequest::get("project/search").query("maxResults", "1"))
                    .await?
                    .json()?;
                page.total.unwrap_or(page.values.len() as u64)
            }
            DeploymentKind::DataCenter => {
                let projects: Vec<serde_json::Value> = self.get_json("project", &[]).await?;
                projects.len() as u64
            }
        };
        let account = if me.display_name.is_empty() {
            me.name
                .clone()
                .or_else(|| me.account_id.clone())
                .unwrap_or_default()
        } else {
            me.display_name.clone()
        };
        if visible_projects == 0 {
            return Err(Error::NoProjectsVisible { account });
        }
        Ok(ConnectionReport {
            display_name: account,
            account_id: me.account_id,
            username: me.name,
            visible_projects,
            server_version: info.version,
            deployment_type: info.deployment_type,
            warnings: config
                .auth
                .warning()
                .map(str::to_owned)
                .into_iter()
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pat_version_gate() {
        assert!(at_least(&[8, 14, 0], &PAT_MIN_VERSION));
        assert!(at_least(&[9, 0], &PAT_MIN_VERSION));
        assert!(at_least(&[10, 3, 24], &PAT_MIN_VERSION));
        assert!(!at_least(&[8, 13, 9], &PAT_MIN_VERSION));
        assert!(!at_least(&[7, 20], &PAT_MIN_VERSION));
        let parsed = version_numbers(&ServerInfo {
            version: "8.5.1-beta".into(),
            ..ServerInfo::default()
        });
        assert_eq!(parsed, vec![8, 5, 1]);
    }
}
