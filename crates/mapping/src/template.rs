//! Templates: text with `{{placeholders}}`, and a small line syntax for rich text fields.
//!
//! Placeholders are attribute names (see [`FindingAttribute::from_name`]); spaces inside the
//! braces are allowed (`{{ cve }}`). An unknown name or an unclosed `{{` is an error.
//!
//! In rich text fields (description, multi-line text) the template's own lines give structure;
//! finding text never does:
//! - `# `, `## `, … `###### ` start a heading; `- ` starts a bullet; `---` is a rule;
//!   a blank line ends a paragraph; `**bold**` marks template text (or a placeholder) bold.
//! - A line holding only `{{description}}` or `{{remediation}}` becomes paragraphs, only
//!   `{{evidence}}` or `{{snippet}}` a code block, only `{{references}}` a bullet list of links;
//!   a bullet holding only a list placeholder (`- {{references}}`) gives one bullet per entry.
//! - A line whose placeholders are all empty for this finding is left out, and so is a heading
//!   left without content under it.
//!
//! In single-line fields (summary, text, labels) the template renders to plain text: `**` marks
//! are dropped and lines are joined.

use crate::attribute::{AttrValue, FindingAttribute};
use crate::context::RenderContext;
use crate::document::{clean_text, Block, Document, Inline};
use vulnbridge_model::Finding;

/// A parsed, valid template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    lines: Vec<Line>,
}

#[derive(Debug, Clone, PartialEq)]
enum Line {
    Blank,
    Rule,
    Heading(u8, Vec<Piece>),
    Bullet(Vec<Piece>),
    Text(Vec<Piece>),
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Lit {
        text: String,
        strong: bool,
    },
    Ph {
        attr: FindingAttribute,
        strong: bool,
    },
}

/// What is wrong with a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    UnknownPlaceholder { name: String },
    Unclosed { line: usize },
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TemplateError::UnknownPlaceholder { name } => write!(
                f,
                "the template uses {{{{{name}}}}}, which is not a finding attribute; \
                 pick one from the placeholder list"
            ),
            TemplateError::Unclosed { line } => write!(
                f,
                "line {line} of the template opens a placeholder with {{{{ but never closes it \
                 with }}}}"
            ),
        }
    }
}

impl Template {
    /// Parses a template, reporting every unknown placeholder and unclosed `{{`.
    pub fn parse(src: &str) -> Result<Template, Vec<TemplateError>> {
        let mut errors = Vec::new();
        let mut lines = Vec::new();
        for (n, raw) in src.lines().enumerate() {
            let line = raw.trim_end();
            let trimmed = line.trim_start();
            let parsed = if trimmed.is_empty() {
                Line::Blank
            } else if trimmed == "---" {
                Line::Rule
            } else if let Some((level, rest)) = heading(trimmed) {
                Line::Heading(level, pieces(rest, n + 1, &mut errors))
            } else if let Some(rest) = trimmed.strip_prefix("- ") {
                Line::Bullet(pieces(rest, n + 1, &mut errors))
            } else {
                Line::Text(pieces(line, n + 1, &mut errors))
            };
            lines.push(parsed);
        }
        if errors.is_empty() {
            Ok(Template { lines })
        } else {
            Err(errors)
        }
    }

    /// Every attribute the template uses.
    pub fn attributes(&self) -> Vec<FindingAttribute> {
        let mut out = Vec::new();
        for line in &self.lines {
            if let Line::Heading(_, p) | Line::Bullet(p) | Line::Text(p) = line {
                for piece in p {
                    if let Piece::Ph { attr, .. } = piece {
                        if !out.contains(attr) {
                            out.push(*attr);
                        }
                    }
                }
            }
        }
        out
    }

    /// Renders to plain text (single-line fields): empty-placeholder lines are left out,
    /// remaining lines joined with `\n`.
    pub fn render_plain(&self, f: &Finding, ctx: &RenderContext) -> String {
        let mut out: Vec<String> = Vec::new();
        for line in &self.lines {
            let pieces = match line {
                Line::Blank | Line::Rule => continue,
                Line::Heading(_, p) | Line::Bullet(p) | Line::Text(p) => p,
            };
            let Some(values) = resolve(pieces, f, ctx) else {
                continue;
            };
            let text: String = values
                .iter()
                .map(|(piece, value)| match (piece, value) {
                    (Piece::Lit { text, .. }, _) => text.clone(),
                    (_, Some(v)) => clean_text(&v.plain()),
                    (_, None) => String::new(),
                })
                .collect();
            out.push(text);
        }
        out.join("\n")
    }

