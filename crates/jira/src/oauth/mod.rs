//! OAuth 2.0 for Jira Cloud (3LO) and Jira Data Center (incoming application link, PKCE).

pub mod listener;
pub mod page;
pub mod pkce;

pub use listener::{AuthorizationCode, CallbackConfig, CallbackListener};
pub use pkce::{new_state, Pkce};
