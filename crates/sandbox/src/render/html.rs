//! HTML for `expand=renderedFields` / `renderedBody`: ADF (Cloud) or wiki markup (DC, a small
//! subset: paragraphs, line breaks, `*bold*`, `_italic_`, `{{monospace}}`, `h1.`–`h6.`).

use serde_json::Value;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Rendered HTML of a stored rich-text value (ADF object or wiki string).
pub(crate) fn render(value: &Value) -> String {
    match value {
        Value::String(s) => wiki(s),
        Value::Object(_) => {
            let mut out = String::new();
            adf_node(value, &mut out, 0);
            out
        }
        _ => String::new(),
    }
}

fn adf_children(v: &Value, out: &mut String, depth: usize) {
    if let Some(children) = v.get("content").and_then(Value::as_array) {
        for c in children {
            adf_node(c, out, depth + 1);
        }
    }
}

fn adf_node(v: &Value, out: &mut String, depth: usize) {
    if depth > 64 {
        return;
    }
    let tag = |t: &str, out: &mut String, v: &Value| {
        out.push_str(&format!("<{t}>"));
        adf_children(v, out, depth);
        out.push_str(&format!("</{t}>"));
    };
    match v.get("type").and_then(Value::as_str).unwrap_or("") {
        "doc" => adf_children(v, out, depth),
        "paragraph" => tag("p", out, v),
        "heading" => {
            let level = v["attrs"]["level"].as_u64().unwrap_or(1).clamp(1, 6);
            tag(&format!("h{level}"), out, v);
        }
        "bulletList" => tag("ul", out, v),
        "orderedList" => tag("ol", out, v),
        "listItem" => tag("li", out, v),
        "blockquote" => tag("blockquote", out, v),
        "codeBlock" => tag("pre", out, v),
        "rule" => out.push_str("<hr/>"),
        "hardBreak" => out.push_str("<br/>"),
        "text" => out.push_str(&marked_text(v)),
        "mention" => out.push_str(&escape(v["attrs"]["text"].as_str().unwrap_or("@user"))),
        "inlineCard" => {
            let url = escape(v["attrs"]["url"].as_str().unwrap_or(""));
            out.push_str(&format!("<a href=\"{url}\">{url}</a>"));
        }
        _ => adf_children(v, out, depth),
    }
}

fn marked_text(v: &Value) -> String {
    let mut html = escape(v.get("text").and_then(Value::as_str).unwrap_or(""));
    for m in v
        .get("marks")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        html = match m.get("type").and_then(Value::as_str).unwrap_or("") {
            "strong" => format!("<b>{html}</b>"),
            "em" => format!("<em>{html}</em>"),
            "code" => format!("<tt>{html}</tt>"),
            "strike" => format!("<del>{html}</del>"),
            "underline" => format!("<ins>{html}</ins>"),
            "link" => format!(
                "<a href=\"{}\">{html}</a>",
                escape(m["attrs"]["href"].as_str().unwrap_or(""))
            ),
            _ => html,
        };
    }
    html
}

fn inline_wiki(line: &str) -> String {
    let mut out = String::new();
    let mut rest = escape(line);
    for (open, close, tag) in [("{{", "}}", "tt"), ("*", "*", "b"), ("_", "_", "em")] {
        out.clear();
        while let Some(start) = rest.find(open) {
            let after = &rest[start + open.len()..];
            match after.find(close) {
                Some(end) if end > 0 => {
                    out.push_str(&rest[..start]);
                    out.push_str(&format!("<{tag}>{}</{tag}>", &after[..end]));
                    rest = after[end + close.len()..].to_owned();
                }
                _ => break,
            }
        }
        out.push_str(&rest);
        rest = out.clone();
    }
    rest
}

fn wiki(text: &str) -> String {
    let mut out = String::new();
    for block in text.split("\n\n").filter(|b| !b.trim().is_empty()) {
        let heading = (1..=6).find(|n| block.starts_with(&format!("h{n}. ")));
        match heading {
            Some(n) => out.push_str(&format!("<h{n}>{}</h{n}>", inline_wiki(&block[4..]))),
            None => {
                let lines: Vec<String> = block.lines().map(inline_wiki).collect();
                out.push_str(&format!("<p>{}</p>", lines.join("<br/>\n")));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn renders_adf_and_wiki() {
        let doc = json!({"type": "doc", "version": 1, "content": [
            {"type": "heading", "attrs": {"level": 2}, "content": [{"type": "text", "text": "Finding"}]},
            {"type": "paragraph", "content": [
                {"type": "text", "text": "<script>", "marks": [{"type": "code"}]},
                {"type": "text", "text": " see "},
                {"type": "text", "text": "docs", "marks": [{"type": "link", "attrs": {"href": "https://x.test"}}]}
            ]}
        ]});
        assert_eq!(
            render(&doc),
            "<h2>Finding</h2><p><tt>&lt;script&gt;</tt> see <a href=\"https://x.test\">docs</a></p>"
        );
        assert_eq!(
            render(&json!("h2. Title\n\n*bold* and {{mono}}\nnext")),
            "<h2>Title</h2><p><b>bold</b> and <tt>mono</tt><br/>\nnext</p>"
        );
        assert_eq!(render(&json!("a * b _ c {{")), "<p>a * b _ c {{</p>");
    }
}
