//! Where Vulnbridge keeps its database and logs.

use std::path::PathBuf;
use tauri::Manager;

/// Environment variable that overrides the data folder (tests, the CLI, portable use).
pub const DATA_DIR_ENV: &str = "VULNBRIDGE_DATA_DIR";

/// `$VULNBRIDGE_DATA_DIR` when set and not empty, else the platform's app data folder
/// (`~/.local/share/dev.vulnbridge.desktop` on Linux).
pub fn resolve(app: &tauri::AppHandle) -> Result<PathBuf, Box<dyn std::error::Error>> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    Ok(app.path().app_data_dir()?)
}
