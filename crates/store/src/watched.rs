//! Watched folders and the files already imported from them (the watching itself is the app
//! shell's job): a watched file is imported once per content.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::applications::foreign_key_to;
use crate::data_error::is_unique_violation;
use crate::ids::from_rowid;
use crate::{ApplicationId, DataError, ImportId, Store, WatchedFolderId};

/// A folder whose new scan files are imported into an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WatchedFolder {
    pub id: WatchedFolderId,
    pub path: String,
    pub application_id: ApplicationId,
    pub application: String,
    pub enabled: bool,
}

/// What the shell knows about a file on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileState<'a> {
    pub path: &'a str,
    pub size: u64,
    /// Modification time, seconds since the Unix epoch.
    pub mtime: i64,
    /// Lowercase hex sha256 of the content.
    pub sha256: &'a str,
}

impl Store {
    /// Starts watching `path` for `app` (enabled).
    pub fn add_watched_folder(
        &self,
        path: &str,
        app: ApplicationId,
    ) -> Result<WatchedFolderId, DataError> {
        let path = path.trim();
        if path.is_empty() {
            return Err(DataError::EmptyName);
        }
        match self.conn.execute(
            "INSERT INTO watched_folders (path, application_id) VALUES (?1, ?2)",
            params![path, app],
        ) {
            Ok(_) => from_rowid(self.conn.last_insert_rowid(), WatchedFolderId),
            Err(e) if is_unique_violation(&e) => Err(DataError::FolderAlreadyWatched(path.into())),
            Err(e) => Err(foreign_key_to(e, DataError::ApplicationNotFound(app.0))),
        }
    }

    /// Stops watching a folder (what was imported from it stays).
    pub fn remove_watched_folder(&self, id: WatchedFolderId) -> Result<(), DataError> {
        match self
            .conn
            .execute("DELETE FROM watched_folders WHERE id = ?1", [id])?
        {
            0 => Err(DataError::WatchedFolderNotFound(id.0)),
            _ => Ok(()),
        }
    }

    /// Pauses or resumes a watched folder.
    pub fn set_watched_folder_enabled(
        &self,
        id: WatchedFolderId,
        enabled: bool,
    ) -> Result<(), DataError> {
        match self.conn.execute(
            "UPDATE watched_folders SET enabled = ?2 WHERE id = ?1",
            params![id, enabled],
        )? {
            0 => Err(DataError::WatchedFolderNotFound(id.0)),
            _ => Ok(()),
        }
    }

    /// Every watched folder, by path.
    pub fn watched_folders(&self) -> Result<Vec<WatchedFolder>, DataError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT w.id, w.path, w.application_id, a.name, w.enabled
             FROM watched_folders w JOIN applications a ON a.id = w.application_id
             ORDER BY w.path, w.id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(WatchedFolder {
                    id: r.get(0)?,
                    path: r.get(1)?,
                    application_id: r.get(2)?,
                    application: r.get(3)?,
                    enabled: r.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// `true` unless the content now at `file.path` is the content last recorded for that path
    /// (same sha256). Size and mtime alone never decide: a touched file with the same content
    /// is not imported again, a changed file with the same size and mtime is.
    pub fn file_needs_import(&self, file: &FileState<'_>) -> Result<bool, DataError> {
        let known: Option<String> = self
            .conn
            .query_row(
                "SELECT sha256 FROM imported_files WHERE path = ?1",
                [file.path],
                |r| r.get(0),
            )
            .optional()?;
        Ok(known.as_deref() != Some(file.sha256))
    }

    /// Records that `file` was imported (or failed to import: pass that import's id, so the
    /// same broken content is not retried until it changes).
    pub fn record_imported_file(
        &self,
        file: &FileState<'_>,
        import: Option<ImportId>,
    ) -> Result<(), DataError> {
        let size = i64::try_from(file.size).unwrap_or(i64::MAX);
        self.conn.execute(
            "INSERT INTO imported_files (path, size, mtime, sha256, import_id)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime,
                 sha256 = excluded.sha256, import_id = excluded.import_id,
                 imported_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
            params![file.path, size, file.mtime, file.sha256, import],
        )?;
        Ok(())
    }
}
