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
        if is_wiki_markup(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Characters [`escape_wiki`] escapes.
fn is_wiki_markup(c: char) -> bool {
    matches!(
        c,
        '*' | '_' | '-' | '+' | '^' | '~' | '{' | '}' | '[' | ']' | '|' | '!'
    )
}

/// Plain text of a body in either dialect, for matching and previews: ADF text nodes with a
/// line break between blocks (a blank line between top-level blocks); a wiki string with
/// backslash escapes of markup characters removed.
pub fn body_text(body: &Value) -> String {
    fn walk(node: &Value, depth: usize, out: &mut String) {
        match node.get("type").and_then(Value::as_str) {
            Some("text") => {
                out.push_str(node.get("text").and_then(Value::as_str).unwrap_or(""));
                return;
            }
            Some("hardBreak") => {
                out.push('\n');
                return;
            }
            _ => {}
        }
        let children = node.get("content").and_then(Value::as_array);
        for child in children.into_iter().flatten() {
            let block = child.get("content").is_some();
            if block && !out.is_empty() && !out.ends_with('\n') {
                out.push_str(if depth == 0 { "\n\n" } else { "\n" });
            }
            walk(child, depth + 1, out);
        }
    }
    match body {
        Value::String(text) => {
            let mut out = String::with_capacity(text.len());
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '\\' && chars.peek().is_some_and(|n| is_wiki_markup(*n)) {
                    continue;
                }
                out.push(c);
            }
            out
        }
        Value::Object(_) => {
            let mut out = String::new();
            walk(body, 0, &mut out);
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
        let list = json!({"type": "doc", "version": 1, "content": [
            {"type": "bulletList", "content": [
                {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "a"}]}]},
                {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "b"}]}]}]},
            {"type": "paragraph", "content": [{"type": "text", "text": "after"}]}]});
        assert_eq!(body_text(&list), "a\nb\n\nafter");
    }

    #[test]
    fn wiki_markup_is_escaped_for_data_center() {
        let body = TextBody::plain("use *args [link|x] {code}");
        assert_eq!(
            body.to_json(Dialect::DataCenterV2),
            json!("use \\*args \\[link\\|x\\] \\{code\\}")
        );
        assert_eq!(
            body_text(&body.to_json(Dialect::DataCenterV2)),
            "use *args [link|x] {code}",
            "escapes are dropped when read back"
        );
        assert!(TextBody::plain(" \n ").is_blank());
        assert!(!TextBody::Rendered(plain_to_adf("x")).is_blank());
    }
}
