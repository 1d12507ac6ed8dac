//! Events the backend pushes to the UI. Typed, exported to TypeScript with the commands.

use serde::{Deserialize, Serialize};

/// What background sync is doing, shown in the UI header and mirrored by the tray menu.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    pub paused: bool,
    pub state: SyncState,
    /// A one-line human explanation of the current state.
    pub message: String,
    /// Operations waiting in the outbox (to be sent, or searched after a lost answer).
    pub pending: u32,
    /// When the last pass finished (UTC, ISO 8601).
    pub last_run_at: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum SyncState {
    Idle,
    Syncing,
    Error,
}

impl SyncStatus {
    pub fn initial(paused: bool) -> Self {
        let mut status = Self {
            paused,
            state: SyncState::Idle,
            message: String::new(),
            pending: 0,
            last_run_at: None,
        };
        status.describe();
        status
    }

    /// Sets `message` for a change of the pause state (a pass sets its own).
    pub fn describe(&mut self) {
        self.message = match (self.paused, self.state, self.last_run_at.is_some()) {
            (true, _, _) => {
                "Sync is paused. Nothing is sent to or read from Jira until you resume.".into()
            }
            (false, SyncState::Syncing, _) => "Syncing with Jira…".into(),
            (false, SyncState::Error, _) => {
                "The last sync failed; see Activity for details.".into()
            }
            (false, SyncState::Idle, false) => {
                "Sync runs in the background on its schedule, or now with Sync now.".into()
            }
            (false, SyncState::Idle, true) => "Sync resumed.".into(),
        };
    }
}

/// The tray (or another window) asks the UI to show a page.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct NavigateRequested {
    pub page: Page,
}

/// The app's top-level pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Page {
    Findings,
    Connections,
    Routing,
    Activity,
    Settings,
}

/// A browser sign-in is waiting for the user; the link can be copied if no browser opened.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct SignInWaiting {
    pub connection_id: String,
    pub authorize_url: String,
}

/// Scan files from watched folders were imported in the background.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct ScansImported {
    pub files: Vec<WatchedImport>,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WatchedImport {
    pub file_name: String,
    pub ok: bool,
    /// Counts, or the problem in words.
    pub message: String,
}
