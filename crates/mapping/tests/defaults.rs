//! The default mapping offered for a new routing rule.

mod common;

use common::*;
use vulnbridge_mapping::{
    default_mapping, parse_createmeta, FieldMapping, FieldSource, SeverityMap, ValueRef,
    DEFAULT_DESCRIPTION,
};

#[test]
fn cloud_default_maps_summary_description_and_priority_by_id() {
    let m = default_mapping(&cloud_fields());
    assert_eq!(m.fields.get("summary"), Some(&template("{{title}}")));
    assert!(!m.summary_prefix.enabled);
    assert_eq!(m.summary_prefix.text, "[Security]");
    assert_eq!(
        m.fields.get("description"),
        Some(&template(DEFAULT_DESCRIPTION))
    );
    let expected = SeverityMap {
        critical: Some(ValueRef::new("1", "Highest")),
        high: Some(ValueRef::new("2", "High")),
        medium: Some(ValueRef::new("3", "Medium")),
        low: Some(ValueRef::new("4", "Low")),
        info: Some(ValueRef::new("5", "Lowest")),
        unknown: Some(ValueRef::new("3", "Medium")),
    };
    assert_eq!(
        m.fields.get("priority"),
        Some(&FieldSource::BySeverity(expected))
    );
    let ids: Vec<&str> = m.fields.keys().map(String::as_str).collect();
    assert_eq!(
        ids,
        ["description", "priority", "summary"],
        "required custom fields stay unmapped"
    );
}

#[test]
fn unusual_priority_names_leave_priority_unmapped() {
    let m = default_mapping(&dc_fields());
    assert!(!m.fields.contains_key("priority"));
    assert!(m.fields.contains_key("description"));
}

#[test]
fn a_screen_without_description_gets_no_description() {
    let fields = parse_createmeta(
        r#"{"fields":[{"fieldId":"summary","name":"Summary","required":true,"schema":{"type":"string","system":"summary"}}]}"#,
    )
    .expect("parse");
    let m = default_mapping(&fields);
    let ids: Vec<&str> = m.fields.keys().map(String::as_str).collect();
    assert_eq!(ids, ["summary"]);
}

#[test]
fn mappings_round_trip_through_their_export_json() {
    let m = default_mapping(&cloud_fields());
    let json = serde_json::to_value(&m).expect("serialize");
    assert_eq!(
        json["fields"]["summary"],
        serde_json::json!({ "source": "template", "value": "{{title}}" })
    );
    assert_eq!(json["fields"]["priority"]["source"], "by_severity");
    let back: FieldMapping = serde_json::from_value(json).expect("deserialize");
    assert_eq!(back, m);
    // Older exports without the newer members still load.
    let old: FieldMapping = serde_json::from_str(r#"{"fields":{}}"#).expect("tolerant");
    assert!(!old.summary_prefix.enabled);
    assert!(old.extra_labels.is_empty());
}

#[test]
fn parent_issue_uses_parent_on_cloud_and_epic_link_on_data_center() {
    let mut m = FieldMapping::default();
    assert_eq!(
        m.set_parent_issue(&cloud_fields(), " SEC-1 ").as_deref(),
        Some("parent")
    );
    assert_eq!(
        m.fields.get("parent"),
        Some(&FieldSource::Fixed(
            vulnbridge_mapping::JiraValue::IssueKey {
                key: "SEC-1".into()
            }
        ))
    );
    let mut m = FieldMapping::default();
    assert_eq!(
        m.set_parent_issue(&dc_fields(), "APPSEC-3").as_deref(),
        Some("customfield_10100")
    );
    let summary_only = parse_createmeta(
        r#"{"values":[{"fieldId":"summary","schema":{"type":"string","system":"summary"}}]}"#,
    )
    .expect("parse");
    assert_eq!(
        FieldMapping::default().set_parent_issue(&summary_only, "X-1"),
        None
    );
}
