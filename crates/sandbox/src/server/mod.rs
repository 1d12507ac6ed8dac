//! Starting, inspecting and stopping a sandbox.

mod blocking;
mod connection;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use blocking::BlockingSandbox;

use crate::app::App;
use crate::clock::Clock;
use crate::config::{Flavor, SandboxConfig};
use crate::credentials::DemoCredentials;
use crate::error::SandboxError;
use crate::faults::FaultPlan;
use crate::request_log::RequestLog;

/// Entry point: `Sandbox::start(config).await`.
pub struct Sandbox;

impl Sandbox {
    /// Binds 127.0.0.1:`config.port` and serves the emulated Jira on the current tokio runtime.
    pub async fn start(config: SandboxConfig) -> Result<RunningSandbox, SandboxError> {
        let listener = TcpListener::bind(("127.0.0.1", config.port))
            .await
            .map_err(|source| SandboxError::Bind {
                port: config.port,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| SandboxError::Bind {
            port: config.port,
            source,
        })?;
        let base_url = format!("http://{addr}");
        let app = Arc::new(App::new(&config, base_url));
        let router = crate::routes::router(app.clone());
        let (tx, rx) = watch::channel(false);
        let task = tokio::spawn(connection::serve(listener, app.clone(), router, rx));
        Ok(RunningSandbox {
            app,
            addr,
            shutdown: tx,
            task: std::sync::Mutex::new(Some(task)),
        })
    }

    /// Starts a sandbox on a runtime it owns, for synchronous callers (e.g. a Tauri setup hook).
    /// Call it from a thread that is not inside a tokio runtime.
    pub fn start_blocking(config: SandboxConfig) -> Result<BlockingSandbox, SandboxError> {
        BlockingSandbox::start(config)
    }
}

/// A snapshot of one issue, for assertions.
#[derive(Clone, Debug, PartialEq)]
pub struct IssueSnapshot {
    /// Numeric id.
    pub id: String,
    /// Issue key, e.g. `SEC-4`.
    pub key: String,
    /// Summary.
    pub summary: String,
    /// Status name.
    pub status: String,
    /// Status category key: `new`, `indeterminate` or `done`.
    pub status_category: String,
    /// Resolution name, if resolved.
    pub resolution: Option<String>,
    /// Labels.
    pub labels: Vec<String>,
    /// Number of comments.
    pub comments: usize,
    /// Number of attachments.
    pub attachments: usize,
    /// Number of remote links.
    pub remote_links: usize,
    /// Entity property keys.
    pub property_keys: Vec<String>,
    /// `updated` timestamp.
    pub updated: chrono::DateTime<chrono::Utc>,
}

/// A sandbox serving on loopback. Dropping it stops accepting connections and closes open ones
/// (without waiting); [`RunningSandbox::shutdown`] also waits for the server task to end.
pub struct RunningSandbox {
    app: Arc<App>,
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    task: std::sync::Mutex<Option<JoinHandle<()>>>,
}

impl RunningSandbox {
    /// `http://127.0.0.1:PORT`: the site URL, and also where the auth.atlassian.com
    /// (`/authorize`, `/oauth/token`) and api.atlassian.com (`/oauth/token/accessible-resources`,
    /// `/ex/jira/{cloudId}/...`) paths are served.
    pub fn base_url(&self) -> &str {
        &self.app.base_url
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The dialect being served.
    pub fn flavor(&self) -> Flavor {
        self.app.flavor
    }

    /// The credentials this sandbox accepts.
    pub fn credentials(&self) -> &DemoCredentials {
        &self.app.creds
    }

    /// Cloud: `{base}/ex/jira/{cloudId}`, the API base for OAuth bearer tokens.
    pub fn gateway_base_url(&self) -> String {
        format!(
            "{}/ex/jira/{}",
            self.app.base_url,
            self.app.creds.cloud_id()
        )
    }

    /// Every request so far.
    pub fn request_log(&self) -> RequestLog {
        RequestLog::new(self.app.log().clone())
    }

    /// Forgets the logged requests.
    pub fn clear_request_log(&self) {
        self.app.log().clear();
    }

    /// Replaces the fault plan; rule counters and rate-limit windows start over.
    pub fn set_faults(&self, plan: FaultPlan) {
        self.app.faults().set_plan(plan);
    }

    /// The clock; advance it to expire tokens and codes.
    pub fn clock(&self) -> Clock {
        self.app.clock.clone()
    }

    /// Revokes every OAuth grant, as a user removing the app under "Connected apps" would.
    pub fn revoke_oauth_grants(&self) {
        self.app.oauth().revoke_all();
    }

    /// Issues in a project (by key).
    pub fn issue_count(&self, project_key: &str) -> usize {
        self.app
            .state()
            .issues
            .values()
            .filter(|i| i.project.eq_ignore_ascii_case(project_key))
            .count()
    }

    /// Keys of issues carrying `label`, in creation order.
    pub fn issues_with_label(&self, label: &str) -> Vec<String> {
        self.app
            .state()
            .issues
            .values()
            .filter(|i| i.labels().iter().any(|l| l == label))
            .map(|i| i.key.clone())
            .collect()
    }

    /// A snapshot of an issue by key or id.
    pub fn issue(&self, id_or_key: &str) -> Option<IssueSnapshot> {
        let state = self.app.state();
        let issue = state.issue(id_or_key)?;
        let status = state.status(&issue.status)?;
        Some(IssueSnapshot {
            id: issue.id.to_string(),
            key: issue.key.clone(),
            summary: issue
                .fields
                .get("summary")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned(),
            status: status.name.clone(),
            status_category: status.category.key().to_owned(),
            resolution: issue
                .resolution
                .as_deref()
                .and_then(|r| state.resolution(r))
                .map(|r| r.name.clone()),
            labels: issue.labels(),
            comments: issue.comments.len(),
            attachments: issue.attachments.len(),
            remote_links: issue.remote_links.len(),
            property_keys: issue.properties.keys().cloned().collect(),
            updated: issue.updated,
        })
    }

    /// Stops accepting connections and closes open ones.
    pub async fn shutdown(self) {
        self.stop().await;
    }

    pub(crate) async fn stop(&self) {
        let _ = self.shutdown.send(true);
        let task = self.task.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(task) = task {
            let _ = task.await;
        }
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}
