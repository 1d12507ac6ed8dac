//! The `applications` and `application_targets` tables.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::data_error::is_unique_violation;
use crate::ids::from_rowid;
use crate::{ApplicationId, DataError, GroupId, Store};

/// An application as the applications list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ApplicationSummary {
    pub id: ApplicationId,
    pub name: String,
    pub group_id: Option<GroupId>,
    pub group_name: Option<String>,
    /// Every stored finding, whatever its status.
    pub findings_total: u32,
    /// Findings that are `open` or `reopened`.
    pub findings_active: u32,
    /// When the last successful import finished (UTC ISO-8601), if any.
    pub last_import_at: Option<String>,
}

/// Trims a user-given name and refuses an empty one.
pub(crate) fn clean_name(name: &str) -> Result<&str, DataError> {
    let name = name.trim();
    if name.is_empty() {
        Err(DataError::EmptyName)
    } else {
        Ok(name)
    }
}

impl Store {
    /// Creates an application. Names are unique, ignoring case.
    pub fn create_application(&self, name: &str) -> Result<ApplicationId, DataError> {
        let name = clean_name(name)?;
        match self
            .conn
            .execute("INSERT INTO applications (name) VALUES (?1)", [name])
        {
            Ok(_) => from_rowid(self.conn.last_insert_rowid(), ApplicationId),
            Err(e) if is_unique_violation(&e) => Err(DataError::ApplicationExists(name.into())),
            Err(e) => Err(e.into()),
        }
    }

    /// The application with this name (ignoring case), if any.
    pub fn application_by_name(&self, name: &str) -> Result<Option<ApplicationId>, DataError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM applications WHERE name = ?1",
                [name.trim()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The application with this name, created when missing. The bool is `true` when it was
    /// created by this call.
    pub fn ensure_application(&self, name: &str) -> Result<(ApplicationId, bool), DataError> {
        match self.application_by_name(name)? {
            Some(id) => Ok((id, false)),
            None => Ok((self.create_application(name)?, true)),
        }
    }

    /// Renames an application.
    pub fn rename_application(&self, id: ApplicationId, name: &str) -> Result<(), DataError> {
        let name = clean_name(name)?;
        match self.conn.execute(
            "UPDATE applications SET name = ?1 WHERE id = ?2",
            params![name, id],
        ) {
            Ok(0) => Err(DataError::ApplicationNotFound(id.0)),
            Ok(_) => Ok(()),
            Err(e) if is_unique_violation(&e) => Err(DataError::ApplicationExists(name.into())),
            Err(e) => Err(e.into()),
        }
    }

    /// Puts an application in a group, or takes it out with `None`.
    pub fn set_application_group(
        &self,
        id: ApplicationId,
        group: Option<GroupId>,
    ) -> Result<(), DataError> {
        if let Some(g) = group {
            let exists: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM resource_groups WHERE id = ?1)",
                [g],
                |r| r.get(0),
            )?;
            if !exists {
                return Err(DataError::GroupNotFound(g.0));
            }
        }
        let changed = self.conn.execute(
            "UPDATE applications SET group_id = ?1 WHERE id = ?2",
            params![group, id],
        )?;
        if changed == 0 {
            return Err(DataError::ApplicationNotFound(id.0));
        }
        Ok(())
    }

    /// Deletes an application that has no findings (its import history, remembered targets
    /// and watched folders go with it). Refuses with [`DataError::ApplicationNotEmpty`]
    /// otherwise.
    pub fn delete_application(&mut self, id: ApplicationId) -> Result<(), DataError> {
        let tx = self.conn.transaction()?;
        let name: String = tx
            .query_row("SELECT name FROM applications WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(DataError::ApplicationNotFound(id.0))?;
        let findings: u32 = tx.query_row(
            "SELECT COUNT(*) FROM findings WHERE application_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if findings > 0 {
            return Err(DataError::ApplicationNotEmpty { name, findings });
        }
        tx.execute("DELETE FROM applications WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    /// Every application with its finding counts, by name.
    pub fn list_applications(&self) -> Result<Vec<ApplicationSummary>, DataError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.name, a.group_id, g.name,
                    (SELECT COUNT(*) FROM findings f WHERE f.application_id = a.id),
                    (SELECT COUNT(*) FROM findings f WHERE f.application_id = a.id
                        AND f.status IN ('open', 'reopened')),
                    (SELECT MAX(i.finished_at) FROM imports i
                        WHERE i.application_id = a.id AND i.error IS NULL)
             FROM applications a LEFT JOIN resource_groups g ON g.id = a.group_id
             ORDER BY a.name COLLATE NOCASE, a.id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ApplicationSummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    group_id: r.get(2)?,
                    group_name: r.get(3)?,
                    findings_total: r.get(4)?,
                    findings_active: r.get(5)?,
                    last_import_at: r.get(6)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// The application a scan target (repository URL, image, site, folder) was last imported
    /// into, if remembered.
    pub fn application_for_target(&self, target: &str) -> Result<Option<ApplicationId>, DataError> {
        Ok(self
            .conn
            .query_row(
                "SELECT application_id FROM application_targets WHERE target = ?1",
                [target.trim()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Remembers that `target` belongs to `app` (replacing an earlier choice).
    pub fn remember_target(&self, target: &str, app: ApplicationId) -> Result<(), DataError> {
        let target = target.trim();
        if target.is_empty() {
            return Err(DataError::EmptyName);
        }
        self.conn
            .execute(
                "INSERT INTO application_targets (target, application_id) VALUES (?1, ?2)
                 ON CONFLICT (target) DO UPDATE SET application_id = excluded.application_id,
                     updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
                params![target, app],
            )
            .map_err(|e| foreign_key_to(e, DataError::ApplicationNotFound(app.0)))?;
        Ok(())
    }
}

/// Maps a foreign-key violation to `missing`, other errors unchanged.
pub(crate) fn foreign_key_to(err: rusqlite::Error, missing: DataError) -> DataError {
    match &err {
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY =>
        {
            missing
        }
        _ => err.into(),
    }
}
