//! Jira timestamps: `2026-01-31T14:05:00.000+0000` in JSON (sometimes epoch seconds or
//! milliseconds, as in Cloud's changelog bulkfetch example), and JQL's minute literals.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Parses Jira's timestamp forms; `None` for anything else.
pub fn parse(value: &Value) -> Option<DateTime<Utc>> {
    match value {
        Value::String(text) => parse_text(text),
        Value::Number(n) => {
            let n = n.as_i64()?;
            // Below 10^11 it cannot be milliseconds of any date after 1973.
            if n.abs() < 100_000_000_000 {
                Utc.timestamp_opt(n, 0).single()
            } else {
                Utc.timestamp_millis_opt(n).single()
            }
        }
        _ => None,
    }
}

fn parse_text(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z")
        .or_else(|_| DateTime::parse_from_rfc3339(text))
        .ok()
        .map(|t| t.with_timezone(&Utc))
        .or_else(|| {
            text.parse::<i64>()
                .ok()
                .and_then(|n| parse(&Value::from(n)))
        })
}

/// A JQL date-time literal at minute granularity, `"yyyy/MM/dd HH:mm"`, in the zone JQL
/// reads literals in (the searcher's profile time zone).
pub fn jql_minute(at: DateTime<Utc>, zone: FixedOffset) -> String {
    at.with_timezone(&zone).format("%Y/%m/%d %H:%M").to_string()
}

/// The UTC offset of the IANA zone `name` (Jira's `/myself.timeZone`, e.g. `Europe/Berlin`)
/// at instant `at`, or `None` when the zone is unknown to this machine's time zone database.
pub fn zone_offset(name: &str, at: DateTime<Utc>) -> Option<FixedOffset> {
    let zone = jiff::tz::TimeZone::get(name).ok()?;
    let instant = jiff::Timestamp::from_second(at.timestamp()).ok()?;
    FixedOffset::east_opt(zone.to_offset(instant).seconds())
}

/// Serde helper: an optional timestamp in any of Jira's forms (unparseable becomes `None`).
pub(crate) fn deserialize_opt<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    Ok(parse(&value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Offset;
    use serde_json::json;

    #[test]
    fn jira_forms_parse_to_the_same_instant() {
        let expected = Utc.with_ymd_and_hms(2026, 1, 31, 14, 5, 0).single();
        assert_eq!(parse(&json!("2026-01-31T14:05:00.000+0000")), expected);
        assert_eq!(parse(&json!("2026-01-31T15:05:00.000+0100")), expected);
        assert_eq!(parse(&json!("2026-01-31T14:05:00Z")), expected);
        let secs = expected.map(|t| t.timestamp()).unwrap_or_default();
        assert_eq!(parse(&json!(secs)), expected);
        assert_eq!(parse(&json!(secs * 1000)), expected);
        assert_eq!(parse(&json!("yesterday")), None);
        assert_eq!(parse(&json!(null)), None);
    }

    #[test]
    fn jql_literal_is_in_the_searchers_zone() {
        let at = Utc
            .with_ymd_and_hms(2026, 1, 31, 23, 59, 42)
            .single()
            .unwrap_or_default();
        assert_eq!(jql_minute(at, Utc.fix()), "2026/01/31 23:59");
        let plus_two = FixedOffset::east_opt(2 * 3600).unwrap_or(Utc.fix());
        assert_eq!(jql_minute(at, plus_two), "2026/02/01 01:59");
    }

    #[test]
    fn profile_zones_resolve_with_daylight_saving() {
        let winter = Utc
            .with_ymd_and_hms(2026, 1, 31, 12, 0, 0)
            .single()
            .unwrap_or_default();
        let summer = Utc
            .with_ymd_and_hms(2026, 7, 1, 12, 0, 0)
            .single()
            .unwrap_or_default();
        let hours = |o: Option<FixedOffset>| o.map(|o| o.local_minus_utc() / 3600);
        assert_eq!(hours(zone_offset("Europe/Berlin", winter)), Some(1));
        assert_eq!(hours(zone_offset("Europe/Berlin", summer)), Some(2));
        assert_eq!(hours(zone_offset("America/New_York", winter)), Some(-5));
        assert_eq!(hours(zone_offset("UTC", summer)), Some(0));
        assert_eq!(zone_offset("Not/AZone", winter), None);
    }
}
