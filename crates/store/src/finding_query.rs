//! What the findings dashboard asks for: filters, full-text search, sort and page, and the
//! SQL they turn into.

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use vulnbridge_model::{FindingKind, Severity};

use crate::finding_columns::{kind_str, severity_rank};
use crate::{ApplicationId, FindingStatus, GroupId};

/// Rows per page when a query does not say.
pub const DEFAULT_PAGE_SIZE: u32 = 100;
/// The largest page a query may ask for.
pub const MAX_PAGE_SIZE: u32 = 1000;
/// Search words beyond this many are ignored.
const MAX_SEARCH_TERMS: usize = 32;

/// Filters, search, sort and page for [`crate::Store::query_findings`] and
/// [`crate::Store::finding_summary`]. Empty lists mean "any"; several values in one list are
/// alternatives (OR); different filters combine with AND.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct FindingQuery {
    /// `null` in the list selects findings whose severity is unknown.
    pub severities: Vec<Option<Severity>>,
    pub statuses: Vec<FindingStatus>,
    pub application_ids: Vec<ApplicationId>,
    /// Findings of applications in any of these groups.
    pub group_ids: Vec<GroupId>,
    /// Tool names as stored (`"Trivy"`, `"CodeQL"`).
    pub tools: Vec<String>,
    pub kinds: Vec<FindingKind>,
    /// `Some(true)`: only findings with a linked Jira ticket; `Some(false)`: only without.
    pub has_ticket: Option<bool>,
    /// Free text matched against title, description, rule, CVE/CWE/alias ids, location and
    /// tool. Every word must match (as a word prefix); the text is never interpreted as query
    /// syntax, so quotes, `OR`, `*` and the like are just characters.
    pub text: Option<String>,
    pub sort: FindingSort,
    /// Rows to skip (paging).
    pub offset: u32,
    /// Rows to return, at most [`MAX_PAGE_SIZE`]; 0 returns no rows (only the total).
    pub limit: u32,
}

impl Default for FindingQuery {
    fn default() -> Self {
        FindingQuery {
            severities: Vec::new(),
            statuses: Vec::new(),
            application_ids: Vec::new(),
            group_ids: Vec::new(),
            tools: Vec::new(),
            kinds: Vec::new(),
            has_ticket: None,
            text: None,
            sort: FindingSort::default(),
            offset: 0,
            limit: DEFAULT_PAGE_SIZE,
        }
    }
}

/// Sort order. Rows with equal keys are ordered by finding id in the same direction, so pages
/// are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FindingSort {
    pub field: SortField,
    pub descending: bool,
}

impl Default for FindingSort {
    /// Most severe first.
    fn default() -> Self {
        FindingSort {
            field: SortField::Severity,
            descending: true,
        }
    }
}

/// What the dashboard can sort on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SortField {
    /// By rank: critical > high > medium > low > info > unknown.
    Severity,
    LastSeen,
    FirstSeen,
    /// Case-insensitive.
    Title,
    /// Application name, case-insensitive.
    Application,
}

