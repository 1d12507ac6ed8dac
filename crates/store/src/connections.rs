//! The `connections` table: each Jira connection's settings (as JSON, never secrets) and its
//! health as last observed.

use crate::{Store, StoreError};
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

/// One stored connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConnectionRecord {
    pub id: String,
    pub name: String,
    /// The connection settings as JSON (the jira crate's `ConnectionConfig`).
    pub config: String,
    pub created_at: String,
    pub account: Option<String>,
    pub health: ConnectionHealth,
}

/// What the last connection check found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ConnectionHealth {
    pub last_checked_at: Option<String>,
    pub last_success_at: Option<String>,
    /// Machine code and human message of the last failure, cleared by a success.
    pub last_error: Option<(String, String)>,
    /// The grant was revoked or expired: the user must sign in again.
    pub needs_reauth: bool,
}

const COLUMNS: &str = "id, name, config, created_at, account, last_checked_at, \
     last_success_at, last_error_code, last_error_message, needs_reauth";

fn from_row(row: &Row<'_>) -> rusqlite::Result<ConnectionRecord> {
    let code: Option<String> = row.get(7)?;
    let message: Option<String> = row.get(8)?;
    Ok(ConnectionRecord {
        id: row.get(0)?,
        name: row.get(1)?,
        config: row.get(2)?,
        created_at: row.get(3)?,
        account: row.get(4)?,
        health: ConnectionHealth {
            last_checked_at: row.get(5)?,
            last_success_at: row.get(6)?,
            last_error: code.zip(message),
            needs_reauth: row.get::<_, i64>(9)? != 0,
        },
    })
}

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

impl Store {
    /// Adds a connection, or replaces the name and settings of the one with the same id.
    pub fn save_connection(
        &self,
        id: &str,
        name: &str,
        config_json: &str,
    ) -> Result<(), StoreError> {
        self.connection().execute(
            &format!(
                "INSERT INTO connections (id, name, config) VALUES (?1, ?2, ?3)
                 ON CONFLICT(id) DO UPDATE SET name = excluded.name, config = excluded.config,
                     updated_at = {NOW}"
            ),
            params![id, name, config_json],
        )?;
        Ok(())
    }

    /// All connections, oldest first.
    pub fn connections(&self) -> Result<Vec<ConnectionRecord>, StoreError> {
        let mut stmt = self.connection().prepare(&format!(
            "SELECT {COLUMNS} FROM connections ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn connection_by_id(&self, id: &str) -> Result<Option<ConnectionRecord>, StoreError> {
        Ok(self
            .connection()
            .query_row(
                &format!("SELECT {COLUMNS} FROM connections WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()?)
    }

    /// Records a successful check: who the connection acts as; clears any error.
    pub fn record_connection_success(&self, id: &str, account: &str) -> Result<(), StoreError> {
        self.connection().execute(
            &format!(
                "UPDATE connections SET account = ?2, last_checked_at = {NOW}, last_success_at = {NOW},
                     last_error_code = NULL, last_error_message = NULL, needs_reauth = 0
                 WHERE id = ?1"
            ),
            params![id, account],
        )?;
        Ok(())
    }

    /// Records a failed check; `needs_reauth` marks a revoked or expired grant.
    pub fn record_connection_failure(
        &self,
        id: &str,
        code: &str,
        message: &str,
        needs_reauth: bool,
    ) -> Result<(), StoreError> {
        self.connection().execute(
            &format!(
                "UPDATE connections SET last_checked_at = {NOW}, last_error_code = ?2,
                     last_error_message = ?3, needs_reauth = ?4
                 WHERE id = ?1"
            ),
            params![id, code, message, needs_reauth],
        )?;
        Ok(())
    }

    /// Removes a connection; true if it existed.
    pub fn delete_connection(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .connection()
            .execute("DELETE FROM connections WHERE id = ?1", [id])?
            > 0)
    }
}
