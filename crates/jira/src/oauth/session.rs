//! One OAuth connection's live tokens: hands out a valid access token, refreshes ahead of
//! expiry, single-flight, and persists rotated refresh tokens before the new access token is
//! used. A revoked or expired grant turns into a sticky [`Error::NeedsReauthorization`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;
use zeroize::Zeroize;

use crate::auth::off_runtime;
use crate::connection::ConnectionId;
use crate::error::{Error, Result};
use crate::oauth::token::{TokenClient, TokenSet};
use crate::secret::Sensitive;
use crate::secret_store::{SecretKind, SecretStore};

/// Refresh this long before the access token expires.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// The access token as kept in the keyring: the token and when it expires.
#[derive(Serialize, Deserialize)]
struct StoredAccess {
    token: String,
    expires_at: u64,
}

impl Drop for StoredAccess {
    fn drop(&mut self) {
        self.token.zeroize();
    }
}

struct Cached {
    access_token: Sensitive<String>,
    expires_at: SystemTime,
    /// A rotated refresh token the keyring has not accepted yet. While set, the access token
    /// is not handed out (persist first, then use).
    unsaved_refresh: Option<Sensitive<String>>,
}

enum State {
    /// Nothing loaded yet (look in the keyring).
    Unloaded,
    Ready(Cached),
    /// No keyring access token, or it expired: refresh before use.
    NeedsRefresh,
    /// The grant is gone; only a new browser sign-in helps.
    Reauthorize(String),
}

/// See the module docs. Share it (`Arc`) between all requests of a connection.
pub struct OAuthSession {
    connection: ConnectionId,
    tokens: TokenClient,
    store: Arc<dyn SecretStore>,
    refresh_margin: Duration,
    state: Mutex<State>,
    refreshes: AtomicU64,
}

impl std::fmt::Debug for OAuthSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthSession")
            .field("connection", &self.connection)
            .field("tokens", &self.tokens)
            .field("refreshes", &self.refresh_count())
            .finish_non_exhaustive()
    }
}

