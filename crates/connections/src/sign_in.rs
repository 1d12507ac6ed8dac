//! Browser sign-in (OAuth 2.0) for saved connections: Cloud 3LO with the user's own OAuth app,
//! Data Center incoming application links with PKCE. After the browser comes back, a Cloud
//! connection learns its site id (cloudId), picked by the user when the grant reaches several.

use crate::{ConnectionView, ConnectionsError, Registry};
use serde::{Deserialize, Serialize};
use url::Url;
use vulnbridge_jira::oauth::{PendingSignIn, SignInOptions, SignInOutcome};
use vulnbridge_jira::{ConnectionConfig, DeploymentKind};
use vulnbridge_store::Store;

/// A Cloud site the signed-in account can reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SiteChoice {
    pub cloud_id: String,
    pub name: String,
    pub url: String,
}

/// The end of a sign-in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SignInResult {
    pub connection: ConnectionView,
    /// Non-empty when the user must pick the site (the grant reaches several and none is
    /// the configured address); finish with [`Registry::choose_site`].
    pub site_choices: Vec<SiteChoice>,
}

impl Registry {
    /// Binds the callback listener and builds the authorize URL. The client secret must be
    /// saved already.
    pub async fn begin_sign_in(
        &self,
        config: &ConnectionConfig,
        options: SignInOptions,
    ) -> Result<PendingSignIn, ConnectionsError> {
        let options = SignInOptions {
            client: self.options().clone(),
            ..options
        };
        Ok(PendingSignIn::start(config.clone(), self.secrets().clone(), options).await?)
    }

    /// Stores what the sign-in learned (the Cloud site) and reports whether a site must be
    /// picked. Tokens were already written to the keyring by the sign-in itself.
    pub fn finish_sign_in(
        &self,
        store: &Store,
        config: &ConnectionConfig,
        outcome: &SignInOutcome,
    ) -> Result<SignInResult, ConnectionsError> {
        let id = config.id.as_str();
        let mut choices = Vec::new();
        if config.kind == DeploymentKind::Cloud {
            match &outcome.matched_site {
                Some(site) => self.set_site(store, config, &site.id, &site.url)?,
                None if outcome.sites.len() == 1 => {
                    let only = &outcome.sites[0];
                    self.set_site(store, config, &only.id, &only.url)?
                }
                None if outcome.sites.is_empty() => {
                    return Err(vulnbridge_jira::Error::SiteNotAuthorized {
                        site: config.site_url.to_string(),
                    }
                    .into())
                }
                None => {
                    choices = outcome
                        .sites
                        .iter()
                        .map(|s| SiteChoice {
                            cloud_id: s.id.clone(),
                            name: s.name.clone(),
                            url: s.url.clone(),
                        })
                        .collect()
                }
            }
        }
        Ok(SignInResult {
            connection: self.view(store, id)?,
            site_choices: choices,
        })
    }

    /// Finishes a Cloud sign-in where the user picked one of several sites.
    pub fn choose_site(
        &self,
        store: &Store,
        id: &str,
        site: &SiteChoice,
    ) -> Result<ConnectionView, ConnectionsError> {
        let config = self.config(store, id)?;
        self.set_site(store, &config, &site.cloud_id, &site.url)?;
        self.view(store, id)
    }

    fn set_site(
        &self,
        store: &Store,
        config: &ConnectionConfig,
        cloud_id: &str,
        site_url: &str,
    ) -> Result<(), ConnectionsError> {
        let mut updated = config.clone();
        updated.cloud_id = Some(cloud_id.to_owned());
        if let Ok(url) = Url::parse(site_url) {
            updated.site_url = url;
        }
        updated.validate()?;
        let name = self.view(store, config.id.as_str())?.name;
        let json = serde_json::to_string(&updated)
            .map_err(|e| ConnectionsError::Invalid(format!("the settings cannot be saved: {e}")))?;
        store.save_connection(config.id.as_str(), &name, &json)?;
        Ok(())
    }
}
