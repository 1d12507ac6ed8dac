//! The `settings` table: small key/value preferences (never secrets).

use crate::{Store, StoreError};
use rusqlite::{params, OpenFlags, OptionalExtension};

impl Store {
    /// Reads a setting, `None` when it was never set.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Writes a setting, replacing any earlier value.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value,
                 updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
            params![key, value],
        )?;
        Ok(())
    }
}

/// Reads one setting straight from the database file, read-only and without migrating it:
/// for what must be known before the store is opened (e.g. the log level, before logging
/// starts). `None` when the file, the table or the key is missing or unreadable.
pub fn peek_setting(path: &std::path::Path, key: &str) -> Option<String> {
    let conn =
        rusqlite::Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
        row.get(0)
    })
    .optional()
    .ok()
    .flatten()
}

impl Store {
    /// Writes a consistent copy of the whole database to `target` (which must not exist),
    /// while the app keeps using it (`VACUUM INTO`).
    pub fn backup_to(&self, target: &std::path::Path) -> Result<(), StoreError> {
        if target.exists() {
            return Err(StoreError::Backup(format!(
                "{} exists already; choose another file name",
                target.display()
            )));
        }
        let path = target.to_str().ok_or_else(|| {
            StoreError::Backup(format!("{} is not a usable path", target.display()))
        })?;
        self.conn.execute("VACUUM INTO ?1", [path])?;
        Ok(())
    }
}
