//! Making untrusted scanner text safe to use as a title.
//!
//! Scanner output is attacker-influenced (a finding title can echo a request parameter or a
//! commit message). We keep such text as data, never interpret it, and only clean titles:
//!
//! - NUL, every other C0 control character except `\n` and `\t`, and DEL (U+007F) are removed;
//! - leading and trailing whitespace is trimmed;
//! - the title is cut to [`MAX_TITLE_CHARS`] characters (on a char boundary) with a trailing `…`.
//!
//! HTML, script tags, bidi overrides (U+202E…) and other Unicode are kept verbatim: escaping is
//! the job of the renderer (Jira ADF/wiki, the UI), which knows its context. Descriptions and
//! evidence are never cut; when a title is cut the importer keeps the full text in the
//! description (see [`clean_title`]).

/// Longest title we keep, in characters. Jira summaries allow 255; this leaves room for a
/// routing-rule title prefix.
pub const MAX_TITLE_CHARS: usize = 200;

/// Result of cleaning a title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanTitle {
    /// The safe, possibly shortened title.
    pub title: String,
    /// `true` when the title had to be shortened (so the full text should be kept elsewhere).
    pub truncated: bool,
}

/// Removes control characters (see the module doc) and caps the length.
pub fn clean_title(raw: &str) -> CleanTitle {
    let stripped = strip_controls(raw);
    let trimmed = stripped.trim();
    let count = trimmed.chars().count();
    if count <= MAX_TITLE_CHARS {
        return CleanTitle {
            title: trimmed.to_string(),
            truncated: false,
        };
    }
    let mut title: String = trimmed.chars().take(MAX_TITLE_CHARS - 1).collect();
    title.truncate(title.trim_end().len());
    title.push('…');
    CleanTitle {
        title,
        truncated: true,
    }
}

/// Removes NUL, C0 controls other than `\n` and `\t`, and DEL.
pub fn strip_controls(raw: &str) -> String {
    raw.chars()
        .filter(|&c| c == '\n' || c == '\t' || !(c < ' ' || c == '\u{7f}'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_stripped_but_markup_and_bidi_are_kept() {
        let t = clean_title("\u{0}<script>alert(1)</script>\u{1b}[31m\u{202e}txt.exe\tx\ny\u{7f}");
        assert_eq!(
            t.title,
            "<script>alert(1)</script>[31m\u{202e}txt.exe\tx\ny"
        );
        assert!(!t.truncated);
    }

    #[test]
    fn long_titles_are_cut_on_a_char_boundary() {
        let raw = "é".repeat(5000);
        let t = clean_title(&raw);
        assert!(t.truncated);
        assert_eq!(t.title.chars().count(), MAX_TITLE_CHARS);
        assert!(t.title.ends_with('…'));
    }
}
