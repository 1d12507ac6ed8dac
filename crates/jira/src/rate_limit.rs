//! What a 429 (or a 503 with `Retry-After`) tells us: how long to wait and which limit was hit.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

/// Which of Jira's limits refused the request (`RateLimit-Reason`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RateLimitReason {
    /// Hourly points quota across all tenants or for this tenant: pause everything until reset.
    Quota,
    /// Per-endpoint burst limit: slow down this endpoint.
    Burst,
    /// Too many writes to one issue: serialize writes to it.
    PerIssueWrite,
    /// A reason string we do not know (kept verbatim).
    Other(String),
    /// No reason given (Data Center, older Cloud answers).
    Unspecified,
}

impl RateLimitReason {
    /// Parses `RateLimit-Reason` values such as `jira-burst-based`.
    pub fn parse(value: &str) -> Self {
        let value = value.trim();
        match value {
            "" => Self::Unspecified,
            v if v.contains("quota") || v.contains("cost-based") => Self::Quota,
            v if v.contains("burst") => Self::Burst,
            v if v.contains("per-issue") => Self::PerIssueWrite,
            v => Self::Other(v.to_owned()),
        }
    }

    /// A short human phrase for messages.
    pub fn describe(&self) -> String {
        match self {
            Self::Quota => "hourly request quota used up".to_owned(),
            Self::Burst => "too many requests in a short time".to_owned(),
            Self::PerIssueWrite => "too many changes to one issue in a short time".to_owned(),
            Self::Other(reason) => format!("reason: {reason}"),
            Self::Unspecified => "too many requests".to_owned(),
        }
    }
}

/// The parsed rate-limit headers of one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    pub reason: RateLimitReason,
    /// From `Retry-After` (seconds or HTTP date), else from `X-RateLimit-Reset`.
    pub retry_after: Option<Duration>,
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    pub near_limit: bool,
}

impl RateLimit {
    /// Reads the headers Jira Cloud and Data Center send with a 429. `now` makes dates testable.
    pub fn from_headers(headers: &HeaderMap, now: SystemTime) -> Self {
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
        };
        let number = |name: &str| text(name).and_then(|v| v.parse::<u64>().ok());
        let reason = text("ratelimit-reason")
            .or_else(|| text("x-beta-ratelimit-reason"))
            .map(RateLimitReason::parse)
            .unwrap_or(RateLimitReason::Unspecified);
        let retry_after = text("retry-after")
            .and_then(|v| parse_retry_after(v, now))
            .or_else(|| text("x-ratelimit-reset").and_then(|v| parse_reset(v, now)));
        Self {
            reason,
            retry_after,
            limit: number("x-ratelimit-limit"),
            remaining: number("x-ratelimit-remaining"),
            near_limit: text("x-ratelimit-nearlimit")
                .is_some_and(|v| v.eq_ignore_ascii_case("true")),
        }
    }
}

/// `Retry-After: 30` or `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT`.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    if let Ok(seconds) = value.parse::<f64>() {
        if seconds.is_finite() && seconds >= 0.0 {
            return Some(Duration::from_secs_f64(seconds.min(86_400.0)));
        }
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// `X-RateLimit-Reset: 2026-06-05T06:00Z` (Cloud, minute precision, UTC).
fn parse_reset(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.strip_suffix('Z')?;
    let (date, time) = value.split_once('T')?;
    let mut date_parts = date.split('-').map(|p| p.parse::<i64>().ok());
    let (year, month, day) = (
        date_parts.next()??,
        date_parts.next()??,
        date_parts.next()??,
    );
    let mut time_parts = time.split(':').map(|p| p.parse::<i64>().ok());
    let (hour, minute) = (time_parts.next()??, time_parts.next()??);
    let second = time_parts.next().flatten().unwrap_or(0);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    let epoch = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(epoch).ok()?);
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Days since 1970-01-01 for a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(
                HeaderName::from_bytes(k.as_bytes()).expect("name"),
                HeaderValue::from_str(v).expect("value"),
            );
        }
        map
    }

    #[test]
    fn reads_cloud_burst_headers() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let limit = RateLimit::from_headers(
            &headers(&[
                ("Retry-After", "7"),
                ("RateLimit-Reason", "jira-burst-based"),
                ("X-RateLimit-Limit", "100"),
                ("X-RateLimit-Remaining", "0"),
                ("X-RateLimit-NearLimit", "true"),
            ]),
            now,
        );
        assert_eq!(limit.reason, RateLimitReason::Burst);
        assert_eq!(limit.retry_after, Some(Duration::from_secs(7)));
        assert_eq!(
            (limit.limit, limit.remaining, limit.near_limit),
            (Some(100), Some(0), true)
        );
    }

    #[test]
    fn reason_kinds() {
        assert_eq!(
            RateLimitReason::parse("jira-quota-global-based"),
            RateLimitReason::Quota
        );
        assert_eq!(
            RateLimitReason::parse("jira-quota-tenant-based"),
            RateLimitReason::Quota
        );
        assert_eq!(
            RateLimitReason::parse("jira-per-issue-on-write"),
            RateLimitReason::PerIssueWrite
        );
        assert_eq!(
            RateLimitReason::parse("something-new"),
            RateLimitReason::Other("something-new".into())
        );
    }

    #[test]
    fn retry_after_as_http_date_and_reset_timestamp() {
        let now = httpdate::parse_http_date("Fri, 05 Jun 2026 05:59:00 GMT").expect("date");
        assert_eq!(
            parse_retry_after("Fri, 05 Jun 2026 06:00:30 GMT", now),
            Some(Duration::from_secs(90))
        );
        let limit =
            RateLimit::from_headers(&headers(&[("X-RateLimit-Reset", "2026-06-05T06:00Z")]), now);
        assert_eq!(limit.retry_after, Some(Duration::from_secs(60)));
        assert_eq!(limit.reason, RateLimitReason::Unspecified);
        // A reset in the past means "now", garbage means "unknown".
        assert_eq!(parse_reset("2020-01-01T00:00Z", now), Some(Duration::ZERO));
        assert_eq!(parse_reset("tomorrow", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
