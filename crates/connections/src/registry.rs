//! The connection registry: turns wizard drafts into tested, saved connections and keeps
//! their health. Settings go to SQLite, secrets only to the [`SecretStore`] (the keyring).
//!
//! The store is passed in per call (the app keeps it behind a lock and must not hold that
//! lock across network calls); async methods never touch it.

use crate::view::{config_of, view_of};
use crate::{ConnectionDraft, ConnectionView, ConnectionsError, TestReport};
use std::sync::Arc;
use vulnbridge_jira::{
    ClientOptions, CloudEndpoints, ConnectionConfig, ConnectionId, JiraClient, MemorySecretStore,
    SecretKind, SecretStore, Sensitive,
};
use vulnbridge_store::Store;

/// Settings key naming the connection that points at the built-in sandbox.
pub(crate) const SANDBOX_SETTING: &str = "sandbox.connection_id";

pub struct Registry {
    secrets: Arc<dyn SecretStore>,
    options: ClientOptions,
    cloud_endpoints: CloudEndpoints,
}

/// What removing a connection did, and what is left for the user to do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Removal {
    pub name: String,
    /// How to revoke Vulnbridge's access on the Jira side, when that is on the user.
    pub revoke_hint: Option<String>,
}

impl Registry {
    pub fn new(secrets: Arc<dyn SecretStore>, options: ClientOptions) -> Self {
        Self {
            secrets,
            options,
            cloud_endpoints: CloudEndpoints::default(),
        }
    }

    /// Points new Cloud connections at other auth/API hosts than Atlassian's (the sandbox in
    /// tests and demos).
    pub fn with_cloud_endpoints(mut self, endpoints: CloudEndpoints) -> Self {
        self.cloud_endpoints = endpoints;
        self
    }

    pub fn secrets(&self) -> &Arc<dyn SecretStore> {
        &self.secrets
    }

    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// Every saved connection, oldest first.
    pub fn list(&self, store: &Store) -> Result<Vec<ConnectionView>, ConnectionsError> {
        let sandbox = store.setting(SANDBOX_SETTING)?;
        store
            .connections()?
            .iter()
            .map(|r| view_of(r, sandbox.as_deref()))
            .collect()
    }

    pub fn view(&self, store: &Store, id: &str) -> Result<ConnectionView, ConnectionsError> {
        let record = store
            .connection_by_id(id)?
            .ok_or_else(|| ConnectionsError::NotFound(id.to_owned()))?;
        view_of(&record, store.setting(SANDBOX_SETTING)?.as_deref())
    }

    /// The saved settings of a connection.
    pub fn config(&self, store: &Store, id: &str) -> Result<ConnectionConfig, ConnectionsError> {
        let record = store
            .connection_by_id(id)?
            .ok_or_else(|| ConnectionsError::NotFound(id.to_owned()))?;
        config_of(&record)
    }

    /// Validates a draft into settings: a fresh id for a new connection, the existing one's
    /// id (and Cloud site) when editing; names must be unique.
    pub fn prepare(
        &self,
        store: &Store,
        draft: &ConnectionDraft,
    ) -> Result<ConnectionConfig, ConnectionsError> {
        let existing = match &draft.id {
            Some(id) => Some(self.config(store, id)?),
            None => None,
        };
        let name = draft.name.trim();
        let clash = store
            .connections()?
            .into_iter()
            .any(|r| r.name.eq_ignore_ascii_case(name) && Some(&r.id) != draft.id.as_ref());
        if clash {
            return Err(ConnectionsError::DuplicateName(name.to_owned()));
        }
        let id = match &existing {
            Some(e) => e.id.clone(),
            None => ConnectionId::new(uuid::Uuid::new_v4().to_string())?,
        };
        let mut config = draft.to_config(id, existing.as_ref())?;
        if existing.is_none() {
            config.cloud_endpoints = self.cloud_endpoints.clone();
        }
        // A Cloud OAuth connection learns its site id when the user signs in; everything
        // else must be valid now.
        let mut checked = config.clone();
        if matches!(checked.auth, vulnbridge_jira::AuthMethod::CloudOauth { .. }) {
            checked
                .cloud_id
                .get_or_insert_with(|| "pending-sign-in".to_owned());
        }
        checked.validate()?;
        Ok(config)
    }

