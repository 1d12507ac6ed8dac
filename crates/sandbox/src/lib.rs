//! # vulnbridge-sandbox
//!
//! A local Jira emulator speaking both dialects Vulnbridge uses:
//!
//! * **Cloud** — REST v3 under `/rest/api/3` (also via `/ex/jira/{cloudId}/rest/api/3`),
//!   ADF text, users by `accountId`, API tokens (Basic `email:token`) and OAuth 2.0 (3LO) with
//!   rotating refresh tokens. The auth.atlassian.com and api.atlassian.com paths are served from
//!   the same base URL.
//! * **Data Center** — REST v2 under `/rest/api/2`, wiki-markup strings, users by `name`,
//!   Personal Access Tokens, Basic auth, OAuth 2.0 incoming links with PKCE.
//!
//! It keeps state in memory, validates writes like Jira (required fields, allowed values,
//! limits, ADF), answers with Jira's ErrorCollection bodies, supports a JQL subset, and can
//! inject faults and rate limits deterministically.
//!
//! ```no_run
//! # async fn demo() -> Result<(), vulnbridge_sandbox::SandboxError> {
//! use vulnbridge_sandbox::{Flavor, Sandbox, SandboxConfig};
//! let sandbox = Sandbox::start(SandboxConfig::new(Flavor::Cloud)).await?;
//! println!("Jira at {}", sandbox.base_url());
//! let creds = sandbox.credentials();
//! println!("Basic {}:{}", creds.email, creds.api_token);
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```

mod adf;
mod app;
mod auth;
mod clock;
mod config;
mod credentials;
mod error;
mod faults;
mod form_encoding;
mod jira_error;
mod jql;
mod oauth;
mod ops;
mod pat;
mod render;
mod request_log;
mod routes;
mod server;
mod state;

pub use chrono;
pub use clock::Clock;
pub use config::{Flavor, SandboxConfig, Seed};
pub use credentials::{CloudSite, DemoCredentials};
pub use error::SandboxError;
pub use faults::{
    Budget, Fault, FaultPlan, FaultRule, RateLimitReason, RateLimits, Target, Trigger,
};
pub use request_log::{LoggedRequest, RequestLog};
pub use server::{BlockingSandbox, IssueSnapshot, RunningSandbox, Sandbox};

/// PKCE S256 challenge for a verifier (base64url of SHA-256, no padding), for tests and
/// clients exercising the Data Center OAuth flow.
pub fn pkce_s256_challenge(verifier: &str) -> String {
    oauth::dc::s256(verifier)
}
