//! Scan intake, shared by the desktop app, the CLI and watched folders: one file is read
//! (with progress), its format detected by content, parsed, and recorded for an application
//! in one transaction. A bad file is recorded as a failed import and reported; it never stops
//! the other files, and nothing already imported is touched.

mod watch;

pub use watch::{FolderWatcher, StoreAccess, StoreWork, WatchReport, SCAN_EXTENSIONS};

use std::io::Read;
use std::path::{Path, PathBuf};
use vulnbridge_store::{ApplicationId, DataError, ImportId, ImportSummary, ScanInput, Store};

/// Where one file's import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Reading,
    Parsing,
    Saving,
}

impl Phase {
    pub fn label(self) -> &'static str {
        match self {
            Phase::Reading => "Reading",
            Phase::Parsing => "Parsing",
            Phase::Saving => "Saving",
        }
    }
}

/// A file that was imported.
#[derive(Debug, Clone)]
pub struct Imported {
    pub format: String,
    pub summary: ImportSummary,
    /// Things worth knowing that did not stop the import (e.g. duplicate identities).
    pub warnings: Vec<String>,
}

/// Why a file was not imported (already recorded in the import history).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFailure {
    /// The format the file looked like, when detection got that far.
    pub format: Option<String>,
    /// Stable machine code (`unreadable_file`, `unknown_format`, `invalid_scan`, …).
    pub code: &'static str,
    /// The problem in words, naming the file.
    pub problem: String,
}

/// How one file went.
#[derive(Debug, Clone)]
pub struct FileOutcome {
    pub path: PathBuf,
    pub file_name: String,
    /// The import history entry (successful or failed).
    pub import_id: Option<ImportId>,
    pub result: Result<Imported, FileFailure>,
}

const CHUNK: usize = 1 << 20;

/// The file name shown in the import history.
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A file read and parsed (outside any database lock), ready to be recorded.
pub struct Prepared {
    pub path: PathBuf,
    pub file_name: String,
    /// Lowercase hex sha256 of the bytes (watched folders import each content once).
    pub sha256: String,
    pub size: u64,
    parsed: Result<vulnbridge_importers::ParsedScan, FileFailure>,
}

/// Reads and parses one file; no database needed, so large files never hold the store.
pub fn prepare_file(path: &Path, progress: &mut dyn FnMut(Phase, u64, u64)) -> Prepared {
    let file_name = display_name(path);
    let (parsed, sha256, size) = match read_with_progress(path, progress) {
        Err(e) => (
            Err(FileFailure {
                format: None,
                code: "unreadable_file",
                problem: format!("{file_name} cannot be read: {e}"),
            }),
            String::new(),
            0,
        ),
        Ok(bytes) => {
            let total = bytes.len() as u64;
            let sha = hex_sha256(&bytes);
            progress(Phase::Parsing, total, total);
            let parsed = vulnbridge_importers::parse(&bytes).map_err(|e| FileFailure {
                format: e.format().map(|f| f.to_string()),
                code: e.code(),
                problem: format!("{file_name}: {e}"),
            });
            (parsed, sha, total)
        }
    };
    Prepared {
        path: path.to_path_buf(),
        file_name,
        sha256,
        size,
        parsed,
    }
}

/// Records a prepared file for `app` in one transaction (or its failure in the import
/// history). The error means the database failed.
pub fn record_file(
    store: &mut Store,
    app: ApplicationId,
    prepared: Prepared,
) -> Result<FileOutcome, DataError> {
    let Prepared {
        path,
        file_name,
        parsed,
        ..
    } = prepared;
    let import_id;
    let result = match parsed {
        Err(failure) => {
            let recorded = store.record_failed_import(
                app,
                &file_name,
                failure.format.as_deref(),
                &failure.problem,
            )?;
            import_id = Some(recorded.id);
            tracing::warn!(file = %file_name, code = failure.code, "scan file not imported");
            Err(failure)
        }
        Ok(scan) => {
            let format = scan.format.to_string();
            let summary = store.record_import(
                app,
                &ScanInput {
                    file_name: &file_name,
                    format: &format,
                    tool: &scan.tool,
                    target: scan.target.as_deref(),
                    findings: &scan.findings,
                    at: None,
                },
            )?;
            if let Some(target) = scan.target.as_deref().filter(|t| !t.trim().is_empty()) {
                store.remember_target(target, app)?;
            }
            tracing::info!(file = %file_name, %format, total = summary.counts.total, "scan imported");
            import_id = Some(summary.id);
            Ok(Imported {
                format,
                summary,
                warnings: scan.warnings,
            })
        }
    };
    Ok(FileOutcome {
        path,
        file_name,
        import_id,
        result,
    })
}

/// Reads, parses and records one file for `app`. The outer error means the database failed
/// (stop); the inner one is this file's own problem. `progress(phase, done, total)` is
/// called as bytes are read and when the phase changes.
pub fn import_file(
    store: &mut Store,
    app: ApplicationId,
    path: &Path,
    progress: &mut dyn FnMut(Phase, u64, u64),
) -> Result<FileOutcome, DataError> {
    let prepared = prepare_file(path, progress);
    if prepared.parsed.is_ok() {
        let total = prepared.size;
        progress(Phase::Saving, total, total);
    }
    record_file(store, app, prepared)
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn read_with_progress(
    path: &Path,
    progress: &mut dyn FnMut(Phase, u64, u64),
) -> std::io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    let total = file.metadata()?.len();
    let mut bytes = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
    let mut buf = vec![0u8; CHUNK];
    progress(Phase::Reading, 0, total);
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&buf[..n]);
        progress(Phase::Reading, bytes.len() as u64, total);
    }
    Ok(bytes)
}
