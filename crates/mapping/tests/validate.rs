//! Validation: one test per problem kind, plus clean mappings that have none.

mod common;

use common::*;
use vulnbridge_mapping::{
    default_mapping, validate, FieldMapping, FieldMeta, FieldSource, FindingAttribute, JiraValue,
    MappingProblem, ProblemKind, ScoreMap, SeverityMap, SlaDays, ValueRef,
};

fn one(id: &str, name: &str) -> FieldSource {
    FieldSource::Fixed(JiraValue::One {
        value: ValueRef::new(id, name),
    })
}

/// A mapping with the Cloud sample's required Team set.
fn base() -> FieldMapping {
    let mut m = default_mapping(&cloud_fields());
    m.set("customfield_10100", one("10200", "AppSec"));
    m
}

fn problems_for(m: &FieldMapping, fields: &[FieldMeta], id: &str) -> Vec<MappingProblem> {
    validate(m, fields)
        .into_iter()
        .filter(|p| p.field_id == id)
        .collect()
}

fn only_kind(m: &FieldMapping, id: &str, kind: ProblemKind) -> MappingProblem {
    let problems = validate(m, &cloud_fields());
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let p = problems.into_iter().next().expect("one");
    assert_eq!((p.field_id.as_str(), p.kind), (id, kind), "{p:#?}");
    p
}

#[test]
fn default_mappings_with_required_fields_set_are_clean() {
    assert_eq!(validate(&base(), &cloud_fields()), []);
    let mut dc = default_mapping(&dc_fields());
    dc.set("customfield_10200", one("", "Wholesale"));
    assert_eq!(validate(&dc, &dc_fields()), []);
}

#[test]
fn required_fields_without_default_must_be_mapped() {
    let problems = validate(&default_mapping(&cloud_fields()), &cloud_fields());
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let p = &problems[0];
    assert_eq!(p.kind, ProblemKind::RequiredUnmapped);
    assert_eq!(
        (p.field_id.as_str(), p.field_name.as_str()),
        ("customfield_10100", "Team")
    );
    assert!(p.message.contains("Jira requires “Team”"), "{}", p.message);
    // Reporter is required but has a default; project, issue type, summary are automatic.
    let dc = validate(&default_mapping(&dc_fields()), &dc_fields());
    let ids: Vec<&str> = dc.iter().map(|p| p.field_id.as_str()).collect();
    assert_eq!(ids, ["customfield_10200"]);
}

#[test]
fn fields_missing_from_the_screen_are_named() {
    let mut m = base();
    m.set("customfield_99999", FieldSource::Literal("x".into()));
    let p = only_kind(&m, "customfield_99999", ProblemKind::FieldNotOnScreen);
    assert!(
        p.message.contains("remove it from the mapping"),
        "{}",
        p.message
    );
    let without_labels: Vec<FieldMeta> = cloud_fields()
        .into_iter()
        .filter(|f| f.id != "labels")
        .collect();
    let problems = problems_for(&base(), &without_labels, "labels");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].kind, ProblemKind::FieldNotOnScreen);
    assert!(
        problems[0].message.contains("duplicate-check label"),
        "{}",
        problems[0].message
    );
}

#[test]
fn routing_fields_and_unsettable_fields_are_refused() {
    let mut m = base();
    m.set("project", one("10000", "SEC"));
    let p = only_kind(&m, "project", ProblemKind::NotSettable);
    assert!(p.message.contains("routing rule"), "{}", p.message);
    let mut m = base();
    m.set("issuetype", one("10004", "Vulnerability"));
    only_kind(&m, "issuetype", ProblemKind::NotSettable);
    let mut fields = cloud_fields();
    for f in &mut fields {
        if f.id == "customfield_10104" {
            f.operations = vec!["add".into()];
        }
    }
    let mut m = base();
    m.set("customfield_10104", FieldSource::Literal("x".into()));
    let problems = problems_for(&m, &fields, "customfield_10104");
    assert_eq!(problems[0].kind, ProblemKind::NotSettable);
}

