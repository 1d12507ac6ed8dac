//! JQL date literals: `"yyyy/MM/dd HH:mm"`, `"yyyy-MM-dd HH:mm"`, `"yyyy/MM/dd"`,
//! `"yyyy-MM-dd"`, relative periods (`-5m`, `-2d`, `4w 2d`), epoch milliseconds, and the
//! functions `now()`, `startOfDay()`, `endOfDay()`. Literals are read in UTC, the demo users'
//! profile time zone.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use super::JqlError;

fn invalid(value: &str, field: &str) -> JqlError {
    JqlError(format!(
        "Date value '{value}' for field '{field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."
    ))
}

fn relative(value: &str) -> Option<Duration> {
    let (sign, rest) = match value.strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, value.strip_prefix('+').unwrap_or(value)),
    };
    let mut total = Duration::zero();
    let mut any = false;
    for part in rest.split_whitespace() {
        let unit = part.chars().last()?;
        let n: i64 = part[..part.len() - unit.len_utf8()].parse().ok()?;
        if n > 1_000_000 {
            return None;
        }
        total += match unit {
            'w' => Duration::weeks(n),
            'd' => Duration::days(n),
            'h' => Duration::hours(n),
            'm' => Duration::minutes(n),
            _ => return None,
        };
        any = true;
    }
    any.then_some(total * sign)
}

pub(crate) fn literal(
    value: &str,
    field: &str,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, JqlError> {
    let v = value.trim();
    for fmt in ["%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(v, fmt) {
            return Ok(Utc.from_utc_datetime(&t));
        }
    }
    for fmt in ["%Y/%m/%d", "%Y-%m-%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(v, fmt) {
            return Ok(Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN)));
        }
    }
    if !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()) {
        let ms: i64 = v.parse().map_err(|_| invalid(value, field))?;
        return DateTime::from_timestamp_millis(ms).ok_or_else(|| invalid(value, field));
    }
    relative(v)
        .map(|d| now + d)
        .ok_or_else(|| invalid(value, field))
}

pub(crate) fn function(name: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let start = Utc.from_utc_datetime(&now.date_naive().and_time(NaiveTime::MIN));
    match name {
        "now" => Some(now),
        "startofday" => Some(start),
        "endofday" => Some(start + Duration::days(1) - Duration::milliseconds(1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("valid")
            .with_timezone(&Utc)
    }

    #[test]
    fn formats_jira_accepts() {
        let now = at("2026-01-31T14:05:30Z");
        assert_eq!(
            literal("2026/01/31 14:05", "updated", now),
            Ok(at("2026-01-31T14:05:00Z"))
        );
        assert_eq!(
            literal("2026-01-31 14:05", "updated", now),
            Ok(at("2026-01-31T14:05:00Z"))
        );
        assert_eq!(
            literal("2026-01-31", "updated", now),
            Ok(at("2026-01-31T00:00:00Z"))
        );
        assert_eq!(
            literal("2026/01/31", "updated", now),
            Ok(at("2026-01-31T00:00:00Z"))
        );
        assert_eq!(
            literal("-5m", "updated", now),
            Ok(now - Duration::minutes(5))
        );
        assert_eq!(
            literal("-1w 2d", "updated", now),
            Ok(now - Duration::days(9))
        );
        assert_eq!(
            literal("1769868300000", "updated", now),
            Ok(at("2026-01-31T14:05:00Z"))
        );
        assert!(literal("31.01.2026", "updated", now).is_err());
        assert!(literal("-5x", "updated", now).is_err());
        assert!(literal("-", "updated", now).is_err());
    }
}
