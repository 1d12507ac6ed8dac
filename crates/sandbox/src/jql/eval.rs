//! Checking a parsed query against the catalog, and evaluating it against issues.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};

use super::date;
use super::parse::{Clause, Expr, Field, Op, Operand, Query, SortField};
use super::JqlError;
use crate::state::{Issue, State};

/// Who runs the query and when (for `currentUser()` and relative dates).
pub(crate) struct Env<'a> {
    pub state: &'a State,
    pub now: DateTime<Utc>,
    pub me: &'a str,
    pub cloud: bool,
}

fn allowed_ops(field: Field) -> &'static [Op] {
    use Op::*;
    match field {
        Field::Created | Field::Updated => &[Eq, NotEq, Gt, Ge, Lt, Le],
        Field::Key | Field::StatusCategory => &[Eq, NotEq, In, NotIn],
        _ => &[Eq, NotEq, In, NotIn, Is, IsNot],
    }
}

fn no_value(field: Field, v: &str) -> JqlError {
    JqlError(format!(
        "The value '{v}' does not exist for the field '{}'.",
        field.name()
    ))
}

fn check_clause(c: &Clause, env: &Env) -> Result<(), JqlError> {
    if c.field == Field::Named {
        return super::custom::check(c, env);
    }
    if !allowed_ops(c.field).contains(&c.op) {
        return Err(JqlError(format!(
            "The operator '{}' is not supported by the '{}' field.",
            c.op.text(),
            c.field.name()
        )));
    }
    let empty_ok = matches!(c.op, Op::Is | Op::IsNot);
    for operand in &c.operands {
        match operand {
            Operand::Empty
                if empty_ok || matches!(c.op, Op::Eq | Op::NotEq | Op::In | Op::NotIn) => {}
            Operand::Empty => {
                return Err(JqlError(format!(
                    "The field '{}' does not support searching for EMPTY values.",
                    c.field.name()
                )))
            }
            Operand::Value(_) if empty_ok => {
                return Err(JqlError(format!(
                    "The operator '{}' can only be used with the EMPTY value.",
                    c.op.text()
                )))
            }
            Operand::Func(f) => {
                let ok = match c.field {
                    Field::Created | Field::Updated => date::function(f, env.now).is_some(),
                    Field::Assignee | Field::Reporter => f == "currentuser",
                    _ => false,
                };
                if !ok {
                    return Err(JqlError(format!("Unable to find JQL function '{f}()'.")));
                }
            }
            Operand::Value(v) => check_value(c.field, v, env)?,
        }
    }
    Ok(())
}

fn check_value(field: Field, v: &str, env: &Env) -> Result<(), JqlError> {
    let s = env.state;
    let ok = match field {
        Field::Project => s
            .projects
            .iter()
            .any(|p| p.key.eq_ignore_ascii_case(v) || p.id == v || p.name.eq_ignore_ascii_case(v)),
        Field::Key => {
            let valid = v
                .split_once('-')
                .is_some_and(|(p, n)| !p.is_empty() && n.parse::<u64>().is_ok())
                || v.parse::<u64>().is_ok();
            if !valid {
                return Err(JqlError(format!(
                    "The issue key '{v}' for field 'key' is invalid."
                )));
            }
            if s.issue(v).is_none() {
                return Err(JqlError(format!(
                    "An issue with key '{v}' does not exist for field 'key'."
                )));
            }
            true
        }
        Field::Labels | Field::Named => true,
        Field::Status => s
            .statuses
            .iter()
            .any(|st| st.name.eq_ignore_ascii_case(v) || st.id == v),
        Field::StatusCategory => category_of(v).is_some(),
        Field::IssueType => s
            .issue_types
            .iter()
            .any(|t| t.name.eq_ignore_ascii_case(v) || t.id == v),
        Field::Resolution => s
            .resolutions
            .iter()
            .any(|r| r.name.eq_ignore_ascii_case(v) || r.id == v),
        Field::Assignee | Field::Reporter => user_id(env, v).is_some(),
        Field::Created | Field::Updated => {
            date::literal(v, field.name(), env.now)?;
            true
        }
    };
    if ok {
        Ok(())
    } else {
        Err(no_value(field, v))
    }
}

fn category_of(v: &str) -> Option<&'static str> {
    match v.to_ascii_lowercase().as_str() {
        "new" | "to do" | "2" => Some("new"),
        "indeterminate" | "in progress" | "4" => Some("indeterminate"),
        "done" | "complete" | "3" => Some("done"),
        _ => None,
    }
}

fn user_id(env: &Env, v: &str) -> Option<String> {
    let s = env.state;
    let u = if env.cloud {
        s.user_by_account(v)
    } else {
        s.user_by_name(v)
    };
    u.or_else(|| {
        s.users
            .iter()
            .find(|u| u.display_name.eq_ignore_ascii_case(v) || u.email.eq_ignore_ascii_case(v))
    })
    .map(|u| u.account_id.clone())
}

fn check_expr(e: &Expr, env: &Env) -> Result<(), JqlError> {
    match e {
        Expr::And(a, b) | Expr::Or(a, b) => {
            check_expr(a, env)?;
            check_expr(b, env)
        }
        Expr::Not(a) => check_expr(a, env),
        Expr::Clause(c) => check_clause(c, env),
    }
}

/// Rejects values that do not exist, unsupported operators and bad dates.
pub(crate) fn validate(q: &Query, env: &Env) -> Result<(), JqlError> {
    match &q.filter {
        Some(e) => check_expr(e, env),
        None => Ok(()),
    }
}

