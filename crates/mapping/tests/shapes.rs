//! The JSON shape of every field type, on both dialects.

mod common;

use common::*;
use serde_json::{json, Value};
use vulnbridge_mapping::{
    build_create_payload, Dialect, FieldMapping, FieldSource, FindingAttribute as A, JiraValue,
    ScoreMap, SlaDays, ValueRef,
};
use vulnbridge_model::{Finding, Location};

fn one(id: &str, name: &str) -> FieldSource {
    FieldSource::Fixed(JiraValue::One {
        value: ValueRef::new(id, name),
    })
}

/// The value of `field_id` when only it (and the dialect's required select) is mapped.
fn shape_of(dialect: Dialect, finding: &Finding, field_id: &str, source: FieldSource) -> Value {
    let (fields, required) = match dialect {
        Dialect::Cloud => (
            cloud_fields(),
            ("customfield_10100", one("10200", "AppSec")),
        ),
        Dialect::DataCenter => (dc_fields(), ("customfield_10200", one("10400", "Retail"))),
    };
    let mut m = FieldMapping::default();
    m.set(required.0, required.1);
    m.set(field_id, source);
    let p = build_create_payload(finding, &ctx(dialect), &m, &fields).expect("payload");
    p.fields.get(field_id).cloned().unwrap_or(Value::Null)
}

fn cloud(field_id: &str, source: FieldSource) -> Value {
    shape_of(Dialect::Cloud, &lodash(), field_id, source)
}

fn dc(field_id: &str, source: FieldSource) -> Value {
    shape_of(Dialect::DataCenter, &lodash(), field_id, source)
}

#[test]
fn single_choice_fields_take_an_id_or_a_value() {
    assert_eq!(
        cloud("customfield_10113", one("10240", "Yes")),
        json!({ "id": "10240" })
    );
    assert_eq!(
        cloud("customfield_10113", one("", "no")),
        json!({ "value": "no" })
    );
    assert_eq!(
        dc("customfield_10200", one("10401", "Wholesale")),
        json!({ "id": "10401" })
    );
    // From an attribute: matched by name against the allowed values.
    assert_eq!(
        shape_of(
            Dialect::Cloud,
            &lodash(),
            "customfield_10113",
            FieldSource::Literal("NO".into())
        ),
        json!({ "id": "10241" })
    );
}

#[test]
fn multi_choice_fields_take_arrays() {
    let many = FieldSource::Fixed(JiraValue::Many {
        values: vec![
            ValueRef::new("10210", "Production"),
            ValueRef::new("", "Staging"),
        ],
    });
    assert_eq!(
        cloud("customfield_10101", many),
        json!([{ "id": "10210" }, { "value": "Staging" }])
    );
    assert_eq!(
        cloud("customfield_10112", one("10230", "PII")),
        json!([{ "id": "10230" }])
    );
    let many = FieldSource::Fixed(JiraValue::Many {
        values: vec![ValueRef::new("10411", "Staging")],
    });
    assert_eq!(dc("customfield_10201", many), json!([{ "id": "10411" }]));
}

#[test]
fn cascading_selects_nest_the_child() {
    let pick = |child: Option<ValueRef>| {
        FieldSource::Fixed(JiraValue::Cascade {
            parent: ValueRef::new("10220", "EU"),
            child,
        })
    };
    assert_eq!(
        cloud(
            "customfield_10102",
            pick(Some(ValueRef::new("10222", "Dublin")))
        ),
        json!({ "id": "10220", "child": { "id": "10222" } })
    );
    assert_eq!(
        cloud("customfield_10102", pick(None)),
        json!({ "id": "10220" })
    );
    let dc_pick = FieldSource::Fixed(JiraValue::Cascade {
        parent: ValueRef::named("EU"),
        child: Some(ValueRef::named("Frankfurt")),
    });
    assert_eq!(
        dc("customfield_10202", dc_pick),
        json!({ "value": "EU", "child": { "value": "Frankfurt" } })
    );
}

