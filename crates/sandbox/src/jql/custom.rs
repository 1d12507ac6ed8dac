//! Clauses on catalog fields (`cf[10020]`, `"Severity"`, `summary`, `priority`, `parent`…):
//! operators by field kind, value checks, and matching against stored values.

use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::Value;

use super::date;
use super::eval::Env;
use super::parse::{Clause, Op, Operand};
use super::JqlError;
use crate::state::{find_option, FieldDef, FieldKind, Issue, State};

/// `cf[10020]`, a field id, or a field name (case-insensitive).
pub(super) fn resolve<'a>(state: &'a State, name: &str) -> Option<&'a FieldDef> {
    let id = name
        .strip_prefix("cf[")
        .and_then(|r| r.strip_suffix(']'))
        .map(|n| format!("customfield_{n}"));
    state.fields.iter().find(|f| {
        Some(&f.id) == id.as_ref()
            || f.id.eq_ignore_ascii_case(name)
            || f.name.eq_ignore_ascii_case(name)
    })
}

fn ops(kind: FieldKind) -> &'static [Op] {
    use Op::*;
    match kind {
        FieldKind::Summary | FieldKind::RichText | FieldKind::Text => &[Like, NotLike, Is, IsNot],
        FieldKind::Number | FieldKind::Date => &[Eq, NotEq, Gt, Ge, Lt, Le, Is, IsNot],
        FieldKind::IssueType | FieldKind::Project => &[],
        _ => &[Eq, NotEq, In, NotIn, Is, IsNot],
    }
}

fn unknown(name: &str) -> JqlError {
    JqlError(format!(
        "Field '{name}' does not exist or you do not have permission to view it."
    ))
}

pub(super) fn check(c: &Clause, env: &Env) -> Result<(), JqlError> {
    let def = resolve(env.state, &c.name).ok_or_else(|| unknown(&c.name))?;
    if !ops(def.kind).contains(&c.op) {
        return Err(JqlError(format!(
            "The operator '{}' is not supported by the '{}' field.",
            c.op.text(),
            c.name
        )));
    }
    for operand in &c.operands {
        match operand {
            Operand::Empty
                if matches!(
                    c.op,
                    Op::Is | Op::IsNot | Op::Eq | Op::NotEq | Op::In | Op::NotIn
                ) => {}
            Operand::Empty => {
                return Err(JqlError(format!(
                    "The field '{}' does not support searching for EMPTY values.",
                    c.name
                )))
            }
            Operand::Value(_) if matches!(c.op, Op::Is | Op::IsNot) => {
                return Err(JqlError(format!(
                    "The operator '{}' can only be used with the EMPTY value.",
                    c.op.text()
                )))
            }
            Operand::Func(f) if def.kind == FieldKind::User && f == "currentuser" => {}
            Operand::Func(f)
                if def.kind == FieldKind::Date && date::function(f, env.now).is_some() => {}
            Operand::Func(f) => {
                return Err(JqlError(format!("Unable to find JQL function '{f}()'.")))
            }
            Operand::Value(v) => check_value(def, &c.name, v, env)?,
        }
    }
    Ok(())
}

fn check_value(def: &FieldDef, name: &str, v: &str, env: &Env) -> Result<(), JqlError> {
    let bad = || {
        JqlError(format!(
            "The value '{v}' does not exist for the field '{name}'."
        ))
    };
    match def.kind {
        FieldKind::Select | FieldKind::MultiSelect | FieldKind::Cascading => {
            find_option(&def.options, None, Some(v))
                .or_else(|| find_option(&def.options, Some(v), None))
                .map(|_| ())
                .ok_or_else(bad)
        }
        FieldKind::Number => v
            .parse::<f64>()
            .map(|_| ())
            .map_err(|_| JqlError(format!("'{v}' is not a valid number for field '{name}'."))),
        FieldKind::Date => date::literal(v, name, env.now).map(|_| ()),
        FieldKind::User => stored_user(env, v).map(|_| ()).ok_or_else(bad),
        FieldKind::Priority => env
            .state
            .priorities
            .iter()
            .any(|p| p.name.eq_ignore_ascii_case(v) || p.id == v)
            .then_some(())
            .ok_or_else(bad),
        FieldKind::Parent => env.state.issue(v).map(|_| ()).ok_or_else(|| {
            JqlError(format!(
                "An issue with key '{v}' does not exist for field '{name}'."
            ))
        }),
        _ => Ok(()),
    }
}

