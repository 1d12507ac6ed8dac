//! Fixed-window counters behind [`super::RateLimits`].

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use super::plan::{Budget, RateLimitReason, RateLimits};

/// A request that ran over a limit.
#[derive(Clone, Debug)]
pub(crate) struct LimitHit {
    pub reason: RateLimitReason,
    pub limit: u32,
    pub reset_at: DateTime<Utc>,
    pub retry_after_secs: u64,
    pub window_secs: u64,
}

#[derive(Default, Debug)]
pub(crate) struct LimitCounters {
    windows: HashMap<String, (DateTime<Utc>, u32)>,
}

impl LimitCounters {
    pub fn reset(&mut self) {
        self.windows.clear();
    }

    /// Counts the call against every configured limit; the first exceeded one is reported.
    pub fn check(
        &mut self,
        limits: &RateLimits,
        method: &str,
        path: &str,
        now: DateTime<Utc>,
    ) -> Option<LimitHit> {
        if let Some(b) = limits.quota {
            if let Some(hit) = self.count("quota", b, now, RateLimitReason::QuotaTenant) {
                return Some(hit);
            }
        }
        if let Some(b) = limits.burst {
            let key = format!("burst {method} {}", endpoint_shape(path));
            if let Some(hit) = self.count(&key, b, now, RateLimitReason::Burst) {
                return Some(hit);
            }
        }
        if let (Some(b), Some(issue)) = (limits.per_issue_write, issue_segment(path)) {
            if method != "GET" {
                let key = format!("issue {issue}");
                if let Some(hit) = self.count(&key, b, now, RateLimitReason::PerIssueWrite) {
                    return Some(hit);
                }
            }
        }
        None
    }

    fn count(
        &mut self,
        key: &str,
        budget: Budget,
        now: DateTime<Utc>,
        reason: RateLimitReason,
    ) -> Option<LimitHit> {
        let window = Duration::from_std(budget.window).unwrap_or(Duration::seconds(1));
        let entry = self.windows.entry(key.to_owned()).or_insert((now, 0));
        if now >= entry.0 + window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 <= budget.limit {
            return None;
        }
        let reset_at = entry.0 + window;
        let remaining_ms = (reset_at - now).num_milliseconds().max(0);
        Some(LimitHit {
            reason,
            limit: budget.limit,
            reset_at,
            retry_after_secs: ((remaining_ms + 999) / 1000).max(1) as u64,
            window_secs: window.num_seconds().max(1) as u64,
        })
    }
}

/// `/rest/api/3/issue/SEC-1/comment/10001` → `/rest/api/3/issue/{}/comment/{}`.
fn endpoint_shape(path: &str) -> String {
    path.split('/')
        .map(|s| {
            if s.chars().any(|c| c.is_ascii_digit()) && s != "3" && s != "2" {
                "{}"
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The issue id or key a path writes to, if any (`/rest/api/N/issue/{key}/...`).
fn issue_segment(path: &str) -> Option<&str> {
    let mut segs = path.split('/').skip_while(|s| *s != "issue");
    segs.next()?;
    let key = segs.next()?;
    (key != "bulk" && !key.is_empty()).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_issue_segments() {
        assert_eq!(
            endpoint_shape("/rest/api/3/issue/SEC-12/comment"),
            "/rest/api/3/issue/{}/comment"
        );
        assert_eq!(
            issue_segment("/rest/api/2/issue/SEC-1/comment"),
            Some("SEC-1")
        );
        assert_eq!(issue_segment("/rest/api/2/issue/bulk"), None);
        assert_eq!(issue_segment("/rest/api/2/issue"), None);
    }
}
