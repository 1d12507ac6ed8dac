//! [`Document`] → Atlassian Document Format (Cloud REST v3).
//!
//! Finding text goes into `text` nodes verbatim (JSON escaping is serde's job), so nothing in it
//! is ever read as markup. Empty text is never emitted (ADF forbids empty text nodes), links
//! carry a `link` mark only for http(s) URLs, and code blocks hold unmarked text.

use serde_json::{json, Value};

use crate::document::{Block, Document, Inline};

/// The ADF document for `doc` (`{"type":"doc","version":1,"content":[…]}`).
pub fn to_adf(doc: &Document) -> Value {
    let content: Vec<Value> = doc.blocks.iter().filter_map(block).collect();
    json!({ "type": "doc", "version": 1, "content": content })
}

/// The ADF node for one block (`None` for an empty heading or list).
pub fn block(b: &Block) -> Option<Value> {
    Some(match b {
        Block::Heading { level, content } => {
            let inline = inlines(content);
            if inline.is_empty() {
                return None;
            }
            json!({
                "type": "heading",
                "attrs": { "level": (*level).clamp(1, 6) },
                "content": inline,
            })
        }
        Block::Paragraph(content) => paragraph(content),
        Block::BulletList(items) => {
            if items.is_empty() {
                return None;
            }
            let items: Vec<Value> = items
                .iter()
                .map(|i| json!({ "type": "listItem", "content": [paragraph(i)] }))
                .collect();
            json!({ "type": "bulletList", "content": items })
        }
        Block::Code(text) => {
            if text.is_empty() {
                json!({ "type": "codeBlock" })
            } else {
                json!({ "type": "codeBlock", "content": [{ "type": "text", "text": text }] })
            }
        }
        Block::Rule => json!({ "type": "rule" }),
    })
}

fn paragraph(content: &[Inline]) -> Value {
    let inline = inlines(content);
    if inline.is_empty() {
        json!({ "type": "paragraph" })
    } else {
        json!({ "type": "paragraph", "content": inline })
    }
}

fn inlines(content: &[Inline]) -> Vec<Value> {
    content
        .iter()
        .filter_map(|i| match i {
            Inline::Text { text, .. } if text.is_empty() => None,
            Inline::Text { text, strong: true } => {
                Some(json!({ "type": "text", "text": text, "marks": [{ "type": "strong" }] }))
            }
            Inline::Text { text, .. } => Some(json!({ "type": "text", "text": text })),
            Inline::Link { text, href } => {
                let text = if text.is_empty() { href } else { text };
                Some(json!({
                    "type": "text",
                    "text": text,
                    "marks": [{ "type": "link", "attrs": { "href": href } }],
                }))
            }
            Inline::Break => Some(json!({ "type": "hardBreak" })),
        })
        .collect()
}

/// Characters one block adds to the serialized document (its JSON and a separating comma).
/// Jira's way of counting ADF against the 32,767 limit is not documented; counting the JSON
/// is the strictest reading, so a document within budget by this measure fits either way.
pub fn block_chars(b: &Block) -> usize {
    block(b).map_or(0, |v| v.to_string().chars().count() + 1)
}
