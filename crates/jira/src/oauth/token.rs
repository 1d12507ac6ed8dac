//! Token requests: authorization-code exchange and refresh, for Cloud (JSON) and Data Center
//! (form-encoded, `redirect_uri` resent on refresh).

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use serde::Deserialize;
use url::Url;

use crate::classify::{classify_status, classify_transport, FailureContext};
use crate::connection::{AuthMethod, ConnectionConfig};
use crate::error::{Error, Result};
use crate::error_collection::ErrorCollection;
use crate::oauth::{cloud, dc};
use crate::secret::Sensitive;

/// Access tokens without `expires_in` are assumed to live this long (Jira's default).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

/// The loopback redirect URI for a callback port; must match the registered callback exactly.
pub fn redirect_uri_for(port: u16) -> String {
    format!("http://localhost:{port}/callback")
}

/// What a token endpoint handed out.
#[derive(Debug)]
pub struct TokenSet {
    pub access_token: Sensitive<String>,
    /// Present when the provider issued (rotated) a refresh token.
    pub refresh_token: Option<Sensitive<String>>,
    pub expires_at: SystemTime,
    pub scope: Option<String>,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: Sensitive<String>,
    #[serde(default)]
    refresh_token: Option<Sensitive<String>>,
    #[serde(default)]
    expires_in: Option<u64>,
    #[serde(default)]
    scope: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Cloud,
    DataCenter,
}

/// Talks to one connection's OAuth token endpoint.
pub struct TokenClient {
    http: reqwest::Client,
    flavor: Flavor,
    token_url: Url,
    client_id: String,
    client_secret: Option<Sensitive<String>>,
    redirect_uri: String,
    auth: AuthMethod,
    timeout: Duration,
}

impl std::fmt::Debug for TokenClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenClient")
            .field("token_url", &self.token_url.as_str())
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .finish_non_exhaustive()
    }
}

impl TokenClient {
    /// For an OAuth connection. Cloud requires the client secret; Data Center sends it when
    /// present (PKCE-only links may have none).
    pub fn new(
        config: &ConnectionConfig,
        http: reqwest::Client,
        client_secret: Option<Sensitive<String>>,
        timeout: Duration,
    ) -> Result<Self> {
        let (flavor, token_url, client_id, port) = match &config.auth {
            AuthMethod::CloudOauth {
                client_id,
                callback_port,
                ..
            } => {
                if client_secret.as_ref().is_none_or(Sensitive::is_empty) {
                    return Err(Error::SecretMissing {
                        kind: "OAuth client secret",
                    });
                }
                (
                    Flavor::Cloud,
                    cloud::token_url(&config.cloud_endpoints)?,
                    client_id,
                    *callback_port,
                )
            }
            AuthMethod::DcOauth {
                client_id,
                callback_port,
                ..
            } => (
                Flavor::DataCenter,
                dc::token_url(&config.site_url)?,
                client_id,
                *callback_port,
            ),
            _ => {
                return Err(Error::InvalidConfig {
                    detail: "this connection does not use OAuth".into(),
                })
            }
        };
        Ok(Self {
            http,
            flavor,
            token_url,
            client_id: client_id.clone(),
            client_secret: client_secret.filter(|s| !s.is_empty()),
            redirect_uri: redirect_uri_for(port),
            auth: config.auth.clone(),
            timeout,
        })
    }

    /// Uses `redirect_uri` instead of the one derived from the configured port (the listener
    /// may run on another host name or, in tests, another port).
    pub fn with_redirect_uri(mut self, redirect_uri: impl Into<String>) -> Self {
        self.redirect_uri = redirect_uri.into();
        self
    }

    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Exchanges the code from the callback (with the PKCE verifier for Data Center + PKCE).
    pub async fn exchange_code(
        &self,
        code: &Sensitive<String>,
        pkce_verifier: Option<&Sensitive<String>>,
    ) -> Result<TokenSet> {
        let mut fields = vec![
            ("grant_type", "authorization_code"),
            ("client_id", self.client_id.as_str()),
            ("code", code.expose().as_str()),
            ("redirect_uri", self.redirect_uri.as_str()),
        ];
        if let Some(verifier) = pkce_verifier {
            fields.push(("code_verifier", verifier.expose().as_str()));
        }
        self.request(fields, Grant::AuthorizationCode).await
    }

    /// Trades a refresh token for new tokens. A revoked, expired or reused grant becomes
    /// [`Error::NeedsReauthorization`].
    pub async fn refresh(&self, refresh_token: &Sensitive<String>) -> Result<TokenSet> {
        let mut fields = vec![
            ("grant_type", "refresh_token"),
            ("client_id", self.client_id.as_str()),
            ("refresh_token", refresh_token.expose().as_str()),
        ];
        if self.flavor == Flavor::DataCenter {
            // Jira DC answers invalid_grant to refreshes without the original redirect_uri.
            fields.push(("redirect_uri", self.redirect_uri.as_str()));
        }
        self.request(fields, Grant::Refresh).await
    }

    async fn request(&self, mut fields: Vec<(&str, &str)>, grant: Grant) -> Result<TokenSet> {
        if let Some(secret) = &self.client_secret {
            fields.push(("client_secret", secret.expose().as_str()));
        }
        let builder = self.http.post(self.token_url.clone()).timeout(self.timeout);
        let builder = match self.flavor {
            Flavor::Cloud => {
                let body: serde_json::Map<String, serde_json::Value> = fields
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v)))
                    .collect();
                builder.json(&body)
            }
            Flavor::DataCenter => builder.form(&fields),
        };
        let host = self.token_url.host_str().unwrap_or_default().to_owned();
        let context = FailureContext {
            host: &host,
            auth: &self.auth,
            timeout: self.timeout,
            proxy_in_use: false,
        };
        let response = builder
            .send()
            .await
            .map_err(|e| classify_transport(e, context))?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| classify_transport(e, context))?;
        if status.is_success() {
            let parsed: TokenResponse =
                serde_json::from_slice(&body).map_err(|_| Error::UnexpectedResponse {
                    detail: "the token endpoint did not return an access token".into(),
                })?;
            let lifetime = parsed
                .expires_in
                .map(Duration::from_secs)
                .unwrap_or(DEFAULT_LIFETIME);
            return Ok(TokenSet {
                access_token: parsed.access_token,
                refresh_token: parsed.refresh_token.filter(|t| !t.is_empty()),
                expires_at: SystemTime::now() + lifetime,
                scope: parsed.scope,
            });
        }
        Err(token_error(status, &headers, &body, grant, context))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grant {
    AuthorizationCode,
    Refresh,
}

fn token_error(
    status: StatusCode,
    headers: &reqwest::header::HeaderMap,
    body: &[u8],
    grant: Grant,
    context: FailureContext<'_>,
) -> Error {
    if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
        return classify_status(status, headers, body, context, SystemTime::now());
    }
    let collection = ErrorCollection::parse(body);
    let error = collection
        .error
        .clone()
        .unwrap_or_else(|| format!("HTTP {}", status.as_u16()));
    let description = collection
        .error_description
        .clone()
        .or_else(|| collection.message.clone())
        .unwrap_or_default();
    if grant == Grant::Refresh && (error == "invalid_grant" || error == "invalid_token") {
        return Error::NeedsReauthorization {
            reason: "the saved sign-in was revoked, expired, or replaced".into(),
        };
    }
    Error::TokenRequestRejected { error, description }
}
