//! One batch of creates for one connection: search the batch's labels (links tickets that
//! exist already: made by another desktop, or by a request whose answer was lost), bulk create
//! the rest, map the answer back by index. Every outcome is committed before the next request.

use std::collections::HashMap;

use chrono::Duration as ChronoDuration;
use serde_json::Value;
use vulnbridge_jira::JiraClient;
use vulnbridge_store::{ClaimedOp, NewTicketLink, OpError, OutboxId, OutboxState, Store};

use crate::backoff::Backoff;
use crate::batch::{
    browse_url, element_verdict, request_error, request_verdict, ElementVerdict, RequestVerdict,
};
use crate::clock::{stamp, Clock};
use crate::error::SyncError;

/// What one batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    pub created: usize,
    pub linked_existing: usize,
    pub parked: usize,
    pub rescheduled: usize,
    pub ambiguous: usize,
    /// The connection refused or failed the request as a whole: stop sending this pass.
    pub connection_failed: bool,
}

pub(crate) struct PushContext<'a> {
    pub store: &'a mut Store,
    pub client: &'a JiraClient,
    pub connection: &'a str,
    pub clock: &'a dyn Clock,
    pub backoff: &'a Backoff,
    /// Least wait before a lost create is searched again (search index lag).
    pub ambiguous_wait: std::time::Duration,
}

impl PushContext<'_> {
    pub(crate) fn now(&self) -> String {
        stamp(self.clock.now())
    }

    pub(crate) fn later(&self, wait: std::time::Duration) -> String {
        // Never due again within the same instant (a zero backoff must not loop).
        let wait = ChronoDuration::from_std(wait.max(std::time::Duration::from_millis(100)))
            .unwrap_or(ChronoDuration::hours(1));
        stamp(self.clock.now() + wait)
    }

    fn link(&self, issue_id: &str, key: &str, found_existing: bool) -> NewTicketLink {
        NewTicketLink {
            connection_id: self.connection.to_owned(),
            issue_id: issue_id.to_owned(),
            issue_key: key.to_owned(),
            url: browse_url(&self.client.config().site_url, key),
            found_existing,
        }
    }

    /// Puts `ops` back to wait after a failed request; ambiguous ones stay ambiguous.
    pub(crate) fn reschedule(
        &mut self,
        ops: &[&ClaimedOp],
        error: &vulnbridge_jira::Error,
        force_ambiguous: bool,
    ) -> Result<(), SyncError> {
        let attempts = ops.iter().map(|c| c.op.attempts).max().unwrap_or(1);
        let mut wait = self.backoff.after_error(error, attempts);
        if force_ambiguous {
            // Jira may have created them; its search index may not show them yet.
            wait = wait.max(self.ambiguous_wait);
        }
        let at = self.later(wait);
        let cause = request_error(error);
        let now = self.now();
        let (ambiguous, pending): (Vec<&&ClaimedOp>, Vec<&&ClaimedOp>) = ops
            .iter()
            .partition(|c| force_ambiguous || c.prior == OutboxState::Ambiguous);
        let ids = |list: &[&&ClaimedOp]| list.iter().map(|c| c.op.id).collect::<Vec<OutboxId>>();
        if !ambiguous.is_empty() {
            self.store
                .mark_ambiguous(&ids(&ambiguous), &at, &cause, &now)?;
        }
        if !pending.is_empty() {
            self.store
                .retry_later(&ids(&pending), OutboxState::Pending, &at, &cause, &now)?;
        }
        Ok(())
    }
}

