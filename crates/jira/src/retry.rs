//! The one retry policy: exponential backoff with jitter, `Retry-After` as a floor, and only
//! idempotent requests retried after failures that may have reached Jira.

use std::time::Duration;

use reqwest::Method;

use crate::error::Error;

/// Whether a request may be sent twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// Sending it twice has the same effect as once (GET, PUT, DELETE...).
    Idempotent,
    /// Sending it twice may do the work twice (POST create). Only retried after a 429, where
    /// Jira refused the request before doing anything.
    NonIdempotent,
}

impl Idempotency {
    /// The HTTP default: POST and PATCH are not idempotent.
    pub fn for_method(method: &Method) -> Self {
        if *method == Method::POST || *method == Method::PATCH {
            Self::NonIdempotent
        } else {
            Self::Idempotent
        }
    }
}

/// How often and how long to retry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total tries, the first one included (1 = never retry).
    pub max_attempts: u32,
    /// Backoff before the second try; doubles each time.
    pub base_delay: Duration,
    /// Longest backoff between two tries.
    pub max_delay: Duration,
    /// Longest `Retry-After` we sleep through inside one call. Longer waits (hourly quota)
    /// return [`Error::RateLimited`] so the outbox can park the work and the UI can say why.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(30),
            max_wait: Duration::from_secs(60),
        }
    }
}

/// A factor in 0.7..=1.3 from the OS random source (1.0 if it fails).
fn jitter_factor() -> f64 {
    getrandom::u32()
        .map(|r| 0.7 + 0.6 * (f64::from(r) / f64::from(u32::MAX)))
        .unwrap_or(1.0)
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The wait before the next try after `error` on try number `attempt` (0-based), or `None`
    /// to give up and return the error.
    pub fn next_delay(
        &self,
        attempt: u32,
        error: &Error,
        idempotency: Idempotency,
    ) -> Option<Duration> {
        if attempt.saturating_add(1) >= self.max_attempts {
            return None;
        }
        let backoff = self.backoff(attempt);
        let delay = match error {
            Error::RateLimited { limit } => match limit.retry_after {
                // Never earlier than Jira asked: an early retry is answered with the same wait.
                Some(after) => after
                    .max(Duration::from_millis(1))
                    .mul_f64(1.0 + (jitter_factor() - 0.7) / 3.0),
                None => backoff,
            },
            Error::ServerError { .. }
            | Error::Timeout { .. }
            | Error::SiteUnreachable { .. }
            | Error::ConnectionDropped { .. }
                if idempotency == Idempotency::Idempotent =>
            {
                backoff
            }
            _ => return None,
        };
        (delay <= self.max_wait).then_some(delay)
    }

    /// `base * 2^attempt`, capped, times a 0.7..1.3 jitter.
    fn backoff(&self, attempt: u32) -> Duration {
        let exponential = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(attempt.min(16)));
        exponential.min(self.max_delay).mul_f64(jitter_factor())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rate_limit::{RateLimit, RateLimitReason};

    fn limited(after: Option<u64>) -> Error {
        Error::RateLimited {
            limit: RateLimit {
                reason: RateLimitReason::Burst,
                retry_after: after.map(Duration::from_secs),
                limit: None,
                remaining: None,
                near_limit: false,
            },
        }
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        let policy = RetryPolicy {
            max_attempts: 10,
            ..RetryPolicy::default()
        };
        let server = Error::ServerError {
            status: 502,
            detail: String::new(),
        };
        for attempt in 0..8 {
            let delay = policy
                .next_delay(attempt, &server, Idempotency::Idempotent)
                .expect("retry");
            let nominal = (2.0 * 2f64.powi(attempt as i32)).min(30.0);
            let secs = delay.as_secs_f64();
            assert!(
                secs >= nominal * 0.7 - 1e-9 && secs <= nominal * 1.3 + 1e-9,
                "attempt {attempt}: {secs}"
            );
        }
        assert_eq!(
            policy.next_delay(9, &server, Idempotency::Idempotent),
            None,
            "attempts used up"
        );
    }

    #[test]
    fn retry_after_is_a_floor_and_long_waits_go_back_to_the_caller() {
        let policy = RetryPolicy::default();
        let delay = policy
            .next_delay(0, &limited(Some(7)), Idempotency::NonIdempotent)
            .expect("retry");
        assert!(
            delay >= Duration::from_secs(7) && delay <= Duration::from_secs_f64(7.0 * 1.21),
            "{delay:?}"
        );
        assert_eq!(
            policy.next_delay(0, &limited(Some(3600)), Idempotency::Idempotent),
            None
        );
    }

    #[test]
    fn only_idempotent_requests_retry_ambiguous_failures() {
        let policy = RetryPolicy::default();
        let timeout = Error::Timeout {
            after: Duration::from_secs(30),
        };
        assert!(policy
            .next_delay(0, &timeout, Idempotency::Idempotent)
            .is_some());
        assert_eq!(
            policy.next_delay(0, &timeout, Idempotency::NonIdempotent),
            None
        );
        let bad = Error::BadCredentials {
            hint: String::new(),
        };
        assert_eq!(policy.next_delay(0, &bad, Idempotency::Idempotent), None);
        assert_eq!(
            RetryPolicy::none().next_delay(0, &limited(Some(1)), Idempotency::Idempotent),
            None
        );
        assert_eq!(
            Idempotency::for_method(&Method::POST),
            Idempotency::NonIdempotent
        );
        assert_eq!(
            Idempotency::for_method(&Method::PUT),
            Idempotency::Idempotent
        );
    }
}
