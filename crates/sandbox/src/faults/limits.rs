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

/// What is left of the tightest budget after a call that was allowed.
#[derive(Clone, Debug)]
pub(crate) struct Headroom {
    pub limit: u32,
    pub remaining: u32,
    pub reset_at: DateTime<Utc>,
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

    /// Counts the call against every configured limit. `Err` reports the first exceeded limit;
    /// `Ok` carries the tightest remaining budget (for `X-RateLimit-*` on normal responses).
    pub fn check(
        &mut self,
        limits: &RateLimits,
        method: &str,
        path: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Headroom>, LimitHit> {
        let mut tightest: Option<Headroom> = None;
        let mut keep = |h: Headroom| {
            let better = tightest.as_ref().is_none_or(|t| {
                u64::from(h.remaining) * u64::from(t.limit)
                    < u64::from(t.remaining) * u64::from(h.limit)
            });
            if better {
                tightest = Some(h);
            }
        };
        if let Some(b) = limits.quota {
            keep(self.count("quota", b, now, RateLimitReason::QuotaTenant)?);
        }
        if let Some(b) = limits.burst {
            let key = format!("burst {method} {}", endpoint_shape(path));
            keep(self.count(&key, b, now, RateLimitReason::Burst)?);
        }
        if let (Some(b), Some(issue)) = (limits.per_issue_write, issue_segment(path)) {
            if method != "GET" {
                let key = format!("issue {issue}");
                keep(self.count(&key, b, now, RateLimitReason::PerIssueWrite)?);
            }
        }
        Ok(tightest)
    }

    fn count(
        &mut self,
        key: &str,
        budget: Budget,
        now: DateTime<Utc>,
        reason: RateLimitReason,
    ) -> Result<Headroom, LimitHit> {
        let window = Duration::from_std(budget.window).unwrap_or(Duration::seconds(1));
        let entry = self.windows.entry(key.to_owned()).or_insert((now, 0));
        if now >= entry.0 + window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        let reset_at = entry.0 + window;
        let window_secs = window.num_seconds().max(1) as u64;
        if entry.1 <= budget.limit {
            return Ok(Headroom {
                limit: budget.limit,
                remaining: budget.limit - entry.1,
                reset_at,
                window_secs,
            });
        }
        let remaining_ms = (reset_at - now).num_milliseconds().max(0);
        Err(LimitHit {
            reason,
            limit: budget.limit,
            reset_at,
            retry_after_secs: ((remaining_ms + 999) / 1000).max(1) as u64,
            window_secs,
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
