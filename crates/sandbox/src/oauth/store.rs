//! Authorization codes, access tokens and rotating refresh-token families.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

/// Which provider issued a grant: the two behave differently on refresh.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Provider {
    Cloud,
    DataCenter,
}

#[derive(Clone, Debug)]
pub(crate) struct Consent {
    pub provider: Provider,
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: String,
    pub state: Option<String>,
    /// (method, challenge) for PKCE.
    pub challenge: Option<(String, String)>,
}

#[derive(Clone, Debug)]
pub(crate) struct AuthCode {
    pub consent: Consent,
    pub account_id: String,
    pub issued: DateTime<Utc>,
    pub used: bool,
    /// The family created when the code was exchanged (revoked if the code is replayed).
    pub family: Option<u64>,
}

#[derive(Clone, Debug)]
struct AccessToken {
    family: u64,
    expires: DateTime<Utc>,
}

#[derive(Clone, Debug)]
struct RefreshToken {
    family: u64,
    rotated_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug)]
pub(crate) struct Family {
    pub provider: Provider,
    pub client_id: String,
    pub redirect_uri: String,
    pub account_id: String,
    pub scope: String,
    pub created: DateTime<Utc>,
    pub last_refresh: DateTime<Utc>,
    pub revoked: bool,
}

/// Lifetimes (Cloud: 1 h access, 90 d idle, 365 d absolute, 10 min reuse leeway).
pub(crate) const ACCESS_TTL_SECS: i64 = 3600;
pub(crate) const CODE_TTL_MINUTES: i64 = 10;
pub(crate) const REUSE_LEEWAY_MINUTES: i64 = 10;
const IDLE_DAYS: i64 = 90;
const ABSOLUTE_DAYS: i64 = 365;

/// Tokens issued by one grant or refresh.
#[derive(Clone, Debug)]
pub(crate) struct Issued {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub scope: String,
}

/// Why a refresh token was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RefreshRefusal {
    Unknown,
    /// Reused outside the leeway: the whole family is now revoked.
    ReuseDetected,
    Expired,
    WrongClient,
}

/// A valid access token's grant.
#[derive(Clone, Debug)]
pub(crate) struct Grant {
    pub account_id: String,
    pub scope: String,
    pub provider: Provider,
}

#[derive(Debug, Default)]
pub(crate) struct OAuthStore {
    pub consents: HashMap<String, Consent>,
    pub codes: HashMap<String, AuthCode>,
    access: HashMap<String, AccessToken>,
    refresh: HashMap<String, RefreshToken>,
    families: HashMap<u64, Family>,
    next_family: u64,
}

impl OAuthStore {
    pub fn revoke_family(&mut self, id: u64) {
        if let Some(f) = self.families.get_mut(&id) {
            f.revoked = true;
        }
    }

    /// Revokes every grant (the user removed the app under "Connected apps").
    pub fn revoke_all(&mut self) {
        for f in self.families.values_mut() {
            f.revoked = true;
        }
    }

    /// Starts a family for an exchanged code and issues its first tokens.
    pub fn start_family(
        &mut self,
        code: &AuthCode,
        now: DateTime<Utc>,
        mut token: impl FnMut(&str) -> String,
    ) -> (u64, Issued) {
        self.next_family += 1;
        let id = self.next_family;
        self.families.insert(
            id,
            Family {
                provider: code.consent.provider,
                client_id: code.consent.client_id.clone(),
                redirect_uri: code.consent.redirect_uri.clone(),
                account_id: code.account_id.clone(),
                scope: code.consent.scope.clone(),
                created: now,
                last_refresh: now,
                revoked: false,
            },
        );
        let issued = self.issue(id, now, &mut token);
        (id, issued)
    }

    fn issue(
        &mut self,
        family: u64,
        now: DateTime<Utc>,
        token: &mut impl FnMut(&str) -> String,
    ) -> Issued {
        let Some(f) = self.families.get(&family) else {
            return Issued {
                access_token: String::new(),
                refresh_token: None,
                scope: String::new(),
            };
        };
        let scope = f.scope.clone();
        let wants_refresh = f.provider == Provider::DataCenter
            || scope.split_whitespace().any(|s| s == "offline_access");
        let access_token = token("sbx_at_");
        self.access.insert(
            access_token.clone(),
            AccessToken {
                family,
                expires: now + Duration::seconds(ACCESS_TTL_SECS),
            },
        );
        let refresh_token = wants_refresh.then(|| {
            let t = token("sbx_rt_");
            self.refresh.insert(
                t.clone(),
                RefreshToken {
                    family,
                    rotated_at: None,
                },
            );
            t
        });
        Issued {
            access_token,
            refresh_token,
            scope,
        }
    }

    /// Rotates a refresh token. Cloud tolerates reuse within the leeway and revokes the
    /// family after it; Data Center refuses any reuse.
    pub fn refresh(
        &mut self,
        refresh_token: &str,
        client_id: &str,
        now: DateTime<Utc>,
        mut token: impl FnMut(&str) -> String,
    ) -> Result<Issued, RefreshRefusal> {
        let rt = self
            .refresh
            .get(refresh_token)
            .cloned()
            .ok_or(RefreshRefusal::Unknown)?;
        let family = self
            .families
            .get(&rt.family)
            .cloned()
            .ok_or(RefreshRefusal::Unknown)?;
        if family.revoked {
            return Err(RefreshRefusal::Unknown);
        }
        if family.client_id != client_id {
            return Err(RefreshRefusal::WrongClient);
        }
        if now > family.last_refresh + Duration::days(IDLE_DAYS)
            || now > family.created + Duration::days(ABSOLUTE_DAYS)
        {
            return Err(RefreshRefusal::Expired);
        }
        if let Some(rotated) = rt.rotated_at {
            let within = now - rotated <= Duration::minutes(REUSE_LEEWAY_MINUTES);
            if family.provider == Provider::DataCenter {
                return Err(RefreshRefusal::Unknown);
            }
            if !within {
                self.revoke_family(rt.family);
                return Err(RefreshRefusal::ReuseDetected);
            }
        } else if let Some(stored) = self.refresh.get_mut(refresh_token) {
            stored.rotated_at = Some(now);
        }
        if let Some(f) = self.families.get_mut(&rt.family) {
            f.last_refresh = now;
        }
        Ok(self.issue(rt.family, now, &mut token))
    }

    /// The grant behind a live access token.
    pub fn access(&self, token: &str, now: DateTime<Utc>) -> Option<Grant> {
        let at = self.access.get(token)?;
        let family = self.families.get(&at.family)?;
        (!family.revoked && now < at.expires).then(|| Grant {
            account_id: family.account_id.clone(),
            scope: family.scope.clone(),
            provider: family.provider,
        })
    }
}

impl OAuthStore {
    /// The family a refresh token belongs to, if known.
    pub fn refresh_family(&self, refresh_token: &str) -> Option<&Family> {
        let rt = self.refresh.get(refresh_token)?;
        self.families.get(&rt.family)
    }
}
