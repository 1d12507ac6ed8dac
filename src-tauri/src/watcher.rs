//! Watched folders in the background: every few seconds new or changed scan files in the
//! configured folders are imported, and the window hears about it.

use crate::events::{ScansImported, WatchedImport};
use crate::state::AppState;
use std::time::Duration;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;
use vulnbridge_intake::{FolderWatcher, StoreWork};

const POLL: Duration = Duration::from_secs(5);

/// Starts the watcher thread; it lives as long as the app.
pub fn start(app: &AppHandle) {
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("vulnbridge-watcher".into())
        .spawn(move || {
            let mut watcher = FolderWatcher::new();
            loop {
                std::thread::sleep(POLL);
                poll_once(&app, &mut watcher);
            }
        });
    if let Err(err) = spawned {
        tracing::error!(%err, "watched folders are not monitored: the watcher thread did not start");
    }
}

fn poll_once(app: &AppHandle, watcher: &mut FolderWatcher) {
    let state = app.state::<AppState>();
    let access = |work: &mut StoreWork<'_>| state.with_store_mut(|s| work(s));
    let report = match watcher.poll(&access) {
        Ok(report) => report,
        Err(err) => {
            tracing::error!(%err, "watched folder pass failed");
            return;
        }
    };
    for (folder, problem) in &report.folder_errors {
        tracing::warn!(%folder, %problem, "watched folder unavailable");
    }
    if report.outcomes.is_empty() {
        return;
    }
    let files = report
        .outcomes
        .into_iter()
        .map(|o| WatchedImport {
            file_name: o.file_name,
            message: match &o.result {
                Ok(i) => format!(
                    "{}: {} findings ({} new, {} resolved)",
                    i.format,
                    i.summary.counts.total,
                    i.summary.counts.new,
                    i.summary.counts.resolved
                ),
                Err(f) => f.problem.clone(),
            },
            ok: o.result.is_ok(),
        })
        .collect();
    if let Err(err) = (ScansImported { files }).emit(app) {
        tracing::warn!(%err, "could not tell the window about imported scans");
    }
}
