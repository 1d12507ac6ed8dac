//! Where the database lives: `--data-dir`, else `$VULNBRIDGE_DATA_DIR`, else the platform data
//! folder for the app's identifier (the folder the desktop app uses).

use std::path::PathBuf;

use crate::error::CliError;

/// The desktop app's bundle identifier; its data folder is `<platform data dir>/<identifier>`.
pub const APP_IDENTIFIER: &str = "dev.vulnbridge.desktop";

/// Environment variable that overrides the data folder.
pub const DATA_DIR_ENV: &str = "VULNBRIDGE_DATA_DIR";

pub fn resolve(flag: Option<PathBuf>) -> Result<PathBuf, CliError> {
    if let Some(dir) = flag {
        return Ok(dir);
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::data_dir()
        .map(|d| d.join(APP_IDENTIFIER))
        .ok_or(CliError::NoDataDir)
}
