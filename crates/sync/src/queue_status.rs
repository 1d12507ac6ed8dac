//! Queues `transition` operations for linked findings whose local status disagrees with their
//! ticket's status category: resolved / false positive / accepted risk → a done status,
//! open / reopened → out of done. Changes that came from Jira are never sent back (the poll
//! already made both sides agree; see `Store::status_mismatches`).

use serde_json::{json, Value};
use vulnbridge_store::{
    FindingId, FindingStatus, NewOutboxOp, OutboxKind, OutboxState, StatusMismatch, Store,
};

use crate::error::SyncError;

/// Where a transition should take the ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionTarget {
    /// A status in the `done` category.
    Done,
    /// A status in the `new` (preferred) or `indeterminate` category.
    NotDone,
}

impl TransitionTarget {
    pub fn as_str(self) -> &'static str {
        match self {
            TransitionTarget::Done => "done",
            TransitionTarget::NotDone => "reopen",
        }
    }

    fn parse(raw: &str) -> Option<TransitionTarget> {
        [TransitionTarget::Done, TransitionTarget::NotDone]
            .into_iter()
            .find(|t| t.as_str() == raw)
    }

    /// Whether a status category key (`new`, `indeterminate`, `done`) is where this goes.
    pub fn accepts(self, category: &str) -> bool {
        match self {
            TransitionTarget::Done => category == "done",
            TransitionTarget::NotDone => category == "new" || category == "indeterminate",
        }
    }

    /// How a refusal names the target ("a done status").
    pub fn describe(self) -> &'static str {
        match self {
            TransitionTarget::Done => "a done status",
            TransitionTarget::NotDone => "an open (to do or in progress) status",
        }
    }
}

/// The payload of a queued transition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionPayload {
    pub issue_key: String,
    pub target: TransitionTarget,
    /// The explanatory comment sent after the move (marked as written by Vulnbridge).
    pub comment: String,
}

impl TransitionPayload {
    /// The stored JSON.
    pub fn to_json(&self) -> String {
        json!({
            "issue_key": self.issue_key,
            "target": self.target.as_str(),
            "comment": self.comment,
        })
        .to_string()
    }

    /// Reads the stored JSON; `None` when it is damaged.
    pub fn from_json(raw: &str) -> Option<TransitionPayload> {
        let v: Value = serde_json::from_str(raw).ok()?;
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        Some(TransitionPayload {
            issue_key: text("issue_key")?,
            target: TransitionTarget::parse(&text("target")?)?,
            comment: text("comment")?,
        })
    }
}

/// The idempotency key: one transition per label, target and local status change.
pub fn transition_key(label: &str, target: TransitionTarget, changed_at: &str) -> String {
    format!("{label}/transition/{}/{changed_at}", target.as_str())
}

/// The comment explaining a move, e.g. "Resolved in Vulnbridge: not seen in scan 12".
pub fn transition_comment(status: FindingStatus, reason: Option<&str>) -> String {
    let what = match status {
        FindingStatus::Resolved => "Resolved in Vulnbridge",
        FindingStatus::FalsePositive => "Marked as a false positive in Vulnbridge",
        FindingStatus::AcceptedRisk => "Risk accepted in Vulnbridge",
        FindingStatus::Reopened | FindingStatus::Open => "Reopened in Vulnbridge",
        FindingStatus::Suppressed => "Suppressed in Vulnbridge",
    };
    match reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(reason) => format!("{what}: {reason}"),
        None => format!("{what}."),
    }
}

fn target_of(m: &StatusMismatch) -> Option<TransitionTarget> {
    match m.status {
        FindingStatus::Resolved | FindingStatus::FalsePositive | FindingStatus::AcceptedRisk => {
            Some(TransitionTarget::Done)
        }
        FindingStatus::Open | FindingStatus::Reopened => Some(TransitionTarget::NotDone),
        FindingStatus::Suppressed => None,
    }
}

/// Queues one transition per mismatched linked finding of `connection`; an older parked
/// transition of the same finding is retired. Returns the findings queued.
pub fn queue_status_changes(
    store: &Store,
    connection: &str,
    now: &str,
) -> Result<Vec<FindingId>, SyncError> {
    let mut queued = Vec::new();
    for m in store.status_mismatches(connection)? {
        let Some(target) = target_of(&m) else {
            continue;
        };
        let payload = TransitionPayload {
            issue_key: m.issue_key.clone(),
            target,
            comment: transition_comment(m.status, m.status_reason.as_deref()),
        };
        let payload = payload.to_json();
        let key = transition_key(&m.label, target, &m.status_changed_at);
        let op = NewOutboxOp {
            kind: OutboxKind::Transition,
            finding_id: m.finding_id,
            connection_id: connection,
            rule_id: None,
            idempotency_key: &key,
            payload: &payload,
            state: OutboxState::Pending,
            error: None,
        };
        if let Some(id) = store.enqueue(&op, now)? {
            store.supersede_transitions(m.finding_id, id, now)?;
            queued.push(m.finding_id);
        }
    }
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_names_the_status_and_reason() {
        assert_eq!(
            transition_comment(FindingStatus::Resolved, Some(" not seen in scan 12 ")),
            "Resolved in Vulnbridge: not seen in scan 12"
        );
        assert_eq!(
            transition_comment(FindingStatus::Reopened, None),
            "Reopened in Vulnbridge."
        );
    }

    #[test]
    fn targets_accept_their_categories() {
        assert!(TransitionTarget::Done.accepts("done"));
        assert!(!TransitionTarget::Done.accepts("indeterminate"));
        assert!(TransitionTarget::NotDone.accepts("new"));
        assert!(!TransitionTarget::NotDone.accepts("done"));
        let p = TransitionPayload {
            issue_key: "SEC-1".into(),
            target: TransitionTarget::NotDone,
            comment: "Reopened in Vulnbridge.".into(),
        };
        assert_eq!(TransitionPayload::from_json(&p.to_json()), Some(p));
        assert_ne!(
            transition_key("vb-1", TransitionTarget::Done, "t1"),
            transition_key("vb-1", TransitionTarget::NotDone, "t1")
        );
    }
}