fn unix(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl OAuthSession {
    pub fn new(connection: ConnectionId, tokens: TokenClient, store: Arc<dyn SecretStore>) -> Self {
        Self {
            connection,
            tokens,
            store,
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            state: Mutex::new(State::Unloaded),
            refreshes: AtomicU64::new(0),
        }
    }

    /// Refresh when less than `margin` of the access token's life is left.
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// How many refresh requests this session has sent (diagnostics and tests).
    pub fn refresh_count(&self) -> u64 {
        self.refreshes.load(Ordering::SeqCst)
    }

    pub fn token_client(&self) -> &TokenClient {
        &self.tokens
    }

    /// Stores the tokens from a fresh sign-in (refresh token first) and starts using them.
    /// Without a refresh token (Cloud: no `offline_access` scope) the sign-in lasts until the
    /// access token expires.
    pub async fn accept_new_grant(&self, tokens: TokenSet) -> Result<()> {
        let mut state = self.state.lock().await;
        match tokens.refresh_token {
            Some(refresh) => self.save_refresh(refresh).await?,
            None => {
                tracing::warn!(connection = %self.connection, "sign-in returned no refresh token");
                let (store, connection) = (Arc::clone(&self.store), self.connection.clone());
                off_runtime(move || store.delete(&connection, SecretKind::RefreshToken)).await?;
            }
        }
        self.save_access(&tokens.access_token, tokens.expires_at)
            .await?;
        *state = State::Ready(Cached {
            access_token: tokens.access_token,
            expires_at: tokens.expires_at,
            unsaved_refresh: None,
        });
        Ok(())
    }

    /// A valid access token, refreshing first if it is close to expiry. Concurrent callers
    /// share one refresh.
    pub async fn access_token(&self) -> Result<Sensitive<String>> {
        let mut state = self.state.lock().await;
        if matches!(*state, State::Unloaded) {
            *state = self.load().await?;
        }
        if let State::Reauthorize(reason) = &*state {
            // Sticky until a new sign-in stores a refresh token again (its tokens were
            // removed when the grant died), then this session picks the new grant up.
            let (store, connection) = (Arc::clone(&self.store), self.connection.clone());
            let signed_in_again =
                off_runtime(move || store.get(&connection, SecretKind::RefreshToken))
                    .await?
                    .is_some();
            if !signed_in_again {
                return Err(Error::NeedsReauthorization {
                    reason: reason.clone(),
                });
            }
            *state = self.load().await?;
        }
        if let State::Ready(cached) = &mut *state {
            if let Some(unsaved) = cached.unsaved_refresh.clone() {
                self.save_refresh(unsaved).await?;
                cached.unsaved_refresh = None;
                self.save_access(&cached.access_token, cached.expires_at)
                    .await?;
            }
            if SystemTime::now() + self.refresh_margin < cached.expires_at {
                return Ok(cached.access_token.clone());
            }
        }
        self.refresh_locked(&mut state).await
    }

    /// Called when Jira answered 401 to `rejected`: the next call refreshes (once), unless
    /// another caller already replaced that token.
    pub async fn reject(&self, rejected: &Sensitive<String>) {
        let mut state = self.state.lock().await;
        if let State::Ready(cached) = &*state {
            if cached.access_token.expose() == rejected.expose() && cached.unsaved_refresh.is_none()
            {
                *state = State::NeedsRefresh;
            }
        }
    }

    /// The sign-in is unusable: forget the tokens (a restart must not retry them either).
    pub async fn forget(&self, reason: &str) -> Result<()> {
        let mut state = self.state.lock().await;
        *state = State::Reauthorize(reason.to_owned());
        self.delete_tokens().await
    }

    async fn load(&self) -> Result<State> {
        let (store, connection) = (Arc::clone(&self.store), self.connection.clone());
        let stored = off_runtime(move || store.get(&connection, SecretKind::AccessToken)).await?;
        let parsed = stored.and_then(|raw| serde_json::from_str::<StoredAccess>(raw.expose()).ok());
        Ok(match parsed {
            Some(stored) => State::Ready(Cached {
                access_token: Sensitive::new(stored.token.clone()),
                expires_at: UNIX_EPOCH + Duration::from_secs(stored.expires_at),
                unsaved_refresh: None,
            }),
            None => State::NeedsRefresh,
        })
    }

    async fn refresh_locked(&self, state: &mut State) -> Result<Sensitive<String>> {
        let (store, connection) = (Arc::clone(&self.store), self.connection.clone());
        let Some(refresh_token) =
            off_runtime(move || store.get(&connection, SecretKind::RefreshToken)).await?
        else {
            let reason = "no saved sign-in was found".to_owned();
            *state = State::Reauthorize(reason.clone());
            return Err(Error::NeedsReauthorization { reason });
        };
        self.refreshes.fetch_add(1, Ordering::SeqCst);
        tracing::info!(connection = %self.connection, "refreshing the OAuth access token");
        let tokens = match self.tokens.refresh(&refresh_token).await {
            Ok(tokens) => tokens,
            Err(Error::NeedsReauthorization { reason }) => {
                tracing::warn!(connection = %self.connection, "OAuth grant is no longer valid; sign-in needed");
                *state = State::Reauthorize(reason.clone());
                self.delete_tokens().await?;
                return Err(Error::NeedsReauthorization { reason });
            }
            Err(other) => return Err(other),
        };
        let access = tokens.access_token;
        // Rotation: the old refresh token is now spent. Persist the new one before anything
        // uses the new access token; if the keyring fails, keep it in memory and retry there.
        let rotated = tokens.refresh_token;
        *state = State::Ready(Cached {
            access_token: access.clone(),
            expires_at: tokens.expires_at,
            unsaved_refresh: rotated.clone(),
        });
        if let Some(rotated) = rotated {
            self.save_refresh(rotated).await?;
        }
        if let State::Ready(cached) = state {
            cached.unsaved_refresh = None;
        }
        self.save_access(&access, tokens.expires_at).await?;
        Ok(access)
    }

    async fn save_refresh(&self, token: Sensitive<String>) -> Result<()> {
        let (store, connection) = (Arc::clone(&self.store), self.connection.clone());
        off_runtime(move || store.set(&connection, SecretKind::RefreshToken, &token)).await
    }

    async fn save_access(&self, token: &Sensitive<String>, expires_at: SystemTime) -> Result<()> {
        let value = serde_json::to_string(&StoredAccess {
            token: token.expose().clone(),
            expires_at: unix(expires_at),
        })
        .map(Sensitive::new)
        .map_err(|e| Error::KeyringFailure {
            kind: "OAuth access token",
            detail: e.to_string(),
        })?;
        let (store, connection) = (Arc::clone(&self.store), self.connection.clone());
        off_runtime(move || store.set(&connection, SecretKind::AccessToken, &value)).await
    }

    async fn delete_tokens(&self) -> Result<()> {
        let (store, connection) = (Arc::clone(&self.store), self.connection.clone());
        off_runtime(move || {
            store.delete(&connection, SecretKind::AccessToken)?;
            store.delete(&connection, SecretKind::RefreshToken)
        })
        .await
    }
}