    /// Renders to a structured document (rich text fields).
    pub fn render_document(&self, f: &Finding, ctx: &RenderContext) -> Document {
        let mut blocks: Vec<Block> = Vec::new();
        let mut para: Vec<Inline> = Vec::new();
        let mut bullets: Vec<Vec<Inline>> = Vec::new();
        let flush = |blocks: &mut Vec<Block>, para: &mut Vec<Inline>, bullets: &mut Vec<_>| {
            if !para.is_empty() {
                blocks.push(Block::Paragraph(std::mem::take(para)));
            }
            if !bullets.is_empty() {
                blocks.push(Block::BulletList(std::mem::take(bullets)));
            }
        };
        for line in &self.lines {
            match line {
                Line::Blank => flush(&mut blocks, &mut para, &mut bullets),
                Line::Rule => {
                    flush(&mut blocks, &mut para, &mut bullets);
                    blocks.push(Block::Rule);
                }
                Line::Heading(level, p) => {
                    flush(&mut blocks, &mut para, &mut bullets);
                    if let Some(values) = resolve(p, f, ctx) {
                        let content = inlines(&values);
                        if !content.is_empty() {
                            blocks.push(Block::Heading {
                                level: *level,
                                content,
                            });
                        }
                    }
                }
                Line::Bullet(p) => {
                    if !para.is_empty() {
                        blocks.push(Block::Paragraph(std::mem::take(&mut para)));
                    }
                    let Some(values) = resolve(p, f, ctx) else {
                        continue;
                    };
                    match lone_value(&values) {
                        Some(AttrValue::List(l)) => {
                            bullets.extend(l.iter().map(|s| vec![Inline::text(clean_text(s))]))
                        }
                        Some(AttrValue::Urls(l)) => bullets.extend(
                            l.iter()
                                .map(|u| vec![Inline::link_or_text("", &clean_text(u))]),
                        ),
                        _ => bullets.push(inlines(&values)),
                    }
                }
                Line::Text(p) => {
                    let Some(values) = resolve(p, f, ctx) else {
                        continue;
                    };
                    let block = match lone_value(&values) {
                        Some(AttrValue::Prose(s)) => Some(prose_blocks(s)),
                        Some(AttrValue::Code(s)) => Some(vec![Block::Code(clean_text(s))]),
                        Some(AttrValue::Urls(l)) => Some(vec![Block::BulletList(
                            l.iter()
                                .map(|u| vec![Inline::link_or_text("", &clean_text(u))])
                                .collect(),
                        )]),
                        _ => None,
                    };
                    match block {
                        Some(new) => {
                            flush(&mut blocks, &mut para, &mut bullets);
                            blocks.extend(new);
                        }
                        None => {
                            if !bullets.is_empty() {
                                blocks.push(Block::BulletList(std::mem::take(&mut bullets)));
                            }
                            if !para.is_empty() {
                                para.push(Inline::Break);
                            }
                            para.extend(inlines(&values));
                        }
                    }
                }
            }
        }
        flush(&mut blocks, &mut para, &mut bullets);
        Document {
            blocks: drop_empty_sections(blocks),
        }
    }
}

type Resolved<'a> = Vec<(&'a Piece, Option<AttrValue>)>;

/// Values for every placeholder of a line; `None` when the line has placeholders and all of
/// them are empty (the line is left out).
fn resolve<'a>(pieces: &'a [Piece], f: &Finding, ctx: &RenderContext) -> Option<Resolved<'a>> {
    let mut any_ph = false;
    let mut any_value = false;
    let out: Resolved = pieces
        .iter()
        .map(|p| match p {
            Piece::Lit { .. } => (p, None),
            Piece::Ph { attr, .. } => {
                any_ph = true;
                let v = attr.value(f, ctx);
                if v.is_empty() {
                    (p, None)
                } else {
                    any_value = true;
                    (p, Some(v))
                }
            }
        })
        .collect();
    if any_ph && !any_value {
        None
    } else {
        Some(out)
    }
}

/// The value when the line is one placeholder and nothing but whitespace around it.
fn lone_value<'a>(values: &'a Resolved) -> Option<&'a AttrValue> {
    let mut found = None;
    for (piece, value) in values {
        match piece {
            Piece::Lit { text, .. } if text.trim().is_empty() => {}
            Piece::Lit { .. } => return None,
            Piece::Ph { .. } => {
                if found.is_some() {
                    return None;
                }
                found = value.as_ref();
            }
        }
    }
    found
}

