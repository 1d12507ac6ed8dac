//! # vulnbridge-sync
//!
//! The sync engine's push side: exactly-once Jira ticket creation for findings.
//!
//! - [`PushEngine`] ([`engine`]): queue create intents for new findings matching enabled
//!   routing rules ([`decide`]), then push per connection in batches of up to 50: one label
//!   search, one bulk create ([`push`]), answers judged in [`batch`], retry timing in
//!   [`backoff`], time from an injected [`Clock`].
//! - State lives in the store's `outbox`, `ticket_links` and `routing_rules` tables
//!   (migration 0005). Polling Jira back is not here yet.

pub mod attach;
pub mod backoff;
pub mod batch;
pub mod clock;
pub mod decide;
pub mod engine;
pub mod error;
pub mod push;
pub mod queue;

pub use backoff::Backoff;
pub use clock::{stamp, Clock, ManualClock, SystemClock};
pub use decide::{plan_create, CreateIntent};
pub use engine::{PushEngine, PushReport, DEFAULT_AMBIGUOUS_WAIT};
pub use error::SyncError;
pub use push::BatchOutcome;
pub use queue::queue_intents;
