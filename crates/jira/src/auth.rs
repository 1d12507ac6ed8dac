//! Which `Authorization` header a connection sends, built from its settings and the keyring.

use std::sync::Arc;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::connection::{AuthMethod, ConnectionConfig};
use crate::error::{Error, Result};
use crate::oauth::session::OAuthSession;
use crate::oauth::token::TokenClient;
use crate::secret::Sensitive;
use crate::secret_store::{SecretKind, SecretStore};

/// A connection's credentials, ready to put on requests.
pub(crate) enum Credentials {
    /// `Basic base64(user:secret)` (Cloud API token, DC password). Holds the full header value.
    Basic(Sensitive<String>),
    /// `Bearer <PAT>`.
    Bearer(Sensitive<String>),
    /// `Bearer <access token>`, refreshed by the session.
    OAuth(Arc<OAuthSession>),
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Basic(_) => f.write_str("Basic([redacted])"),
            Self::Bearer(_) => f.write_str("Bearer([redacted])"),
            Self::OAuth(session) => f.debug_tuple("OAuth").field(session).finish(),
        }
    }
}

/// `Basic base64(user:secret)` as a header value.
pub(crate) fn basic_header(user: &str, secret: &Sensitive<String>) -> Sensitive<String> {
    let joined = Sensitive::new(format!("{user}:{}", secret.expose()));
    let encoded = Sensitive::new(STANDARD.encode(joined.expose().as_bytes()));
    Sensitive::new(format!("Basic {}", encoded.expose()))
}

/// Reads the secrets a connection needs from the store (blocking: call off the async runtime).
pub(crate) fn load_credentials(
    config: &ConnectionConfig,
    store: &Arc<dyn SecretStore>,
    http: &reqwest::Client,
    refresh_margin: Duration,
    token_timeout: Duration,
) -> Result<Credentials> {
    let id = &config.id;
    Ok(match &config.auth {
        AuthMethod::CloudApiToken { email, .. } => Credentials::Basic(basic_header(
            email,
            &store.require(id, SecretKind::ApiToken)?,
        )),
        AuthMethod::DcBasic { username } => Credentials::Basic(basic_header(
            username,
            &store.require(id, SecretKind::Password)?,
        )),
        AuthMethod::DcPat => Credentials::Bearer(store.require(id, SecretKind::Pat)?),
        AuthMethod::CloudOauth { .. } | AuthMethod::DcOauth { .. } => {
            let secret = store.get(id, SecretKind::ClientSecret)?;
            let tokens = TokenClient::new(config, http.clone(), secret, token_timeout)?;
            let session = OAuthSession::new(id.clone(), tokens, Arc::clone(store))
                .with_refresh_margin(refresh_margin);
            Credentials::OAuth(Arc::new(session))
        }
    })
}

/// Runs a blocking keyring job on the blocking pool.
pub(crate) async fn off_runtime<T: Send + 'static>(
    job: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|error| Error::KeyringFailure {
            kind: "credentials",
            detail: format!("the keyring task stopped: {error}"),
        })?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_header_is_rfc_7617() {
        let header = basic_header("ann@example.com", &"tok".into());
        assert_eq!(header.expose(), "Basic YW5uQGV4YW1wbGUuY29tOnRvaw==");
        assert_eq!(
            format!("{:?}", Credentials::Basic(header)),
            "Basic([redacted])"
        );
    }
}
