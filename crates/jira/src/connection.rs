//! Connection settings (stored by the app in SQLite; they hold no secrets).

use std::fmt;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::error::{Error, Result};

/// Identifies one connection; also the keyring account prefix for its secrets.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConnectionId(String);

impl ConnectionId {
    /// Ids are chosen by the app (e.g. a UUID); they must be non-empty and contain no `/`.
    pub fn new(id: impl Into<String>) -> Result<Self> {
        let id = id.into();
        if id.trim().is_empty() || id.contains('/') || id.chars().any(char::is_control) {
            return Err(Error::InvalidConfig {
                detail: "the connection id must be non-empty, without '/' or control characters"
                    .into(),
            });
        }
        Ok(Self(id))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ConnectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Jira Cloud or Jira Data Center / Server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum DeploymentKind {
    Cloud,
    DataCenter,
}

impl DeploymentKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Cloud => "Cloud",
            Self::DataCenter => "Data Center",
        }
    }
}

/// How the connection authenticates. Secrets (tokens, passwords, client secrets) are in the
/// keyring under the connection id, never here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum AuthMethod {
    /// Cloud OAuth 2.0 (3LO): the user's own OAuth app; client secret in the keyring.
    CloudOauth {
        client_id: String,
        callback_port: u16,
        scopes: Vec<String>,
    },
    /// Cloud API token: `Basic email:token`. `scoped` tokens must go through
    /// `{api_base}/ex/jira/{cloudId}` instead of the site URL.
    CloudApiToken {
        email: String,
        #[serde(default)]
        scoped: bool,
    },
    /// Data Center Personal Access Token (Jira >= 8.14): `Bearer <PAT>`.
    DcPat,
    /// Data Center OAuth 2.0 incoming application link.
    DcOauth {
        client_id: String,
        #[serde(default = "default_true")]
        pkce: bool,
        #[serde(default = "default_callback_port")]
        callback_port: u16,
        #[serde(default = "default_dc_scopes")]
        scopes: Vec<String>,
    },
    /// Data Center basic auth (username + password). Discouraged: the UI should warn.
    DcBasic { username: String },
}

fn default_true() -> bool {
    true
}

/// The fixed loopback port suggested to users when they register their OAuth app.
pub const DEFAULT_CALLBACK_PORT: u16 = 9876;

fn default_callback_port() -> u16 {
    DEFAULT_CALLBACK_PORT
}

fn default_dc_scopes() -> Vec<String> {
    vec!["WRITE".to_owned()]
}

/// Default Cloud 3LO scopes: work items, the user (`/myself`) and refresh tokens.
pub fn default_cloud_scopes() -> Vec<String> {
    [
        "read:jira-work",
        "write:jira-work",
        "read:jira-user",
        "offline_access",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect()
}

impl AuthMethod {
    /// Which deployment this method belongs to.
    pub fn deployment(&self) -> DeploymentKind {
        match self {
            Self::CloudOauth { .. } | Self::CloudApiToken { .. } => DeploymentKind::Cloud,
            Self::DcPat | Self::DcOauth { .. } | Self::DcBasic { .. } => DeploymentKind::DataCenter,
        }
    }

    /// True for methods that authenticate with an OAuth access token.
    pub fn is_oauth(&self) -> bool {
        matches!(self, Self::CloudOauth { .. } | Self::DcOauth { .. })
    }

    /// A warning the UI should show for this method, if any.
    pub fn warning(&self) -> Option<&'static str> {
        match self {
            Self::DcBasic { .. } => Some(
                "Basic authentication sends your Jira password with every request and is often \
                 disabled by admins. Prefer a Personal Access Token.",
            ),
            _ => None,
        }
    }
}

