//! Tokens of the JQL subset.

use super::JqlError;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    /// An unquoted word (field name, keyword or value).
    Word(String),
    /// A quoted string.
    Str(String),
    LParen,
    RParen,
    Comma,
    Op(&'static str),
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub tok: Tok,
    /// 1-based character position, as Jira reports it.
    pub pos: usize,
}

impl Token {
    pub fn text(&self) -> String {
        match &self.tok {
            Tok::Word(w) | Tok::Str(w) => w.clone(),
            Tok::LParen => "(".into(),
            Tok::RParen => ")".into(),
            Tok::Comma => ",".into(),
            Tok::Op(o) => (*o).into(),
        }
    }

    /// True for an unquoted word equal (case-insensitively) to `kw`.
    pub fn is_kw(&self, kw: &str) -> bool {
        matches!(&self.tok, Tok::Word(w) if w.eq_ignore_ascii_case(kw))
    }
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ':' | '[' | ']' | '@' | '+' | '*')
}

pub(crate) fn lex(input: &str) -> Result<Vec<Token>, JqlError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let pos = i + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let single = match c {
            '(' => Some(Tok::LParen),
            ')' => Some(Tok::RParen),
            ',' => Some(Tok::Comma),
            _ => None,
        };
        if let Some(tok) = single {
            out.push(Token { tok, pos });
            i += 1;
            continue;
        }
        let next = chars.get(i + 1).copied();
        let op = match (c, next) {
            ('!', Some('=')) => Some("!="),
            ('!', Some('~')) => Some("!~"),
            ('>', Some('=')) => Some(">="),
            ('<', Some('=')) => Some("<="),
            ('=', _) => Some("="),
            ('>', _) => Some(">"),
            ('<', _) => Some("<"),
            ('~', _) => Some("~"),
            _ => None,
        };
        if let Some(op) = op {
            out.push(Token {
                tok: Tok::Op(op),
                pos,
            });
            i += op.len();
            continue;
        }
        if c == '"' || c == '\'' {
            let mut s = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => {
                        return Err(JqlError(format!(
                            "Error in the JQL Query: The quoted string '{s}' has not been completed. (line 1, character {pos})"
                        )))
                    }
                    Some('\\') => {
                        if let Some(n) = chars.get(i + 1) {
                            s.push(*n);
                        }
                        i += 2;
                    }
                    Some(q) if *q == c => {
                        i += 1;
                        break;
                    }
                    Some(other) => {
                        s.push(*other);
                        i += 1;
                    }
                }
            }
            out.push(Token {
                tok: Tok::Str(s),
                pos,
            });
            continue;
        }
        if word_char(c) {
            let start = i;
            while i < chars.len() && word_char(chars[i]) {
                i += 1;
            }
            out.push(Token {
                tok: Tok::Word(chars[start..i].iter().collect()),
                pos,
            });
            continue;
        }
        return Err(JqlError(format!(
            "Error in the JQL Query: The character '{c}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u{:04x}' instead. (line 1, character {pos})",
            c as u32
        )));
    }
    Ok(out)
}
