//! The REST resources Vulnbridge uses, as methods on [`JiraClient`](crate::JiraClient). Every
//! handler speaks both dialects: Cloud (`/rest/api/3`, ADF, accountId) and Data Center
//! (`/rest/api/2`, wiki strings, username). Models parse tolerantly (`#[serde(default)]`):
//! fields Jira leaves out become empty instead of failing the call.

pub mod attachments;
pub mod bulk_create;
pub mod changelog;
pub mod comments;
pub mod createmeta;
pub mod issue_properties;
pub mod issues;
pub mod jira_time;
pub mod label_lookup;
mod paging;
mod path_segment;
pub mod polling;
pub mod priorities;
pub mod projects;
pub mod remote_links;
pub mod search;
pub mod text_body;
pub mod transitions;
pub mod users;

pub use attachments::Attachment;
pub use bulk_create::{BulkCreateOutcome, BulkElementError, BULK_CREATE_LIMIT};
pub use changelog::{ChangeHistory, ChangeItem, IssueChangelog};
pub use comments::{Comment, NewComment, Visibility};
pub use createmeta::{CreateFieldMeta, CreateMeta, IssueTypeMeta};
pub use issues::{Issue, IssueEdit, IssueRef};
pub use label_lookup::LABEL_BATCH;
pub use polling::UpdatedSince;
pub use priorities::Priority;
pub use projects::Project;
pub use remote_links::{RemoteLink, RemoteLinkSaved};
pub use search::{SearchPage, SearchPages};
pub use text_body::TextBody;
pub use transitions::{Status, StatusCategory, Transition};
pub use users::User;
