//! Hostile finding text: markup injection, oversized text, control characters, odd Unicode.

mod common;

use common::*;
use serde_json::Value;
use vulnbridge_mapping::{
    build_create_payload, check_adf, limits::TEXT_BUDGET, wiki, CreatePayload, Dialect,
    FieldMapping, FieldSource, FindingAttribute, JiraValue, ValueRef,
};
use vulnbridge_model::Finding;

const WIKI_ATTACK: &str = "h1. Pwned\n{code}x{code} {noformat} [click|javascript:alert(1)] *bold* _it_ -strike- +ins+ ^sup^ ~sub~ |a|b| !image.png! {color:red}red{color} ??cite?? (y) :) a\\b \\\\ [~admin]\n# numbered\n* bullet\nbq. quote\n----\n  h2. indented";

fn mapping_for(dialect: Dialect, description: &str) -> FieldMapping {
    let mut m = FieldMapping::default();
    m.set("description", template(description));
    match dialect {
        Dialect::Cloud => m.set(
            "customfield_10100",
            FieldSource::Fixed(JiraValue::One {
                value: ValueRef::new("10200", "AppSec"),
            }),
        ),
        Dialect::DataCenter => m.set(
            "customfield_10200",
            FieldSource::Fixed(JiraValue::One {
                value: ValueRef::new("10400", "Retail"),
            }),
        ),
    }
    m
}

fn render(f: &Finding, dialect: Dialect, description: &str) -> CreatePayload {
    let fields = match dialect {
        Dialect::Cloud => cloud_fields(),
        Dialect::DataCenter => dc_fields(),
    };
    build_create_payload(
        f,
        &ctx(dialect),
        &mapping_for(dialect, description),
        &fields,
    )
    .expect("payload")
}

/// All text of an ADF document, concatenated, and every link href.
fn adf_text(v: &Value, text: &mut String, links: &mut Vec<String>, types: &mut Vec<String>) {
    if let Some(t) = v.get("type").and_then(Value::as_str) {
        types.push(t.to_string());
    }
    if let Some(t) = v.get("text").and_then(Value::as_str) {
        text.push_str(t);
    }
    if let Some(marks) = v.get("marks").and_then(Value::as_array) {
        for m in marks {
            if let Some(h) = m.pointer("/attrs/href").and_then(Value::as_str) {
                links.push(h.to_string());
            }
        }
    }
    if let Some(c) = v.get("content").and_then(Value::as_array) {
        for n in c {
            adf_text(n, text, links, types);
        }
    }
}

fn adf_parts(v: &Value) -> (String, Vec<String>, Vec<String>) {
    let (mut t, mut l, mut ty) = (String::new(), Vec::new(), Vec::new());
    adf_text(v, &mut t, &mut l, &mut ty);
    (t, l, ty)
}

#[test]
fn wiki_metacharacters_come_out_literal() {
    let expected = "h1\\. Pwned\n\\{code\\}x\\{code\\} \\{noformat\\} \\[click\\|javascript:alert\\(1)\\] \\*bold\\* \\_it\\_ \\-strike\\- \\+ins\\+ \\^sup\\^ \\~sub\\~ \\|a\\|b\\| \\!image.png\\! \\{color:red\\}red\\{color\\} \\?\\?cite\\?\\? \\(y) \\:) a&#92;b &#92;&#92; \\[\\~admin\\]\n\\# numbered\n\\* bullet\nbq\\. quote\n\\-\\-\\-\\-\n  h2\\. indented";
    assert_eq!(wiki::escape(WIKI_ATTACK, true), expected);
    assert_eq!(
        wiki::escape("CVE-2021-44228 in log4j-core", true),
        "CVE-2021-44228 in log4j-core"
    );
}

#[test]
fn wiki_injection_in_a_finding_stays_text_on_data_center() {
    let mut f = lodash();
    f.description = Some(WIKI_ATTACK.into());
    let p = render(&f, Dialect::DataCenter, "{{description}}");
    let d = p.fields["description"].as_str().expect("wiki string");
    // Paragraph split at the blank-line-free text: one paragraph, lines kept.
    assert!(d.starts_with("h1\\. Pwned\n\\{code\\}"), "{d}");
    assert!(!d.contains("[click|"), "{d}");
    assert!(
        !d.lines().any(|l| l.starts_with("h1. ")
            || l.starts_with("* ")
            || l.starts_with("# ")
            || l.trim_start().starts_with("h2. ")),
        "{d}"
    );
}

#[test]
fn evidence_that_closes_its_block_cannot_escape_it() {
    let mut f = lodash();
    f.evidence = Some("x {noformat} h1. out".into());
    let d = render(&f, Dialect::DataCenter, "{{evidence}}").fields["description"].clone();
    assert_eq!(d, "{code}\nx {noformat} h1. out\n{code}");
    f.evidence = Some("{code}\n{noformat}\nh1. out *b*".into());
    let d = render(&f, Dialect::DataCenter, "{{evidence}}").fields["description"].clone();
    assert_eq!(d, "\\{code\\}\n\\{noformat\\}\nh1\\. out \\*b\\*");
}

