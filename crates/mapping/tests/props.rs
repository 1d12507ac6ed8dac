//! Properties: rendering never panics and always yields valid ADF / limited, escaped output.

mod common;

use common::*;
use proptest::prelude::*;
use serde_json::Value;
use vulnbridge_mapping::{
    build_create_payload, check_adf, default_mapping, limits::TEXT_BUDGET, wiki, Dialect,
    FieldSource, FindingAttribute, JiraValue, ValueRef,
};

/// Text that leans on what breaks renderers: markup characters, line starts, controls, bidi,
/// emoji, URLs with odd schemes; sometimes very long.
fn nasty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<String>(),
        "[a-z *_{}\\[\\]|!#+^~?():;\\\\.\n\r\t -]{0,40}",
        Just("h1. ".to_string()),
        Just("{noformat}".to_string()),
        Just("{code}".to_string()),
        Just("javascript:alert(1)".to_string()),
        Just("https://ok.example/x|y]".to_string()),
        Just("\u{202e}\u{0}\u{1b}[31m🔥👩‍💻".to_string()),
        Just("{\"type\":\"doc\",\"version\":1}".to_string()),
    ];
    prop_oneof![
        8 => prop::collection::vec(piece.clone(), 0..8).prop_map(|v| v.concat()),
        1 => (piece, 1..4000usize).prop_map(|(p, n)| p.repeat(n)),
    ]
}

const TEMPLATE: &str = "## {{title}}\n{{description}}\n- {{references}}\n{{evidence}}\n**Where:** {{location}} {{url}}\n{{remediation}}";

fn payload_for(
    dialect: Dialect,
    title: &str,
    text: &str,
    refs: Vec<String>,
) -> vulnbridge_mapping::CreatePayload {
    let fields = match dialect {
        Dialect::Cloud => cloud_fields(),
        Dialect::DataCenter => dc_fields(),
    };
    let mut m = default_mapping(&fields);
    m.summary_prefix.enabled = true;
    m.set("description", template(TEMPLATE));
    m.set("labels", FieldSource::Attribute(FindingAttribute::Title));
    match dialect {
        Dialect::Cloud => {
            m.set(
                "customfield_10100",
                FieldSource::Fixed(JiraValue::One {
                    value: ValueRef::new("10200", "AppSec"),
                }),
            );
            m.set(
                "customfield_10105",
                FieldSource::Attribute(FindingAttribute::Evidence),
            );
            m.set(
                "customfield_10104",
                FieldSource::Attribute(FindingAttribute::Remediation),
            );
        }
        Dialect::DataCenter => {
            m.set(
                "customfield_10200",
                FieldSource::Fixed(JiraValue::One {
                    value: ValueRef::new("10400", "Retail"),
                }),
            );
            m.set(
                "customfield_10205",
                FieldSource::Attribute(FindingAttribute::Evidence),
            );
            m.set(
                "customfield_10204",
                FieldSource::Attribute(FindingAttribute::Remediation),
            );
        }
    }
    let mut f = lodash();
    f.title = title.to_string();
    f.description = Some(text.to_string());
    f.evidence = Some(text.chars().rev().collect());
    f.remediation = Some(text.to_string());
    f.request_url = refs.first().cloned();
    f.references = refs;
    build_create_payload(&f, &ctx(dialect), &m, &fields).expect("a valid mapping always builds")
}

fn no_controls(v: &Value) -> bool {
    let s = serde_json::to_string(v).expect("json");
    let parsed: Value = serde_json::from_str(&s).expect("json");
    fn walk(v: &Value) -> bool {
        match v {
            Value::String(s) => !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
            Value::Array(a) => a.iter().all(walk),
            Value::Object(o) => o.values().all(walk),
            _ => true,
        }
    }
    walk(&parsed)
}

fn check_common(fields: &Value) -> Result<(), TestCaseError> {
    let summary = fields["summary"].as_str().expect("summary string");
    prop_assert!(!summary.trim().is_empty());
    prop_assert!(summary.chars().count() <= 255);
    prop_assert!(!summary.contains('\n'));
    prop_assert!(no_controls(fields));
    for label in fields["labels"].as_array().expect("labels") {
        let label = label.as_str().expect("label string");
        prop_assert!(
            !label.is_empty() && !label.chars().any(char::is_whitespace),
            "{label:?}"
        );
    }
    prop_assert_eq!(
        &fields["labels"][0],
        &Value::String("vb-9db5b679845d374e".into())
    );
    if let Some(t) = fields["customfield_10104"]
        .as_str()
        .or(fields["customfield_10204"].as_str())
    {
        prop_assert!(t.chars().count() <= 255 && !t.contains('\n'));
    }
    Ok(())
}

/// 96 cases by default; `PROPTEST_CASES` asks for more.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(96)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn cloud_rendering_is_always_valid_limited_adf(
        title in nasty(), text in nasty(), refs in prop::collection::vec(nasty(), 0..4)
    ) {
        let p = payload_for(Dialect::Cloud, &title, &text, refs);
        check_common(&p.fields)?;
        for id in ["description", "customfield_10105"] {
            if let Some(doc) = p.fields.get(id) {
                prop_assert!(check_adf(doc).is_ok(), "{id}: {:?}", check_adf(doc));
                let chars = serde_json::to_string(doc).expect("json").chars().count();
                prop_assert!(chars <= TEXT_BUDGET, "{id}: {chars}");
            }
        }
        for a in &p.attachments {
            prop_assert!(a.file_name.starts_with("vulnbridge-vb-9db5b679845d374e-"));
        }
    }

    #[test]
    fn data_center_rendering_is_always_limited_wiki(
        title in nasty(), text in nasty(), refs in prop::collection::vec(nasty(), 0..4)
    ) {
        let p = payload_for(Dialect::DataCenter, &title, &text, refs);
        check_common(&p.fields)?;
        for id in ["description", "customfield_10205"] {
            if let Some(doc) = p.fields.get(id) {
                let s = doc.as_str().expect("wiki is a string");
                prop_assert!(s.chars().count() <= TEXT_BUDGET, "{id}: {}", s.chars().count());
            }
        }
    }

    #[test]
    fn wiki_escaping_loses_nothing_and_leaves_no_live_markup(text in "[^&]{0,300}") {
        let escaped = wiki::escape(&text, true);
        // Undo: `&#92;` is a literal backslash, `\X` is a literal X.
        let mut back = String::new();
        let mut chars = escaped.replace("&#92;", "\u{0}").chars().collect::<Vec<_>>().into_iter();
        while let Some(c) = chars.next() {
            match c {
                '\\' => back.extend(chars.next()),
                '\u{0}' => back.push('\\'),
                c => back.push(c),
            }
        }
        prop_assert_eq!(&back, &text.replace('\u{0}', "\\"));
        let out: Vec<char> = escaped.replace("&#92;", "").chars().collect();
        for (i, c) in out.iter().enumerate() {
            if "*_+^~{}[]|!#".contains(*c) {
                prop_assert!(i > 0 && out[i - 1] == '\\', "live {c:?} in {escaped:?}");
            }
        }
        for line in escaped.lines() {
            let t = line.trim_start();
            for marker in ["h1. ", "h2. ", "h3. ", "h4. ", "h5. ", "h6. ", "bq. "] {
                prop_assert!(!t.starts_with(marker), "{line:?}");
            }
        }
    }
}
