//! Watched folders: scan files dropped (or rewritten) in a configured folder are imported into
//! its application, once per content. A file is only taken once its size and modification
//! time held still between two polls, so a scanner still writing it is not read half-done.

use crate::{prepare_file, record_file, FileOutcome};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;
use vulnbridge_store::{DataError, FileState, Store, WatchedFolder};

/// File name endings that scanners write; other files in a watched folder are left alone.
pub const SCAN_EXTENSIONS: &[&str] = &["json", "sarif", "xml", "csv", "jsonl", "ndjson"];

/// What one poll did.
#[derive(Debug, Default)]
pub struct WatchReport {
    pub outcomes: Vec<FileOutcome>,
    /// Folders that could not be read, with the reason (e.g. an unplugged drive).
    pub folder_errors: Vec<(String, String)>,
}

type Stamp = (u64, i64);

/// Work to run with the store.
pub type StoreWork<'a> = dyn FnMut(&mut Store) -> Result<(), DataError> + 'a;

/// Runs work with the store locked (the app's lock; in tests, a plain borrow).
pub type StoreAccess<'a> = dyn Fn(&mut StoreWork<'_>) -> Result<(), DataError> + 'a;

/// Remembers what it saw between polls; one per app run.
#[derive(Debug, Default)]
pub struct FolderWatcher {
    /// Files already handled in this exact state.
    handled: HashMap<PathBuf, Stamp>,
    /// Files seen changing, waiting to hold still for one more poll.
    settling: HashMap<PathBuf, Stamp>,
}

fn looks_like_scan(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('.') || name.ends_with('~') {
        return false;
    }
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SCAN_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

fn stamp(meta: &std::fs::Metadata) -> Stamp {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    (meta.len(), mtime)
}

impl FolderWatcher {
    pub fn new() -> Self {
        Self::default()
    }

    /// Files in `folders` that are new or changed and have settled since the last poll.
    fn due(
        &mut self,
        folders: &[WatchedFolder],
        report: &mut WatchReport,
    ) -> Vec<(usize, PathBuf, Stamp)> {
        let mut due = Vec::new();
        for (index, folder) in folders.iter().enumerate().filter(|(_, f)| f.enabled) {
            let entries = match std::fs::read_dir(&folder.path) {
                Ok(entries) => entries,
                Err(e) => {
                    report
                        .folder_errors
                        .push((folder.path.clone(), format!("cannot read the folder: {e}")));
                    continue;
                }
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let Ok(meta) = entry.metadata() else { continue };
                if !meta.is_file() || !looks_like_scan(&path) {
                    continue;
                }
                let now = stamp(&meta);
                if self.handled.get(&path) == Some(&now) {
                    continue;
                }
                if self.settling.get(&path) == Some(&now) {
                    self.settling.remove(&path);
                    due.push((index, path, now));
                } else {
                    self.settling.insert(path, now);
                }
            }
        }
        due
    }

    /// One pass over the watched folders. `store` is locked only briefly per file: reading
    /// and parsing happen outside it.
    pub fn poll(&mut self, with_store: &StoreAccess<'_>) -> Result<WatchReport, DataError> {
        let mut report = WatchReport::default();
        let mut folders = Vec::new();
        with_store(&mut |s| {
            folders = s.watched_folders()?;
            Ok(())
        })?;
        for (index, path, now) in self.due(&folders, &mut report) {
            let folder = &folders[index];
            let mut prepared = Some(prepare_file(&path, &mut |_, _, _| {}));
            let sha256 = prepared
                .as_ref()
                .map(|p| p.sha256.clone())
                .unwrap_or_default();
            let path_text = path.display().to_string();
            let mut outcome = None;
            with_store(&mut |s| {
                let state = FileState {
                    path: &path_text,
                    size: now.0,
                    mtime: now.1,
                    sha256: &sha256,
                };
                if !sha256.is_empty() && !s.file_needs_import(&state)? {
                    return Ok(());
                }
                let Some(file) = prepared.take() else {
                    return Ok(());
                };
                let done = record_file(s, folder.application_id, file)?;
                if !sha256.is_empty() {
                    s.record_imported_file(&state, done.import_id)?;
                }
                outcome = Some(done);
                Ok(())
            })?;
            self.handled.insert(path, now);
            report.outcomes.extend(outcome);
        }
        Ok(report)
    }
}
