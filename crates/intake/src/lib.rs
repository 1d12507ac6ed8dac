//! Scan intake, shared by the desktop app, the CLI and watched folders: one file is read
//! (with progress), its format detected by content, parsed, and recorded for an application
//! in one transaction. A bad file is recorded as a failed import and reported; it never stops
//! the other files, and nothing already imported is touched.

use std::io::Read;
use std::path::{Path, PathBuf};
use vulnbridge_store::{ApplicationId, DataError, ImportSummary, ScanInput, Store};

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
    pub result: Result<Imported, FileFailure>,
}

const CHUNK: usize = 1 << 20;

/// The file name shown in the import history.
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
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
    let file_name = display_name(path);
    let outcome = |result| FileOutcome {
        path: path.to_path_buf(),
        file_name: file_name.clone(),
        result,
    };
    let bytes = match read_with_progress(path, progress) {
        Ok(bytes) => bytes,
        Err(e) => {
            let problem = format!("{file_name} cannot be read: {e}");
            store.record_failed_import(app, &file_name, None, &problem)?;
            return Ok(outcome(Err(FileFailure {
                format: None,
                code: "unreadable_file",
                problem,
            })));
        }
    };
    let total = bytes.len() as u64;
    progress(Phase::Parsing, total, total);
    let scan = match vulnbridge_importers::parse(&bytes) {
        Ok(scan) => scan,
        Err(e) => {
            let format = e.format().map(|f| f.to_string());
            let problem = format!("{file_name}: {e}");
            store.record_failed_import(app, &file_name, format.as_deref(), &problem)?;
            tracing::warn!(file = %file_name, code = e.code(), "scan file not imported");
            return Ok(outcome(Err(FileFailure {
                format,
                code: e.code(),
                problem,
            })));
        }
    };
    progress(Phase::Saving, total, total);
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
    Ok(outcome(Ok(Imported {
        format,
        summary,
        warnings: scan.warnings,
    })))
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
