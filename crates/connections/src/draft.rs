//! What the connection wizard sends: the settings a user typed, before they are a connection.

use crate::ConnectionsError;
use serde::{Deserialize, Serialize};
use url::Url;
use vulnbridge_jira::connection::{default_cloud_scopes, DEFAULT_CALLBACK_PORT};
use vulnbridge_jira::{AuthMethod, ConnectionConfig, ConnectionId, SecretKind};

/// Connection settings from the wizard. The secret travels separately, once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ConnectionDraft {
    /// Set when editing an existing connection.
    pub id: Option<String>,
    pub name: String,
    /// `https://acme.atlassian.net`, or the Data Center base URL with its context path.
    pub site_url: String,
    pub auth: AuthDraft,
}

/// The sign-in method and its non-secret settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "method", rename_all = "camelCase")]
pub enum AuthDraft {
    /// Jira Cloud, OAuth 2.0 (3LO) with the user's own OAuth app; secret = client secret.
    CloudOauth {
        #[serde(rename = "clientId")]
        client_id: String,
        #[serde(rename = "callbackPort")]
        callback_port: u16,
    },
    /// Jira Cloud, API token; secret = the token.
    CloudApiToken { email: String },
    /// Data Center, Personal Access Token; secret = the token.
    DcPat,
    /// Data Center, OAuth 2.0 incoming application link with PKCE; secret = client secret.
    DcOauth {
        #[serde(rename = "clientId")]
        client_id: String,
        #[serde(rename = "callbackPort")]
        callback_port: u16,
    },
    /// Data Center, user name + password (discouraged); secret = the password.
    DcBasic { username: String },
}

impl AuthDraft {
    /// Which keyring entry holds this method's user-entered secret.
    pub fn secret_kind(&self) -> SecretKind {
        match self {
            Self::CloudOauth { .. } | Self::DcOauth { .. } => SecretKind::ClientSecret,
            Self::CloudApiToken { .. } => SecretKind::ApiToken,
            Self::DcPat => SecretKind::Pat,
            Self::DcBasic { .. } => SecretKind::Password,
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::CloudOauth { .. } => "OAuth 2.0 (3LO)",
            Self::CloudApiToken { .. } => "API token",
            Self::DcPat => "Personal access token",
            Self::DcOauth { .. } => "OAuth 2.0 (application link)",
            Self::DcBasic { .. } => "User name and password",
        }
    }

    pub(crate) fn to_method(&self) -> AuthMethod {
        match self.clone() {
            Self::CloudOauth {
                client_id,
                callback_port,
            } => AuthMethod::CloudOauth {
                client_id: client_id.trim().to_owned(),
                callback_port,
                scopes: default_cloud_scopes(),
            },
            Self::CloudApiToken { email } => AuthMethod::CloudApiToken {
                email: email.trim().to_owned(),
                scoped: false,
            },
            Self::DcPat => AuthMethod::DcPat,
            Self::DcOauth {
                client_id,
                callback_port,
            } => AuthMethod::DcOauth {
                client_id: client_id.trim().to_owned(),
                pkce: true,
                callback_port,
                scopes: vec!["WRITE".to_owned()],
            },
            Self::DcBasic { username } => AuthMethod::DcBasic {
                username: username.trim().to_owned(),
            },
        }
    }

    /// The draft form of stored settings (for editing).
    pub fn from_method(method: &AuthMethod) -> Self {
        match method {
            AuthMethod::CloudOauth {
                client_id,
                callback_port,
                ..
            } => Self::CloudOauth {
                client_id: client_id.clone(),
                callback_port: *callback_port,
            },
            AuthMethod::CloudApiToken { email, .. } => Self::CloudApiToken {
                email: email.clone(),
            },
            AuthMethod::DcPat => Self::DcPat,
            AuthMethod::DcOauth {
                client_id,
                callback_port,
                ..
            } => Self::DcOauth {
                client_id: client_id.clone(),
                callback_port: *callback_port,
            },
            AuthMethod::DcBasic { username } => Self::DcBasic {
                username: username.clone(),
            },
        }
    }
}

/// The suggested callback port for OAuth apps (register `http://localhost:9876/callback`).
pub const SUGGESTED_CALLBACK_PORT: u16 = DEFAULT_CALLBACK_PORT;

