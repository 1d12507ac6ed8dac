//! Embedded, numbered, additive migrations. Never edit a released migration: add a new one.

use crate::StoreError;
use rusqlite::Connection;

/// A schema step: its number (1-based, contiguous), a short name and its SQL.
pub struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// All migrations in order. `version` must equal the position + 1.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sql: include_str!("../migrations/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "findings",
        sql: include_str!("../migrations/0002_findings.sql"),
    },
    Migration {
        version: 3,
        name: "finding_storage",
        sql: include_str!("../migrations/0003_finding_storage.sql"),
    },
    Migration {
        version: 4,
        name: "connections",
        sql: include_str!("../migrations/0004_connections.sql"),
    },
    Migration {
        version: 5,
        name: "sync",
        sql: include_str!("../migrations/0005_sync.sql"),
    },
    Migration {
        version: 6,
        name: "routing_setup",
        sql: include_str!("../migrations/0006_routing_setup.sql"),
    },
    Migration {
        version: 7,
        name: "poll",
        sql: include_str!("../migrations/0007_poll.sql"),
    },
];

/// The schema version a fully migrated database has.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Applies every migration above the file's `user_version`, each in its own transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: u32 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    let latest = latest_version();
    if current > latest {
        return Err(StoreError::TooNew {
            found: current,
            latest,
        });
    }
    for m in MIGRATIONS.iter().filter(|m| m.version > current) {
        let wrap = |source| StoreError::Migration {
            version: m.version,
            name: m.name,
            source,
        };
        let tx = conn.transaction().map_err(wrap)?;
        tx.execute_batch(m.sql).map_err(wrap)?;
        tx.pragma_update(None, "user_version", m.version)
            .map_err(wrap)?;
        tx.commit().map_err(wrap)?;
        tracing::info!(version = m.version, name = m.name, "applied migration");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_contiguous_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(
                m.version as usize,
                i + 1,
                "migration {} is out of place",
                m.name
            );
        }
    }
}
