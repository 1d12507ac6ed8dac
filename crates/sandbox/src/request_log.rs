//! Every request the sandbox saw, for tests to inspect.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::faults::Target;

/// One request as the sandbox handled it.
#[derive(Clone, Debug)]
pub struct LoggedRequest {
    /// HTTP method, upper case.
    pub method: String,
    /// Request path as sent (including any `/ex/jira/{cloudId}` prefix).
    pub path: String,
    /// Raw query string, if any.
    pub query: Option<String>,
    /// Status the sandbox produced; `None` when the connection was reset before processing.
    pub status: Option<u16>,
    /// When the request arrived (sandbox clock).
    pub at: DateTime<Utc>,
    /// The injected fault or limit that shaped the response, e.g. `"429 jira-burst-based"`.
    pub fault: Option<String>,
    /// False when the response never reached the client (reset, or committed then dropped).
    pub delivered: bool,
}

/// A snapshot of the request log.
#[derive(Clone, Debug, Default)]
pub struct RequestLog {
    entries: Vec<LoggedRequest>,
}

impl RequestLog {
    pub(crate) fn new(entries: Vec<LoggedRequest>) -> Self {
        Self { entries }
    }

    /// All requests, oldest first.
    pub fn entries(&self) -> &[LoggedRequest] {
        &self.entries
    }

    /// Number of logged requests.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing was logged.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Requests with this method (case-insensitive) and exactly this path.
    pub fn count(&self, method: &str, path: &str) -> usize {
        self.entries
            .iter()
            .filter(|e| e.method.eq_ignore_ascii_case(method) && e.path == path)
            .count()
    }

    /// Requests with this method whose path matches a [`Target`]-style pattern
    /// (`*` = one segment, trailing `**` = any rest).
    pub fn count_matching(&self, method: &str, pattern: &str) -> usize {
        let target = Target::method_path(method, pattern);
        self.entries
            .iter()
            .filter(|e| target.matches(&e.method, &e.path))
            .count()
    }

    /// Calls per endpoint, keyed `"METHOD /path"`.
    pub fn counts_by_endpoint(&self) -> BTreeMap<String, usize> {
        let mut map = BTreeMap::new();
        for e in &self.entries {
            *map.entry(format!("{} {}", e.method, e.path)).or_insert(0) += 1;
        }
        map
    }
}