/// Atlassian's central hosts for Cloud. Configurable so tests and the demo mode can point them
/// at the local sandbox on 127.0.0.1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CloudEndpoints {
    /// Stands for `https://auth.atlassian.com` (authorize, token).
    pub auth_base: Url,
    /// Stands for `https://api.atlassian.com` (accessible-resources, `/ex/jira/{cloudId}`).
    pub api_base: Url,
}

impl Default for CloudEndpoints {
    fn default() -> Self {
        Self {
            auth_base: Url::parse("https://auth.atlassian.com").expect("literal URL is valid"),
            api_base: Url::parse("https://api.atlassian.com").expect("literal URL is valid"),
        }
    }
}

/// One Jira connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConnectionConfig {
    pub id: ConnectionId,
    pub kind: DeploymentKind,
    /// `https://example.atlassian.net` or the Data Center base URL (context path included).
    pub site_url: Url,
    /// Cloud site id (from accessible-resources); needed for 3LO and scoped tokens.
    #[serde(default)]
    pub cloud_id: Option<String>,
    #[serde(default)]
    pub cloud_endpoints: CloudEndpoints,
    pub auth: AuthMethod,
    /// Who the connection acts as, from the last successful connection test.
    #[serde(default)]
    pub account_display_name: Option<String>,
}

impl ConnectionConfig {
    /// Checks the settings are consistent; call before saving or connecting.
    pub fn validate(&self) -> Result<()> {
        let invalid = |detail: String| Err(Error::InvalidConfig { detail });
        if !matches!(self.site_url.scheme(), "https" | "http") || self.site_url.host().is_none() {
            return invalid(format!(
                "the site URL must start with https:// (or http://) and name a host (got {})",
                self.site_url.scheme()
            ));
        }
        if !self.site_url.username().is_empty() || self.site_url.password().is_some() {
            return invalid("the site URL must not contain a user name or password".into());
        }
        if self.auth.deployment() != self.kind {
            return invalid(format!(
                "this sign-in method is for Jira {}, but the connection is for Jira {}",
                self.auth.deployment().label(),
                self.kind.label()
            ));
        }
        let needs_cloud_id = matches!(self.auth, AuthMethod::CloudOauth { .. })
            || matches!(self.auth, AuthMethod::CloudApiToken { scoped: true, .. });
        if needs_cloud_id
            && self
                .cloud_id
                .as_deref()
                .is_none_or(|id| id.trim().is_empty())
        {
            return invalid("a cloud id is needed for OAuth and scoped API tokens (pick the site after signing in)".into());
        }
        if let Some(id) = &self.cloud_id {
            if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return invalid("the cloud id may only contain letters, digits and '-'".into());
            }
        }
        match &self.auth {
            AuthMethod::CloudOauth {
                client_id,
                callback_port,
                ..
            }
            | AuthMethod::DcOauth {
                client_id,
                callback_port,
                ..
            } => {
                if client_id.trim().is_empty() {
                    return invalid("the OAuth client id is empty".into());
                }
                if *callback_port == 0 {
                    return invalid("the OAuth callback port must be a fixed port (not 0)".into());
                }
            }
            AuthMethod::CloudApiToken { email, .. } if !email.contains('@') => {
                return invalid("the Atlassian account email is not an email address".into());
            }
            AuthMethod::DcBasic { username } if username.trim().is_empty() => {
                return invalid("the user name is empty".into());
            }
            _ => {}
        }
        Ok(())
    }

    /// The base URL that REST paths (`/rest/api/...`) are appended to, without a trailing `/`.
    pub fn rest_base(&self) -> Result<Url> {
        let through_api_gateway = matches!(self.auth, AuthMethod::CloudOauth { .. })
            || matches!(self.auth, AuthMethod::CloudApiToken { scoped: true, .. });
        if through_api_gateway {
            let cloud_id = self
                .cloud_id
                .as_deref()
                .ok_or_else(|| Error::InvalidConfig {
                    detail: "a cloud id is needed for this sign-in method".into(),
                })?;
            join_path(
                &self.cloud_endpoints.api_base,
                &format!("ex/jira/{cloud_id}"),
            )
        } else {
            join_path(&self.site_url, "")
        }
    }
}

