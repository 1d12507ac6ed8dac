//! The explicit backfill of a rule: how many open findings it matches but predates, and
//! queueing them in the outbox as the sync engine queues new ones.

use crate::commands::routing::{connection_dialect, invalid, store_work, BackfillReport};
use crate::AppError;
use tauri::AppHandle;
use vulnbridge_store::{NewOutboxOp, OutboxKind, OutboxState};
use vulnbridge_sync::{Clock, SystemClock};

/// Findings the backfill would queue are capped here (one explicit action, bounded).
const BACKFILL_MAX: usize = 100_000;

/// How many open findings the rule matches but predates (no ticket, none queued).
#[tauri::command]
#[specta::specta]
pub async fn backfill_preview(app: AppHandle, id: u32) -> Result<u32, AppError> {
    store_work(&app, move |s| {
        let rule = s
            .routing_rule(i64::from(id))?
            .ok_or_else(|| invalid("This rule no longer exists."))?;
        let n = s.backfill_candidates(&rule, BACKFILL_MAX)?.len();
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    })
    .await
}

/// Queues a create for every finding the rule matches but predates (the explicit backfill):
/// the same intents the sync engine queues for new findings (`vulnbridge_sync::plan_create`),
/// written to the outbox, which the engine sends on its next pass.
#[tauri::command]
#[specta::specta]
pub async fn backfill_rule(app: AppHandle, id: u32) -> Result<BackfillReport, AppError> {
    store_work(&app, move |s| {
        let rule = s
            .routing_rule(i64::from(id))?
            .ok_or_else(|| invalid("This rule no longer exists."))?;
        if rule.enabled_since.is_none() {
            return Err(invalid("Enable the rule before backfilling it."));
        }
        let state = connection_dialect(s, &rule.connection_id)?;
        let now = SystemClock.now();
        let stamp = vulnbridge_sync::stamp(now);
        let mut report = BackfillReport {
            queued: 0,
            parked: 0,
        };
        for candidate in s.backfill_candidates(&rule, BACKFILL_MAX)? {
            let intent = vulnbridge_sync::plan_create(&rule, &candidate, state, now.date_naive());
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
            if s.enqueue(&op, &stamp)?.is_some() {
                report.queued += 1;
                report.parked += u32::from(intent.parked.is_some());
            }
        }
        tracing::info!(
            rule = id,
            queued = report.queued,
            parked = report.parked,
            "backfill queued"
        );
        Ok(report)
    })
    .await
}
