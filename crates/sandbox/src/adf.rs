//! Atlassian Document Format: structural validation (what Cloud v3 rejects) and plain text.

use serde_json::Value;

const BLOCKS: &[&str] = &[
    "paragraph",
    "heading",
    "bulletList",
    "orderedList",
    "listItem",
    "codeBlock",
    "blockquote",
    "rule",
    "panel",
    "table",
    "tableRow",
    "tableHeader",
    "tableCell",
    "mediaGroup",
    "mediaSingle",
    "media",
    "expand",
];
const INLINES: &[&str] = &[
    "text",
    "hardBreak",
    "mention",
    "inlineCard",
    "emoji",
    "date",
    "status",
];
const MARKS: &[&str] = &[
    "strong",
    "em",
    "underline",
    "strike",
    "code",
    "subsup",
    "textColor",
    "link",
];

/// Checks that `value` is an ADF document Jira would accept. The error names the problem.
pub(crate) fn validate(value: &Value) -> Result<(), String> {
    let obj = value
        .as_object()
        .ok_or_else(|| "document is not an object".to_owned())?;
    if obj.get("type").and_then(Value::as_str) != Some("doc") {
        return Err("root node type must be 'doc'".to_owned());
    }
    if obj.get("version").and_then(Value::as_u64) != Some(1) {
        return Err("document version must be 1".to_owned());
    }
    let content = obj
        .get("content")
        .and_then(Value::as_array)
        .ok_or_else(|| "document content must be an array".to_owned())?;
    content.iter().try_for_each(|n| node(n, 1))
}

fn node(value: &Value, depth: usize) -> Result<(), String> {
    if depth > 64 {
        return Err("document nests too deeply".to_owned());
    }
    let obj = value
        .as_object()
        .ok_or_else(|| "node is not an object".to_owned())?;
    let ty = obj
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| "node has no type".to_owned())?;
    if !BLOCKS.contains(&ty) && !INLINES.contains(&ty) {
        return Err(format!("unknown node type '{ty}'"));
    }
    match ty {
        "text" => {
            let text = obj.get("text").and_then(Value::as_str).unwrap_or("");
            if text.is_empty() {
                return Err("text nodes must have non-empty text".to_owned());
            }
            if let Some(marks) = obj.get("marks") {
                check_marks(marks)?;
            }
        }
        "heading" => {
            let level = obj
                .get("attrs")
                .and_then(|a| a.get("level"))
                .and_then(Value::as_u64);
            if !matches!(level, Some(1..=6)) {
                return Err("heading needs attrs.level 1-6".to_owned());
            }
        }
        "mention" if obj.get("attrs").and_then(|a| a.get("id")).is_none() => {
            return Err("mention needs attrs.id".to_owned());
        }
        _ => {}
    }
    if let Some(content) = obj.get("content") {
        let children = content
            .as_array()
            .ok_or_else(|| format!("content of '{ty}' must be an array"))?;
        if INLINES.contains(&ty) {
            return Err(format!("inline node '{ty}' cannot have content"));
        }
        for child in children {
            node(child, depth + 1)?;
        }
    }
    Ok(())
}

fn check_marks(marks: &Value) -> Result<(), String> {
    let list = marks
        .as_array()
        .ok_or_else(|| "marks must be an array".to_owned())?;
    let mut seen = Vec::new();
    for m in list {
        let ty = m
            .get("type")
            .and_then(Value::as_str)
            .ok_or_else(|| "mark has no type".to_owned())?;
        if !MARKS.contains(&ty) {
            return Err(format!("unknown mark '{ty}'"));
        }
        if seen.contains(&ty) {
            return Err(format!("duplicate mark '{ty}'"));
        }
        if ty == "link" && m.get("attrs").and_then(|a| a.get("href")).is_none() {
            return Err("link mark needs attrs.href".to_owned());
        }
        seen.push(ty);
    }
    Ok(())
}

/// The document's text, blocks separated by newlines.
pub(crate) fn plain_text(value: &Value) -> String {
    let mut out = String::new();
    collect(value, &mut out);
    out.trim_end().to_owned()
}

fn collect(value: &Value, out: &mut String) {
    match value.get("type").and_then(Value::as_str) {
        Some("text") => out.push_str(value.get("text").and_then(Value::as_str).unwrap_or("")),
        Some("hardBreak") => out.push('\n'),
        _ => {}
    }
    if let Some(children) = value.get("content").and_then(Value::as_array) {
        for c in children {
            collect(c, out);
        }
        if matches!(
            value.get("type").and_then(Value::as_str),
            Some("paragraph" | "heading" | "codeBlock" | "listItem")
        ) {
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accepts_simple_docs_and_rejects_broken_ones() {
        let doc = json!({"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"hello"}]}]});
        assert!(validate(&doc).is_ok());
        assert_eq!(plain_text(&doc), "hello");
        assert!(validate(&json!("plain")).is_err());
        assert!(validate(&json!({"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":""}]}]})).is_err());
        assert!(validate(&json!({"type":"doc","version":1,"content":[{"type":"blink"}]})).is_err());
        assert!(validate(&json!({"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"strong"},{"type":"strong"}]}]}]})).is_err());
    }
}
