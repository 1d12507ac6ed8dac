//! The explicit backfill of a rule: how many open findings it matches but predates, and
//! queueing them in the outbox as the sync engine queues new ones.

use crate::commands::routing::{connection_dialect, invalid, store_work, BackfillReport};
use crate::AppError;
use tauri::AppHandle;
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

/// Queues a create for every finding the rule matches but predates (the explicit backfill)
/// with the sync crate's `queue_intents` (the same intents, and attach ops for cut text, the
/// engine queues for new findings), then asks for a sync pass to send them.
#[tauri::command]
#[specta::specta]
pub async fn backfill_rule(app: AppHandle, id: u32) -> Result<BackfillReport, AppError> {
    let report = store_work(&app, move |s| {
        let rule = s
            .routing_rule(i64::from(id))?
            .ok_or_else(|| invalid("This rule no longer exists."))?;
        if rule.enabled_since.is_none() {
            return Err(invalid("Enable the rule before backfilling it."));
        }
        let dialect = connection_dialect(s, &rule.connection_id)?;
        let candidates = s.backfill_candidates(&rule, BACKFILL_MAX)?;
        let (queued, parked) =
            vulnbridge_sync::queue_intents(s, &rule, &candidates, dialect, SystemClock.now())
                .map_err(|e| AppError::new("backfill_failed", e.to_string()))?;
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        tracing::info!(rule = id, queued, parked, "backfill queued");
        Ok(BackfillReport {
            queued: count(queued),
            parked: count(parked),
        })
    })
    .await?;
    if report.queued > 0 {
        crate::commands::sync::sync_now(&app);
    }
    Ok(report)
}
