//! `JiraClient`: one per connection. Attaches the connection's auth, speaks its dialect
//! (Cloud `/rest/api/3`, Data Center `/rest/api/2`), classifies failures and retries per the
//! one [`RetryPolicy`].

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION};
use reqwest::Method;
use serde::de::DeserializeOwned;
use url::Url;

use crate::auth::{load_credentials, off_runtime, Credentials};
use crate::classify::{classify_status, classify_transport, FailureContext};
use crate::connection::{join_path, ConnectionConfig, DeploymentKind};
use crate::error::{Error, Result};
use crate::oauth::session::{OAuthSession, DEFAULT_REFRESH_MARGIN};
use crate::retry::{Idempotency, RetryPolicy};
use crate::secret::Sensitive;
use crate::secret_store::SecretStore;

/// Cloud speaks REST v3 (ADF, accountId); Data Center speaks v2 (wiki markup, username).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    CloudV3,
    DataCenterV2,
}

impl Dialect {
    pub fn for_kind(kind: DeploymentKind) -> Self {
        match kind {
            DeploymentKind::Cloud => Self::CloudV3,
            DeploymentKind::DataCenter => Self::DataCenterV2,
        }
    }

    /// `/rest/api/3` or `/rest/api/2`.
    pub fn api_root(self) -> &'static str {
        match self {
            Self::CloudV3 => "/rest/api/3",
            Self::DataCenterV2 => "/rest/api/2",
        }
    }
}

/// Transport settings.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Whole-request timeout.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub retry: RetryPolicy,
    /// OAuth: refresh this long before the access token expires.
    pub refresh_margin: Duration,
    /// Explicit proxy for all requests (otherwise `HTTPS_PROXY` etc. apply).
    pub proxy: Option<Url>,
    pub user_agent: String,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            proxy: None,
            user_agent: format!("Vulnbridge/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// One request to the connection's REST API.
#[derive(Debug, Clone)]
pub struct ApiRequest {
    pub method: Method,
    /// `myself` (under the dialect's API root) or an absolute REST path like `/rest/pat/latest/tokens`.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<serde_json::Value>,
    pub idempotency: Idempotency,
    /// Send without credentials (serverInfo before the credentials are trusted).
    pub anonymous: bool,
    /// Extra headers (e.g. `X-Atlassian-Token: no-check` for uploads).
    pub headers: Vec<(&'static str, String)>,
    /// Files sent as `multipart/form-data` parts instead of a JSON body.
    pub files: Vec<FilePart>,
    /// Non-2xx statuses answered as an [`ApiResponse`] instead of an error (e.g. bulk create's
    /// 400 that still lists per-element errors).
    pub accept_statuses: Vec<u16>,
}

/// One file of a multipart upload.
#[derive(Debug, Clone)]
pub struct FilePart {
    /// The multipart part name (`file` for Jira attachments).
    pub part: &'static str,
    pub file_name: String,
    pub mime_type: String,
    pub bytes: Vec<u8>,
}

impl ApiRequest {
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        let idempotency = Idempotency::for_method(&method);
        Self {
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
            idempotency,
            anonymous: false,
            headers: Vec::new(),
            files: Vec::new(),
            accept_statuses: Vec::new(),
        }
    }

    pub fn post(path: impl Into<String>) -> Self {
        Self::new(Method::POST, path)
    }

    pub fn put(path: impl Into<String>) -> Self {
        Self::new(Method::PUT, path)
    }

    pub fn delete(path: impl Into<String>) -> Self {
        Self::new(Method::DELETE, path)
    }

    /// Adds a request header.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Adds a multipart file part (the request is then sent as `multipart/form-data`).
    pub fn file(mut self, file: FilePart) -> Self {
        self.files.push(file);
        self
    }

    /// Answers `status` as a response instead of an error.
    pub fn accept_status(mut self, status: u16) -> Self {
        self.accept_statuses.push(status);
        self
    }

    /// Sends the request without the `Authorization` header.
    pub fn anonymous(mut self) -> Self {
        self.anonymous = true;
        self
    }

    pub fn get(path: impl Into<String>) -> Self {
        Self::new(Method::GET, path)
    }

    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    pub fn json(mut self, body: serde_json::Value) -> Self {
        self.body = Some(body);
        self
    }

    /// Overrides the method's default (e.g. a POST search is safe to repeat).
    pub fn idempotency(mut self, idempotency: Idempotency) -> Self {
        self.idempotency = idempotency;
        self
    }
}

/// A successful answer.
#[derive(Debug, Clone)]
pub struct ApiResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl ApiResponse {
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|error| Error::UnexpectedResponse {
            detail: format!("the JSON did not have the expected shape: {error}"),
        })
    }
}

