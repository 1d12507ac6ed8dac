//! # vulnbridge-sync
//!
//! The sync engine: exactly-once Jira ticket creation for findings (push) and status and
//! comment sync back from Jira (poll).
//!
//! - [`PushEngine`] ([`engine`]): queue create intents for new findings matching enabled
//!   routing rules ([`decide`]), then push per connection in batches of up to 50: one label
//!   search, one bulk create ([`push`]), answers judged in [`batch`], retry timing in
//!   [`backoff`], time from an injected [`Clock`].
//! - [`PollEngine`] ([`poll`]): Jira → app. One search per connection for issues updated
//!   since the watermark; status moves ([`poll_status`], who and when from
//!   [`poll_changelog`]) and comment changes ([`poll_comments`]) of linked tickets become
//!   finding changes and timeline events.
//! - State lives in the store's `outbox`, `ticket_links` and `routing_rules` tables
//!   (migration 0005) and the poll tables (migration 0007).

pub mod attach;
pub mod backoff;
pub mod batch;
pub mod clock;
pub mod decide;
pub mod engine;
pub mod error;
pub mod poll;
pub mod poll_changelog;
pub mod poll_comments;
pub mod poll_status;
pub mod poll_unsynced;
pub mod push;
pub mod queue;

pub use backoff::Backoff;
pub use clock::{stamp, Clock, ManualClock, SystemClock};
pub use decide::{plan_create, CreateIntent};
pub use engine::{PushEngine, PushReport, DEFAULT_AMBIGUOUS_WAIT};
pub use error::SyncError;
pub use poll::{PollEngine, PollFailure, PollPolicy, PollReport, DEFAULT_POLL_OVERLAP};
pub use poll_status::ResolutionMap;
pub use push::BatchOutcome;
pub use queue::queue_intents;