fn inlines(values: &Resolved) -> Vec<Inline> {
    let mut out = Vec::new();
    for (piece, value) in values {
        match (piece, value) {
            (Piece::Lit { text, strong }, _) => push_text(&mut out, text, *strong),
            (Piece::Ph { strong, .. }, Some(v)) => match v {
                AttrValue::Url(u) => out.push(Inline::link_or_text("", &clean_text(u))),
                AttrValue::Urls(l) => {
                    for (i, u) in l.iter().enumerate() {
                        if i > 0 {
                            push_text(&mut out, ", ", false);
                        }
                        out.push(Inline::link_or_text("", &clean_text(u)));
                    }
                }
                other => push_text(&mut out, &clean_text(&other.plain()), *strong),
            },
            (Piece::Ph { .. }, None) => {}
        }
    }
    out
}

/// Adds text, turning newlines into breaks and skipping empty runs.
fn push_text(out: &mut Vec<Inline>, text: &str, strong: bool) {
    for (i, part) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(Inline::Break);
        }
        if part.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(Inline::Text { text, strong: s }) if *s == strong => text.push_str(part),
            _ => out.push(Inline::Text {
                text: part.to_string(),
                strong,
            }),
        }
    }
}

/// Prose split into paragraphs at blank lines, single newlines kept as breaks.
fn prose_blocks(s: &str) -> Vec<Block> {
    let clean = clean_text(s);
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in clean.split('\n') {
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(Block::Paragraph(lines_inline(&current)));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        blocks.push(Block::Paragraph(lines_inline(&current)));
    }
    blocks
}

fn lines_inline(lines: &[&str]) -> Vec<Inline> {
    let mut out = Vec::new();
    push_text(&mut out, &lines.join("\n"), false);
    out
}

/// Removes headings with nothing under them before the next rule, heading of the same or a
/// higher level, or the end; and rules that end up first, last or doubled.
fn drop_empty_sections(blocks: Vec<Block>) -> Vec<Block> {
    let mut keep = vec![true; blocks.len()];
    for (i, b) in blocks.iter().enumerate() {
        if let Block::Heading { level, .. } = b {
            let has_content = blocks[i + 1..]
                .iter()
                .take_while(|n| {
                    !matches!(n, Block::Rule)
                        && !matches!(n, Block::Heading { level: l, .. } if l <= level)
                })
                .any(|n| !matches!(n, Block::Heading { .. }));
            keep[i] = has_content;
        }
    }
    let mut out: Vec<Block> = Vec::new();
    for (b, k) in blocks.into_iter().zip(keep) {
        if !k || (matches!(b, Block::Rule) && matches!(out.last(), None | Some(Block::Rule))) {
            continue;
        }
        out.push(b);
    }
    if matches!(out.last(), Some(Block::Rule)) {
        out.pop();
    }
    out
}

fn heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) {
        let rest = &line[hashes..];
        let rest = rest.strip_prefix(' ')?;
        return u8::try_from(hashes).ok().map(|l| (l, rest.trim_start()));
    }
    None
}

/// Splits one line into literal text and placeholders, toggling bold at `**`.
fn pieces(line: &str, line_no: usize, errors: &mut Vec<TemplateError>) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut strong = false;
    let mut rest = line;
    let mut lit = String::new();
    let flush = |lit: &mut String, out: &mut Vec<Piece>, strong: bool| {
        if !lit.is_empty() {
            out.push(Piece::Lit {
                text: std::mem::take(lit),
                strong,
            });
        }
    };
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("**") {
            flush(&mut lit, &mut out, strong);
            strong = !strong;
            rest = after;
        } else if let Some(after) = rest.strip_prefix("{{") {
            flush(&mut lit, &mut out, strong);
            match after.find("}}") {
                Some(end) => {
                    let name = after[..end].trim();
                    match FindingAttribute::from_name(name) {
                        Some(attr) => out.push(Piece::Ph { attr, strong }),
                        None => errors.push(TemplateError::UnknownPlaceholder {
                            name: name.to_string(),
                        }),
                    }
                    rest = &after[end + 2..];
                }
                None => {
                    errors.push(TemplateError::Unclosed { line: line_no });
                    rest = "";
                }
            }
        } else {
            let mut chars = rest.chars();
            if let Some(c) = chars.next() {
                lit.push(c);
            }
            rest = chars.as_str();
        }
    }
    flush(&mut lit, &mut out, strong);
    out
}

/// Text typed by hand for a rich text field: paragraphs at blank lines.
pub(crate) fn prose_document(s: &str) -> Document {
    Document {
        blocks: prose_blocks(s),
    }
}