/// Appends `segments` to `base`'s path, keeping any context path (`/jira`), no trailing slash.
pub(crate) fn join_path(base: &Url, segments: &str) -> Result<Url> {
    let mut url = base.clone();
    let mut path = base.path().trim_end_matches('/').to_owned();
    let tail = segments.trim_start_matches('/');
    if !tail.is_empty() {
        path.push('/');
        path.push_str(tail);
    }
    url.set_path(&path);
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cloud_oauth() -> ConnectionConfig {
        ConnectionConfig {
            id: ConnectionId::new("c1").expect("id"),
            kind: DeploymentKind::Cloud,
            site_url: Url::parse("https://acme.atlassian.net").expect("url"),
            cloud_id: Some("11111111-2222-3333-4444-555555555555".into()),
            cloud_endpoints: CloudEndpoints::default(),
            auth: AuthMethod::CloudOauth {
                client_id: "abc".into(),
                callback_port: 9876,
                scopes: default_cloud_scopes(),
            },
            account_display_name: None,
        }
    }

    #[test]
    fn oauth_goes_through_the_api_gateway_and_it_can_be_pointed_at_loopback() {
        let mut config = cloud_oauth();
        assert_eq!(
            config.rest_base().expect("base").as_str(),
            "https://api.atlassian.com/ex/jira/11111111-2222-3333-4444-555555555555"
        );
        config.cloud_endpoints.api_base = Url::parse("http://127.0.0.1:4010/gw/").expect("url");
        assert_eq!(
            config.rest_base().expect("base").as_str(),
            "http://127.0.0.1:4010/gw/ex/jira/11111111-2222-3333-4444-555555555555"
        );
    }

    #[test]
    fn dc_keeps_its_context_path_and_token_users_use_the_site() {
        let mut config = cloud_oauth();
        config.kind = DeploymentKind::DataCenter;
        config.auth = AuthMethod::DcPat;
        config.cloud_id = None;
        config.site_url = Url::parse("https://jira.corp.example/jira/").expect("url");
        config.validate().expect("valid");
        assert_eq!(
            config.rest_base().expect("base").as_str(),
            "https://jira.corp.example/jira"
        );
    }

    #[test]
    fn validation_catches_mixed_up_settings() {
        let mut config = cloud_oauth();
        config.validate().expect("valid");
        config.cloud_id = None;
        assert_eq!(
            config.validate().expect_err("no cloud id").code(),
            "invalid_config"
        );
        let mut config = cloud_oauth();
        config.auth = AuthMethod::DcPat;
        assert!(config
            .validate()
            .expect_err("mixed")
            .to_string()
            .contains("Data Center"));
        let mut config = cloud_oauth();
        config.site_url = Url::parse("https://me:pw@acme.atlassian.net").expect("url");
        assert!(config.validate().is_err());
        let mut config = cloud_oauth();
        config.cloud_id = Some("../../admin".into());
        assert!(config.validate().is_err());
        assert!(ConnectionId::new("a/b").is_err());
    }

    #[test]
    fn serde_shape_is_tagged_and_readable() {
        let json = serde_json::to_value(cloud_oauth()).expect("json");
        assert_eq!(json["kind"], "cloud");
        assert_eq!(json["auth"]["method"], "cloud_oauth");
        assert_eq!(json["auth"]["callback_port"], 9876);
        let dc: AuthMethod =
            serde_json::from_str(r#"{"method":"dc_oauth","client_id":"x"}"#).expect("dc");
        assert_eq!(
            dc,
            AuthMethod::DcOauth {
                client_id: "x".into(),
                pkce: true,
                callback_port: DEFAULT_CALLBACK_PORT,
                scopes: vec!["WRITE".into()]
            }
        );
    }
}
