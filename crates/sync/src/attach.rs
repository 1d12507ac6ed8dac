//! Attachment uploads queued behind a create: the full text of a field the mapping cut to fit
//! Jira's limits. An upload is not idempotent either, so after a lost answer the issue's
//! attachment list is read before uploading again.

use serde_json::Value;
use vulnbridge_jira::Error as JiraError;
use vulnbridge_mapping::Attachment;
use vulnbridge_store::{ClaimedOp, OpError, OutboxState};

use crate::batch::request_error;
use crate::error::SyncError;
use crate::push::{BatchOutcome, PushContext};

/// The idempotency key of an attachment of the ticket with dedup label `label`.
pub fn attach_key(label: &str, file_name: &str) -> String {
    format!("attach:{label}:{file_name}")
}

/// Whether the issue lists an attachment named `file_name`.
async fn already_attached(
    ctx: &PushContext<'_>,
    key: &str,
    file_name: &str,
) -> Result<bool, JiraError> {
    let issue = ctx.client.get_issue(key, &["attachment"], false).await?;
    Ok(issue
        .fields
        .get("attachment")
        .and_then(Value::as_array)
        .is_some_and(|list| {
            list.iter()
                .any(|a| a.get("filename").and_then(Value::as_str) == Some(file_name))
        }))
}

/// Uploads claimed attachment operations one by one, committing each outcome.
pub(crate) async fn push_attachments(
    ctx: &mut PushContext<'_>,
    claimed: &[ClaimedOp],
) -> Result<BatchOutcome, SyncError> {
    let mut outcome = BatchOutcome::default();
    for (index, c) in claimed.iter().enumerate() {
        let now = ctx.now();
        let Ok(file) = serde_json::from_str::<Attachment>(&c.op.payload) else {
            let reason = OpError::new("payload_unreadable", "the queued attachment is damaged");
            ctx.store.park(c.op.id, &reason, &now)?;
            outcome.parked += 1;
            continue;
        };
        let Some(link) = ctx.store.ticket_link(c.op.finding_id)? else {
            let wait = OpError::new("waiting_for_ticket", "waits until the ticket exists");
            let at = ctx.later(ctx.ambiguous_wait);
            ctx.store
                .retry_later(&[c.op.id], c.prior, &at, &wait, &now)?;
            outcome.rescheduled += 1;
            continue;
        };
        let result = if c.prior == OutboxState::Ambiguous {
            match already_attached(ctx, &link.issue_key, &file.file_name).await {
                Ok(true) => Ok(()),
                Ok(false) => upload(ctx, &link.issue_key, &file).await,
                Err(error) => Err(error),
            }
        } else {
            upload(ctx, &link.issue_key, &file).await
        };
        let now = ctx.now();
        match result {
            Ok(()) => {
                ctx.store.mark_done(&[c.op.id], &now)?;
                outcome.created += 1;
            }
            Err(error @ (JiraError::AttachmentTooLarge { .. } | JiraError::NotFound { .. })) => {
                ctx.store.park(c.op.id, &request_error(&error), &now)?;
                outcome.parked += 1;
            }
            Err(error) => {
                // Leave this and the remaining uploads of the batch for a later pass.
                let rest: Vec<&ClaimedOp> = claimed[index..].iter().collect();
                let ambiguous = error.is_ambiguous();
                ctx.reschedule(&rest[..1], &error, ambiguous)?;
                if rest.len() > 1 {
                    ctx.reschedule(&rest[1..], &error, false)?;
                }
                outcome.rescheduled += rest.len();
                outcome.connection_failed = true;
                break;
            }
        }
    }
    Ok(outcome)
}

async fn upload(ctx: &PushContext<'_>, key: &str, file: &Attachment) -> Result<(), JiraError> {
    ctx.client
        .attach(
            key,
            &file.file_name,
            "text/plain",
            file.content.clone().into_bytes(),
        )
        .await
        .map(|_| ())
}