#[test]
fn numbers_are_json_numbers() {
    assert_eq!(
        cloud("customfield_10103", FieldSource::Attribute(A::Score)),
        json!(7.4)
    );
    assert_eq!(
        dc("customfield_10203", FieldSource::Literal(" 5 ".into())),
        json!(5.0)
    );
    let mut f = lodash();
    f.location = Location::Code {
        file: "a.py".into(),
        start_line: Some(12),
        end_line: None,
        column: None,
        snippet: None,
        commit: None,
    };
    assert_eq!(
        shape_of(
            Dialect::Cloud,
            &f,
            "customfield_10103",
            FieldSource::Attribute(A::Line)
        ),
        json!(12)
    );
    f.score = None;
    assert_eq!(
        shape_of(
            Dialect::Cloud,
            &f,
            "customfield_10103",
            FieldSource::Attribute(A::Score)
        ),
        Value::Null,
        "no score: field left out"
    );
}

#[test]
fn single_line_text_is_one_string_line() {
    let src = template("{{tool}} / {{rule_id}}\n{{location}}");
    let want = json!("Trivy 0.50.1 / CVE-2020-8203 lodash@4.17.15 (package-lock.json)");
    assert_eq!(cloud("customfield_10104", src.clone()), want);
    assert_eq!(dc("customfield_10204", src), want);
}

#[test]
fn multi_line_text_is_adf_on_cloud_and_wiki_on_data_center() {
    let src = template("**Fix:** {{remediation}}");
    assert_eq!(
        cloud("customfield_10105", src.clone()),
        json!({ "type": "doc", "version": 1, "content": [{ "type": "paragraph", "content": [
            { "type": "text", "text": "Fix:", "marks": [{ "type": "strong" }] },
            { "type": "text", "text": " Upgrade lodash to 4.17.19 or later." },
        ]}]})
    );
    assert_eq!(
        dc("customfield_10205", src),
        json!("*Fix:* Upgrade lodash to 4.17.19 or later.")
    );
    assert_eq!(
        dc("environment", FieldSource::Literal("prod *eu*".into())),
        json!("prod \\*eu\\*")
    );
    assert_eq!(
        cloud("description", FieldSource::Attribute(A::Evidence)),
        json!({ "type": "doc", "version": 1, "content": [{ "type": "codeBlock", "content": [
            { "type": "text", "text": "const _ = require('lodash');" }
        ]}]})
    );
}

#[test]
fn labels_fields_are_string_arrays_without_spaces() {
    assert_eq!(
        cloud("customfield_10106", FieldSource::Attribute(A::Cwes)),
        json!(["CWE-1321"])
    );
    assert_eq!(
        dc("customfield_10206", template("{{tool}}")),
        json!(["Trivy-0.50.1"])
    );
    assert_eq!(
        dc("customfield_10206", FieldSource::Literal("a b".into())),
        json!(["a-b"])
    );
}

#[test]
fn dates_and_datetimes_use_jira_formats() {
    assert_eq!(
        cloud("customfield_10107", FieldSource::Attribute(A::FirstSeen)),
        json!("2026-11-20")
    );
    assert_eq!(
        dc(
            "customfield_10207",
            FieldSource::Literal("2027-01-31".into())
        ),
        json!("2027-01-31")
    );
    assert_eq!(
        cloud("customfield_10108", FieldSource::Attribute(A::FirstSeen)),
        json!("2026-11-20T08:30:00.000+0000")
    );
    assert_eq!(
        dc(
            "customfield_10208",
            FieldSource::Literal("2026-12-01T09:00:00+01:00".into())
        ),
        json!("2026-12-01T08:00:00.000+0000")
    );
    assert_eq!(
        cloud("duedate", FieldSource::SlaDueDate(SlaDays::default())),
        json!("2026-12-23")
    );
    assert_eq!(
        dc(
            "customfield_10208",
            FieldSource::SlaDueDate(SlaDays::default())
        ),
        json!("2026-12-23T00:00:00.000+0000")
    );
    assert_eq!(
        cloud("duedate", FieldSource::Attribute(A::Today)),
        json!("2026-11-23")
    );
}

