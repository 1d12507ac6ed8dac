//! Vulnbridge's Jira REST client: connection settings, credentials in the OS keyring, OAuth 2.0
//! (Cloud 3LO and Data Center), the HTTP core with error classification and retries.

mod auth;
mod classify;
pub mod client;
pub mod connection;
pub mod error;
pub mod error_collection;
pub mod health;
pub mod keyring_store;
pub mod oauth;
pub mod rate_limit;
pub mod resources;
pub mod retry;
pub mod secret;
pub mod secret_store;
pub mod tenant_info;

pub use client::{ApiRequest, ApiResponse, ClientOptions, Dialect, FilePart, JiraClient};
pub use connection::{AuthMethod, CloudEndpoints, ConnectionConfig, ConnectionId, DeploymentKind};
pub use error::{Error, ErrorPayload, Result};
pub use error_collection::ErrorCollection;
pub use health::ConnectionReport;
pub use keyring_store::{KeyringStore, KEYRING_SERVICE};
pub use rate_limit::{RateLimit, RateLimitReason};
pub use resources::{
    Attachment, BulkCreateOutcome, BulkElementError, ChangeHistory, ChangeItem, Comment,
    CreateFieldMeta, CreateMeta, Issue, IssueChangelog, IssueEdit, IssueRef, IssueTypeMeta,
    NewComment, Priority, Project, RemoteLink, RemoteLinkSaved, SearchPage, SearchPages, Status,
    StatusCategory, TextBody, Transition, UpdatedSince, User, Visibility, BULK_CREATE_LIMIT,
    LABEL_BATCH,
};
pub use retry::{Idempotency, RetryPolicy};
pub use secret::Sensitive;
pub use secret_store::{MemorySecretStore, SecretKind, SecretStore};
pub use tenant_info::fetch_cloud_id;