/// A WHERE clause (over `findings f`) and its parameters.
pub(crate) struct Filter {
    pub sql: String,
    pub params: Vec<Value>,
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

impl FindingQuery {
    /// The WHERE clause for the filters and search (always valid SQL, `1` when unfiltered).
    pub(crate) fn filter(&self) -> Filter {
        let mut clauses: Vec<String> = Vec::new();
        let mut params: Vec<Value> = Vec::new();

        if !self.severities.is_empty() {
            // On the rank (0 = unknown), which the dashboard index covers.
            let mut ranks: Vec<i64> = self.severities.iter().map(|s| severity_rank(*s)).collect();
            ranks.sort_unstable();
            ranks.dedup();
            clauses.push(format!(
                "f.severity_rank IN ({})",
                placeholders(ranks.len())
            ));
            params.extend(ranks.into_iter().map(Value::Integer));
        }
        if !self.statuses.is_empty() {
            clauses.push(format!(
                "f.status IN ({})",
                placeholders(self.statuses.len())
            ));
            params.extend(self.statuses.iter().map(|s| Value::Text(s.as_str().into())));
        }
        if !self.application_ids.is_empty() {
            clauses.push(format!(
                "f.application_id IN ({})",
                placeholders(self.application_ids.len())
            ));
            params.extend(
                self.application_ids
                    .iter()
                    .map(|a| Value::Integer(a.0.into())),
            );
        }
        if !self.group_ids.is_empty() {
            clauses.push(format!(
                "f.application_id IN (SELECT id FROM applications WHERE group_id IN ({}))",
                placeholders(self.group_ids.len())
            ));
            params.extend(self.group_ids.iter().map(|g| Value::Integer(g.0.into())));
        }
        if !self.tools.is_empty() {
            clauses.push(format!("f.tool IN ({})", placeholders(self.tools.len())));
            params.extend(self.tools.iter().map(|t| Value::Text(t.clone())));
        }
        if !self.kinds.is_empty() {
            clauses.push(format!("f.kind IN ({})", placeholders(self.kinds.len())));
            params.extend(self.kinds.iter().map(|k| Value::Text(kind_str(*k).into())));
        }
        match self.has_ticket {
            Some(true) => clauses.push(
                "EXISTS (SELECT 1 FROM ticket_links t WHERE t.finding_id = f.id)".to_string(),
            ),
            Some(false) => clauses.push(
                "NOT EXISTS (SELECT 1 FROM ticket_links t WHERE t.finding_id = f.id)".to_string(),
            ),
            None => {}
        }
        if let Some(expr) = self.text.as_deref().and_then(fts_match_expression) {
            clauses.push(
                "f.id IN (SELECT rowid FROM findings_fts WHERE findings_fts MATCH ?)".to_string(),
            );
            params.push(Value::Text(expr));
        }

        Filter {
            sql: if clauses.is_empty() {
                "1".to_string()
            } else {
                clauses.join(" AND ")
            },
            params,
        }
    }

    /// `true` when the sort needs `applications a` joined.
    pub(crate) fn sorts_by_application(&self) -> bool {
        self.sort.field == SortField::Application
    }

    /// The ORDER BY clause (over `findings f`, joined with `applications a` when
    /// [`FindingQuery::sorts_by_application`]).
    pub(crate) fn order_by(&self) -> String {
        let dir = if self.sort.descending { "DESC" } else { "ASC" };
        let key = match self.sort.field {
            SortField::Severity => "f.severity_rank",
            SortField::LastSeen => "f.last_seen",
            SortField::FirstSeen => "f.first_seen",
            SortField::Title => "f.title COLLATE NOCASE",
            SortField::Application => "a.name COLLATE NOCASE",
        };
        format!("{key} {dir}, f.id {dir}")
    }

    /// The page size actually used.
    pub(crate) fn page_size(&self) -> u32 {
        self.limit.min(MAX_PAGE_SIZE)
    }
}

/// Turns user text into a safe FTS5 MATCH expression: each whitespace-separated word becomes
/// a quoted phrase with a prefix star (`"log4"*`), inner quotes doubled, control characters
/// (NUL ends an FTS5 string early) treated as spaces, words without any letter or digit
/// dropped. `None` when nothing searchable is left.
pub fn fts_match_expression(text: &str) -> Option<String> {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let terms: Vec<String> = text
        .split_whitespace()
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .take(MAX_SEARCH_TERMS)
        .map(|t| format!("\"{}\"*", t.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_becomes_quoted_phrases() {
        assert_eq!(
            fts_match_expression(r#"foo" OR 1=1"#).as_deref(),
            Some(r#""foo"""* "OR"* "1=1"*"#)
        );
        assert_eq!(fts_match_expression("*"), None);
        assert_eq!(fts_match_expression("  \" ( ) - "), None);
        assert_eq!(
            fts_match_expression("CVE-2021-44228").as_deref(),
            Some("\"CVE-2021-44228\"*")
        );
    }

    #[test]
    fn empty_query_filters_nothing_and_sorts_most_severe_first() {
        let q = FindingQuery::default();
        let f = q.filter();
        assert_eq!(f.sql, "1");
        assert!(f.params.is_empty());
        assert_eq!(q.order_by(), "f.severity_rank DESC, f.id DESC");
        assert_eq!(q.page_size(), DEFAULT_PAGE_SIZE);
    }
}
