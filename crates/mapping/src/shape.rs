//! The JSON shape of one field value, per field kind and dialect.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};

use crate::attribute::AttrValue;
use crate::context::Dialect;
use crate::document::safe_href;
use crate::kind::FieldKind;
use crate::limits::{cut_chars, one_line, SINGLE_LINE_MAX_CHARS};
use crate::mapping::{JiraValue, ValueRef};
use crate::meta::{find_allowed, FieldMeta};

/// `{"id"}` when the reference has an id, else `{"value"}` (options) or `{"name"}` (the rest).
pub fn value_ref(kind: FieldKind, r: &ValueRef) -> Value {
    if !r.id.is_empty() {
        json!({ "id": r.id })
    } else if matches!(
        kind,
        FieldKind::Select | FieldKind::MultiSelect | FieldKind::Cascading
    ) {
        json!({ "value": r.name })
    } else {
        json!({ "name": r.name })
    }
}

/// A user in the dialect's addressing: `{"accountId"}` on Cloud, `{"name"}` on Data Center.
pub fn user(dialect: Dialect, id: &str) -> Value {
    match dialect {
        Dialect::Cloud => json!({ "accountId": id }),
        Dialect::DataCenter => json!({ "name": id }),
    }
}

/// The JSON for a fixed value in a field of `kind` (`None` when the value does not apply).
pub fn fixed(kind: FieldKind, v: &JiraValue, dialect: Dialect) -> Option<Value> {
    use FieldKind as K;
    Some(match (kind, v) {
        (K::Select | K::Priority | K::Version, JiraValue::One { value }) => value_ref(kind, value),
        (K::MultiSelect | K::Components | K::Versions, JiraValue::One { value }) => {
            json!([value_ref(kind, value)])
        }
        (K::MultiSelect | K::Components | K::Versions, JiraValue::Many { values }) => {
            Value::Array(values.iter().map(|r| value_ref(kind, r)).collect())
        }
        (K::Cascading, JiraValue::Cascade { parent, child }) => {
            let mut v = value_ref(kind, parent);
            if let Some(child) = child {
                v["child"] = value_ref(kind, child);
            }
            v
        }
        (K::Cascading, JiraValue::One { value }) => value_ref(kind, value),
        (K::Parent, JiraValue::IssueKey { key }) => json!({ "key": key.trim() }),
        (K::EpicLink, JiraValue::IssueKey { key }) => json!(key.trim()),
        (K::User, JiraValue::User { id }) => user(dialect, id),
        (K::MultiUser, JiraValue::User { id }) => json!([user(dialect, id)]),
        (K::MultiUser, JiraValue::Users { ids }) => {
            Value::Array(ids.iter().map(|id| user(dialect, id)).collect())
        }
        (K::Group, JiraValue::Group { name }) => json!({ "name": name }),
        _ => return None,
    })
}

/// A Jira label from any text: controls removed, whitespace runs become `-`, at most 255
/// characters.
pub fn label(text: &str) -> Option<String> {
    let clean = crate::document::clean_text(text);
    let joined = clean.split_whitespace().collect::<Vec<_>>().join("-");
    if joined.is_empty() {
        return None;
    }
    Some(cut_chars(&joined, 255).0)
}

/// Labels from a value: one per list entry, or one for a text.
pub fn labels_from(value: &AttrValue) -> Vec<String> {
    match value {
        AttrValue::List(l) | AttrValue::Urls(l) => l.iter().filter_map(|s| label(s)).collect(),
        AttrValue::Empty => Vec::new(),
        other => label(&other.plain()).into_iter().collect(),
    }
}

/// `YYYY-MM-DD`.
pub fn date(d: NaiveDate) -> Value {
    json!(d.format("%Y-%m-%d").to_string())
}

/// Jira's date-time format, e.g. `2026-11-23T10:00:00.000+0000`.
pub fn datetime(t: DateTime<Utc>) -> Value {
    json!(t.format("%Y-%m-%dT%H:%M:%S%.3f%z").to_string())
}

