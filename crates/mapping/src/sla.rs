//! Due dates from SLA days per severity.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use vulnbridge_model::Severity;

/// Days allowed to fix a finding, per severity. An empty entry sets no due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct SlaDays {
    pub critical: Option<u32>,
    pub high: Option<u32>,
    pub medium: Option<u32>,
    pub low: Option<u32>,
    pub info: Option<u32>,
    pub unknown: Option<u32>,
}

impl Default for SlaDays {
    /// 7 / 30 / 90 / 180 days for critical / high / medium / low; none for info and unknown.
    fn default() -> SlaDays {
        SlaDays {
            critical: Some(7),
            high: Some(30),
            medium: Some(90),
            low: Some(180),
            info: None,
            unknown: None,
        }
    }
}

impl SlaDays {
    /// The days for a severity (`None` = unknown severity).
    pub fn days(&self, severity: Option<Severity>) -> Option<u32> {
        match severity {
            Some(Severity::Critical) => self.critical,
            Some(Severity::High) => self.high,
            Some(Severity::Medium) => self.medium,
            Some(Severity::Low) => self.low,
            Some(Severity::Info) => self.info,
            None => self.unknown,
        }
    }

    /// `today` plus the days for `severity`; `None` when that severity has no SLA (or the
    /// date would overflow the calendar).
    pub fn due_date(&self, severity: Option<Severity>, today: NaiveDate) -> Option<NaiveDate> {
        today.checked_add_days(Days::new(u64::from(self.days(severity)?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_date_counts_calendar_days_from_today() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 28).expect("date");
        let sla = SlaDays::default();
        assert_eq!(
            sla.due_date(Some(Severity::Critical), today),
            NaiveDate::from_ymd_opt(2027, 1, 4)
        );
        assert_eq!(sla.due_date(Some(Severity::Info), today), None);
        assert_eq!(sla.due_date(None, today), None);
        let zero = SlaDays {
            unknown: Some(0),
            ..SlaDays::default()
        };
        assert_eq!(zero.due_date(None, today), Some(today));
        let huge = SlaDays {
            high: Some(u32::MAX),
            ..SlaDays::default()
        };
        assert_eq!(huge.due_date(Some(Severity::High), NaiveDate::MAX), None);
    }
}