#[test]
fn unsupported_field_types_are_named() {
    let mut m = base();
    m.set("customfield_10115", FieldSource::Literal("Sprint 4".into()));
    let p = only_kind(&m, "customfield_10115", ProblemKind::UnsupportedField);
    assert!(p.message.contains("gh-sprint"), "{}", p.message);
    assert_eq!(p.field_name, "Sprint");
}

#[test]
fn fixed_values_must_be_allowed_and_enabled() {
    let mut m = base();
    m.set("customfield_10100", one("99999", "Ghost team"));
    let p = only_kind(&m, "customfield_10100", ProblemKind::ValueNotAllowed);
    assert!(
        p.message
            .contains("“Ghost team” is not one of the values Jira allows for “Team”"),
        "{}",
        p.message
    );
    m.set("customfield_10100", one("10202", "Legacy team"));
    only_kind(&m, "customfield_10100", ProblemKind::ValueNotAllowed);
    let mut m = base();
    m.set(
        "fixVersions",
        FieldSource::Fixed(JiraValue::Many {
            values: vec![
                ValueRef::new("10300", "2.4.0"),
                ValueRef::new("10301", "2.3.0"),
            ],
        }),
    );
    let p = only_kind(&m, "fixVersions", ProblemKind::ValueNotAllowed);
    assert!(
        p.message.contains("2.3.0"),
        "archived version refused: {}",
        p.message
    );
    let mut m = base();
    m.set(
        "customfield_10102",
        FieldSource::Fixed(JiraValue::Cascade {
            parent: ValueRef::new("10223", "US"),
            child: Some(ValueRef::new("10221", "Frankfurt")),
        }),
    );
    let p = only_kind(&m, "customfield_10102", ProblemKind::ValueNotAllowed);
    assert!(
        p.message.contains("“Frankfurt” is not a choice under “US”"),
        "{}",
        p.message
    );
    let mut m = base();
    let mut sev = SeverityMap::usual_priorities();
    sev.critical = Some(ValueRef::named("Urgent"));
    m.set("priority", FieldSource::BySeverity(sev));
    let p = only_kind(&m, "priority", ProblemKind::ValueNotAllowed);
    assert!(p.message.starts_with("critical: “Urgent”"), "{}", p.message);
    let mut m = base();
    let mut score = ScoreMap::default();
    score.bands[0].value = ValueRef::named("P0");
    m.set("priority", FieldSource::ByScore(score));
    let p = only_kind(&m, "priority", ProblemKind::ValueNotAllowed);
    assert!(p.message.contains("“P0”"), "{}", p.message);
}

#[test]
fn sources_must_fit_the_field_type() {
    let cases = [
        ("customfield_10103", template("{{score}}"), "a number field"),
        (
            "customfield_10107",
            FieldSource::Attribute(FindingAttribute::Title),
            "a date field",
        ),
        (
            "customfield_10101",
            FieldSource::Literal("Production".into()),
            "a multiple-choice list",
        ),
        (
            "customfield_10104",
            FieldSource::BySeverity(SeverityMap::usual_priorities()),
            "a single-line text field",
        ),
        (
            "customfield_10100",
            template("{{severity}}"),
            "a single-choice list",
        ),
        (
            "assignee",
            FieldSource::SlaDueDate(SlaDays::default()),
            "a user field",
        ),
        ("parent", one("1", "x"), "the parent"),
    ];
    for (id, source, describes) in cases {
        let mut m = base();
        m.set(id, source);
        let problems = problems_for(&m, &cloud_fields(), id);
        assert_eq!(problems.len(), 1, "{id}: {problems:#?}");
        assert_eq!(problems[0].kind, ProblemKind::SourceDoesNotFit, "{id}");
        assert!(
            problems[0].message.contains(describes),
            "{id}: {}",
            problems[0].message
        );
    }
}