/// Parses a date typed by hand (`2026-11-23`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// Parses a date-time typed by hand (RFC 3339, or Jira's `…T10:00:00.000+0000`).
pub fn parse_datetime(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Parses a number typed by hand.
pub fn parse_number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

/// `true` for issue keys like `SEC-12`.
pub fn is_issue_key(s: &str) -> bool {
    let s = s.trim();
    match s.rsplit_once('-') {
        Some((project, number)) => {
            !project.is_empty()
                && project.starts_with(|c: char| c.is_ascii_alphabetic())
                && project
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !number.is_empty()
                && number.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// The JSON for a text or attribute value in a non-rich field (`None` when it cannot be
/// expressed: an unparsable number, an unknown option name, a non-http URL). `cut` is set when
/// a single-line text had to be shortened.
pub fn from_value(
    kind: FieldKind,
    value: &AttrValue,
    field: &FieldMeta,
    dialect: Dialect,
    cut: &mut bool,
) -> Option<Value> {
    use FieldKind as K;
    if value.is_empty() {
        return None;
    }
    let text = || crate::document::clean_text(&value.plain());
    match kind {
        K::Text => {
            let (s, was_cut) = cut_chars(&one_line(&text()), SINGLE_LINE_MAX_CHARS);
            *cut |= was_cut;
            Some(json!(s))
        }
        K::Url => safe_href(&text()).map(Value::String),
        K::Number => match value {
            AttrValue::Number(n) => Some(json!(n)),
            AttrValue::Int(n) => Some(json!(n)),
            other => parse_number(&other.plain()).map(|n| json!(n)),
        },
        K::Date => match value {
            AttrValue::Date(d) => Some(date(*d)),
            AttrValue::DateTime(t) => Some(date(t.date_naive())),
            other => parse_date(&other.plain()).map(date),
        },
        K::DateTime => match value {
            AttrValue::DateTime(t) => Some(datetime(*t)),
            AttrValue::Date(d) => d.and_hms_opt(0, 0, 0).map(|t| datetime(t.and_utc())),
            other => parse_datetime(&other.plain()).map(datetime),
        },
        K::Labels => {
            let labels = labels_from(value);
            (!labels.is_empty()).then(|| json!(labels))
        }
        K::Select | K::Priority | K::Version | K::Cascading => {
            find_allowed(&field.allowed_values, "", &text())
                .map(|a| value_ref(kind, &ValueRef::new(a.id.clone(), a.name.clone())))
        }
        K::MultiSelect | K::Components | K::Versions => {
            let names: Vec<String> = match value {
                AttrValue::List(l) | AttrValue::Urls(l) => l.clone(),
                other => vec![other.plain()],
            };
            let picked: Vec<Value> = names
                .iter()
                .filter_map(|n| find_allowed(&field.allowed_values, "", n))
                .map(|a| value_ref(kind, &ValueRef::new(a.id.clone(), a.name.clone())))
                .collect();
            (!picked.is_empty()).then_some(Value::Array(picked))
        }
        K::User => Some(user(dialect, text().trim())),
        K::MultiUser => Some(json!([user(dialect, text().trim())])),
        K::Group => Some(json!({ "name": text().trim() })),
        K::Parent => is_issue_key(&text()).then(|| json!({ "key": text().trim() })),
        K::EpicLink => is_issue_key(&text()).then(|| json!(text().trim())),
        K::Summary | K::RichText | K::IssueType | K::Project | K::Unsupported => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_have_no_spaces_and_skip_empties() {
        assert_eq!(
            label(" remote code\texecution ").as_deref(),
            Some("remote-code-execution")
        );
        assert_eq!(label(" \u{0} "), None);
        assert_eq!(
            label(&"x".repeat(300)).map(|l| l.chars().count()),
            Some(255)
        );
    }

    #[test]
    fn issue_keys_are_recognised() {
        assert!(is_issue_key("SEC-12"));
        assert!(is_issue_key("A1_B-7"));
        for bad in ["SEC", "SEC-", "-12", "1SEC-2", "SEC-1a", "SE C-1"] {
            assert!(!is_issue_key(bad), "{bad}");
        }
    }

    #[test]
    fn datetimes_use_jira_format() {
        let t = parse_datetime("2026-11-23T10:00:00Z").expect("rfc3339");
        assert_eq!(datetime(t), json!("2026-11-23T10:00:00.000+0000"));
        let t = parse_datetime("2026-11-23T12:00:00.000+0200").expect("jira format");
        assert_eq!(datetime(t), json!("2026-11-23T10:00:00.000+0000"));
        assert_eq!(parse_date("2026-02-30"), None);
    }
}