    /// Tests settings against Jira. `secret` is a newly typed secret for `config`'s method
    /// (kept in memory only); without it the keyring's is used.
    pub async fn test(
        &self,
        config: &ConnectionConfig,
        kind: SecretKind,
        secret: Option<&Sensitive<String>>,
    ) -> Result<TestReport, ConnectionsError> {
        let secrets: Arc<dyn SecretStore> = match secret {
            Some(value) => {
                let memory = MemorySecretStore::new();
                memory.set(&config.id, kind, value)?;
                Arc::new(memory)
            }
            None => self.secrets.clone(),
        };
        let client = JiraClient::connect(config.clone(), secrets, self.options.clone()).await?;
        Ok(client.test_connection().await?.into())
    }

    /// A client for a saved connection, reading its secrets from the keyring.
    pub async fn client(&self, config: &ConnectionConfig) -> Result<JiraClient, ConnectionsError> {
        Ok(JiraClient::connect(config.clone(), self.secrets.clone(), self.options.clone()).await?)
    }

    /// Saves settings and, when given, the secret: the secret goes to the keyring first, so
    /// a saved connection never lacks it. Blocks briefly on the keyring.
    pub fn save(
        &self,
        store: &Store,
        name: &str,
        config: &ConnectionConfig,
        kind: SecretKind,
        secret: Option<&Sensitive<String>>,
    ) -> Result<ConnectionView, ConnectionsError> {
        if let Some(value) = secret {
            self.secrets.set(&config.id, kind, value)?;
        }
        let json = serde_json::to_string(config)
            .map_err(|e| ConnectionsError::Invalid(format!("the settings cannot be saved: {e}")))?;
        store.save_connection(config.id.as_str(), name.trim(), &json)?;
        tracing::info!(
            connection = config.id.as_str(),
            kind = config.kind.label(),
            "connection saved"
        );
        self.view(store, config.id.as_str())
    }

    /// Records the outcome of a check as the connection's health.
    pub fn record(
        &self,
        store: &Store,
        id: &str,
        outcome: &Result<TestReport, ConnectionsError>,
    ) -> Result<(), ConnectionsError> {
        match outcome {
            Ok(report) => store.record_connection_success(id, &report.display_name)?,
            Err(err) => {
                let reauth = matches!(
                    err,
                    ConnectionsError::Jira(vulnbridge_jira::Error::NeedsReauthorization { .. })
                );
                tracing::warn!(
                    connection = id,
                    code = err.code(),
                    "connection check failed"
                );
                store.record_connection_failure(id, err.code(), &err.to_string(), reauth)?
            }
        }
        Ok(())
    }

    /// Deletes the connection's keyring entries, then its settings.
    pub fn remove(&self, store: &Store, id: &str) -> Result<Removal, ConnectionsError> {
        let config = self.config(store, id)?;
        let view = self.view(store, id)?;
        for kind in SecretKind::ALL {
            self.secrets.delete(&config.id, kind)?;
        }
        store.delete_connection(id)?;
        if store.setting(SANDBOX_SETTING)?.as_deref() == Some(id) {
            store.set_setting(SANDBOX_SETTING, "")?;
        }
        tracing::info!(connection = id, "connection removed");
        let revoke_hint = revoke_hint(&config);
        Ok(Removal {
            name: view.name,
            revoke_hint,
        })
    }
}

fn revoke_hint(config: &ConnectionConfig) -> Option<String> {
    use vulnbridge_jira::AuthMethod::*;
    Some(match &config.auth {
        CloudOauth { .. } => "Vulnbridge forgot its tokens. To revoke its access on Atlassian's side too, open your Atlassian account settings → Connected apps, and remove your OAuth app there.".to_owned(),
        CloudApiToken { .. } => "Vulnbridge forgot the API token. To make it unusable everywhere, revoke it at id.atlassian.com → Security → API tokens.".to_owned(),
        DcPat => "Vulnbridge forgot the token. To make it unusable everywhere, revoke it in Jira: your profile → Personal Access Tokens.".to_owned(),
        DcOauth { .. } => "Vulnbridge forgot its tokens. A Jira admin can revoke the application link's access under Administration → Applications → Application links.".to_owned(),
        DcBasic { .. } => return None,
    })
}