struct Inner {
    http: reqwest::Client,
    config: ConnectionConfig,
    rest_base: Url,
    dialect: Dialect,
    credentials: Credentials,
    options: ClientOptions,
    proxy_in_use: bool,
}

/// The REST client of one connection. Cheap to clone (shared state).
#[derive(Clone)]
pub struct JiraClient {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for JiraClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JiraClient")
            .field("connection", &self.inner.config.id)
            .field("rest_base", &self.inner.rest_base.as_str())
            .field("dialect", &self.inner.dialect)
            .field("credentials", &self.inner.credentials)
            .finish_non_exhaustive()
    }
}

fn proxy_env_set() -> bool {
    [
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ]
    .iter()
    .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()))
}

/// Builds the shared reqwest client for `options`.
pub(crate) fn http_client(options: &ClientOptions) -> Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .user_agent(options.user_agent.clone())
        .connect_timeout(options.connect_timeout)
        .timeout(options.timeout)
        .redirect(reqwest::redirect::Policy::none());
    if let Some(proxy) = &options.proxy {
        let proxy = reqwest::Proxy::all(proxy.as_str()).map_err(|e| Error::InvalidConfig {
            detail: format!("the proxy URL is not usable: {e}"),
        })?;
        builder = builder.proxy(proxy);
    }
    builder.build().map_err(|e| Error::InvalidConfig {
        detail: format!("the HTTP client could not start: {e}"),
    })
}