/// Accepts what users paste: adds `https://` when no scheme is given, and for Cloud keeps
/// only the site (people paste board or issue links).
pub(crate) fn normalize_site_url(raw: &str, cloud: bool) -> Result<Url, ConnectionsError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(ConnectionsError::Invalid(
            "enter the address of your Jira site, e.g. https://acme.atlassian.net".into(),
        ));
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("https://{trimmed}")
    };
    let mut url = Url::parse(&with_scheme).map_err(|e| {
        ConnectionsError::Invalid(format!("'{trimmed}' is not a web address ({e})"))
    })?;
    url.set_query(None);
    url.set_fragment(None);
    if cloud {
        url.set_path("");
    } else {
        let path = url.path().trim_end_matches('/').to_owned();
        url.set_path(&path);
    }
    Ok(url)
}

impl ConnectionDraft {
    /// The connection settings this draft describes, keeping the id and the Cloud endpoints
    /// (and site id) of `existing` when editing.
    pub fn to_config(
        &self,
        id: ConnectionId,
        existing: Option<&ConnectionConfig>,
    ) -> Result<ConnectionConfig, ConnectionsError> {
        if self.name.trim().is_empty() {
            return Err(ConnectionsError::Invalid(
                "give the connection a name, e.g. 'Acme Cloud'".into(),
            ));
        }
        let method = self.auth.to_method();
        let kind = method.deployment();
        let site_url = normalize_site_url(
            &self.site_url,
            kind == vulnbridge_jira::DeploymentKind::Cloud,
        )?;
        let same_site = existing.is_some_and(|e| e.site_url == site_url);
        let config = ConnectionConfig {
            id,
            kind,
            site_url,
            cloud_id: existing
                .filter(|_| same_site)
                .and_then(|e| e.cloud_id.clone()),
            cloud_endpoints: existing
                .map(|e| e.cloud_endpoints.clone())
                .unwrap_or_default(),
            auth: method,
            account_display_name: existing.and_then(|e| e.account_display_name.clone()),
        };
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(site: &str, auth: AuthDraft) -> ConnectionDraft {
        ConnectionDraft {
            id: None,
            name: "Acme".into(),
            site_url: site.into(),
            auth,
        }
    }

    #[test]
    fn cloud_site_urls_are_reduced_to_the_site() {
        let d = draft(
            "acme.atlassian.net/jira/software/projects/SEC/boards/1?x=1",
            AuthDraft::CloudApiToken {
                email: " a@b.c ".into(),
            },
        );
        let c = d.to_config(ConnectionId::new("c1").unwrap(), None).unwrap();
        assert_eq!(c.site_url.as_str(), "https://acme.atlassian.net/");
        assert_eq!(
            c.auth,
            AuthMethod::CloudApiToken {
                email: "a@b.c".into(),
                scoped: false
            }
        );
    }

    #[test]
    fn data_center_keeps_its_context_path() {
        let d = draft("https://jira.acme.corp/jira/", AuthDraft::DcPat);
        let c = d.to_config(ConnectionId::new("c2").unwrap(), None).unwrap();
        assert_eq!(c.site_url.as_str(), "https://jira.acme.corp/jira");
        assert_eq!(c.kind, vulnbridge_jira::DeploymentKind::DataCenter);
    }

    #[test]
    fn empty_name_and_site_are_explained() {
        let mut d = draft("", AuthDraft::DcPat);
        let err = d
            .to_config(ConnectionId::new("c3").unwrap(), None)
            .unwrap_err();
        assert!(
            err.to_string().contains("address of your Jira site"),
            "{err}"
        );
        d.name = " ".into();
        let err = d
            .to_config(ConnectionId::new("c3").unwrap(), None)
            .unwrap_err();
        assert!(err.to_string().contains("name"), "{err}");
    }

    #[test]
    fn drafts_round_trip_through_stored_methods() {
        for auth in [
            AuthDraft::CloudOauth {
                client_id: "id".into(),
                callback_port: 9876,
            },
            AuthDraft::CloudApiToken {
                email: "a@b.c".into(),
            },
            AuthDraft::DcPat,
            AuthDraft::DcOauth {
                client_id: "id".into(),
                callback_port: 9877,
            },
            AuthDraft::DcBasic {
                username: "jo".into(),
            },
        ] {
            assert_eq!(AuthDraft::from_method(&auth.to_method()), auth);
        }
    }

    #[test]
    fn the_wire_shape_is_tagged_by_method() {
        let json = serde_json::to_value(AuthDraft::CloudOauth {
            client_id: "x".into(),
            callback_port: 9876,
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"method": "cloudOauth", "clientId": "x", "callbackPort": 9876})
        );
        let back: AuthDraft =
            serde_json::from_value(serde_json::json!({"method": "dcPat"})).unwrap();
        assert_eq!(back, AuthDraft::DcPat);
    }
}