#[test]
fn users_are_account_ids_on_cloud_and_names_on_data_center() {
    let user = FieldSource::Fixed(JiraValue::User {
        id: "5b10ac8d82e05b22cc7d4ef5".into(),
    });
    assert_eq!(
        cloud("customfield_10109", user.clone()),
        json!({ "accountId": "5b10ac8d82e05b22cc7d4ef5" })
    );
    assert_eq!(
        cloud("assignee", user),
        json!({ "accountId": "5b10ac8d82e05b22cc7d4ef5" })
    );
    let user = FieldSource::Fixed(JiraValue::User {
        id: "jsmith".into(),
    });
    assert_eq!(
        dc("customfield_10209", user.clone()),
        json!({ "name": "jsmith" })
    );
    assert_eq!(dc("assignee", user), json!({ "name": "jsmith" }));
    let users = FieldSource::Fixed(JiraValue::Users {
        ids: vec!["a1".into(), "b2".into()],
    });
    assert_eq!(
        cloud("customfield_10111", users),
        json!([{ "accountId": "a1" }, { "accountId": "b2" }])
    );
}

#[test]
fn urls_are_strings_and_only_http() {
    assert_eq!(
        cloud("customfield_10110", FieldSource::Attribute(A::LinkBack)),
        json!("https://vulnbridge.local/findings/42")
    );
    let mut f = lodash();
    f.request_url = Some("javascript:alert(1)".into());
    assert_eq!(
        shape_of(
            Dialect::Cloud,
            &f,
            "customfield_10110",
            FieldSource::Attribute(A::Url)
        ),
        Value::Null
    );
}

#[test]
fn priority_components_versions_parent_and_epic() {
    assert_eq!(
        cloud("priority", FieldSource::ByScore(ScoreMap::default())),
        json!({ "name": "High" })
    );
    assert_eq!(cloud("priority", one("1", "Highest")), json!({ "id": "1" }));
    assert_eq!(dc("priority", one("", "Major")), json!({ "name": "Major" }));
    assert_eq!(
        cloud("components", one("10011", "Web shop")),
        json!([{ "id": "10011" }])
    );
    assert_eq!(
        cloud("fixVersions", one("10300", "2.4.0")),
        json!([{ "id": "10300" }])
    );
    assert_eq!(
        cloud(
            "parent",
            FieldSource::Fixed(JiraValue::IssueKey {
                key: " SEC-1 ".into()
            })
        ),
        json!({ "key": "SEC-1" })
    );
    assert_eq!(
        cloud("parent", FieldSource::Literal("SEC-9".into())),
        json!({ "key": "SEC-9" })
    );
    assert_eq!(
        dc("customfield_10100", FieldSource::Literal("APPSEC-3".into())),
        json!("APPSEC-3")
    );
}

#[test]
fn project_and_issue_type_come_from_the_context() {
    let p = |d| {
        let v = shape_of(d, &lodash(), "summary", template("{{title}}"));
        assert_eq!(v, json!("lodash: prototype pollution in zipObjectDeep"));
    };
    p(Dialect::Cloud);
    p(Dialect::DataCenter);
    let fields = cloud_fields();
    let mut m = FieldMapping::default();
    m.set("customfield_10100", one("10200", "AppSec"));
    let mut c = ctx(Dialect::Cloud);
    c.project = vulnbridge_mapping::ProjectRef::Key("SEC".into());
    let payload = build_create_payload(&lodash(), &c, &m, &fields).expect("payload");
    assert_eq!(payload.fields["project"], json!({ "key": "SEC" }));
    assert_eq!(payload.fields["issuetype"], json!({ "id": "10004" }));
}
