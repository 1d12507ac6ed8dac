//! The public vocabulary of fault plans.

use std::time::Duration;

/// Faults and rate limits for a run. Replace it while running with
/// [`crate::RunningSandbox::set_faults`].
#[derive(Clone, Debug, Default)]
pub struct FaultPlan {
    /// Injected faults; for each request every matching rule's trigger is evaluated in order,
    /// latencies add up and the first failing fault that fires wins.
    pub rules: Vec<FaultRule>,
    /// Real, counting rate limits (like Jira Cloud's burst, quota and per-issue write limits).
    pub limits: RateLimits,
}

impl FaultPlan {
    /// No faults, no limits.
    pub fn none() -> Self {
        Self::default()
    }

    /// Adds a rule.
    pub fn with_rule(mut self, rule: FaultRule) -> Self {
        self.rules.push(rule);
        self
    }

    /// Sets the rate limits.
    pub fn with_limits(mut self, limits: RateLimits) -> Self {
        self.limits = limits;
        self
    }
}

/// One injected fault: which calls, how often, what happens.
#[derive(Clone, Debug)]
pub struct FaultRule {
    /// Which requests the rule applies to.
    pub target: Target,
    /// When it fires among the matching requests.
    pub trigger: Trigger,
    /// What happens when it fires.
    pub fault: Fault,
}

impl FaultRule {
    /// A rule for `target` firing on `trigger`.
    pub fn new(target: Target, trigger: Trigger, fault: Fault) -> Self {
        Self {
            target,
            trigger,
            fault,
        }
    }
}

/// Selects requests by method and path.
///
/// The path is a pattern over the request path with the `/ex/jira/{cloudId}` prefix removed:
/// `*` matches exactly one segment, a trailing `**` matches any rest (including nothing).
/// Example: `/rest/api/3/issue/*/comment`.
#[derive(Clone, Debug)]
pub struct Target {
    /// HTTP method (case-insensitive); `None` matches every method.
    pub method: Option<String>,
    /// Path pattern; `/**` matches every path.
    pub path: String,
}

impl Target {
    /// Every request.
    pub fn any() -> Self {
        Self {
            method: None,
            path: "/**".to_owned(),
        }
    }

    /// Requests with this method whose path matches the pattern.
    pub fn method_path(method: &str, path: &str) -> Self {
        Self {
            method: Some(method.to_owned()),
            path: path.to_owned(),
        }
    }

    /// Requests of any method whose path matches the pattern.
    pub fn path(path: &str) -> Self {
        Self {
            method: None,
            path: path.to_owned(),
        }
    }

    pub(crate) fn matches(&self, method: &str, path: &str) -> bool {
        if let Some(m) = &self.method {
            if !m.eq_ignore_ascii_case(method) {
                return false;
            }
        }
        glob_matches(&self.path, path)
    }
}

fn glob_matches(pattern: &str, path: &str) -> bool {
    let pat: Vec<&str> = pattern.trim_matches('/').split('/').collect();
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let mut i = 0;
    for (pi, p) in pat.iter().enumerate() {
        if *p == "**" && pi == pat.len() - 1 {
            return true;
        }
        match segs.get(i) {
            Some(s) if *p == "*" || p == s => i += 1,
            _ => return false,
        }
    }
    i == segs.len()
}

/// When a rule fires among the requests it matches.
#[derive(Clone, Debug)]
pub enum Trigger {
    /// Every matching request.
    Always,
    /// Each matching request with this probability (0.0..=1.0), drawn from the seeded rng.
    Probability(f64),
    /// The n-th, 2n-th, 3n-th... matching request (1-based; `EveryNth(1)` = always).
    EveryNth(u32),
    /// Only the first n matching requests.
    FirstN(u32),
}

/// What an injected fault does.
#[derive(Clone, Debug)]
pub enum Fault {
    /// 429 with `Retry-After`, `X-RateLimit-*` and (Cloud) `RateLimit-Reason`.
    RateLimited {
        /// Which of Jira's limits is reported.
        reason: RateLimitReason,
        /// Seconds in `Retry-After`.
        retry_after_secs: u64,
    },
    /// 503 Service Unavailable, with `Retry-After` when given.
    ServiceUnavailable {
        /// Seconds in `Retry-After`.
        retry_after_secs: Option<u64>,
    },
    /// 500 with an ErrorCollection body.
    InternalError,
    /// The request is answered normally after this delay.
    Latency(Duration),
    /// The connection is closed before the request is processed: nothing is written, no response.
    ConnectionReset,
    /// The request is processed and committed, then the connection is closed without a response.
    CommitThenDrop,
}

/// Jira Cloud's `RateLimit-Reason` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateLimitReason {
    /// `jira-burst-based`: too many calls to one endpoint in a short time.
    Burst,
    /// `jira-quota-global-based`: the app's hourly points pool is spent.
    QuotaGlobal,
    /// `jira-quota-tenant-based`: the app's per-tenant hourly pool is spent.
    QuotaTenant,
    /// `jira-per-issue-on-write`: too many writes to one issue.
    PerIssueWrite,
}

impl RateLimitReason {
    /// The header value Jira sends.
    pub fn header_value(self) -> &'static str {
        match self {
            RateLimitReason::Burst => "jira-burst-based",
            RateLimitReason::QuotaGlobal => "jira-quota-global-based",
            RateLimitReason::QuotaTenant => "jira-quota-tenant-based",
            RateLimitReason::PerIssueWrite => "jira-per-issue-on-write",
        }
    }
}

/// Counting limits. Windows are fixed and measured on the sandbox clock.
#[derive(Clone, Debug, Default)]
pub struct RateLimits {
    /// Calls per (method, endpoint) per window; excess gets 429 `jira-burst-based`.
    pub burst: Option<Budget>,
    /// Writes (non-GET) per issue per window; excess gets 429 `jira-per-issue-on-write`.
    pub per_issue_write: Option<Budget>,
    /// Points (1 per call) per window across all calls; excess gets 429 `jira-quota-tenant-based`.
    pub quota: Option<Budget>,
}

/// `limit` calls per `window`.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// Calls allowed per window.
    pub limit: u32,
    /// Window length.
    pub window: Duration,
}

impl Budget {
    /// `limit` calls per `window`.
    pub fn new(limit: u32, window: Duration) -> Self {
        Self { limit, window }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_segments() {
        let t = Target::method_path("post", "/rest/api/3/issue/*/comment");
        assert!(t.matches("POST", "/rest/api/3/issue/SEC-1/comment"));
        assert!(!t.matches("GET", "/rest/api/3/issue/SEC-1/comment"));
        assert!(!t.matches("POST", "/rest/api/3/issue/SEC-1/comment/1"));
        assert!(Target::path("/rest/**").matches("GET", "/rest/api/2/search"));
        assert!(Target::any().matches("GET", "/"));
        assert!(!Target::path("/rest/api/3/issue").matches("POST", "/rest/api/3/issue/bulk"));
    }
}