/// Pushes one batch (at most 50 claimed creates of one connection).
pub(crate) async fn push_batch(
    ctx: &mut PushContext<'_>,
    claimed: &[ClaimedOp],
) -> Result<BatchOutcome, SyncError> {
    let mut outcome = BatchOutcome::default();
    let labels: Vec<&str> = claimed
        .iter()
        .map(|c| c.op.idempotency_key.as_str())
        .collect();

    // 1. Look first: one search for every label of the batch.
    let existing = match ctx.client.find_by_labels(&labels).await {
        Ok(found) => found,
        Err(error) => {
            let all: Vec<&ClaimedOp> = claimed.iter().collect();
            ctx.reschedule(&all, &error, false)?;
            outcome.rescheduled = all.len();
            outcome.connection_failed = true;
            return Ok(outcome);
        }
    };
    let mut links = Vec::new();
    let mut to_create: Vec<(&ClaimedOp, Value)> = Vec::new();
    for c in claimed {
        if let Some(issue) = existing.get(&c.op.idempotency_key) {
            links.push((c.op.id, ctx.link(&issue.id, &issue.key, true)));
            continue;
        }
        match serde_json::from_str::<Value>(&c.op.payload) {
            Ok(Value::Object(body)) => to_create.push((c, Value::Object(body))),
            _ => {
                let reason = OpError::new(
                    "payload_unreadable",
                    "the queued ticket content is damaged or missing; fix the routing rule and queue the finding again",
                );
                let now = ctx.now();
                ctx.store.park(c.op.id, &reason, &now)?;
                outcome.parked += 1;
            }
        }
    }
    if !links.is_empty() {
        outcome.linked_existing = links.len();
        let now = ctx.now();
        ctx.store.complete_with_links(&links, &now)?;
    }
    if to_create.is_empty() {
        return Ok(outcome);
    }

    // 2. Create the rest in one request.
    let payloads: Vec<Value> = to_create.iter().map(|(_, p)| p.clone()).collect();
    let answer = match ctx.client.bulk_create(&payloads).await {
        Ok(answer) => answer,
        Err(error) => {
            let ops: Vec<&ClaimedOp> = to_create.iter().map(|(c, _)| *c).collect();
            let ambiguous = request_verdict(&error) == RequestVerdict::Ambiguous;
            ctx.reschedule(&ops, &error, ambiguous)?;
            if ambiguous {
                outcome.ambiguous = ops.len();
            } else {
                outcome.rescheduled = ops.len();
            }
            outcome.connection_failed = true;
            return Ok(outcome);
        }
    };

    // 3. Map the answer back by index: links first, in one transaction.
    let mut created = Vec::new();
    let mut refused: HashMap<usize, ElementVerdict> = HashMap::new();
    for (index, result) in answer.results.iter().enumerate() {
        let Some((c, _)) = to_create.get(index) else {
            continue;
        };
        match result {
            Ok(issue) => created.push((c.op.id, ctx.link(&issue.id, &issue.key, false))),
            Err(error) => {
                refused.insert(index, element_verdict(error));
            }
        }
    }
    if answer.results.len() < to_create.len() {
        // An answer that does not account for every element: treat the rest as lost.
        let missing: Vec<&ClaimedOp> = to_create[answer.results.len()..]
            .iter()
            .map(|(c, _)| *c)
            .collect();
        let error = vulnbridge_jira::Error::UnexpectedResponse {
            detail: "bulk create answered for fewer issues than were sent".into(),
        };
        ctx.reschedule(&missing, &error, true)?;
        outcome.ambiguous += missing.len();
    }
    if !created.is_empty() {
        outcome.created = created.len();
        let now = ctx.now();
        ctx.store.complete_with_links(&created, &now)?;
    }
    for (index, verdict) in refused {
        let (c, _) = &to_create[index];
        let now = ctx.now();
        match verdict {
            ElementVerdict::Park(reason) => {
                ctx.store.park(c.op.id, &reason, &now)?;
                outcome.parked += 1;
            }
            ElementVerdict::Retry(reason) => {
                let at = ctx.later(ctx.backoff.delay(c.op.attempts));
                ctx.store
                    .retry_later(&[c.op.id], OutboxState::Pending, &at, &reason, &now)?;
                outcome.rescheduled += 1;
            }
        }
    }
    Ok(outcome)
}
