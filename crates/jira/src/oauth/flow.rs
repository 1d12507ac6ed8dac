//! The browser sign-in: start (listener + authorize URL), open the browser, wait for the
//! callback, exchange the code, store the tokens, and for Cloud list the reachable sites.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use url::Url;

use crate::auth::off_runtime;
use crate::classify::{classify_status, classify_transport, FailureContext};
use crate::client::{http_client, ClientOptions};
use crate::connection::{AuthMethod, ConnectionConfig};
use crate::error::{Error, Result};
use crate::oauth::cloud::{self, site_for_url, CloudSite};
use crate::oauth::dc;
use crate::oauth::listener::{CallbackConfig, CallbackListener};
use crate::oauth::pkce::{new_state, Pkce};
use crate::oauth::session::OAuthSession;
use crate::oauth::token::TokenClient;
use crate::secret_store::{SecretKind, SecretStore};

/// Opens a URL in the user's browser. The app uses [`SystemBrowser`]; tests drive the flow
/// with an HTTP client instead.
pub trait BrowserOpener: Send + Sync {
    fn open(&self, url: &Url) -> Result<()>;
}

/// The desktop's default browser (through the `open` crate).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemBrowser;

impl BrowserOpener for SystemBrowser {
    fn open(&self, url: &Url) -> Result<()> {
        open::that_detached(url.as_str()).map_err(|error| Error::BrowserOpen {
            detail: error.to_string(),
        })
    }
}

/// Knobs for one sign-in.
#[derive(Debug, Clone)]
pub struct SignInOptions {
    /// How long to wait for the browser to come back.
    pub callback_timeout: Duration,
    /// Listen on this port instead of the connection's callback port (tests: 0 = any free).
    pub port_override: Option<u16>,
    pub client: ClientOptions,
}

impl Default for SignInOptions {
    fn default() -> Self {
        Self {
            callback_timeout: Duration::from_secs(300),
            port_override: None,
            client: ClientOptions::default(),
        }
    }
}

/// What a completed sign-in found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInOutcome {
    /// Cloud: every site the grant reaches (store the chosen one's id as `cloud_id`).
    pub sites: Vec<CloudSite>,
    /// Cloud: the site with the connection's cloud id, or (no id yet) its site URL.
    pub matched_site: Option<CloudSite>,
    /// Scopes the provider granted, if it said.
    pub granted_scope: Option<String>,
}

impl SignInOutcome {
    /// The connection's site, or [`Error::SiteNotAuthorized`] naming `site_url` when the
    /// signed-in account cannot reach it.
    pub fn require_site(&self, site_url: &Url) -> Result<&CloudSite> {
        self.matched_site
            .as_ref()
            .and_then(|matched| self.sites.iter().find(|site| site.id == matched.id))
            .ok_or_else(|| Error::SiteNotAuthorized {
                site: site_url.to_string(),
            })
    }
}

/// A sign-in waiting for the browser. Show [`PendingSignIn::authorize_url`] (for copying) and
/// open it, then call [`PendingSignIn::complete`].
pub struct PendingSignIn {
    config: ConnectionConfig,
    store: Arc<dyn SecretStore>,
    http: reqwest::Client,
    listener: CallbackListener,
    tokens: TokenClient,
    pkce: Option<Pkce>,
    authorize_url: Url,
}

impl std::fmt::Debug for PendingSignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingSignIn")
            .field("connection", &self.config.id)
            .field("redirect_uri", &self.listener.redirect_uri())
            .finish_non_exhaustive()
    }
}

