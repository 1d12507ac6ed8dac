//! The demo credentials every sandbox accepts.

/// A Cloud site the OAuth grant can reach (listed by `/oauth/token/accessible-resources`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CloudSite {
    /// The `cloudId` used in `/ex/jira/{cloudId}/rest/api/3/...`.
    pub cloud_id: String,
    /// Site name.
    pub name: String,
}

/// Credentials the sandbox accepts. They are fixed demo values, printed by the binary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoCredentials {
    /// Cloud: the account email for Basic `email:api_token`.
    pub email: String,
    /// Cloud: the API token for Basic auth.
    pub api_token: String,
    /// Data Center: a Personal Access Token for `Authorization: Bearer`.
    pub pat: String,
    /// Data Center: username for Basic auth.
    pub username: String,
    /// Data Center: password for Basic auth.
    pub password: String,
    /// OAuth 2.0 client id (Cloud 3LO app, or DC incoming application link).
    pub oauth_client_id: String,
    /// OAuth 2.0 client secret.
    pub oauth_client_secret: String,
    /// Cloud sites reachable with an OAuth grant; the first is this sandbox's own site.
    pub sites: Vec<CloudSite>,
}

impl DemoCredentials {
    pub(crate) fn demo() -> Self {
        Self {
            email: "analyst@vulnbridge.test".to_owned(),
            api_token: "sandbox-api-token".to_owned(),
            pat: "sandbox-personal-access-token".to_owned(),
            username: "analyst".to_owned(),
            password: "analyst-password".to_owned(),
            oauth_client_id: "sandbox-client-id".to_owned(),
            oauth_client_secret: "sandbox-client-secret".to_owned(),
            sites: vec![
                CloudSite {
                    cloud_id: "9f2e4c1a-6b3d-4e8f-a7c5-1d2e3f4a5b6c".to_owned(),
                    name: "vulnbridge-sandbox".to_owned(),
                },
                CloudSite {
                    cloud_id: "3c7d9e1f-2a4b-4c6d-8e0f-a1b2c3d4e5f6".to_owned(),
                    name: "acme-secondary".to_owned(),
                },
            ],
        }
    }

    /// The cloudId of the sandbox's own site.
    pub fn cloud_id(&self) -> &str {
        self.sites.first().map_or("", |s| s.cloud_id.as_str())
    }
}
