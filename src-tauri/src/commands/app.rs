//! App-level facts and the first-run welcome.

use crate::logging::log_dir;
use crate::state::{keys, AppState};
use crate::AppError;
use serde::{Deserialize, Serialize};
use tauri::State;

/// What the UI needs to know about this installation on start.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub log_dir: String,
    pub database_file: String,
    pub schema_version: u32,
    /// False until the user has picked a way to start on the welcome screen.
    pub welcome_completed: bool,
}

/// How the user chose to start on the welcome screen.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum WelcomeChoice {
    ConnectJira,
    TrySandbox,
}

fn app_info(state: &AppState) -> Result<AppInfo, AppError> {
    state.with_store(|store| {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: state.data_dir.display().to_string(),
            log_dir: log_dir(&state.data_dir).display().to_string(),
            database_file: store.path().display().to_string(),
            schema_version: store.schema_version()?,
            welcome_completed: store.setting(keys::WELCOME_DONE)?.is_some(),
        })
    })
}

#[tauri::command]
#[specta::specta]
pub fn get_app_info(state: State<'_, AppState>) -> Result<AppInfo, AppError> {
    app_info(&state)
}

/// Records the welcome choice so the welcome screen is not shown again.
#[tauri::command]
#[specta::specta]
pub fn complete_welcome(
    state: State<'_, AppState>,
    choice: WelcomeChoice,
) -> Result<AppInfo, AppError> {
    let value = match choice {
        WelcomeChoice::ConnectJira => "connect-jira",
        WelcomeChoice::TrySandbox => "try-sandbox",
    };
    state.with_store(|store| store.set_setting(keys::WELCOME_DONE, value))?;
    tracing::info!(choice = value, "welcome completed");
    app_info(&state)
}
