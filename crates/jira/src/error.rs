//! The crate's error type. Every variant has a stable machine `code()` and a message that says
//! what went wrong and what the user can do. The app sends both to the UI as `{code, message}`.
//!
//! Nothing in here ever holds a secret: details come from status codes, Jira's own error
//! messages, keyring/transport descriptions (URLs stripped) and our configuration.

use std::time::Duration;

use serde::Serialize;

use crate::error_collection::ErrorCollection;
use crate::rate_limit::RateLimit;

/// Result alias for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong talking to Jira or storing its credentials.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // ---- keyring -------------------------------------------------------------------------
    #[error(
        "The system keyring is not available ({detail}). Vulnbridge keeps credentials only in the \
         OS keyring and will not store them anywhere else. Install and start gnome-keyring or \
         KWallet (any Secret Service provider), and make sure a D-Bus session bus is running: log \
         in to a desktop session, or start one with `dbus-run-session`."
    )]
    KeyringUnavailable { detail: String },

    #[error(
        "The system keyring is locked ({detail}). Unlock it (for example by logging in to your \
         desktop session, or with Seahorse / KWallet Manager) and try again."
    )]
    KeyringLocked { detail: String },

    #[error("The system keyring refused to store or read the {kind} ({detail}). Try again; if it keeps failing, check your keyring with Seahorse or KWallet Manager.")]
    KeyringFailure { kind: &'static str, detail: String },

    #[error(
        "No {kind} is stored for this connection. Open the connection settings and enter it again."
    )]
    SecretMissing { kind: &'static str },

    // ---- configuration -------------------------------------------------------------------
    #[error("The connection settings are not valid: {detail}")]
    InvalidConfig { detail: String },

    // ---- authentication / authorization --------------------------------------------------
    #[error("Jira rejected the credentials ({hint}). Check them in the connection settings.")]
    BadCredentials { hint: String },

    #[error(
        "The token has expired. Create a new one ({hint}) and enter it in the connection settings."
    )]
    TokenExpired { hint: String },

    #[error(
        "Jira says the app's OAuth scopes do not cover this request (\"scope does not match\"). \
         Add the missing scopes to the OAuth app in the Atlassian developer console and to the \
         connection's scope list, then sign in again."
    )]
    ScopeMismatch,

    #[error("Jira refused this request for your account: {detail}. Ask a Jira admin for the missing permission.")]
    Forbidden { detail: String },

    #[error("Basic authentication is disabled on this Jira server. Use a Personal Access Token or OAuth 2.0 instead.")]
    BasicAuthDisabled,

    #[error("Jira locked the login behind a CAPTCHA after failed attempts. Log in once in the browser to clear it, then try again.")]
    CaptchaRequired,

    #[error("This connection needs to be authorized again ({reason}). Use \"Sign in again\" in the connection settings.")]
    NeedsReauthorization { reason: String },

    // ---- OAuth browser flow ---------------------------------------------------------------
    #[error("The sign-in was not approved in the browser ({error}). Start the sign-in again and choose Accept.")]
    AuthorizationDenied { error: String },

    #[error("No sign-in came back from the browser within {} seconds. Start the sign-in again.", .waited.as_secs())]
    CallbackTimeout { waited: Duration },

    #[error("Port {port} on 127.0.0.1 is already in use, so the sign-in callback cannot be received. Close the program using it or pick another callback port (and register the new callback URL with the OAuth app).")]
    CallbackPortInUse { port: u16 },

    #[error("The sign-in callback listener failed: {detail}. Start the sign-in again.")]
    CallbackListener { detail: String },

    #[error("The browser could not be opened ({detail}). Copy the sign-in link from Vulnbridge into a browser yourself.")]
    BrowserOpen { detail: String },

    #[error("The token endpoint refused the request ({error}: {description}). Check the client id and secret, then sign in again.")]
    TokenRequestRejected { error: String, description: String },

    #[error("This Atlassian account cannot reach the site {site} with this OAuth app. Sign in with an account that has access, or pick another site.")]
    SiteNotAuthorized { site: String },

    // ---- transport ------------------------------------------------------------------------
    #[error("Cannot reach {host} ({detail}). Check the site URL and your network or VPN.")]
    SiteUnreachable { host: String, detail: String },

    #[error("The secure connection to {host} failed ({detail}). If your company inspects TLS, install its CA certificate in the system trust store.")]
    Tls { host: String, detail: String },

    #[error("The connection to {host} closed before Jira answered ({detail}). Vulnbridge does not repeat changes blindly: it checks whether the change went through before trying again.")]
    ConnectionDropped { host: String, detail: String },

    #[error("The proxy refused or failed the connection ({detail}). Check the proxy settings (HTTPS_PROXY / system proxy).")]
    Proxy { detail: String },

    #[error("Jira did not answer within {} seconds. Try again; if it keeps happening, the site may be overloaded.", .after.as_secs())]
    Timeout { after: Duration },

    // ---- HTTP answers ---------------------------------------------------------------------
    #[error("Jira is rate limiting requests ({}). Vulnbridge will retry{}.", .limit.reason.describe(), .limit.retry_after.map(|d| format!(" in {} seconds", d.as_secs().max(1))).unwrap_or_default())]
    RateLimited { limit: RateLimit },

    #[error("Jira had an internal problem (HTTP {status}{}). Try again later.", if .detail.is_empty() { String::new() } else { format!(": {}", .detail) })]
    ServerError { status: u16, detail: String },

    #[error("Jira could not find it (HTTP 404{}). It may not exist, or your account may not be allowed to see it.", if .detail.is_empty() { String::new() } else { format!(": {}", .detail) })]
    NotFound { detail: String },

    #[error("Jira rejected the request (HTTP {status}): {detail}")]
    Rejected {
        status: u16,
        detail: String,
        errors: Box<ErrorCollection>,
    },

    #[error("The request was not sent: {detail}")]
    InvalidRequest { detail: String },

    #[error("Jira refused the attachment '{file_name}' ({bytes} bytes) as too large (HTTP 413{}). Jira limits the size of one file (a site setting, Jira admin > System > Attachments), the files per upload (60 on Cloud) and the attachments per issue (2,000 on Cloud). Attach a smaller or compressed file, or ask a Jira admin to raise the limit.", if .detail.is_empty() { String::new() } else { format!(": {}", .detail) })]
    AttachmentTooLarge {
        file_name: String,
        bytes: u64,
        detail: String,
    },

    #[error("Jira sent an answer Vulnbridge does not understand ({detail}). Check that the site URL points at Jira.")]
    UnexpectedResponse { detail: String },

    // ---- connection test ------------------------------------------------------------------
    #[error("Connected as {account}, but this account cannot see any Jira project. Ask a Jira admin for the Browse Projects permission on the projects Vulnbridge should use.")]
    NoProjectsVisible { account: String },

    #[error("This Jira server runs version {version}; Personal Access Tokens need Jira Data Center 8.14 or later. Upgrade Jira, or use basic authentication.")]
    DataCenterTooOld { version: String },

    #[error("No Jira REST API answered at {site}. Check the site URL (for Data Center include the context path, e.g. https://jira.example.com/jira).")]
    NotJira { site: String },

    #[error("The site is Jira {actual}, but the connection is set up for Jira {expected}. Change the connection type.")]
    WrongDeployment {
        expected: &'static str,
        actual: String,
    },
}

