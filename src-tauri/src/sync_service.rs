//! Background sync: a thread of its own owns the push engine (with its own connection to the
//! database file) and runs a pass on a schedule (default every 5 minutes) or when asked
//! ("Sync now"), unless sync is paused. What it did and what waits is published as
//! `SyncStatus` to the window and the tray.

use crate::events::{SyncState, SyncStatus};
use crate::state::{keys, AppState};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Manager};
use vulnbridge_store::Store;
use vulnbridge_sync::{PollEngine, PollReport, PushEngine, PushReport, SystemClock};

/// The schedule when the user has not chosen one.
pub const DEFAULT_INTERVAL_MINUTES: u32 = 5;

enum Wake {
    /// Run a pass now.
    Pass,
    /// The schedule changed: start the wait again with the new interval.
    Reschedule,
}

/// Wakes the sync thread.
#[derive(Clone)]
pub struct SyncTrigger(Sender<Wake>);

impl SyncTrigger {
    /// Asks for a pass now; a pass already running is followed by one more.
    pub fn now(&self) {
        let _ = self.0.send(Wake::Pass);
    }

    /// Makes the thread pick up a changed schedule.
    pub fn reschedule(&self) {
        let _ = self.0.send(Wake::Reschedule);
    }
}

/// The user's schedule, read before every wait.
fn interval(app: &AppHandle) -> Duration {
    let minutes = app
        .state::<AppState>()
        .with_store(|s| s.setting(keys::SYNC_INTERVAL))
        .ok()
        .flatten()
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|m| (1..=1440).contains(m))
        .unwrap_or(DEFAULT_INTERVAL_MINUTES);
    Duration::from_secs(u64::from(minutes) * 60)
}

/// Starts the sync thread; the returned trigger runs a pass on demand.
pub fn start(app: &AppHandle) -> SyncTrigger {
    let (tx, rx) = mpsc::channel();
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("vulnbridge-sync".into())
        .spawn(move || run(app, rx));
    if let Err(err) = spawned {
        tracing::error!(%err, "background sync did not start");
    }
    SyncTrigger(tx)
}

fn run(app: AppHandle, wake: Receiver<Wake>) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            tracing::error!(%err, "background sync has no runtime");
            return;
        }
    };
    let mut engine: Option<Engines> = None;
    loop {
        match wake.recv_timeout(interval(&app)) {
            Ok(Wake::Pass) | Err(RecvTimeoutError::Timeout) => {}
            Ok(Wake::Reschedule) => continue,
            Err(RecvTimeoutError::Disconnected) => return,
        }
        while wake.try_recv().is_ok() {}
        let state = app.state::<AppState>();
        if state.sync_status().paused {
            continue;
        }
        publish(&app, |s| {
            s.state = SyncState::Syncing;
            s.message = "Syncing with Jira…".into();
        });
        let outcome = runtime.block_on(pass(&app, &mut engine));
        match outcome {
            Ok(summary) => publish(&app, |s| {
                s.state = SyncState::Idle;
                s.message = summary.message;
                s.pending = summary.pending;
                s.last_run_at = Some(summary.at);
            }),
            Err(message) => {
                tracing::warn!(%message, "sync pass failed");
                publish(&app, |s| {
                    s.state = SyncState::Error;
                    s.message = message;
                })
            }
        }
    }
}

/// The push and poll engines, each with its own connection to the database file.
struct Engines {
    push: PushEngine,
    poll: PollEngine,
}

struct PassSummary {
    message: String,
    pending: u32,
    at: String,
}

/// One pass: register every saved connection's client, push what is due, then pull status
/// and comment changes of linked tickets back from Jira.
async fn pass(app: &AppHandle, engines: &mut Option<Engines>) -> Result<PassSummary, String> {
    let state = app.state::<AppState>();
    if engines.is_none() {
        let open = || Store::open_in_dir(&state.data_dir).map_err(|e| e.to_string());
        let clock = Arc::new(SystemClock);
        *engines = Some(Engines {
            push: PushEngine::new(open()?, clock.clone()).map_err(|e| e.to_string())?,
            poll: PollEngine::new(open()?, clock),
        });
    }
    let Some(engines) = engines.as_mut() else {
        return Err("the sync engine did not start".into());
    };
    let configs = state
        .with_store(|s| {
            let list = state.registry.list(s)?;
            list.iter()
                .map(|c| state.registry.config(s, &c.id))
                .collect::<Result<Vec<_>, _>>()
        })
        .map_err(|e| e.to_string())?;
    if configs.is_empty() {
        return Ok(PassSummary {
            message: "Nothing to sync yet: connect Jira to start.".into(),
            pending: 0,
            at: now(),
        });
    }
    for config in &configs {
        match state.registry.client(config).await {
            Ok(client) => {
                engines
                    .push
                    .add_connection(config.id.as_str(), client.clone());
                engines.poll.add_connection(config.id.as_str(), client);
            }
            Err(err) => {
                tracing::warn!(connection = config.id.as_str(), %err, "connection skipped this pass")
            }
        }
    }
    let pushed = engines.push.push_once().await.map_err(|e| e.to_string())?;
    let polled = engines.poll.poll_once().await.map_err(|e| e.to_string())?;
    for failure in &polled.failures {
        tracing::warn!(connection = %failure.connection, code = failure.code, message = %failure.message, "poll failed");
    }
    let counts = engines
        .push
        .store()
        .outbox_counts()
        .map_err(|e| e.to_string())?;
    let pending = counts.pending + counts.ambiguous + counts.in_flight;
    tracing::info!(
        ?pushed,
        ?polled,
        pending,
        parked = counts.parked,
        "sync pass done"
    );
    Ok(PassSummary {
        message: describe(&pushed, &polled, pending, counts.parked),
        pending,
        at: now(),
    })
}

fn describe(report: &PushReport, polled: &PollReport, pending: u32, parked: u32) -> String {
    let mut parts = Vec::new();
    if polled.findings_changed > 0 {
        parts.push(format!(
            "{} finding{} updated from Jira",
            polled.findings_changed,
            plural(polled.findings_changed)
        ));
    }
    let comments = polled.comments_added + polled.comments_edited + polled.comments_deleted;
    if comments > 0 {
        parts.push(format!(
            "{comments} comment change{} pulled",
            plural(comments)
        ));
    }
    if let Some(failure) = polled.failures.first() {
        parts.push(format!(
            "reading back from Jira failed: {}",
            failure.message
        ));
    }
    if report.created > 0 {
        parts.push(format!(
            "{} ticket{} created",
            report.created,
            plural(report.created)
        ));
    }
    if report.linked_existing > 0 {
        parts.push(format!(
            "{} linked to existing tickets",
            report.linked_existing
        ));
    }
    if pending > 0 {
        parts.push(format!(
            "{pending} waiting to be sent (retried automatically)"
        ));
    }
    if parked > 0 {
        parts.push(format!("{parked} need your attention (see Activity)"));
    }
    if parts.is_empty() {
        "Up to date with Jira.".into()
    } else {
        parts.join(" · ")
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn now() -> String {
    vulnbridge_sync::stamp(chrono::Utc::now())
}

fn publish(app: &AppHandle, change: impl FnOnce(&mut SyncStatus)) {
    let status = app.state::<AppState>().update_sync(change);
    crate::commands::sync::publish(app, &status);
}