fn stored_user(env: &Env, v: &str) -> Option<String> {
    let s = env.state;
    let u = if env.cloud {
        s.user_by_account(v)
    } else {
        s.user_by_name(v)
    };
    u.map(|u| u.account_id.clone())
}

/// Stored values of the field on the issue as comparable strings (option ids, etc.).
fn stored_values(def: &FieldDef, issue: &Issue) -> Vec<String> {
    match issue.fields.get(&def.id) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Some(Value::Object(o)) if def.kind == FieldKind::Cascading => o
            .get("parent")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .into_iter()
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        Some(other) => vec![other.to_string()],
    }
}

/// A query operand as the stored representation (option id, account id, priority id, issue id).
fn wanted(def: &FieldDef, operand: &Operand, env: &Env) -> Option<String> {
    let v = match operand {
        Operand::Value(v) => v.as_str(),
        Operand::Func(_) => return Some(env.me.to_owned()),
        Operand::Empty => return None,
    };
    let s = env.state;
    match def.kind {
        FieldKind::Select | FieldKind::MultiSelect | FieldKind::Cascading => {
            find_option(&def.options, None, Some(v))
                .or_else(|| find_option(&def.options, Some(v), None))
                .map(|o| o.id.clone())
        }
        FieldKind::User => stored_user(env, v),
        FieldKind::Priority => s
            .priorities
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(v) || p.id == v)
            .map(|p| p.id.clone()),
        FieldKind::Parent => s.issue(v).map(|i| i.id.to_string()),
        _ => Some(v.to_owned()),
    }
}

fn text_of(issue: &Issue, def: &FieldDef) -> String {
    match issue.fields.get(&def.id) {
        Some(Value::String(s)) => s.to_lowercase(),
        Some(v @ Value::Object(_)) => crate::adf::plain_text(v).to_lowercase(),
        _ => String::new(),
    }
}

fn compare<T: PartialOrd>(op: Op, actual: T, bound: T) -> bool {
    match op {
        Op::Eq => actual == bound,
        Op::NotEq => actual != bound,
        Op::Gt => actual > bound,
        Op::Ge => actual >= bound,
        Op::Lt => actual < bound,
        Op::Le => actual <= bound,
        _ => false,
    }
}

pub(super) fn matches(c: &Clause, issue: &Issue, env: &Env) -> bool {
    let Some(def) = resolve(env.state, &c.name) else {
        return false;
    };
    let have = stored_values(def, issue);
    if matches!(c.op, Op::Is) {
        return have.is_empty();
    }
    if matches!(c.op, Op::IsNot) {
        return !have.is_empty();
    }
    let first = c.operands.first();
    match def.kind {
        FieldKind::Summary | FieldKind::RichText | FieldKind::Text => {
            let needle = match first {
                Some(Operand::Value(v)) => v.to_lowercase(),
                _ => return false,
            };
            let found = text_of(issue, def).contains(needle.trim_matches('*'));
            if c.op == Op::Like {
                found
            } else {
                !found
            }
        }
        FieldKind::Number => {
            let (Some(actual), Some(Operand::Value(b))) =
                (have.first().and_then(|h| h.parse::<f64>().ok()), first)
            else {
                return false;
            };
            b.parse::<f64>()
                .is_ok_and(|bound| compare(c.op, actual, bound))
        }
        FieldKind::Date => {
            let actual = have
                .first()
                .and_then(|h| NaiveDate::parse_from_str(h, "%Y-%m-%d").ok())
                .and_then(|d| {
                    Utc.from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
                        .single()
                });
            let bound = match first {
                Some(Operand::Value(v)) => date::literal(v, &c.name, env.now).ok(),
                Some(Operand::Func(f)) => date::function(f, env.now),
                _ => None,
            };
            matches!((actual, bound), (Some(a), Some(b)) if compare(c.op, a, b))
        }
        _ => {
            let wanted: Vec<Option<String>> =
                c.operands.iter().map(|o| wanted(def, o, env)).collect();
            let hit = |w: &Option<String>| match w {
                None => have.is_empty(),
                Some(w) => have.iter().any(|h| h.eq_ignore_ascii_case(w)),
            };
            match c.op {
                Op::Eq | Op::In => wanted.iter().any(hit),
                Op::NotEq | Op::NotIn => !have.is_empty() && !wanted.iter().any(hit),
                _ => false,
            }
        }
    }
}
