//! The small HTML pages the browser shows after the OAuth redirect lands on our listener.
//! Only our own text goes in, plus provider text that is always HTML-escaped.

/// Success or failure look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Success,
    Failure,
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A complete page. `title` and `lines` are plain text and get escaped here.
pub fn render(tone: Tone, title: &str, lines: &[&str]) -> String {
    let (accent, mark) = match tone {
        Tone::Success => ("#1f845a", "&#10003;"),
        Tone::Failure => ("#c9372c", "&#10007;"),
    };
    let paragraphs: String = lines
        .iter()
        .map(|line| format!("<p>{}</p>", escape_html(line)))
        .collect();
    let title = escape_html(title);
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>Vulnbridge - {title}</title><style>\
body{{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;\
background:#f4f5f7;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#172b4d}}\
main{{background:#fff;max-width:30rem;padding:2.5rem;border-radius:12px;\
box-shadow:0 4px 16px rgba(9,30,66,.15);border-top:6px solid {accent};text-align:center}}\
.mark{{font-size:3rem;color:{accent};line-height:1}}h1{{font-size:1.4rem;margin:.75rem 0}}\
p{{line-height:1.5;margin:.5rem 0;color:#44546f}}.brand{{font-weight:600;color:#172b4d}}\
</style></head><body><main><div class=\"mark\">{mark}</div>\
<p class=\"brand\">Vulnbridge</p><h1>{title}</h1>{paragraphs}</main></body></html>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_text_is_escaped() {
        let page = render(
            Tone::Failure,
            "Sign-in failed",
            &["<script>alert('x')</script> & more"],
        );
        assert!(!page.contains("<script>"));
        assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"));
        assert!(page.contains("#c9372c"));
    }
}
