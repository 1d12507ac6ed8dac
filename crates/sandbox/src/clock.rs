//! An injectable clock: every timestamp the sandbox produces and every expiry it checks
//! (OAuth codes and tokens, rate-limit windows, JQL relative dates) reads this clock.

use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Duration, Utc};

/// A shared, cloneable clock. Clones observe the same time.
///
/// `Clock::system()` follows wall time plus an offset that [`Clock::advance`] grows;
/// `Clock::fixed(t)` stands still at `t` until advanced or set.
#[derive(Clone, Debug)]
pub struct Clock {
    inner: Arc<Mutex<ClockBase>>,
}

#[derive(Debug)]
enum ClockBase {
    System { offset: Duration },
    Fixed { at: DateTime<Utc> },
}

impl Clock {
    /// Wall-clock time (plus whatever was added with [`Clock::advance`]).
    pub fn system() -> Self {
        Self::from_base(ClockBase::System {
            offset: Duration::zero(),
        })
    }

    /// A clock frozen at `at`; it only moves when advanced or set.
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self::from_base(ClockBase::Fixed { at })
    }

    fn from_base(base: ClockBase) -> Self {
        Self {
            inner: Arc::new(Mutex::new(base)),
        }
    }

    fn base(&self) -> MutexGuard<'_, ClockBase> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The current sandbox time.
    pub fn now(&self) -> DateTime<Utc> {
        match &*self.base() {
            ClockBase::System { offset } => Utc::now() + *offset,
            ClockBase::Fixed { at } => *at,
        }
    }

    /// Moves time forward (or backward with a negative duration), e.g. past a token's expiry.
    pub fn advance(&self, by: Duration) {
        match &mut *self.base() {
            ClockBase::System { offset } => *offset += by,
            ClockBase::Fixed { at } => *at += by,
        }
    }

    /// Jumps to an absolute time (a system clock becomes an offset from wall time).
    pub fn set(&self, to: DateTime<Utc>) {
        match &mut *self.base() {
            ClockBase::System { offset } => *offset = to - Utc::now(),
            ClockBase::Fixed { at } => *at = to,
        }
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::system()
    }
}

/// Jira's timestamp format: `2026-01-31T14:05:00.000+0000`.
pub(crate) fn jira_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3f+0000").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_moves_only_when_advanced() {
        let start = DateTime::parse_from_rfc3339("2026-01-31T14:05:00Z")
            .expect("valid time")
            .with_timezone(&Utc);
        let clock = Clock::fixed(start);
        let other = clock.clone();
        assert_eq!(clock.now(), start);
        other.advance(Duration::hours(1));
        assert_eq!(clock.now(), start + Duration::hours(1));
        assert_eq!(jira_time(clock.now()), "2026-01-31T15:05:00.000+0000");
    }
}
