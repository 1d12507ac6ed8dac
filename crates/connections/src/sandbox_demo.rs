//! "Try with the local sandbox": a Jira Cloud emulator on loopback with demo projects, and a
//! connection to it made with its demo API token, so the whole flow works without an account.
//!
//! The sandbox keeps its data in memory: tickets created in it are gone when the app quits.

use crate::registry::SANDBOX_SETTING;
use crate::{AuthDraft, ConnectionDraft, ConnectionView, ConnectionsError, Registry};
use vulnbridge_jira::{SecretKind, Sensitive};
use vulnbridge_sandbox::{Flavor, RunningSandbox, Sandbox, SandboxConfig};
use vulnbridge_store::Store;

pub const SANDBOX_CONNECTION_NAME: &str = "Local sandbox";

/// The sandbox's preferred port, so its saved address stays valid across restarts.
pub const SANDBOX_PORT: u16 = 47821;

/// The running demo Jira, served on the caller's tokio runtime.
pub struct SandboxDemo {
    sandbox: RunningSandbox,
}

impl SandboxDemo {
    /// Starts the sandbox on its preferred port, or on any free one if that is taken.
    pub async fn start() -> Result<Self, ConnectionsError> {
        let config = SandboxConfig::new(Flavor::Cloud);
        let sandbox = match Sandbox::start(config.clone().with_port(SANDBOX_PORT)).await {
            Ok(sandbox) => sandbox,
            Err(_) => Sandbox::start(config.with_port(0))
                .await
                .map_err(|e| ConnectionsError::Sandbox(e.to_string()))?,
        };
        tracing::info!(url = sandbox.base_url(), "local Jira sandbox started");
        Ok(Self { sandbox })
    }

    pub fn base_url(&self) -> &str {
        self.sandbox.base_url()
    }

    /// The sandbox itself (tests and the demo tools poke at it).
    pub fn sandbox(&self) -> &RunningSandbox {
        &self.sandbox
    }

    /// The draft of the sandbox connection (demo API token sign-in).
    pub fn draft(&self, existing_id: Option<String>) -> ConnectionDraft {
        ConnectionDraft {
            id: existing_id,
            name: SANDBOX_CONNECTION_NAME.to_owned(),
            site_url: self.base_url().to_owned(),
            auth: AuthDraft::CloudApiToken {
                email: self.sandbox.credentials().email.clone(),
            },
        }
    }

    /// The demo API token, stored in the keyring like any other secret.
    pub fn secret(&self) -> Sensitive<String> {
        Sensitive::new(self.sandbox.credentials().api_token.clone())
    }

    /// Stops the server.
    pub async fn shutdown(self) {
        self.sandbox.shutdown().await;
    }

    /// Id of the saved sandbox connection, if there is one.
    pub fn saved_id(store: &Store) -> Result<Option<String>, ConnectionsError> {
        let id = store.setting(SANDBOX_SETTING)?.filter(|id| !id.is_empty());
        match id {
            Some(id) if store.connection_by_id(&id)?.is_some() => Ok(Some(id)),
            _ => Ok(None),
        }
    }

    /// Saves (or refreshes the address of) the sandbox connection. Test it afterwards with
    /// [`Registry::test`] outside the store lock.
    pub fn save_connection(
        &self,
        registry: &Registry,
        store: &Store,
    ) -> Result<ConnectionView, ConnectionsError> {
        let draft = self.draft(Self::saved_id(store)?);
        let config = registry.prepare(store, &draft)?;
        registry.save(
            store,
            &draft.name,
            &config,
            SecretKind::ApiToken,
            Some(&self.secret()),
        )?;
        store.set_setting(SANDBOX_SETTING, config.id.as_str())?;
        registry.view(store, config.id.as_str())
    }
}