impl JiraClient {
    /// Validates the settings, reads the connection's secrets from `store` and builds the
    /// client. No request is sent yet (see [`JiraClient::test_connection`]).
    pub async fn connect(
        config: ConnectionConfig,
        store: Arc<dyn SecretStore>,
        options: ClientOptions,
    ) -> Result<Self> {
        config.validate()?;
        let http = http_client(&options)?;
        let rest_base = config.rest_base()?;
        let credentials = {
            let (config, http, margin, timeout) = (
                config.clone(),
                http.clone(),
                options.refresh_margin,
                options.timeout,
            );
            off_runtime(move || load_credentials(&config, &store, &http, margin, timeout)).await?
        };
        let proxy_in_use = options.proxy.is_some() || proxy_env_set();
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                dialect: Dialect::for_kind(config.kind),
                config,
                rest_base,
                credentials,
                options,
                proxy_in_use,
            }),
        })
    }

    pub fn config(&self) -> &ConnectionConfig {
        &self.inner.config
    }

    pub fn dialect(&self) -> Dialect {
        self.inner.dialect
    }

    /// The OAuth session, for OAuth connections.
    pub fn oauth_session(&self) -> Option<&Arc<OAuthSession>> {
        match &self.inner.credentials {
            Credentials::OAuth(session) => Some(session),
            _ => None,
        }
    }

    /// The full URL for `path` (see [`ApiRequest::path`]).
    pub fn url(&self, path: &str) -> Result<Url> {
        if path.starts_with("/rest/") {
            join_path(&self.inner.rest_base, path)
        } else {
            join_path(
                &self.inner.rest_base,
                &format!("{}/{}", self.inner.dialect.api_root(), path),
            )
        }
    }

    /// `GET` under the API root, parsed as `T`.
    pub async fn get_json<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<T> {
        let mut request = ApiRequest::get(path);
        for (key, value) in query {
            request = request.query(*key, *value);
        }
        self.execute(request).await?.json()
    }

    /// Sends `request` with auth, classification and retries.
    pub async fn execute(&self, request: ApiRequest) -> Result<ApiResponse> {
        let url = self.url(&request.path)?;
        let host = url.host_str().unwrap_or_default().to_owned();
        let context = FailureContext {
            host: &host,
            auth: &self.inner.config.auth,
            timeout: self.inner.options.timeout,
            proxy_in_use: self.inner.proxy_in_use,
        };
        let mut attempt = 0u32;
        let mut refreshed_after_401 = false;
        loop {
            let (authorization, oauth_token) = if request.anonymous {
                (None, None)
            } else {
                let (header, token) = self.authorization().await?;
                (Some(header), token)
            };
            let error = match self.send_once(&request, &url, authorization).await {
                Ok(response)
                    if (200..300).contains(&response.status().as_u16())
                        || request
                            .accept_statuses
                            .contains(&response.status().as_u16()) =>
                {
                    let status = response.status().as_u16();
                    let headers = response.headers().clone();
                    let body = response
                        .bytes()
                        .await
                        .map_err(|e| classify_transport(e, context))?;
                    tracing::debug!(method = %request.method, path = %request.path, status, "jira request");
                    return Ok(ApiResponse {
                        status,
                        headers,
                        body: body.to_vec(),
                    });
                }
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    let body = response.bytes().await.unwrap_or_default();
                    tracing::debug!(method = %request.method, path = %request.path, status = status.as_u16(), attempt, "jira request failed");
                    let error =
                        classify_status(status, &headers, &body, context, SystemTime::now());
                    if let (
                        Some(token),
                        Some(session),
                        Error::BadCredentials { .. } | Error::TokenExpired { .. },
                    ) = (&oauth_token, self.oauth_session(), &error)
                    {
                        if !refreshed_after_401 {
                            // The access token was refused before its expiry (revoked, clock
                            // skew): refresh once and try again.
                            refreshed_after_401 = true;
                            session.reject(token).await;
                            continue;
                        }
                    }
                    error
                }
                Err(error) => {
                    let error = classify_transport(error, context);
                    tracing::debug!(method = %request.method, path = %request.path, code = error.code(), attempt, "jira request failed");
                    error
                }
            };
            match self
                .inner
                .options
                .retry
                .next_delay(attempt, &error, request.idempotency)
            {
                Some(delay) => {
                    tracing::info!(
                        code = error.code(),
                        delay_ms = delay.as_millis() as u64,
                        "retrying jira request"
                    );
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                None => return Err(error),
            }
        }
    }

    /// The `Authorization` header value (marked sensitive so it never shows in debug output)
    /// and, for OAuth, the access token it carries.
    async fn authorization(&self) -> Result<(HeaderValue, Option<Sensitive<String>>)> {
        let (value, token) = match &self.inner.credentials {
            Credentials::Basic(header) => (header.clone(), None),
            Credentials::Bearer(token) => {
                (Sensitive::new(format!("Bearer {}", token.expose())), None)
            }
            Credentials::OAuth(session) => {
                let token = session.access_token().await?;
                (
                    Sensitive::new(format!("Bearer {}", token.expose())),
                    Some(token),
                )
            }
        };
        let mut header =
            HeaderValue::from_str(value.expose()).map_err(|_| Error::InvalidConfig {
                detail: "the stored credential contains characters that cannot be sent in an HTTP \
                     header (a line break or non-ASCII character?); enter it again"
                    .into(),
            })?;
        header.set_sensitive(true);
        Ok((header, token))
    }

    async fn send_once(
        &self,
        request: &ApiRequest,
        url: &Url,
        authorization: Option<HeaderValue>,
    ) -> std::result::Result<reqwest::Response, reqwest::Error> {
        let mut url = url.clone();
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(request.query.iter());
        }
        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), url)
            .header(ACCEPT, "application/json");
        if let Some(authorization) = authorization {
            builder = builder.header(AUTHORIZATION, authorization);
        }
        for (name, value) in &request.headers {
            builder = builder.header(*name, value.as_str());
        }
        if !request.files.is_empty() {
            let mut form = reqwest::multipart::Form::new();
            for file in &request.files {
                let part = reqwest::multipart::Part::bytes(file.bytes.clone())
                    .file_name(file.file_name.clone())
                    .mime_str(&file.mime_type)
                    .or_else(|_| {
                        reqwest::multipart::Part::bytes(file.bytes.clone())
                            .file_name(file.file_name.clone())
                            .mime_str("application/octet-stream")
                    })?;
                form = form.part(file.part, part);
            }
            builder = builder.multipart(form);
        } else if let Some(body) = &request.body {
            builder = builder.json(body);
        }
        builder.send().await
    }
}
