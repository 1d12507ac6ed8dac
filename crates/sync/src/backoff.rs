//! When to try again: Jira's `Retry-After` as a floor, otherwise exponential backoff with
//! jitter (0.7–1.3), capped. Never "give up": work waits in the outbox.

use std::sync::Mutex;
use std::time::Duration;

use vulnbridge_jira::Error as JiraError;

/// The engine's retry timing.
#[derive(Debug)]
pub struct Backoff {
    /// Wait after the first failed attempt; doubles per attempt.
    pub base: Duration,
    /// Longest wait between attempts.
    pub max: Duration,
    rng: Mutex<u64>,
}

impl Backoff {
    /// `seed` makes the jitter reproducible (tests); any value works.
    pub fn new(base: Duration, max: Duration, seed: u64) -> Self {
        Self {
            base,
            max,
            rng: Mutex::new(seed | 1),
        }
    }

    /// 2 s doubling to 5 minutes.
    pub fn standard(seed: u64) -> Self {
        Self::new(Duration::from_secs(2), Duration::from_secs(300), seed)
    }

    /// A factor in 0.7..=1.3 (xorshift64*).
    fn jitter(&self) -> f64 {
        let mut state = match self.rng.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut x = *state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        *state = x;
        let r = x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11;
        0.7 + 0.6 * (r as f64 / (1u64 << 53) as f64)
    }

    /// The wait after `attempts` failed attempts (1 = the first failure).
    pub fn delay(&self, attempts: u32) -> Duration {
        let exp = attempts.saturating_sub(1).min(20);
        let nominal = self.base.saturating_mul(1u32 << exp).min(self.max);
        nominal.mul_f64(self.jitter())
    }

    /// The wait after `error`: at least Jira's `Retry-After` (plus up to 20% so many clients
    /// do not come back at once), else [`Backoff::delay`].
    pub fn after_error(&self, error: &JiraError, attempts: u32) -> Duration {
        match error {
            JiraError::RateLimited { limit } => match limit.retry_after {
                Some(after) => after
                    .max(Duration::from_millis(100))
                    .mul_f64(1.0 + (self.jitter() - 0.7) / 3.0),
                None => self.delay(attempts),
            },
            _ => self.delay(attempts),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vulnbridge_jira::{RateLimit, RateLimitReason};

    #[test]
    fn grows_with_jitter_and_stays_under_the_cap() {
        let b = Backoff::new(Duration::from_secs(2), Duration::from_secs(60), 7);
        for attempts in 1..12u32 {
            let nominal = (2.0 * 2f64.powi(attempts as i32 - 1)).min(60.0);
            let got = b.delay(attempts).as_secs_f64();
            assert!(
                got >= nominal * 0.7 - 1e-9 && got <= nominal * 1.3 + 1e-9,
                "{attempts}: {got}"
            );
        }
    }

    #[test]
    fn retry_after_is_a_floor() {
        let b = Backoff::standard(3);
        let limited = JiraError::RateLimited {
            limit: RateLimit {
                reason: RateLimitReason::Burst,
                retry_after: Some(Duration::from_secs(30)),
                limit: None,
                remaining: None,
                near_limit: false,
            },
        };
        for _ in 0..50 {
            let d = b.after_error(&limited, 1);
            assert!(
                d >= Duration::from_secs(30) && d <= Duration::from_secs(36),
                "{d:?}"
            );
        }
    }
}
