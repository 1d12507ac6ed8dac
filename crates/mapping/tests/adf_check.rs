//! The ADF checker rejects what Jira Cloud rejects (so the property tests can fail).

use serde_json::json;
use vulnbridge_mapping::check_adf;

fn doc(content: serde_json::Value) -> serde_json::Value {
    json!({ "type": "doc", "version": 1, "content": content })
}

#[test]
fn well_formed_documents_pass() {
    let ok = doc(json!([
        { "type": "heading", "attrs": { "level": 3 }, "content": [{ "type": "text", "text": "H" }] },
        { "type": "paragraph", "content": [
            { "type": "text", "text": "a", "marks": [{ "type": "strong" }] },
            { "type": "hardBreak" },
            { "type": "text", "text": "l", "marks": [{ "type": "link", "attrs": { "href": "https://x.test" } }] }
        ]},
        { "type": "paragraph" },
        { "type": "bulletList", "content": [{ "type": "listItem", "content": [{ "type": "paragraph", "content": [{ "type": "text", "text": "i" }] }] }] },
        { "type": "codeBlock", "content": [{ "type": "text", "text": "x\ny" }] },
        { "type": "codeBlock" },
        { "type": "rule" }
    ]));
    assert_eq!(check_adf(&ok), Ok(()));
}

#[test]
fn malformed_documents_fail_with_a_reason() {
    let cases = [
        (
            json!({ "type": "doc", "version": 2, "content": [] }),
            "version",
        ),
        (json!({ "type": "paragraph", "version": 1 }), "root type"),
        (doc(json!([{ "type": "script" }])), "not a block"),
        (
            doc(json!([{ "type": "paragraph", "content": [{ "type": "text", "text": "" }] }])),
            "non-empty",
        ),
        (
            doc(json!([{ "type": "paragraph", "content": [{ "type": "paragraph" }] }])),
            "not an inline",
        ),
        (
            doc(json!([{ "type": "heading", "attrs": { "level": 7 }, "content": [] }])),
            "level",
        ),
        (
            doc(json!([{ "type": "bulletList", "content": [] }])),
            "at least one item",
        ),
        (
            doc(json!([{ "type": "bulletList", "content": [{ "type": "paragraph" }] }])),
            "listItem",
        ),
        (
            doc(
                json!([{ "type": "bulletList", "content": [{ "type": "listItem", "content": [{ "type": "bulletList" }] }] }]),
            ),
            "must start",
        ),
        (
            doc(
                json!([{ "type": "codeBlock", "content": [{ "type": "text", "text": "x", "marks": [{ "type": "strong" }] }] }]),
            ),
            "unmarked",
        ),
        (
            doc(
                json!([{ "type": "paragraph", "content": [{ "type": "text", "text": "x", "marks": [{ "type": "link", "attrs": { "href": "javascript:alert(1)" } }] }] }]),
            ),
            "not http",
        ),
        (
            doc(
                json!([{ "type": "paragraph", "content": [{ "type": "text", "text": "x", "marks": [{ "type": "strong" }, { "type": "strong" }] }] }]),
            ),
            "repeated",
        ),
        (
            doc(
                json!([{ "type": "paragraph", "content": [{ "type": "text", "text": "x", "marks": [{ "type": "code" }, { "type": "em" }] }] }]),
            ),
            "code mark",
        ),
        (
            doc(json!([{ "type": "rule", "content": [{ "type": "text", "text": "x" }] }])),
            "no content",
        ),
    ];
    for (bad, says) in cases {
        let err = check_adf(&bad).expect_err("invalid");
        assert!(err.contains(says), "{bad}: {err}");
    }
}
