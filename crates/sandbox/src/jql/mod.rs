//! A JQL subset: `project`, `key`/`issuekey`, `labels`, `status`, `statusCategory`,
//! `issuetype`, `resolution`, `assignee`, `reporter`, `created`, `updated` with
//! `= != IN NOT IN > >= < <= IS [NOT] EMPTY`; catalog fields by `cf[id]`, id or name (options,
//! users, priority, parent, numbers, dates; `~` on text fields); AND/OR/NOT, parentheses and
//! `ORDER BY field ASC|DESC, ...`. Anything else is rejected with Jira's 400 body.

mod custom;
mod date;
mod eval;
mod lex;
mod parse;
#[cfg(test)]
mod tests;

pub(crate) use eval::{matches, sort, validate, Env};
pub(crate) use parse::parse;

/// Why a query was rejected: the text Jira puts in `errorMessages`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JqlError(pub String);
