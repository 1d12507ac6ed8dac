//! Vulnbridge's local database.
//!
//! One SQLite file in the data directory, opened in WAL mode with foreign keys on. The
//! schema grows through numbered migrations embedded in the binary (`migrations/NNNN_*.sql`);
//! each runs in its own transaction and bumps `PRAGMA user_version`.

mod activity;
mod applications;
mod connections;
mod data_error;
mod error;
mod finding_columns;
mod finding_query;
mod findings;
mod groups;
mod ids;
mod imports;
mod jira_comments;
mod lifecycle;
mod migrations;
mod outbox;
mod outbox_types;
mod outbox_view;
mod poll_apply;
mod poll_state;
mod routing_resolution;
mod routing_rules;
mod routing_setup;
mod search_index;
mod settings;
mod status;
mod status_sync;
mod ticket_links;
mod timeline;
mod watched;

pub use activity::{ActivityEntry, PendingOperation};
pub use applications::ApplicationSummary;
pub use connections::{ConnectionHealth, ConnectionRecord};
pub use data_error::DataError;
pub use error::StoreError;
pub use finding_query::{
    fts_match_expression, FindingQuery, FindingSort, SortField, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE,
};
pub use findings::{
    FindingDetail, FindingPage, FindingRow, FindingSummary, SeverityCounts, StatusCounts,
};
pub use groups::GroupSummary;
pub use ids::{ApplicationId, FindingId, GroupId, ImportId, TimelineEventId, WatchedFolderId};
pub use imports::{ImportCounts, ImportSummary, ScanInput};
pub use jira_comments::JiraComment;
pub use migrations::{latest_version, MIGRATIONS};
pub use outbox::{ClaimedOp, NewOutboxOp, OutboxOp};
pub use outbox_types::{OpError, OutboxId, OutboxKind, OutboxState};
pub use outbox_view::OutboxCounts;
pub use poll_apply::{PolledEvent, PolledIssue};
pub use routing_resolution::{resolve_route, RouteDecision, RouteFacts, RuleCheck, RuleVerdict};
pub use routing_rules::{PushCandidate, RoutingRule, RuleScope};
pub use routing_setup::{CachedCreateFields, RuleNames};
pub use settings::peek_setting;
pub use status::{EventOrigin, FindingStatus};
pub use status_sync::StatusMismatch;
pub use ticket_links::{NewTicketLink, TicketLink};
pub use timeline::{TimelineDetail, TimelineEvent, TimelineKind};
pub use watched::{FileState, WatchedFolder};

use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// File name of the database inside the data directory.
pub const DB_FILE_NAME: &str = "vulnbridge.sqlite3";

/// An open Vulnbridge database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and brings its schema up to date.
    pub fn open_in_dir(data_dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        Self::open(&data_dir.join(DB_FILE_NAME))
    }

    /// Opens (creating if needed) the database file at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        configure(&conn)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        migrations::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// Where the database file lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version the file is at (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    /// Direct access for the per-table query modules of this crate and its tests.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Pragma(format!(
            "journal_mode is {mode}, expected wal"
        )));
    }
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")?;
    Ok(())
}