impl PendingSignIn {
    /// Binds the callback listener and builds the authorize URL. The client secret (required
    /// for Cloud) must already be in the store.
    pub async fn start(
        config: ConnectionConfig,
        store: Arc<dyn SecretStore>,
        options: SignInOptions,
    ) -> Result<Self> {
        let (client_id, scopes, port, use_pkce) = match &config.auth {
            AuthMethod::CloudOauth {
                client_id,
                scopes,
                callback_port,
            } => (client_id.clone(), scopes.clone(), *callback_port, false),
            AuthMethod::DcOauth {
                client_id,
                scopes,
                callback_port,
                pkce,
            } => (client_id.clone(), scopes.clone(), *callback_port, *pkce),
            _ => {
                return Err(Error::InvalidConfig {
                    detail: "this connection does not sign in with OAuth".into(),
                })
            }
        };
        let http = http_client(&options.client)?;
        let secret = {
            let (store, id) = (Arc::clone(&store), config.id.clone());
            off_runtime(move || store.get(&id, SecretKind::ClientSecret)).await?
        };
        let state = new_state()?;
        let listener_config = CallbackConfig {
            timeout: options.callback_timeout,
            ..CallbackConfig::new(options.port_override.unwrap_or(port))
        };
        let listener = CallbackListener::bind(&listener_config, state.clone()).await?;
        let redirect_uri = listener.redirect_uri().to_owned();
        let tokens = TokenClient::new(&config, http.clone(), secret, options.client.timeout)?
            .with_redirect_uri(&redirect_uri);
        let pkce = if use_pkce {
            Some(Pkce::generate()?)
        } else {
            None
        };
        let authorize_url = match config.auth {
            AuthMethod::CloudOauth { .. } => cloud::authorize_url(
                &config.cloud_endpoints,
                &client_id,
                &scopes,
                &redirect_uri,
                &state,
            )?,
            _ => dc::authorize_url(
                &config.site_url,
                &client_id,
                &scopes,
                &redirect_uri,
                &state,
                pkce.as_ref(),
            )?,
        };
        Ok(Self {
            config,
            store,
            http,
            listener,
            tokens,
            pkce,
            authorize_url,
        })
    }

    pub fn authorize_url(&self) -> &Url {
        &self.authorize_url
    }

    pub fn redirect_uri(&self) -> &str {
        self.listener.redirect_uri()
    }

    /// Waits for the callback, exchanges the code and stores the tokens in the keyring.
    pub async fn complete(mut self) -> Result<SignInOutcome> {
        let code = self.listener.wait().await?;
        let tokens = self
            .tokens
            .exchange_code(&code.0, self.pkce.as_ref().map(Pkce::verifier))
            .await?;
        let granted_scope = tokens.scope.clone();
        let session =
            OAuthSession::new(self.config.id.clone(), self.tokens, Arc::clone(&self.store));
        session.accept_new_grant(tokens).await?;
        let sites = match self.config.auth {
            AuthMethod::CloudOauth { .. } => {
                let access = session.access_token().await?;
                accessible_resources(&self.http, &self.config, access.expose()).await?
            }
            _ => Vec::new(),
        };
        let matched_site = match &self.config.cloud_id {
            Some(id) => sites.iter().find(|site| site.id == *id).cloned(),
            None => site_for_url(&sites, &self.config.site_url).cloned(),
        };
        Ok(SignInOutcome {
            sites,
            matched_site,
            granted_scope,
        })
    }
}

/// Starts a sign-in, opens the browser and completes it.
pub async fn sign_in(
    config: ConnectionConfig,
    store: Arc<dyn SecretStore>,
    browser: &dyn BrowserOpener,
    options: SignInOptions,
) -> Result<SignInOutcome> {
    let pending = PendingSignIn::start(config, store, options).await?;
    browser.open(pending.authorize_url())?;
    pending.complete().await
}

/// `GET {api_base}/oauth/token/accessible-resources` with the access token.
async fn accessible_resources(
    http: &reqwest::Client,
    config: &ConnectionConfig,
    access_token: &str,
) -> Result<Vec<CloudSite>> {
    let url = cloud::accessible_resources_url(&config.cloud_endpoints)?;
    let host = url.host_str().unwrap_or_default().to_owned();
    let context = FailureContext {
        host: &host,
        auth: &config.auth,
        timeout: Duration::from_secs(30),
        proxy_in_use: false,
    };
    let response = http
        .get(url)
        .bearer_auth(access_token)
        .send()
        .await
        .map_err(|e| classify_transport(e, context))?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .bytes()
        .await
        .map_err(|e| classify_transport(e, context))?;
    if !status.is_success() {
        return Err(classify_status(
            status,
            &headers,
            &body,
            context,
            SystemTime::now(),
        ));
    }
    serde_json::from_slice(&body).map_err(|_| Error::UnexpectedResponse {
        detail: "the list of accessible sites was not understood".into(),
    })
}