/// The issue's values for a field, as comparable strings (None = EMPTY).
fn values(field: Field, issue: &Issue, env: &Env) -> Vec<String> {
    let s = env.state;
    let str_field = |id: &str| {
        issue
            .fields
            .get(id)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    match field {
        Field::Project => vec![issue.project.clone()],
        Field::Key => vec![issue.key.clone()],
        Field::Labels => issue.labels(),
        Field::Status => vec![issue.status.clone()],
        Field::StatusCategory => s
            .status(&issue.status)
            .map(|st| st.category.key().to_owned())
            .into_iter()
            .collect(),
        Field::IssueType => vec![issue.issue_type.clone()],
        Field::Resolution => issue.resolution.clone().into_iter().collect(),
        Field::Assignee => str_field("assignee").into_iter().collect(),
        Field::Reporter => str_field("reporter").into_iter().collect(),
        Field::Created | Field::Updated | Field::Named => Vec::new(),
    }
}

/// A query value normalized to what `values` returns.
fn normalize(field: Field, operand: &Operand, env: &Env) -> Option<String> {
    let s = env.state;
    let v = match operand {
        Operand::Value(v) => v.as_str(),
        Operand::Func(_) => return Some(env.me.to_owned()),
        Operand::Empty => return None,
    };
    Some(match field {
        Field::Project => s
            .projects
            .iter()
            .find(|p| p.key.eq_ignore_ascii_case(v) || p.id == v || p.name.eq_ignore_ascii_case(v))?
            .key
            .clone(),
        Field::Key => s.issue(v)?.key.clone(),
        Field::Labels => v.to_owned(),
        Field::Status => s
            .statuses
            .iter()
            .find(|st| st.name.eq_ignore_ascii_case(v) || st.id == v)?
            .id
            .clone(),
        Field::StatusCategory => category_of(v)?.to_owned(),
        Field::IssueType => s
            .issue_types
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(v) || t.id == v)?
            .id
            .clone(),
        Field::Resolution => s
            .resolutions
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(v) || r.id == v)?
            .id
            .clone(),
        Field::Assignee | Field::Reporter => user_id(env, v)?,
        Field::Created | Field::Updated | Field::Named => v.to_owned(),
    })
}

fn clause_matches(c: &Clause, issue: &Issue, env: &Env) -> bool {
    if c.field == Field::Named {
        return super::custom::matches(c, issue, env);
    }
    if matches!(c.field, Field::Created | Field::Updated) {
        let actual = if c.field == Field::Created {
            issue.created
        } else {
            issue.updated
        };
        let Some(bound) = c.operands.first().and_then(|o| match o {
            Operand::Value(v) => date::literal(v, c.field.name(), env.now).ok(),
            Operand::Func(f) => date::function(f, env.now),
            Operand::Empty => None,
        }) else {
            return false;
        };
        return match c.op {
            Op::Eq => actual == bound,
            Op::NotEq => actual != bound,
            Op::Gt => actual > bound,
            Op::Ge => actual >= bound,
            Op::Lt => actual < bound,
            Op::Le => actual <= bound,
            _ => false,
        };
    }
    let have = values(c.field, issue, env);
    let wanted: Vec<Option<String>> = c
        .operands
        .iter()
        .map(|o| normalize(c.field, o, env))
        .collect();
    let hit = |w: &Option<String>| match w {
        None => have.is_empty(),
        Some(w) => have.iter().any(|h| h.eq_ignore_ascii_case(w)),
    };
    match c.op {
        Op::Eq | Op::In | Op::Is => wanted.iter().any(hit),
        Op::NotEq | Op::NotIn => !have.is_empty() && !wanted.iter().any(hit),
        Op::IsNot => !have.is_empty(),
        _ => false,
    }
}

pub(crate) fn matches(q: &Query, issue: &Issue, env: &Env) -> bool {
    fn go(e: &Expr, issue: &Issue, env: &Env) -> bool {
        match e {
            Expr::And(a, b) => go(a, issue, env) && go(b, issue, env),
            Expr::Or(a, b) => go(a, issue, env) || go(b, issue, env),
            Expr::Not(a) => !go(a, issue, env),
            Expr::Clause(c) => clause_matches(c, issue, env),
        }
    }
    q.filter.as_ref().is_none_or(|e| go(e, issue, env))
}

fn key_parts(key: &str) -> (String, u64) {
    let (p, n) = key.rsplit_once('-').unwrap_or((key, "0"));
    (p.to_owned(), n.parse().unwrap_or(0))
}

/// Orders issues by the query's ORDER BY (default: created DESC).
pub(crate) fn sort(q: &Query, issues: &mut [&Issue], state: &State) {
    let order: Vec<(SortField, bool)> = if q.order.is_empty() {
        vec![(SortField::Created, true)]
    } else {
        q.order.clone()
    };
    let prio_rank = |i: &Issue| {
        i.fields
            .get("priority")
            .and_then(|v| v.as_str())
            .and_then(|id| state.priorities.iter().position(|p| p.id == id))
            .unwrap_or(usize::MAX)
    };
    let status_name = |i: &Issue| {
        state
            .status(&i.status)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    issues.sort_by(|a, b| {
        for (field, desc) in &order {
            let ord = match field {
                SortField::Key => key_parts(&a.key).cmp(&key_parts(&b.key)),
                SortField::Created => a.created.cmp(&b.created),
                SortField::Updated => a.updated.cmp(&b.updated),
                SortField::Priority => prio_rank(b).cmp(&prio_rank(a)),
                SortField::Status => status_name(a).cmp(&status_name(b)),
            };
            let ord = if *desc { ord.reverse() } else { ord };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        a.id.cmp(&b.id)
    });
}
