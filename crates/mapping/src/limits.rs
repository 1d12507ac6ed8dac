//! Jira's size limits and how text is cut to fit them.
//!
//! - Summary: 255 characters, one line.
//! - Single-line text fields: 255 characters.
//! - Multi-line text (description, text areas): Jira rejects more than 32,767 characters; how
//!   it counts ADF is not documented, so a document is cut until its serialized ADF JSON (Cloud)
//!   or its wiki text (Data Center) is at most [`TEXT_BUDGET`] characters. When a text is cut,
//!   it says so at its end and the full report goes as an attachment.

use crate::document::{Block, Document, Inline};

/// Jira's summary limit, in characters.
pub const SUMMARY_MAX_CHARS: usize = 255;
/// Jira's single-line text field limit, in characters.
pub const SINGLE_LINE_MAX_CHARS: usize = 255;
/// Jira's multi-line text limit, in characters.
pub const TEXT_MAX_CHARS: usize = 32_767;
/// What Vulnbridge renders at most into one multi-line field (a margin under
/// [`TEXT_MAX_CHARS`] for markup and for Jira's own counting of ADF).
pub const TEXT_BUDGET: usize = 30_000;

/// `text` cut to at most `max` characters on a char boundary, ending in `…` when cut.
pub fn cut_chars(text: &str, max: usize) -> (String, bool) {
    if text.chars().count() <= max {
        return (text.to_string(), false);
    }
    if max == 0 {
        return (String::new(), true);
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    (out, true)
}

/// One line: newlines and tabs become spaces, runs of spaces collapse, ends trimmed.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split([' ', '\n', '\t']).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The notice put at the end of a cut text.
pub fn cut_notice(file_name: &str) -> Block {
    Block::Paragraph(vec![
        Inline::Text {
            text: "Text cut to fit Jira's 32,767-character limit.".into(),
            strong: true,
        },
        Inline::text(format!(" The full report is attached as {file_name}.")),
    ])
}

/// `doc` cut so that the measured size of its blocks plus `notice` stays within `budget`.
/// Returns the document unchanged (and `false`) when it already fits.
pub fn fit_document(
    doc: &Document,
    budget: usize,
    measure: &dyn Fn(&Block) -> usize,
    notice: Block,
) -> (Document, bool) {
    let total: usize = doc.blocks.iter().map(measure).sum();
    if total <= budget {
        return (doc.clone(), false);
    }
    let mut room = budget.saturating_sub(measure(&notice));
    let mut blocks = Vec::new();
    for b in &doc.blocks {
        let size = measure(b);
        if size <= room {
            room -= size;
            blocks.push(b.clone());
            continue;
        }
        // Shrink the block that crosses the limit until it fits.
        let mut keep = room.min(b.text_chars());
        while keep > 0 {
            let cut = truncate_block(b, keep);
            let size = measure(&cut);
            if size <= room {
                blocks.push(cut);
                break;
            }
            let next = keep * room / size.max(1);
            keep = if next >= keep { keep - 1 } else { next };
        }
        break;
    }
    blocks.push(notice);
    (Document { blocks }, true)
}

/// The block with at most `max` characters of text (an ellipsis marks the cut).
fn truncate_block(b: &Block, max: usize) -> Block {
    match b {
        Block::Heading { level, content } => Block::Heading {
            level: *level,
            content: truncate_inlines(content, max),
        },
        Block::Paragraph(content) => Block::Paragraph(truncate_inlines(content, max)),
        Block::BulletList(items) => {
            let mut left = max;
            let mut out = Vec::new();
            for item in items {
                if left == 0 {
                    break;
                }
                let cut = truncate_inlines(item, left);
                left = left.saturating_sub(inline_len(&cut));
                out.push(cut);
            }
            Block::BulletList(out)
        }
        Block::Code(text) => Block::Code(cut_chars(text, max).0),
        Block::Rule => Block::Rule,
    }
}

fn inline_len(content: &[Inline]) -> usize {
    Block::Paragraph(content.to_vec()).text_chars()
}

fn truncate_inlines(content: &[Inline], max: usize) -> Vec<Inline> {
    let mut left = max;
    let mut out = Vec::new();
    for i in content {
        let len = inline_len(std::slice::from_ref(i));
        if len <= left {
            out.push(i.clone());
            left -= len;
            continue;
        }
        match i {
            Inline::Text { text, strong } if left > 0 => out.push(Inline::Text {
                text: cut_chars(text, left).0,
                strong: *strong,
            }),
            // A link is never cut into a different URL; its text is.
            Inline::Link { text, href } if left > 0 => out.push(Inline::Link {
                text: cut_chars(text, left).0,
                href: href.clone(),
            }),
            _ => {}
        }
        break;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_keeps_char_boundaries_and_marks_the_cut() {
        let (s, cut) = cut_chars(&"é🔥".repeat(300), 255);
        assert!(cut);
        assert_eq!(s.chars().count(), 255);
        assert!(s.ends_with('…'));
        assert_eq!(cut_chars("short", 255), ("short".to_string(), false));
    }

    #[test]
    fn one_line_collapses_whitespace() {
        assert_eq!(one_line("  a\n\tb   c \n"), "a b c");
    }

    #[test]
    fn fitting_documents_are_cut_with_a_notice() {
        let doc = Document {
            blocks: vec![
                Block::Paragraph(vec![Inline::text("a".repeat(50))]),
                Block::Code("x".repeat(500)),
                Block::Paragraph(vec![Inline::text("tail")]),
            ],
        };
        let measure = |b: &Block| b.text_chars();
        let (same, cut) = fit_document(&doc, 10_000, &measure, cut_notice("f.txt"));
        assert!(!cut);
        assert_eq!(same, doc);
        let (small, cut) = fit_document(&doc, 200, &measure, cut_notice("f.txt"));
        assert!(cut);
        assert!(small.text_chars() <= 200);
        assert_eq!(small.blocks.len(), 3);
        assert!(matches!(&small.blocks[1], Block::Code(t) if t.ends_with('…')));
        assert_eq!(small.blocks[2], cut_notice("f.txt"));
    }
}
