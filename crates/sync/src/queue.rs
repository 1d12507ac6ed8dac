//! Writing create intents (and the attachment uploads queued behind them) to the outbox.
//! Store-only: no request, no client; the app's explicit backfill uses it too.

use chrono::{DateTime, Utc};
use vulnbridge_jira::Dialect;
use vulnbridge_mapping::Attachment;
use vulnbridge_store::{NewOutboxOp, OutboxKind, OutboxState, PushCandidate, RoutingRule, Store};

use crate::attach::attach_key;
use crate::clock::stamp;
use crate::decide::plan_create;
use crate::error::SyncError;

/// Queues a create for each of `candidates` under `rule` (payload built for `dialect`), and
/// an `attach` op per text the mapping cut. Intents the mapping cannot build are queued
/// parked with the reason; findings whose dedup label is queued already are skipped.
/// Returns (queued, parked).
pub fn queue_intents(
    store: &Store,
    rule: &RoutingRule,
    candidates: &[PushCandidate],
    dialect: Dialect,
    now: DateTime<Utc>,
) -> Result<(usize, usize), SyncError> {
    let today = now.date_naive();
    let now = stamp(now);
    let (mut queued, mut parked) = (0, 0);
    for candidate in candidates {
        let intent = plan_create(rule, candidate, dialect, today);
        let op = NewOutboxOp {
            kind: OutboxKind::Create,
            finding_id: candidate.finding_id,
            connection_id: &rule.connection_id,
            rule_id: Some(rule.id),
            idempotency_key: &intent.label,
            payload: &intent.payload,
            state: if intent.parked.is_some() {
                OutboxState::Parked
            } else {
                OutboxState::Pending
            },
            error: intent.parked.clone(),
        };
        if store.enqueue(&op, &now)?.is_none() {
            // Another finding owns this label (same fingerprint in another application).
            tracing::info!(finding = %candidate.finding_id, label = %intent.label, "dedup label already queued");
            continue;
        }
        queued += 1;
        parked += usize::from(intent.parked.is_some());
        queue_attachments(store, &op, &intent.label, &intent.attachments, &now)?;
    }
    Ok((queued, parked))
}

/// Queues one `attach` op per file behind the create `create` (same finding, connection and
/// rule). Files queued already (same ticket label and file name) are skipped.
pub(crate) fn queue_attachments(
    store: &Store,
    create: &NewOutboxOp<'_>,
    label: &str,
    files: &[Attachment],
    now: &str,
) -> Result<(), SyncError> {
    for file in files {
        let key = attach_key(label, &file.file_name);
        let payload = serde_json::to_string(file)
            .map_err(|e| SyncError::CorruptOp(format!("attachment payload: {e}")))?;
        store.enqueue(
            &NewOutboxOp {
                kind: OutboxKind::Attach,
                idempotency_key: &key,
                payload: &payload,
                state: OutboxState::Pending,
                error: None,
                ..create.clone()
            },
            now,
        )?;
    }
    Ok(())
}
