//! Logs go to a daily rolling file in `<data dir>/logs`, and to stderr in debug builds.

use std::path::{Path, PathBuf};
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

/// Folder of the log files inside the data dir.
pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// Installs the global subscriber. The returned guard flushes the file on drop; keep it alive.
pub fn init(
    data_dir: &Path,
    level: Option<&str>,
) -> Result<WorkerGuard, Box<dyn std::error::Error>> {
    let dir = log_dir(data_dir);
    std::fs::create_dir_all(&dir)?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("vulnbridge")
        .filename_suffix("log")
        .max_log_files(14)
        .build(&dir)?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("VULNBRIDGE_LOG")
        .unwrap_or_else(|_| EnvFilter::new(level.unwrap_or("info")));
    let file_layer = fmt::layer().with_writer(writer).with_ansi(false);
    let stderr_layer = cfg!(debug_assertions).then(|| fmt::layer().with_writer(std::io::stderr));
    // A second init (e.g. in tests) keeps the first subscriber; that is fine.
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(file_layer)
        .with(stderr_layer)
        .try_init();
    Ok(guard)
}