#[test]
fn html_and_adf_looking_json_are_plain_text_on_cloud() {
    let adf_json = r#"{"type":"doc","version":1,"content":[{"type":"mention","attrs":{"id":"557058:evil"}},{"type":"text","text":"x","marks":[{"type":"link","attrs":{"href":"javascript:alert(1)"}}]}]}"#;
    let mut f = lodash();
    f.title = "<script>alert('xss')</script><img src=x onerror=alert(1)>".into();
    f.description = Some(format!("{adf_json}\n\n<b>bold</b>"));
    let p = render(&f, Dialect::Cloud, "## {{title}}\n{{description}}");
    let d = &p.fields["description"];
    check_adf(d).expect("valid ADF");
    let (text, links, types) = adf_parts(d);
    assert!(text.contains(adf_json), "{text}");
    assert!(text.contains("<script>alert('xss')</script><img src=x onerror=alert(1)>"));
    assert!(text.contains("<b>bold</b>"));
    assert!(links.is_empty(), "{links:?}");
    assert!(!types.contains(&"mention".to_string()));
    assert_eq!(
        p.fields["summary"],
        "<script>alert('xss')</script><img src=x onerror=alert(1)>"
    );
    // DC: the same text, as escaped wiki.
    let p = render(&f, Dialect::DataCenter, "{{description}}");
    let d = p.fields["description"].as_str().expect("wiki");
    assert!(d.contains("<b>bold</b>"), "{d}");
    assert!(d.starts_with("\\{\"type\":\"doc\""), "{d}");
}

#[test]
fn javascript_links_never_become_links() {
    let mut f = lodash();
    f.references = vec![
        "javascript:alert(document.cookie)".into(),
        " JAVASCRIPT:alert(1)".into(),
        "data:text/html;base64,PHNjcmlwdD4=".into(),
        "https://ok.example/advisory".into(),
    ];
    f.request_url = Some("javascript:void(0)".into());
    let mut c = ctx(Dialect::Cloud);
    c.link_back = Some("javascript:alert(2)".into());
    let m = mapping_for(Dialect::Cloud, "{{references}}\n{{url}} {{link}}");
    let p = build_create_payload(&f, &c, &m, &cloud_fields()).expect("payload");
    check_adf(&p.fields["description"]).expect("valid ADF");
    let (text, links, _) = adf_parts(&p.fields["description"]);
    assert_eq!(links, ["https://ok.example/advisory"]);
    assert!(text.contains("javascript:alert(document.cookie)"));
    assert!(text.contains("javascript:alert(2)"));

    let mut c = ctx(Dialect::DataCenter);
    c.link_back = Some("javascript:alert(2)".into());
    let m = mapping_for(Dialect::DataCenter, "{{references}}\n{{url}} {{link}}");
    let p = build_create_payload(&f, &c, &m, &dc_fields()).expect("payload");
    let d = p.fields["description"].as_str().expect("wiki");
    assert_eq!(
        d,
        "* javascript:alert(document.cookie)\n*  JAVASCRIPT:alert\\(1)\n* data:text/html;base64,PHNjcmlwdD4=\n* [https://ok.example/advisory|https://ok.example/advisory]\n\njavascript:void\\(0) javascript:alert\\(2)"
    );
}

#[test]
fn control_characters_are_stripped_and_bidi_and_emoji_kept() {
    let mut f = lodash();
    f.title = "Secret\u{0} in \u{202e}gpj.exe\u{1b}[0m 🔥\u{7f}".into();
    f.description = Some("line1\r\nline2\u{8}\u{9b}31m \u{202e}txt 👩‍💻".into());
    for dialect in [Dialect::Cloud, Dialect::DataCenter] {
        let p = render(&f, dialect, "{{description}}");
        assert_eq!(p.fields["summary"], "Secret in \u{202e}gpj.exe[0m 🔥");
        let all = serde_json::to_string(&p.fields).expect("json");
        for bad in ['\u{0}', '\u{1b}', '\u{7f}', '\u{8}', '\u{9b}', '\r'] {
            assert!(!all.contains(bad), "{bad:?} in {dialect:?}");
        }
        assert!(
            !all.contains("\\u0000") && !all.contains("\\u001b"),
            "{all}"
        );
    }
    let p = render(&f, Dialect::Cloud, "{{description}}");
    let (text, _, types) = adf_parts(&p.fields["description"]);
    assert_eq!(text, "line1line231m \u{202e}txt 👩‍💻");
    assert!(types.contains(&"hardBreak".to_string()));
    let p = render(&f, Dialect::DataCenter, "{{description}}");
    assert_eq!(p.fields["description"], "line1\nline231m \u{202e}txt 👩‍💻");
}

