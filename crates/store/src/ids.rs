//! Typed row ids. They cross IPC as plain numbers (`u32`: TypeScript has no 64-bit integers).

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};

macro_rules! row_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(i64::from(self.0)))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let raw = value.as_i64()?;
                u32::try_from(raw)
                    .map($name)
                    .map_err(|_| FromSqlError::OutOfRange(raw))
            }
        }
    };
}

row_id!(
    /// An application (what was scanned: a repository, a service, an image).
    ApplicationId
);
row_id!(
    /// A resource group (a set of applications).
    GroupId
);
row_id!(
    /// A stored finding (unique per application and fingerprint).
    FindingId
);
row_id!(
    /// One import of one file.
    ImportId
);
row_id!(
    /// A watched folder.
    WatchedFolderId
);
row_id!(
    /// A timeline event.
    TimelineEventId
);

/// Converts `last_insert_rowid()` to a typed id (row ids above `u32::MAX` are refused).
pub(crate) fn from_rowid<T>(rowid: i64, wrap: fn(u32) -> T) -> Result<T, crate::DataError> {
    u32::try_from(rowid)
        .map(wrap)
        .map_err(|_| crate::DataError::IdOutOfRange(rowid))
}
