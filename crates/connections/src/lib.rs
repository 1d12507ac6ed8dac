//! Jira connections as the user manages them: a draft from the wizard becomes a tested,
//! saved connection (settings in SQLite, secrets only in the keyring), whose health is
//! recorded after every check. Shared by the desktop app and the CLI; knows nothing of Tauri.

mod draft;
mod error;
mod health;
mod registry;
mod sandbox_demo;
mod sign_in;
mod view;

pub use draft::{AuthDraft, ConnectionDraft, SUGGESTED_CALLBACK_PORT};
pub use error::ConnectionsError;
pub use health::HealthState;
pub use registry::{Registry, Removal};
pub use sandbox_demo::{SandboxDemo, SANDBOX_CONNECTION_NAME};
pub use sign_in::{SignInResult, SiteChoice};
pub use view::{ConnectionView, HealthView, TestReport};
