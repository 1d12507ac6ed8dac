//! Comment and text bodies in the connection's dialect: an ADF document on Cloud (v3), a
//! wiki-markup string on Data Center (v2). Rich rendering lives in the mapping crate; this is
//! the plain-text path plus a pass-through for bodies rendered elsewhere.

use serde_json::{json, Value};

use crate::client::Dialect;

/// Text to send as a comment or rich-text field.
#[derive(Debug, Clone, PartialEq)]
pub enum TextBody {
    /// Plain text: paragraphs split on blank lines, line breaks kept. Becomes a minimal ADF
    /// document on Cloud and wiki text with markup characters escaped on Data Center.
    Plain(String),
    /// Already rendered for the dialect (an ADF document or a wiki string); sent as is.
    Rendered(Value),
}

impl TextBody {
    pub fn plain(text: impl Into<String>) -> Self {
        Self::Plain(text.into())
    }

    /// True when there is nothing to send (Jira rejects empty comment bodies).
    pub fn is_blank(&self) -> bool {
        match self {
            Self::Plain(text) => text.trim().is_empty(),
            Self::Rendered(Value::String(text)) => text.trim().is_empty(),
            Self::Rendered(Value::Null) => true,
            Self::Rendered(_) => false,
        }
    }

    /// The JSON value for `dialect`.
    pub fn to_json(&self, dialect: Dialect) -> Value {
        match (self, dialect) {
            (Self::Rendered(value), _) => value.clone(),
            (Self::Plain(text), Dialect::CloudV3) => plain_to_adf(text),
            (Self::Plain(text), Dialect::DataCenterV2) => Value::String(escape_wiki(text)),
        }
    }
}

/// A minimal ADF document: one paragraph per blank-line-separated block, `hardBreak` for
/// single line breaks, no empty text nodes.
pub fn plain_to_adf(text: &str) -> Value {
    let text = text.replace("\r\n", "\n");
    let paragraphs: Vec<Value> = text
        .split("\n\n")
        .filter(|block| !block.trim().is_empty())
        .map(|block| {
            let mut content = Vec::new();
            for (i, line) in block.trim_matches('\n').split('\n').enumerate() {
                if i > 0 {
                    content.push(json!({"type": "hardBreak"}));
                }
                if !line.is_empty() {
                    content.push(json!({"type": "text", "text": line}));
                }
            }
            json!({"type": "paragraph", "content": content})
        })
        .collect();
    json!({"type": "doc", "version": 1, "content": paragraphs})
}

/// Escapes wiki-markup characters so plain text shows as written on Data Center.
pub fn escape_wiki(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '*' | '_' | '-' | '+' | '^' | '~' | '{' | '}' | '[' | ']' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Plain text of a body in either dialect (ADF text nodes, paragraphs separated by a blank
/// line; a wiki string as is), for matching and previews.
pub fn body_text(body: &Value) -> String {
    fn walk(node: &Value, out: &mut String) {
        match node.get("type").and_then(Value::as_str) {
            Some("text") => out.push_str(node.get("text").and_then(Value::as_str).unwrap_or("")),
            Some("hardBreak") => out.push('\n'),
            _ => {}
        }
        let children = node.get("content").and_then(Value::as_array);
        for (i, child) in children.into_iter().flatten().enumerate() {
            let block = child.get("content").is_some()
                && node.get("type").and_then(Value::as_str) == Some("doc");
            if block && i > 0 {
                out.push_str("\n\n");
            }
            walk(child, out);
        }
    }
    match body {
        Value::String(text) => text.clone(),
        Value::Object(_) => {
            let mut out = String::new();
            walk(body, &mut out);
            out
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_becomes_paragraphs_with_breaks() {
        let doc = plain_to_adf("First line\nsecond line\n\n\nNext *para*");
        assert_eq!(
            doc,
            json!({"type": "doc", "version": 1, "content": [
                {"type": "paragraph", "content": [
                    {"type": "text", "text": "First line"}, {"type": "hardBreak"},
                    {"type": "text", "text": "second line"}]},
                {"type": "paragraph", "content": [{"type": "text", "text": "Next *para*"}]}
            ]})
        );
        assert_eq!(body_text(&doc), "First line\nsecond line\n\nNext *para*");
    }

    #[test]
    fn wiki_markup_is_escaped_for_data_center() {
        let body = TextBody::plain("use *args [link|x] {code}");
        assert_eq!(
            body.to_json(Dialect::DataCenterV2),
            json!("use \\*args \\[link\\|x\\] \\{code\\}")
        );
        assert!(TextBody::plain(" \n ").is_blank());
        assert!(!TextBody::Rendered(plain_to_adf("x")).is_blank());
    }
}
