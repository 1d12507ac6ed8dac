//! A connection's health as the user sees it.

use serde::{Deserialize, Serialize};
use vulnbridge_store::ConnectionHealth;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum HealthState {
    /// Saved but never checked.
    Untested,
    /// The last check succeeded.
    Healthy,
    /// The last check failed; see the error.
    Failing,
    /// The OAuth grant was revoked or expired: sign in again.
    NeedsReauth,
}

impl HealthState {
    pub fn of(health: &ConnectionHealth) -> Self {
        if health.needs_reauth {
            Self::NeedsReauth
        } else if health.last_error.is_some() {
            Self::Failing
        } else if health.last_success_at.is_some() {
            Self::Healthy
        } else {
            Self::Untested
        }
    }
}