#[test]
fn unknown_placeholders_are_named() {
    let mut m = base();
    m.set(
        "description",
        template("## {{titel}}\n{{ cve }} {{severity_score}}"),
    );
    let problems = problems_for(&m, &cloud_fields(), "description");
    let kinds: Vec<ProblemKind> = problems.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [
            ProblemKind::UnknownPlaceholder,
            ProblemKind::UnknownPlaceholder
        ]
    );
    assert!(
        problems[0].message.contains("{{titel}}"),
        "{}",
        problems[0].message
    );
    assert!(
        problems[1].message.contains("{{severity_score}}"),
        "{}",
        problems[1].message
    );
    assert_eq!(problems[0].field_name, "Description");
}

#[test]
fn unclosed_placeholders_are_a_syntax_problem() {
    let mut m = base();
    m.set("summary", template("[{{severity}}] {{title"));
    let p = only_kind(&m, "summary", ProblemKind::TemplateSyntax);
    assert!(p.message.contains("line 1"), "{}", p.message);
}

#[test]
fn typed_values_must_parse_for_their_field() {
    let cases = [
        ("customfield_10103", "high", "is not a number"),
        ("customfield_10107", "2026-13-01", "is not a date"),
        ("customfield_10108", "tomorrow", "is not a date and time"),
        (
            "customfield_10110",
            "javascript:alert(1)",
            "is not an http(s) URL",
        ),
        ("parent", "the epic", "is not an issue key"),
        ("customfield_10113", "Maybe", "is not one of the values"),
    ];
    for (id, literal, says) in cases {
        let mut m = base();
        m.set(id, FieldSource::Literal(literal.into()));
        let p = only_kind(&m, id, ProblemKind::InvalidLiteral);
        assert!(p.message.contains(says), "{id}: {}", p.message);
    }
    let mut m = base();
    m.set("customfield_10103", FieldSource::Literal("7.5".into()));
    m.set(
        "customfield_10107",
        FieldSource::Literal("2026-12-01".into()),
    );
    m.set(
        "customfield_10108",
        FieldSource::Literal("2026-12-01T09:00:00+01:00".into()),
    );
    m.set("parent", FieldSource::Literal("SEC-12".into()));
    m.set("customfield_10113", FieldSource::Literal("yes".into()));
    assert_eq!(validate(&m, &cloud_fields()), []);
}

#[test]
fn required_maps_must_cover_every_finding() {
    let mut fields = cloud_fields();
    for f in &mut fields {
        if f.id == "priority" || f.id == "duedate" {
            f.required = true;
            f.has_default_value = false;
        }
    }
    let mut m = base();
    let mut sev = SeverityMap::usual_priorities();
    sev.info = None;
    m.set("priority", FieldSource::BySeverity(sev));
    m.set("duedate", FieldSource::SlaDueDate(SlaDays::default()));
    let problems = validate(&m, &fields);
    let kinds: Vec<(&str, ProblemKind)> = problems
        .iter()
        .map(|p| (p.field_id.as_str(), p.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("duedate", ProblemKind::IncompleteMap),
            ("priority", ProblemKind::IncompleteMap)
        ]
    );
    m.set("priority", FieldSource::ByScore(ScoreMap::default()));
    let p = problems_for(&m, &fields, "priority");
    assert!(p[0].message.contains("without a score"), "{}", p[0].message);
}

#[test]
fn labels_that_look_like_dedup_labels_are_reserved() {
    let mut m = base();
    m.extra_labels = vec!["team-a".into(), " VB-0000000000000000".into()];
    let p = only_kind(&m, "labels", ProblemKind::ReservedLabel);
    assert!(
        p.message.contains("“VB-0000000000000000” starts with vb-"),
        "{}",
        p.message
    );
    let mut m = base();
    m.set("labels", FieldSource::Literal("vb-mine".into()));
    only_kind(&m, "labels", ProblemKind::ReservedLabel);
    m.set("labels", FieldSource::Literal("vbx".into()));
    assert_eq!(validate(&m, &cloud_fields()), []);
}