#[test]
fn a_thousand_character_title_is_cut_to_the_summary_limit() {
    let mut f = lodash();
    f.title = format!("{}🔥{}", "A".repeat(253), "é".repeat(746));
    let mut m = mapping_for(Dialect::Cloud, "{{title}}");
    m.summary_prefix.enabled = true;
    let p = build_create_payload(&f, &ctx(Dialect::Cloud), &m, &cloud_fields()).expect("payload");
    let s = p.fields["summary"].as_str().expect("summary");
    assert_eq!(s.chars().count(), 255);
    assert!(s.starts_with("[Security] AAAA"));
    assert!(s.ends_with('…'));
    // The full title still reaches the description (a rich field is not cut at 255).
    let (text, _, _) = adf_parts(&p.fields["description"]);
    assert_eq!(text.chars().count(), 1000);
}

fn huge_finding() -> Finding {
    let mut f = lodash();
    let para = format!("{} *not bold* {{code}}\n\n", "x".repeat(990));
    f.description = Some(para.repeat(100));
    f.evidence = Some("E".repeat(5000));
    f
}

#[test]
fn a_hundred_thousand_character_description_is_cut_and_attached_on_cloud() {
    let f = huge_finding();
    let p = render(&f, Dialect::Cloud, "{{description}}\n{{evidence}}");
    let d = &p.fields["description"];
    check_adf(d).expect("valid ADF");
    let (text, _, _) = adf_parts(d);
    let json_chars = serde_json::to_string(d).expect("json").chars().count();
    assert!(json_chars <= TEXT_BUDGET, "{json_chars}");
    assert!(
        text.chars().count() > 25_000,
        "cut close to the budget: {}",
        text.chars().count()
    );
    let name = "vulnbridge-vb-9db5b679845d374e-description.txt";
    assert!(
        text.ends_with(&format!(
            "Text cut to fit Jira's 32,767-character limit. The full report is attached as {name}."
        )),
        "{}",
        &text[text.len() - 200..]
    );
    assert_eq!(p.attachments.len(), 1);
    assert_eq!(p.attachments[0].file_name, name);
    let full = &p.attachments[0].content;
    assert_eq!(full.matches("*not bold*").count(), 100);
    assert!(full.contains(&"E".repeat(5000)));
}

#[test]
fn a_hundred_thousand_character_description_is_cut_and_attached_on_data_center() {
    let f = huge_finding();
    let p = render(&f, Dialect::DataCenter, "{{description}}\n{{evidence}}");
    let d = p.fields["description"].as_str().expect("wiki");
    assert!(d.chars().count() <= TEXT_BUDGET, "{}", d.chars().count());
    assert!(d.chars().count() > TEXT_BUDGET - 1100);
    assert!(
        d.ends_with(
            "The full report is attached as vulnbridge-vb-9db5b679845d374e-description.txt."
        ),
        "{}",
        &d[d.len() - 200..]
    );
    assert!(!d.contains("{code}"), "escaping survives the cut");
    assert_eq!(p.attachments.len(), 1);
    assert_eq!(p.attachments[0].content.matches("{code}").count(), 100);
}

#[test]
fn long_single_line_text_is_cut_and_attached() {
    let mut f = lodash();
    f.description = Some("word ".repeat(200));
    let mut m = mapping_for(Dialect::Cloud, "{{title}}");
    m.set(
        "customfield_10104",
        FieldSource::Attribute(FindingAttribute::Description),
    );
    let p = build_create_payload(&f, &ctx(Dialect::Cloud), &m, &cloud_fields()).expect("payload");
    let s = p.fields["customfield_10104"].as_str().expect("text");
    assert_eq!(s.chars().count(), 255);
    assert!(s.ends_with('…'));
    assert_eq!(p.attachments.len(), 1);
    assert_eq!(
        p.attachments[0].file_name,
        "vulnbridge-vb-9db5b679845d374e-customfield_10104.txt"
    );
    assert_eq!(
        p.attachments[0].content.trim_end(),
        "word ".repeat(200).trim_end()
    );
}

#[test]
fn labels_from_hostile_text_have_no_spaces() {
    let mut f = lodash();
    f.cves = vec!["CVE-2020-8203".into(), "two words\tand\u{0}tab".into()];
    let mut m = mapping_for(Dialect::Cloud, "{{title}}");
    m.extra_labels = vec!["  team  appsec ".into(), "".into(), "vulnbridge".into()];
    m.set("labels", FieldSource::Attribute(FindingAttribute::Cves));
    let p = build_create_payload(&f, &ctx(Dialect::Cloud), &m, &cloud_fields()).expect("payload");
    assert_eq!(
        p.fields["labels"],
        serde_json::json!([
            "vb-9db5b679845d374e",
            "vulnbridge",
            "team-appsec",
            "CVE-2020-8203",
            "two-words-andtab"
        ])
    );
}

#[test]
fn many_line_start_markers_are_all_escaped() {
    let mut f = lodash();
    f.description = Some("h1. x\nbq. y\n".repeat(20_000));
    let p = render(&f, Dialect::DataCenter, "{{description}}");
    let d = p.fields["description"].as_str().expect("wiki");
    assert!(d.starts_with("h1\\. x\nbq\\. y\nh1\\. x\n"), "{}", &d[..40]);
    assert!(!d
        .lines()
        .any(|l| l.starts_with("h1. ") || l.starts_with("bq. ")));
    assert_eq!(p.attachments.len(), 1, "240k chars: cut and attached");
}
