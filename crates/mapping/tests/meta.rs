//! Parsing createmeta answers of both dialects and classifying their fields.

mod common;

use common::*;
use vulnbridge_mapping::{parse_createmeta, parse_createmeta_page, FieldKind, MappingError};

#[test]
fn cloud_fields_array_parses_with_schema_and_allowed_values() {
    let fields = cloud_fields();
    assert_eq!(fields.len(), 28);
    let summary = field(&fields, "summary");
    assert!(summary.required);
    assert_eq!(summary.schema.kind, "string");
    assert_eq!(summary.schema.system.as_deref(), Some("summary"));
    let priority = field(&fields, "priority");
    assert!(priority.has_default_value);
    let names: Vec<&str> = priority
        .allowed_values
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(names, ["Highest", "High", "Medium", "Low", "Lowest"]);
    assert_eq!(priority.allowed_values[0].id, "1");
    let site = field(&fields, "customfield_10102");
    assert_eq!(site.allowed_values[0].name, "EU");
    assert_eq!(site.allowed_values[0].children[1].name, "Dublin");
    assert_eq!(site.allowed_values[0].children[1].id, "10222");
    let team = field(&fields, "customfield_10100");
    assert!(team.required && !team.has_default_value);
    assert!(team.allowed_values[2].disabled, "disabled option is marked");
    assert!(
        field(&fields, "fixVersions").allowed_values[1].disabled,
        "archived version"
    );
    let labels = field(&fields, "labels");
    assert_eq!(labels.operations, ["add", "set", "remove"]);
    assert!(labels.auto_complete_url.is_some());
    assert_eq!(
        field(&fields, "project").allowed_values[0].key.as_deref(),
        Some("SEC")
    );
}

#[test]
fn data_center_values_array_parses_without_keys() {
    let fields = dc_fields();
    assert_eq!(fields.len(), 21);
    let epic = field(&fields, "customfield_10100");
    assert_eq!(
        epic.key, "customfield_10100",
        "DC has no key: the id stands in"
    );
    assert_eq!(epic.name, "Epic Link");
    let unit = field(&fields, "customfield_10200");
    assert!(unit.required);
    assert_eq!(unit.allowed_values[1].name, "Wholesale");
}

#[test]
fn every_sample_field_gets_the_right_kind() {
    let cloud = cloud_fields();
    let expect = [
        ("summary", FieldKind::Summary),
        ("issuetype", FieldKind::IssueType),
        ("project", FieldKind::Project),
        ("description", FieldKind::RichText),
        ("priority", FieldKind::Priority),
        ("labels", FieldKind::Labels),
        ("duedate", FieldKind::Date),
        ("components", FieldKind::Components),
        ("parent", FieldKind::Parent),
        ("assignee", FieldKind::User),
        ("reporter", FieldKind::User),
        ("attachment", FieldKind::Unsupported),
        ("customfield_10100", FieldKind::Select),
        ("customfield_10101", FieldKind::MultiSelect),
        ("customfield_10102", FieldKind::Cascading),
        ("customfield_10103", FieldKind::Number),
        ("customfield_10104", FieldKind::Text),
        ("customfield_10105", FieldKind::RichText),
        ("customfield_10106", FieldKind::Labels),
        ("customfield_10107", FieldKind::Date),
        ("customfield_10108", FieldKind::DateTime),
        ("customfield_10109", FieldKind::User),
        ("customfield_10110", FieldKind::Url),
        ("customfield_10111", FieldKind::MultiUser),
        ("customfield_10112", FieldKind::MultiSelect),
        ("customfield_10113", FieldKind::Select),
        ("fixVersions", FieldKind::Versions),
        ("customfield_10115", FieldKind::Unsupported),
    ];
    for (id, kind) in expect {
        assert_eq!(FieldKind::of(field(&cloud, id)), kind, "{id}");
    }
    let dc = dc_fields();
    assert_eq!(
        FieldKind::of(field(&dc, "customfield_10100")),
        FieldKind::EpicLink
    );
    assert_eq!(
        FieldKind::of(field(&dc, "environment")),
        FieldKind::RichText
    );
    assert_eq!(
        FieldKind::of(field(&dc, "customfield_10205")),
        FieldKind::RichText
    );
}

#[test]
fn parsing_is_tolerant_of_missing_and_odd_members() {
    let json = r#"{"values":[
        {"fieldId":"customfield_1","schema":{"type":"option","customId":1},
         "allowedValues":[{"id":10,"value":"A"},"bare",42]},
        {"name":"No id at all"},
        {"key":"customfield_2","name":"Key only","schema":{}},
        "junk"
    ]}"#;
    let fields = parse_createmeta(json).expect("tolerant");
    assert_eq!(fields.len(), 2);
    assert_eq!(fields[0].name, "customfield_1", "name falls back to the id");
    assert!(!fields[0].required);
    assert_eq!(fields[0].allowed_values.len(), 2);
    assert_eq!(
        fields[0].allowed_values[0].id, "10",
        "numeric id read as text"
    );
    assert_eq!(fields[0].allowed_values[1].name, "bare");
    assert_eq!(fields[1].id, "customfield_2");
    assert_eq!(FieldKind::of(&fields[1]), FieldKind::Unsupported);
}

#[test]
fn legacy_object_shape_is_keyed_by_field_id() {
    let json = r#"{"id":"10004","name":"Bug","fields":{
        "summary":{"required":true,"schema":{"type":"string","system":"summary"},"name":"Summary"},
        "duedate":{"required":false,"schema":{"type":"date","system":"duedate"},"name":"Due date"}
    }}"#;
    let fields = parse_createmeta(json).expect("legacy");
    let ids: Vec<&str> = fields.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["duedate", "summary"]);
}

#[test]
fn wrong_documents_are_explained() {
    let err = parse_createmeta(r#"{"issueTypes":[]}"#).expect_err("not a field page");
    assert!(matches!(err, MappingError::Createmeta { .. }));
    assert!(err.to_string().contains("`values`"), "{err}");
    let err = parse_createmeta("<html>").expect_err("not json");
    assert!(err.to_string().contains("not JSON"), "{err}");
}

#[test]
fn pages_say_where_the_next_one_starts() {
    let cloud = parse_createmeta_page(CLOUD_META).expect("cloud");
    assert_eq!(
        (
            cloud.start_at,
            cloud.total,
            cloud.next_start_at,
            cloud.is_last
        ),
        (0, Some(28), 28, true)
    );
    let first = parse_createmeta_page(
        r#"{"startAt":0,"maxResults":2,"total":3,"fields":[{"fieldId":"a"},{"fieldId":"b"}]}"#,
    )
    .expect("page 1");
    assert_eq!((first.next_start_at, first.is_last), (2, false));
    let dc = parse_createmeta_page(
        r#"{"startAt":50,"maxResults":50,"total":120,"isLast":false,"values":[{"fieldId":"x"},"junk"]}"#,
    )
    .expect("dc page");
    assert_eq!(dc.fields.len(), 1);
    assert_eq!(
        (dc.next_start_at, dc.is_last),
        (52, false),
        "junk entries still count for paging"
    );
    let empty = parse_createmeta_page(r#"{"startAt":4,"total":9,"values":[]}"#).expect("empty");
    assert!(empty.is_last, "an empty page ends paging");
}
