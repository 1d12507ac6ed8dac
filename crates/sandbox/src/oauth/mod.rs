//! OAuth 2.0: Cloud 3LO (auth.atlassian.com / api.atlassian.com paths) and Data Center
//! incoming application links with PKCE.

pub(crate) mod cloud;
mod consent;
pub(crate) mod dc;
pub(crate) mod store;

pub(crate) use consent::{approve as consent_approve, deny as consent_deny};
