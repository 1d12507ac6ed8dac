//! A structural check of ADF documents, for the node and mark types Vulnbridge emits.
//!
//! Checks what Jira Cloud rejects: the root must be `{"type":"doc","version":1,"content":[…]}`,
//! node types must be known and placed where ADF allows them, text nodes must be non-empty
//! strings, marks must be known and not repeated, `code` marks stand alone, and `link` marks
//! need an http(s) `href`.

use serde_json::Value;

use crate::document::safe_href;

const BLOCKS: &[&str] = &[
    "paragraph",
    "heading",
    "bulletList",
    "orderedList",
    "codeBlock",
    "blockquote",
    "rule",
    "panel",
];
const INLINES: &[&str] = &[
    "text",
    "hardBreak",
    "mention",
    "emoji",
    "inlineCard",
    "date",
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

/// `Ok` when `doc` is a valid ADF document; otherwise where and what is wrong.
pub fn check_adf(doc: &Value) -> Result<(), String> {
    if doc.get("type").and_then(Value::as_str) != Some("doc") {
        return Err("root type is not \"doc\"".into());
    }
    if doc.get("version").and_then(Value::as_u64) != Some(1) {
        return Err("root version is not 1".into());
    }
    let content = children(doc, "doc")?;
    for node in content {
        check_block(node, "doc")?;
    }
    Ok(())
}

fn children<'a>(node: &'a Value, path: &str) -> Result<&'a [Value], String> {
    match node.get("content") {
        None => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(format!("{path}: content is not an array")),
    }
}

fn kind<'a>(node: &'a Value, path: &str) -> Result<&'a str, String> {
    node.get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{path}: node without a type"))
}

fn check_block(node: &Value, parent: &str) -> Result<(), String> {
    let t = kind(node, parent)?;
    let path = format!("{parent}/{t}");
    if !BLOCKS.contains(&t) {
        return Err(format!("{path}: not a block node"));
    }
    let content = children(node, &path)?;
    match t {
        "paragraph" => content
            .iter()
            .try_for_each(|n| check_inline(n, &path, true)),
        "heading" => {
            let level = node.pointer("/attrs/level").and_then(Value::as_u64);
            if !matches!(level, Some(1..=6)) {
                return Err(format!("{path}: level must be 1 to 6"));
            }
            content
                .iter()
                .try_for_each(|n| check_inline(n, &path, true))
        }
        "codeBlock" => content.iter().try_for_each(|n| {
            if kind(n, &path)? != "text" || n.get("marks").is_some() {
                return Err(format!("{path}: only unmarked text is allowed"));
            }
            check_inline(n, &path, false)
        }),
        "bulletList" | "orderedList" => {
            if content.is_empty() {
                return Err(format!("{path}: a list needs at least one item"));
            }
            content
                .iter()
                .try_for_each(|item| check_list_item(item, &path))
        }
        "rule" => {
            if content.is_empty() {
                Ok(())
            } else {
                Err(format!("{path}: a rule has no content"))
            }
        }
        _ => content.iter().try_for_each(|n| check_block(n, &path)),
    }
}

fn check_list_item(item: &Value, parent: &str) -> Result<(), String> {
    let t = kind(item, parent)?;
    let path = format!("{parent}/{t}");
    if t != "listItem" {
        return Err(format!("{path}: lists hold listItem nodes only"));
    }
    let content = children(item, &path)?;
    match content.first().map(|n| kind(n, &path)).transpose()? {
        Some("paragraph" | "codeBlock") => {}
        _ => return Err(format!("{path}: must start with a paragraph or code block")),
    }
    content.iter().try_for_each(|n| check_block(n, &path))
}

fn check_inline(node: &Value, parent: &str, marks_ok: bool) -> Result<(), String> {
    let t = kind(node, parent)?;
    let path = format!("{parent}/{t}");
    if !INLINES.contains(&t) {
        return Err(format!("{path}: not an inline node"));
    }
    if t != "text" {
        return Ok(());
    }
    match node.get("text").and_then(Value::as_str) {
        Some(s) if !s.is_empty() => {}
        _ => return Err(format!("{path}: text must be a non-empty string")),
    }
    let Some(marks) = node.get("marks") else {
        return Ok(());
    };
    let marks = marks
        .as_array()
        .ok_or_else(|| format!("{path}: marks is not an array"))?;
    if !marks_ok && !marks.is_empty() {
        return Err(format!("{path}: marks are not allowed here"));
    }
    let mut seen: Vec<&str> = Vec::new();
    for m in marks {
        let mt = kind(m, &path)?;
        if !MARKS.contains(&mt) || seen.contains(&mt) {
            return Err(format!("{path}: mark {mt} unknown or repeated"));
        }
        if mt == "link" {
            let href = m
                .pointer("/attrs/href")
                .and_then(Value::as_str)
                .unwrap_or("");
            if safe_href(href).is_none() {
                return Err(format!("{path}: link href {href:?} is not http(s)"));
            }
        }
        seen.push(mt);
    }
    if seen.contains(&"code") && seen.iter().any(|m| !matches!(*m, "code" | "link")) {
        return Err(format!("{path}: code mark combined with formatting"));
    }
    Ok(())
}
