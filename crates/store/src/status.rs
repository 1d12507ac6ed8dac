//! A finding's triage status and where a change came from.

use serde::{Deserialize, Serialize};

/// Triage status of a stored finding.
///
/// Imports move findings between `open`, `reopened`, `resolved` and `suppressed`; the analyst
/// statuses `false_positive` and `accepted_risk` are never changed by an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FindingStatus {
    /// Reported and not triaged.
    Open,
    /// Was resolved (or suppressed), then reported open again.
    Reopened,
    /// Fixed: missing from a later scan of the same tool and target, marked fixed by the file,
    /// or resolved by the analyst.
    Resolved,
    /// The analyst says it is not a real issue.
    FalsePositive,
    /// The analyst accepts the risk.
    AcceptedRisk,
    /// The scan file itself suppresses it or says the product is not affected (see
    /// `vulnbridge_model::Suppression`). Never ticketed without an explicit decision.
    Suppressed,
}

impl FindingStatus {
    /// Every status, in the order the dashboard lists them.
    pub const ALL: [FindingStatus; 6] = [
        FindingStatus::Open,
        FindingStatus::Reopened,
        FindingStatus::Resolved,
        FindingStatus::FalsePositive,
        FindingStatus::AcceptedRisk,
        FindingStatus::Suppressed,
    ];

    /// The stored (and serialized) name, e.g. `"false_positive"`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingStatus::Open => "open",
            FindingStatus::Reopened => "reopened",
            FindingStatus::Resolved => "resolved",
            FindingStatus::FalsePositive => "false_positive",
            FindingStatus::AcceptedRisk => "accepted_risk",
            FindingStatus::Suppressed => "suppressed",
        }
    }

    /// Parses a stored name.
    pub fn parse(raw: &str) -> Option<FindingStatus> {
        FindingStatus::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// `true` for `open` and `reopened`: the finding needs attention.
    pub fn is_active(self) -> bool {
        matches!(self, FindingStatus::Open | FindingStatus::Reopened)
    }

    /// `true` for statuses only an analyst sets and imports keep.
    pub fn is_analyst_decision(self) -> bool {
        matches!(
            self,
            FindingStatus::FalsePositive | FindingStatus::AcceptedRisk
        )
    }
}

impl std::fmt::Display for FindingStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who caused a timeline event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum EventOrigin {
    /// The analyst, in this app.
    Local,
    /// A change pulled from Jira.
    Jira,
    /// A scan import.
    Import,
}

impl EventOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            EventOrigin::Local => "local",
            EventOrigin::Jira => "jira",
            EventOrigin::Import => "import",
        }
    }

    pub fn parse(raw: &str) -> Option<EventOrigin> {
        [EventOrigin::Local, EventOrigin::Jira, EventOrigin::Import]
            .into_iter()
            .find(|o| o.as_str() == raw)
    }
}

/// The current UTC time as stored (`2026-01-31T12:00:00.000Z`), read from SQLite's clock.
pub(crate) fn now_utc(conn: &rusqlite::Connection) -> rusqlite::Result<String> {
    conn.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", [], |r| {
        r.get(0)
    })
}
