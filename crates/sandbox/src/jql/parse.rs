//! Recursive-descent parser for the JQL subset.

use super::lex::{lex, Tok, Token};
use super::JqlError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Project,
    Key,
    Labels,
    Status,
    StatusCategory,
    IssueType,
    Resolution,
    Assignee,
    Reporter,
    Created,
    Updated,
    /// Any other field (custom fields by `cf[id]` or name, summary, priority, parent…),
    /// resolved against the catalog when the query is validated.
    Named,
}

impl Field {
    fn from_name(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "project" => Field::Project,
            "key" | "issuekey" | "id" => Field::Key,
            "labels" | "label" => Field::Labels,
            "status" => Field::Status,
            "statuscategory" => Field::StatusCategory,
            "issuetype" | "type" => Field::IssueType,
            "resolution" => Field::Resolution,
            "assignee" => Field::Assignee,
            "reporter" => Field::Reporter,
            "created" | "createddate" => Field::Created,
            "updated" | "updateddate" => Field::Updated,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Field::Project => "project",
            Field::Key => "key",
            Field::Labels => "labels",
            Field::Status => "status",
            Field::StatusCategory => "statusCategory",
            Field::IssueType => "issuetype",
            Field::Resolution => "resolution",
            Field::Assignee => "assignee",
            Field::Reporter => "reporter",
            Field::Created => "created",
            Field::Updated => "updated",
            Field::Named => "field",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    NotEq,
    In,
    NotIn,
    Gt,
    Ge,
    Lt,
    Le,
    Is,
    IsNot,
    Like,
    NotLike,
}

impl Op {
    pub fn text(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::NotEq => "!=",
            Op::In => "in",
            Op::NotIn => "not in",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Is => "is",
            Op::IsNot => "is not",
            Op::Like => "~",
            Op::NotLike => "!~",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    Value(String),
    Empty,
    Func(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Clause {
    pub field: Field,
    /// The field name as written.
    pub name: String,
    pub op: Op,
    pub operands: Vec<Operand>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Clause(Clause),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SortField {
    Key,
    Created,
    Updated,
    Priority,
    Status,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Query {
    pub filter: Option<Expr>,
    /// (field, descending)
    pub order: Vec<(SortField, bool)>,
}

const KEYWORDS: &[&str] = &[
    "and", "or", "not", "in", "is", "empty", "null", "order", "by", "asc", "desc",
];

struct Parser {
    toks: Vec<Token>,
    i: usize,
}

fn err(msg: String) -> JqlError {
    JqlError(format!("Error in the JQL Query: {msg}"))
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.i)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.toks.get(self.i).cloned();
        self.i += 1;
        t
    }

    fn peek_kw(&self, kw: &str) -> bool {
        self.peek().is_some_and(|t| t.is_kw(kw))
    }

    fn expect_end_or_bool(&self) -> JqlError {
        match self.peek() {
            Some(t) => err(format!(
                "Expecting either 'OR' or 'AND' but got '{}'. (line 1, character {})",
                t.text(),
                t.pos
            )),
            None => err("Unexpected end of query.".to_owned()),
        }
    }

    fn or_expr(&mut self, depth: usize) -> Result<Expr, JqlError> {
        let mut left = self.and_expr(depth)?;
        while self.peek_kw("or") || self.peek().is_some_and(|t| t.tok == Tok::Word("||".into())) {
            self.i += 1;
            let right = self.and_expr(depth)?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and_expr(&mut self, depth: usize) -> Result<Expr, JqlError> {
        let mut left = self.not_expr(depth)?;
        while self.peek_kw("and") {
            self.i += 1;
            let right = self.not_expr(depth)?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn not_expr(&mut self, depth: usize) -> Result<Expr, JqlError> {
        if depth > 50 {
            return Err(err("The query is nested too deeply.".to_owned()));
        }
        if self.peek_kw("not") {
            self.i += 1;
            return Ok(Expr::Not(Box::new(self.not_expr(depth + 1)?)));
        }
        if self.peek().is_some_and(|t| t.tok == Tok::LParen) {
            self.i += 1;
            let inner = self.or_expr(depth + 1)?;
            match self.next() {
                Some(t) if t.tok == Tok::RParen => return Ok(inner),
                Some(t) => {
                    return Err(err(format!(
                        "Expecting ')' but got '{}'. (line 1, character {})",
                        t.text(),
                        t.pos
                    )))
                }
                None => {
                    return Err(err(
                        "Expecting ')' but reached the end of the query.".to_owned()
                    ))
                }
            }
        }
        self.clause().map(Expr::Clause)
    }

    fn clause(&mut self) -> Result<Clause, JqlError> {
        let Some(t) = self.next() else {
            return Err(err(
                "Expecting a field name but reached the end of the query.".to_owned(),
            ));
        };
        let name = match &t.tok {
            Tok::Word(w) if !KEYWORDS.contains(&w.to_ascii_lowercase().as_str()) => w.clone(),
            Tok::Str(s) => s.clone(),
            _ => {
                return Err(err(format!(
                    "Expecting a field name but got '{}'. (line 1, character {})",
                    t.text(),
                    t.pos
                )))
            }
        };
        let field = Field::from_name(&name).unwrap_or(Field::Named);
        let op = self.operator()?;
        let operands = self.operand(op)?;
        Ok(Clause {
            field,
            name,
            op,
            operands,
        })
    }

    fn operator(&mut self) -> Result<Op, JqlError> {
        let bad = |t: Option<&Token>| {
            match t {
            Some(t) => err(format!(
                "Expecting operator but got '{}'. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. (line 1, character {})",
                t.text(),
                t.pos
            )),
            None => err("Expecting operator but reached the end of the query.".to_owned()),
        }
        };
        let t = self.next();
        let op = match t.as_ref().map(|t| &t.tok) {
            Some(Tok::Op(o)) => match *o {
                "=" => Op::Eq,
                "!=" => Op::NotEq,
                ">" => Op::Gt,
                ">=" => Op::Ge,
                "<" => Op::Lt,
                "<=" => Op::Le,
                "~" => Op::Like,
                _ => Op::NotLike,
            },
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("in") => Op::In,
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("not") => {
                if self.peek_kw("in") {
                    self.i += 1;
                    Op::NotIn
                } else {
                    return Err(bad(self.peek()));
                }
            }
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("is") => {
                if self.peek_kw("not") {
                    self.i += 1;
                    Op::IsNot
                } else {
                    Op::Is
                }
            }
            _ => return Err(bad(t.as_ref())),
        };
        Ok(op)
    }

    fn single(&mut self) -> Result<Operand, JqlError> {
        let Some(t) = self.next() else {
            return Err(err(
                "Expected either a value, list or function but reached the end of the query."
                    .to_owned(),
            ));
        };
        match t.tok {
            Tok::Str(s) => Ok(Operand::Value(s)),
            Tok::Word(w) if w.eq_ignore_ascii_case("empty") || w.eq_ignore_ascii_case("null") => {
                Ok(Operand::Empty)
            }
            Tok::Word(w) if !KEYWORDS.contains(&w.to_ascii_lowercase().as_str()) => {
                if self.peek().is_some_and(|t| t.tok == Tok::LParen) {
                    self.i += 1;
                    match self.next() {
                        Some(t) if t.tok == Tok::RParen => Ok(Operand::Func(w.to_ascii_lowercase())),
                        _ => Err(err(format!("Function '{w}' takes no arguments in this sandbox. (line 1, character {})", t.pos))),
                    }
                } else {
                    Ok(Operand::Value(w))
                }
            }
            _ => Err(err(format!(
                "Expected either a value, list or function but got '{}'. (line 1, character {})",
                t.text(),
                t.pos
            ))),
        }
    }

    fn operand(&mut self, op: Op) -> Result<Vec<Operand>, JqlError> {
        if matches!(op, Op::In | Op::NotIn) {
            match self.next() {
                Some(t) if t.tok == Tok::LParen => {}
                Some(t) => {
                    return Err(err(format!(
                        "Expecting '(' but got '{}'. (line 1, character {})",
                        t.text(),
                        t.pos
                    )))
                }
                None => {
                    return Err(err(
                        "Expecting '(' but reached the end of the query.".to_owned()
                    ))
                }
            }
            let mut list = vec![self.single()?];
            loop {
                match self.next() {
                    Some(t) if t.tok == Tok::Comma => list.push(self.single()?),
                    Some(t) if t.tok == Tok::RParen => return Ok(list),
                    Some(t) => {
                        return Err(err(format!(
                            "Expecting ',' or ')' but got '{}'. (line 1, character {})",
                            t.text(),
                            t.pos
                        )))
                    }
                    None => {
                        return Err(err(
                            "Expecting ')' but reached the end of the query.".to_owned()
                        ))
                    }
                }
            }
        }
        Ok(vec![self.single()?])
    }

    fn order_by(&mut self) -> Result<Vec<(SortField, bool)>, JqlError> {
        self.i += 1;
        if !self.peek_kw("by") {
            return Err(err("Expecting 'BY' after 'ORDER'.".to_owned()));
        }
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let Some(t) = self.next() else {
                return Err(err("Expecting a field name after 'ORDER BY'.".to_owned()));
            };
            let name = t.text();
            let field = match name.to_ascii_lowercase().as_str() {
                "key" | "issuekey" | "id" => SortField::Key,
                "created" => SortField::Created,
                "updated" => SortField::Updated,
                "priority" => SortField::Priority,
                "status" => SortField::Status,
                _ => return Err(JqlError(format!("Not able to sort using field '{name}'."))),
            };
            let desc = if self.peek_kw("desc") {
                self.i += 1;
                true
            } else {
                if self.peek_kw("asc") {
                    self.i += 1;
                }
                false
            };
            out.push((field, desc));
            if self.peek().is_some_and(|t| t.tok == Tok::Comma) {
                self.i += 1;
                continue;
            }
            return match self.peek() {
                None => Ok(out),
                Some(t) => Err(err(format!(
                    "Expecting ',' or the end of the query but got '{}'. (line 1, character {})",
                    t.text(),
                    t.pos
                ))),
            };
        }
    }
}

pub(crate) fn parse(input: &str) -> Result<Query, JqlError> {
    let mut p = Parser {
        toks: lex(input)?,
        i: 0,
    };
    let filter = if p.peek().is_none() || p.peek_kw("order") {
        None
    } else {
        Some(p.or_expr(0)?)
    };
    let order = if p.peek_kw("order") {
        p.order_by()?
    } else if p.peek().is_some() {
        return Err(p.expect_end_or_bool());
    } else {
        Vec::new()
    };
    if order.len() > 7 {
        return Err(JqlError(
            "The query has too many ORDER BY fields; at most 7 are allowed.".to_owned(),
        ));
    }
    Ok(Query { filter, order })
}
