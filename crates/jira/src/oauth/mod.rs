//! OAuth 2.0 for Jira Cloud (3LO) and Jira Data Center (incoming application link, PKCE).

pub mod cloud;
pub mod dc;
pub mod flow;
pub mod listener;
pub mod page;
pub mod pkce;
pub mod session;
pub mod token;

pub use cloud::CloudSite;
pub use flow::{
    sign_in, BrowserOpener, PendingSignIn, SignInOptions, SignInOutcome, SystemBrowser,
};
pub use listener::{AuthorizationCode, CallbackConfig, CallbackListener};
pub use pkce::{new_state, Pkce};
pub use session::OAuthSession;
pub use token::{redirect_uri_for, TokenClient, TokenSet};
