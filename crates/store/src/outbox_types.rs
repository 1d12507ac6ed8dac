//! The outbox's vocabulary: row id, operation kinds and states, and the error an operation
//! records.

use serde::{Deserialize, Serialize};

/// An outbox row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OutboxId(pub i64);

impl std::fmt::Display for OutboxId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What an operation does in Jira.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxKind {
    Create,
    Update,
    Transition,
    Comment,
    DeleteComment,
    Attach,
}

/// Where an operation is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Waiting for `next_attempt_at`.
    Pending,
    /// Claimed by the engine: a request may be under way.
    InFlight,
    /// A request may or may not have been applied; look (search) before sending again.
    Ambiguous,
    Done,
    Failed,
    /// Cannot succeed as is (e.g. a required field has no value); a person must act.
    Parked,
}

macro_rules! names {
    ($ty:ident { $($variant:ident => $name:literal),* $(,)? }) => {
        impl $ty {
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name),* }
            }
            pub fn parse(raw: &str) -> Option<$ty> {
                match raw { $($name => Some($ty::$variant),)* _ => None }
            }
        }
    };
}

names!(OutboxKind { Create => "create", Update => "update", Transition => "transition",
    Comment => "comment", DeleteComment => "delete_comment", Attach => "attach" });
names!(OutboxState { Pending => "pending", InFlight => "in_flight", Ambiguous => "ambiguous",
    Done => "done", Failed => "failed", Parked => "parked" });

/// A machine code and a human message (e.g. Jira's field errors).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpError {
    pub code: String,
    pub message: String,
}

impl OpError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> OpError {
        OpError {
            code: code.into(),
            message: message.into(),
        }
    }
}