impl Error {
    /// Stable snake_case code for the UI and for tests.
    pub fn code(&self) -> &'static str {
        match self {
            Self::KeyringUnavailable { .. } => "keyring_unavailable",
            Self::KeyringLocked { .. } => "keyring_locked",
            Self::KeyringFailure { .. } => "keyring_failure",
            Self::SecretMissing { .. } => "secret_missing",
            Self::InvalidConfig { .. } => "invalid_config",
            Self::BadCredentials { .. } => "bad_credentials",
            Self::TokenExpired { .. } => "token_expired",
            Self::ScopeMismatch => "scope_mismatch",
            Self::Forbidden { .. } => "forbidden",
            Self::BasicAuthDisabled => "basic_auth_disabled",
            Self::CaptchaRequired => "captcha_required",
            Self::NeedsReauthorization { .. } => "needs_reauthorization",
            Self::AuthorizationDenied { .. } => "authorization_denied",
            Self::CallbackTimeout { .. } => "callback_timeout",
            Self::CallbackPortInUse { .. } => "callback_port_in_use",
            Self::CallbackListener { .. } => "callback_listener_failed",
            Self::BrowserOpen { .. } => "browser_open_failed",
            Self::TokenRequestRejected { .. } => "token_request_rejected",
            Self::SiteNotAuthorized { .. } => "site_not_authorized",
            Self::SiteUnreachable { .. } => "site_unreachable",
            Self::Tls { .. } => "tls_error",
            Self::Proxy { .. } => "proxy_error",
            Self::ConnectionDropped { .. } => "connection_dropped",
            Self::Timeout { .. } => "timeout",
            Self::RateLimited { .. } => "rate_limited",
            Self::ServerError { .. } => "server_error",
            Self::NotFound { .. } => "not_found",
            Self::Rejected { .. } => "rejected",
            Self::UnexpectedResponse { .. } => "unexpected_response",
            Self::InvalidRequest { .. } => "invalid_request",
            Self::AttachmentTooLarge { .. } => "attachment_too_large",
            Self::NoProjectsVisible { .. } => "no_projects_visible",
            Self::DataCenterTooOld { .. } => "data_center_too_old",
            Self::WrongDeployment { .. } => "wrong_deployment",
            Self::NotJira { .. } => "not_jira",
        }
    }

    /// The `{code, message}` pair the app sends to the UI.
    pub fn to_payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code(),
            message: self.to_string(),
        }
    }

    /// True for failures where trying the same request again later can succeed.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::RateLimited { .. }
                | Self::ServerError { .. }
                | Self::Timeout { .. }
                | Self::SiteUnreachable { .. }
                | Self::ConnectionDropped { .. }
        )
    }

    /// True when a change may or may not have been applied by Jira (no answer arrived). The
    /// caller must look before repeating a non-idempotent request (e.g. search for the
    /// finding's label before creating its ticket again).
    pub fn is_ambiguous(&self) -> bool {
        matches!(
            self,
            Self::Timeout { .. } | Self::ConnectionDropped { .. } | Self::ServerError { .. }
        )
    }
}

/// What crosses IPC: a stable code and a human message. Never carries secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ErrorPayload {
    pub code: &'static str,
    pub message: String,
}

impl From<&Error> for ErrorPayload {
    fn from(error: &Error) -> Self {
        error.to_payload()
    }
}
