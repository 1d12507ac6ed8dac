//! The `resource_groups` table: named sets of applications.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::applications::clean_name;
use crate::data_error::is_unique_violation;
use crate::ids::from_rowid;
use crate::{DataError, GroupId, Store};

/// A group as the groups list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GroupSummary {
    pub id: GroupId,
    pub name: String,
    pub application_count: u32,
}

impl Store {
    /// Creates a resource group. Names are unique, ignoring case.
    pub fn create_group(&self, name: &str) -> Result<GroupId, DataError> {
        let name = clean_name(name)?;
        match self
            .conn
            .execute("INSERT INTO resource_groups (name) VALUES (?1)", [name])
        {
            Ok(_) => from_rowid(self.conn.last_insert_rowid(), GroupId),
            Err(e) if is_unique_violation(&e) => Err(DataError::GroupExists(name.into())),
            Err(e) => Err(e.into()),
        }
    }

    /// Renames a group.
    pub fn rename_group(&self, id: GroupId, name: &str) -> Result<(), DataError> {
        let name = clean_name(name)?;
        match self.conn.execute(
            "UPDATE resource_groups SET name = ?1 WHERE id = ?2",
            params![name, id],
        ) {
            Ok(0) => Err(DataError::GroupNotFound(id.0)),
            Ok(_) => Ok(()),
            Err(e) if is_unique_violation(&e) => Err(DataError::GroupExists(name.into())),
            Err(e) => Err(e.into()),
        }
    }

    /// Deletes a group; its applications stay, ungrouped.
    pub fn delete_group(&self, id: GroupId) -> Result<(), DataError> {
        match self
            .conn
            .execute("DELETE FROM resource_groups WHERE id = ?1", [id])?
        {
            0 => Err(DataError::GroupNotFound(id.0)),
            _ => Ok(()),
        }
    }

    /// Every group with its application count, by name.
    pub fn list_groups(&self) -> Result<Vec<GroupSummary>, DataError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT g.id, g.name,
                    (SELECT COUNT(*) FROM applications a WHERE a.group_id = g.id)
             FROM resource_groups g ORDER BY g.name COLLATE NOCASE, g.id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(GroupSummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    application_count: r.get(2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}
