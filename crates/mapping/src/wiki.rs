//! [`Document`] → Jira wiki markup (Data Center REST v2).
//!
//! Finding text is escaped so that every character comes out literally:
//! - `* _ + ^ ~ { } [ ] | ! #` get a backslash (bold, italics, insert, super/subscript, macros
//!   such as `{code}` `{noformat}` `{color}` `{html}`, links, mentions `[~user]`, tables,
//!   images `!x.png!`, numbered lists);
//! - `-` gets one unless it sits between two letters or digits (so `CVE-2021-44228` stays
//!   readable while `-strike-`, `--`, `----` and `- item` are neutralised);
//! - `??` (citation), `(` before a short `…)` (emoticons such as `(y)` `(!)`) and `:`/`;`
//!   before `) ( P D p` (smileys) are escaped;
//! - a backslash becomes `&#92;`, so it can neither escape the next character nor form the
//!   `\\` line break;
//! - at the start of a line, `h1.`…`h6.` and `bq.` get their dot escaped.
//!
//! Code and evidence go in `{noformat}` (or `{code}` when the text itself contains
//! `{noformat`); text containing both closing tags is written as escaped lines instead.
//! Links are `[text|url]` for http(s) URLs only, with `| [ ] { }` percent-encoded in the URL.

use crate::document::{Block, Document, Inline};

/// The wiki markup for `doc`.
pub fn to_wiki(doc: &Document) -> String {
    let parts: Vec<String> = doc.blocks.iter().filter_map(block).collect();
    parts.join("\n\n")
}

/// The wiki markup for one block (`None` for an empty one).
pub fn block(b: &Block) -> Option<String> {
    Some(match b {
        Block::Heading { level, content } => {
            let text = inlines(content);
            if text.trim().is_empty() {
                return None;
            }
            format!("h{}. {}", (*level).clamp(1, 6), text.replace('\n', " "))
        }
        Block::Paragraph(content) => {
            let text = inlines(content);
            if text.trim().is_empty() {
                return None;
            }
            text
        }
        Block::BulletList(items) => {
            let lines: Vec<String> = items
                .iter()
                .map(|i| format!("* {}", inlines(i).replace('\n', " ")))
                .collect();
            if lines.is_empty() {
                return None;
            }
            lines.join("\n")
        }
        Block::Code(text) => code(text),
        Block::Rule => "----".to_string(),
    })
}

fn code(text: &str) -> String {
    let lower = text.to_lowercase();
    if !lower.contains("{noformat") {
        format!("{{noformat}}\n{text}\n{{noformat}}")
    } else if !lower.contains("{code") {
        format!("{{code}}\n{text}\n{{code}}")
    } else {
        escape(text, true)
    }
}

fn inlines(content: &[Inline]) -> String {
    let mut out = String::new();
    let mut line_start = true;
    for i in content {
        match i {
            Inline::Text { text, strong } => {
                let trimmed = text.trim();
                if *strong && !trimmed.is_empty() {
                    let lead = &text[..text.len() - text.trim_start().len()];
                    let tail = &text[text.trim_end().len()..];
                    out.push_str(lead);
                    out.push('*');
                    out.push_str(&escape(trimmed, false));
                    out.push('*');
                    out.push_str(tail);
                } else {
                    out.push_str(&escape(text, line_start));
                }
            }
            Inline::Link { text, href } => {
                out.push('[');
                out.push_str(&escape(text, false));
                out.push('|');
                out.push_str(&encode_url(href));
                out.push(']');
            }
            Inline::Break => {
                out.push('\n');
                line_start = true;
                continue;
            }
        }
        line_start = false;
    }
    out
}

fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '|' => out.push_str("%7C"),
            '[' => out.push_str("%5B"),
            ']' => out.push_str("%5D"),
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for wiki markup (see the module doc). `line_start` says whether the text
/// begins a line.
pub fn escape(text: &str, line_start: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut at_line_start = line_start;
    // Index of the dot of an `h1.` / `bq.` marker found at a line start.
    let mut marker_dot = None;
    for (i, &c) in chars.iter().enumerate() {
        if at_line_start && c != ' ' && c != '\t' {
            at_line_start = false;
            marker_dot = block_marker(&chars[i..]).map(|len| i + len - 1);
        }
        if marker_dot == Some(i) {
            out.push_str("\\.");
            continue;
        }
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        push_escaped(&mut out, c, prev, next, &chars[i + 1..]);
        if c == '\n' {
            at_line_start = true;
        }
    }
    out
}

/// Length of `h1.`…`h6.` or `bq.` at the start of `chars`.
fn block_marker(chars: &[char]) -> Option<usize> {
    match chars {
        ['h', '1'..='6', '.', ..] | ['b', 'q', '.', ..] => Some(3),
        _ => None,
    }
}

fn push_escaped(out: &mut String, c: char, prev: Option<char>, next: Option<char>, rest: &[char]) {
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let escape = match c {
        '\\' => {
            out.push_str("&#92;");
            return;
        }
        '*' | '_' | '+' | '^' | '~' | '{' | '}' | '[' | ']' | '|' | '!' | '#' => true,
        '-' => !(alnum(prev) && alnum(next)),
        '?' => prev == Some('?') || next == Some('?'),
        '(' => rest
            .iter()
            .take(9)
            .take_while(|c| !c.is_whitespace())
            .any(|&c| c == ')'),
        ':' | ';' => matches!(next, Some(')' | '(' | 'P' | 'D' | 'p' | '|')),
        _ => false,
    };
    if escape {
        out.push('\\');
    }
    out.push(c);
}
