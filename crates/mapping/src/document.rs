//! Structured rich text, independent of Jira's two formats.
//!
//! Templates render into a [`Document`]; [`crate::adf`] turns it into an Atlassian Document
//! (Cloud) and [`crate::wiki`] into wiki markup (Data Center). Finding text only ever lands in
//! [`Inline::Text`], [`Inline::Link`] text and [`Block::Code`]: it is data, never markup.

/// A rich text document: a list of blocks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Level 1–6.
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    /// Each item is one line of inline content.
    BulletList(Vec<Vec<Inline>>),
    /// Verbatim text (evidence, snippets).
    Code(String),
    /// A horizontal rule.
    Rule,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text {
        text: String,
        strong: bool,
    },
    /// A link; `href` is always an http(s) URL (see [`safe_href`]).
    Link {
        text: String,
        href: String,
    },
    /// A line break inside a paragraph.
    Break,
}

impl Inline {
    pub fn text(text: impl Into<String>) -> Inline {
        Inline::Text {
            text: text.into(),
            strong: false,
        }
    }

    /// A link when `url` is a safe http(s) URL, else the URL as plain text.
    pub fn link_or_text(label: &str, url: &str) -> Inline {
        match safe_href(url) {
            Some(href) => Inline::Link {
                text: if label.is_empty() {
                    href.clone()
                } else {
                    label.to_string()
                },
                href,
            },
            None => Inline::text(if label.is_empty() { url } else { label }),
        }
    }
}

/// `url` trimmed, when it is an `http://` or `https://` URL with a host and no whitespace or
/// control characters. Anything else (`javascript:`, `data:`, `file:`, relative paths) is not
/// a link.
pub fn safe_href(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return None;
    };
    let host_ok = rest
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '[');
    if !host_ok || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    Some(url.to_string())
}

/// Removes characters that must never reach Jira: C0 controls other than `\n` and `\t`, DEL
/// and C1 controls. `\r\n` and lone `\r` become `\n`. Bidi overrides (U+202E, …), emoji and
/// every other character are kept as they are.
pub fn clean_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

impl Document {
    /// Plain text for people (the attachment holding a full report): Markdown-like headings
    /// and bullets, code fenced, links as `text <url>`.
    pub fn to_plain_text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            match block {
                Block::Heading { level, content } => {
                    out.push_str(&"#".repeat(usize::from(*level)));
                    out.push(' ');
                    out.push_str(&inline_plain(content));
                }
                Block::Paragraph(content) => out.push_str(&inline_plain(content)),
                Block::BulletList(items) => {
                    let lines: Vec<String> = items
                        .iter()
                        .map(|i| format!("- {}", inline_plain(i)))
                        .collect();
                    out.push_str(&lines.join("\n"));
                }
                Block::Code(text) => {
                    out.push_str("```\n");
                    out.push_str(text);
                    out.push_str("\n```");
                }
                Block::Rule => out.push_str("----"),
            }
        }
        out.push('\n');
        out
    }

    /// Characters of visible text (what Jira counts, approximately, for ADF fields).
    pub fn text_chars(&self) -> usize {
        self.blocks.iter().map(Block::text_chars).sum()
    }
}

impl Block {
    pub fn text_chars(&self) -> usize {
        match self {
            Block::Heading { content, .. } | Block::Paragraph(content) => inline_chars(content),
            Block::BulletList(items) => items.iter().map(|i| inline_chars(i)).sum(),
            Block::Code(t) => t.chars().count(),
            Block::Rule => 0,
        }
    }
}

fn inline_chars(content: &[Inline]) -> usize {
    content
        .iter()
        .map(|i| match i {
            Inline::Text { text, .. } | Inline::Link { text, .. } => text.chars().count(),
            Inline::Break => 1,
        })
        .sum()
}

/// Inline content as one plain string (breaks become newlines).
pub fn inline_plain(content: &[Inline]) -> String {
    let mut s = String::new();
    for i in content {
        match i {
            Inline::Text { text, .. } => s.push_str(text),
            Inline::Link { text, href } if text == href => s.push_str(href),
            Inline::Link { text, href } => {
                s.push_str(text);
                s.push_str(" <");
                s.push_str(href);
                s.push('>');
            }
            Inline::Break => s.push('\n'),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_urls_are_links() {
        assert_eq!(
            safe_href(" https://nvd.nist.gov/vuln/detail/CVE-2021-44228 ").as_deref(),
            Some("https://nvd.nist.gov/vuln/detail/CVE-2021-44228")
        );
        assert!(safe_href("HTTP://Example.test/a").is_some());
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>",
            "file:///etc/passwd",
            "//evil.test/x",
            "https://",
            "https:// spaced.test",
            "https://a.test/\u{0}x",
            "/relative/path",
            "ftp://files.test/",
        ] {
            assert_eq!(safe_href(bad), None, "{bad}");
        }
    }

    #[test]
    fn controls_go_but_bidi_and_emoji_stay() {
        assert_eq!(
            clean_text("a\u{0}b\u{1b}[31m\r\nc\rd\u{7f}\u{85}\u{202e}gnp.exe 🔥\t"),
            "ab[31m\nc\nd\u{202e}gnp.exe 🔥\t"
        );
    }
}
