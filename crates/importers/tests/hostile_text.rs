//! Hostile text is kept as data; titles are cleaned and capped (see vulnbridge_model::text).

use vulnbridge_importers::parse;
use vulnbridge_model::text::MAX_TITLE_CHARS;

fn sarif_with_title(title: &str, message: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "evil", "rules": [{"id": "r1", "shortDescription": {"text": title}}]}},
            "results": [{"ruleId": "r1", "message": {"text": message},
                          "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.js"}, "region": {"startLine": 1}}}]}]
        }]
    }))
    .expect("json")
}

#[test]
fn control_characters_are_stripped_from_titles_but_markup_and_bidi_stay() {
    let title = "\u{0}Re\u{1b}[2Jflected \u{202e}gpj.exe <script>alert('x')</script>\u{7}";
    let scan = parse(&sarif_with_title(title, "msg")).expect("parse");
    let f = &scan.findings[0];
    assert_eq!(
        f.title,
        "Re[2Jflected \u{202e}gpj.exe <script>alert('x')</script>"
    );
    assert_eq!(f.description.as_deref(), Some("msg"));
}

#[test]
fn huge_titles_are_capped_and_kept_whole_in_the_description() {
    let title = format!("SQL injection {}", "A".repeat(100_000));
    let message = "m".repeat(1_000_000);
    let scan = parse(&sarif_with_title(&title, &message)).expect("parse");
    let f = &scan.findings[0];
    assert_eq!(f.title.chars().count(), MAX_TITLE_CHARS);
    assert!(f.title.starts_with("SQL injection AAA"));
    let description = f.description.as_deref().expect("description");
    assert!(description.starts_with(&title), "full title kept");
    assert!(description.ends_with(&message), "message kept intact");
}
