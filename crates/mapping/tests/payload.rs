//! Rendered create payloads for a normal finding, in both dialects (expected JSON / wiki text
//! written out in full).

mod common;

use common::*;
use serde_json::json;
use vulnbridge_mapping::{
    build_bulk_payload, build_create_payload, default_mapping, Dialect, FieldMapping, FieldSource,
    FindingAttribute, JiraValue, MappingError, ProblemKind, SeverityMap, SlaDays, ValueRef,
};

const SHORT_DESCRIPTION: &str = "\
## {{severity}} in {{application}}
{{description}}
- {{references}}
{{evidence}}
**Link:** {{link}}";

fn rich_mapping(dialect: Dialect) -> FieldMapping {
    let mut m = FieldMapping::default();
    m.summary_prefix.enabled = true;
    m.extra_labels = vec!["appsec team".into()];
    m.set("description", template(SHORT_DESCRIPTION));
    m.set("labels", FieldSource::Attribute(FindingAttribute::Cves));
    m.set("duedate", FieldSource::SlaDueDate(SlaDays::default()));
    m.set(
        "components",
        FieldSource::Fixed(JiraValue::Many {
            values: vec![ValueRef::new(
                if dialect == Dialect::Cloud {
                    "10010"
                } else {
                    "10500"
                },
                "",
            )],
        }),
    );
    m.set(
        "assignee",
        FieldSource::Fixed(JiraValue::User {
            id: if dialect == Dialect::Cloud {
                "5b10ac8d82e05b22cc7d4ef5".into()
            } else {
                "jsmith".into()
            },
        }),
    );
    m
}

#[test]
fn cloud_payload_for_a_normal_finding() {
    let fields = cloud_fields();
    let mut m = rich_mapping(Dialect::Cloud);
    let mut sev = SeverityMap::usual_priorities();
    sev.high = Some(ValueRef::new("2", "High"));
    m.set("priority", FieldSource::BySeverity(sev));
    m.set(
        "customfield_10100",
        FieldSource::Fixed(JiraValue::One {
            value: ValueRef::new("10200", "AppSec"),
        }),
    );
    m.set(
        "customfield_10103",
        FieldSource::Attribute(FindingAttribute::Score),
    );
    m.set(
        "parent",
        FieldSource::Fixed(JiraValue::IssueKey {
            key: "SEC-1".into(),
        }),
    );
    let p = build_create_payload(&lodash(), &ctx(Dialect::Cloud), &m, &fields).expect("payload");
    let text = |t: &str| json!({ "type": "text", "text": t });
    let strong = |t: &str| json!({ "type": "text", "text": t, "marks": [{ "type": "strong" }] });
    let link = |u: &str| json!({ "type": "text", "text": u, "marks": [{ "type": "link", "attrs": { "href": u } }] });
    let item = |inner: serde_json::Value| json!({ "type": "listItem", "content": [{ "type": "paragraph", "content": [inner] }] });
    let expected = json!({
        "project": { "id": "10000" },
        "issuetype": { "id": "10004" },
        "summary": "[Security] lodash: prototype pollution in zipObjectDeep",
        "description": {
            "type": "doc",
            "version": 1,
            "content": [
                { "type": "heading", "attrs": { "level": 2 }, "content": [text("High in Payments API")] },
                { "type": "paragraph", "content": [text("Prototype pollution in zipObjectDeep.")] },
                { "type": "paragraph", "content": [text("An attacker can modify Object.prototype.")] },
                { "type": "bulletList", "content": [
                    item(link("https://nvd.nist.gov/vuln/detail/CVE-2020-8203")),
                    item(link("https://github.com/advisories/GHSA-p6mc-m468-83gw")),
                ]},
                { "type": "codeBlock", "content": [text("const _ = require('lodash');")] },
                { "type": "paragraph", "content": [strong("Link:"), text(" "), link("https://vulnbridge.local/findings/42")] },
            ]
        },
        "priority": { "id": "2" },
        "customfield_10100": { "id": "10200" },
        "customfield_10103": 7.4,
        "duedate": "2026-12-23",
        "components": [{ "id": "10010" }],
        "parent": { "key": "SEC-1" },
        "assignee": { "accountId": "5b10ac8d82e05b22cc7d4ef5" },
        "labels": ["vb-9db5b679845d374e", "vulnbridge", "appsec-team", "CVE-2020-8203"],
    });
    assert_eq!(p.fields, expected);
    assert!(p.attachments.is_empty());
    vulnbridge_mapping::check_adf(&p.fields["description"]).expect("valid ADF");
    assert_eq!(p.body(), json!({ "fields": expected }));
}

#[test]
fn data_center_payload_for_a_normal_finding() {
    let fields = dc_fields();
    let mut m = rich_mapping(Dialect::DataCenter);
    m.set(
        "priority",
        FieldSource::BySeverity(SeverityMap {
            critical: Some(ValueRef::named("Blocker")),
            high: Some(ValueRef::named("Critical")),
            medium: Some(ValueRef::named("Major")),
            low: Some(ValueRef::named("Minor")),
            info: Some(ValueRef::named("Trivial")),
            unknown: None,
        }),
    );
    m.set(
        "customfield_10200",
        FieldSource::Fixed(JiraValue::One {
            value: ValueRef::named("Retail"),
        }),
    );
    m.set(
        "customfield_10100",
        FieldSource::Fixed(JiraValue::IssueKey {
            key: "APPSEC-7".into(),
        }),
    );
    let p =
        build_create_payload(&lodash(), &ctx(Dialect::DataCenter), &m, &fields).expect("payload");
    let expected = json!({
        "project": { "key": "APPSEC" },
        "issuetype": { "id": "1" },
        "summary": "[Security] lodash: prototype pollution in zipObjectDeep",
        "description": "h2. High in Payments API\n\n\
    Prototype pollution in zipObjectDeep.\n\n\
    An attacker can modify Object.prototype.\n\n\
    * [https://nvd.nist.gov/vuln/detail/CVE-2020-8203|https://nvd.nist.gov/vuln/detail/CVE-2020-8203]\n\
    * [https://github.com/advisories/GHSA-p6mc-m468-83gw|https://github.com/advisories/GHSA-p6mc-m468-83gw]\n\n\
    {noformat}\nconst _ = require('lodash');\n{noformat}\n\n\
    *Link:* [https://vulnbridge.local/findings/42|https://vulnbridge.local/findings/42]",
        "priority": { "name": "Critical" },
        "customfield_10200": { "value": "Retail" },
        "customfield_10100": "APPSEC-7",
        "duedate": "2026-12-23",
        "components": [{ "id": "10500" }],
        "assignee": { "name": "jsmith" },
        "labels": ["vb-9db5b679845d374e", "vulnbridge", "appsec-team", "CVE-2020-8203"],
    });
    assert_eq!(p.fields, expected);
}

#[test]
fn default_description_renders_as_wiki_text_on_data_center() {
    let fields = dc_fields();
    let mut m = default_mapping(&fields);
    m.set(
        "customfield_10200",
        FieldSource::Fixed(JiraValue::One {
            value: ValueRef::new("10400", "Retail"),
        }),
    );
    let p =
        build_create_payload(&lodash(), &ctx(Dialect::DataCenter), &m, &fields).expect("payload");
    let expected = "\
h2. What

Prototype pollution in zipObjectDeep.

An attacker can modify Object.prototype.

h2. Where

*Application:* Payments API
*Location:* lodash@4.17.15 (package-lock.json)
*Package:* lodash
*Installed version:* 4.17.15
*Fixed in:* 4.17.19

h2. Severity

*Severity:* High
*Tool severity:* HIGH
*Score:* 7.4
*CVSS vector:* CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H

h2. Identifiers

*CVE:* CVE-2020-8203
*CWE:* CWE-1321
*Also known as:* GHSA-p6mc-m468-83gw
*Rule:* CVE-2020-8203
*Found by:* Trivy 0.50.1

h2. Remediation

Upgrade lodash to 4.17.19 or later.

h2. References

* [https://nvd.nist.gov/vuln/detail/CVE-2020-8203|https://nvd.nist.gov/vuln/detail/CVE-2020-8203]
* [https://github.com/advisories/GHSA-p6mc-m468-83gw|https://github.com/advisories/GHSA-p6mc-m468-83gw]

h2. Evidence

{noformat}
const _ = require('lodash');
{noformat}

----

*Open in Vulnbridge:* [https://vulnbridge.local/findings/42|https://vulnbridge.local/findings/42]
Created by Vulnbridge · vb-9db5b679845d374e";
    assert_eq!(p.fields["description"].as_str(), Some(expected));
    assert!(
        p.fields.get("priority").is_none(),
        "DC priorities have other names: left unmapped"
    );
}

#[test]
fn sections_without_data_are_left_out_of_the_default_description() {
    let fields = dc_fields();
    let mut m = default_mapping(&fields);
    m.set(
        "customfield_10200",
        FieldSource::Fixed(JiraValue::One {
            value: ValueRef::new("10400", "Retail"),
        }),
    );
    let mut f = lodash();
    f.description = None;
    f.references.clear();
    f.evidence = None;
    let mut c = ctx(Dialect::DataCenter);
    c.link_back = None;
    let p = build_create_payload(&f, &c, &m, &fields).expect("payload");
    let d = p.fields["description"].as_str().expect("wiki text");
    assert!(d.starts_with("h2. Where\n"), "{d}");
    for gone in [
        "h2. What",
        "h2. References",
        "h2. Evidence",
        "Open in Vulnbridge",
    ] {
        assert!(!d.contains(gone), "{gone} in {d}");
    }
    assert!(
        d.ends_with("----\n\nCreated by Vulnbridge · vb-9db5b679845d374e"),
        "{d}"
    );
}

#[test]
fn only_mapped_fields_leave_the_machine() {
    let fields = cloud_fields();
    let mut m = FieldMapping::default();
    m.set(
        "customfield_10100",
        FieldSource::Fixed(JiraValue::One {
            value: ValueRef::new("10200", "AppSec"),
        }),
    );
    let mut f = lodash();
    f.evidence = Some("AKIA-SECRET-EVIDENCE".into());
    f.source_ips = vec!["10.1.2.3".into()];
    let p = build_create_payload(&f, &ctx(Dialect::Cloud), &m, &fields).expect("payload");
    let keys: Vec<&str> = p
        .fields
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "customfield_10100",
            "issuetype",
            "labels",
            "project",
            "summary"
        ]
    );
    let sent = serde_json::to_string(&p).expect("json");
    for private in [
        "AKIA-SECRET-EVIDENCE",
        "10.1.2.3",
        "zipObjectDeep.",
        "Upgrade lodash",
        "nvd.nist.gov",
    ] {
        assert!(!sent.contains(private), "{private} leaked: {sent}");
    }
}

#[test]
fn a_required_field_without_a_value_for_this_finding_is_an_error() {
    let fields = cloud_fields();
    let mut m = FieldMapping::default();
    // "Payments API" is not one of the Team options, so this finding gets no Team.
    m.set(
        "customfield_10100",
        FieldSource::Attribute(FindingAttribute::Application),
    );
    let err =
        build_create_payload(&lodash(), &ctx(Dialect::Cloud), &m, &fields).expect_err("no team");
    match &err {
        MappingError::NoValue {
            field_id,
            field_name,
            ..
        } => {
            assert_eq!(field_id, "customfield_10100");
            assert_eq!(field_name, "Team");
        }
        other => panic!("unexpected {other:?}"),
    }
    let mut c = ctx(Dialect::Cloud);
    c.application = Some("platform".into());
    let p = build_create_payload(&lodash(), &c, &m, &fields).expect("matched by name");
    assert_eq!(p.fields["customfield_10100"], json!({ "id": "10201" }));
}

#[test]
fn an_invalid_mapping_is_refused_with_its_problems() {
    let fields = cloud_fields();
    let m = default_mapping(&fields);
    let err = build_create_payload(&lodash(), &ctx(Dialect::Cloud), &m, &fields)
        .expect_err("team unmapped");
    let MappingError::Invalid { problems } = &err else {
        panic!("unexpected {err:?}")
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].kind, ProblemKind::RequiredUnmapped);
    assert_eq!(problems[0].field_id, "customfield_10100");
    assert!(err.to_string().contains("Team"), "{err}");
}

#[test]
fn bulk_payload_wraps_up_to_fifty_issues() {
    let fields = cloud_fields();
    let mut m = FieldMapping::default();
    m.set(
        "customfield_10100",
        FieldSource::Fixed(JiraValue::One {
            value: ValueRef::new("10200", "AppSec"),
        }),
    );
    let one = build_create_payload(&lodash(), &ctx(Dialect::Cloud), &m, &fields).expect("payload");
    let bulk = build_bulk_payload(&[one.clone(), one.clone()]).expect("two");
    assert_eq!(
        bulk,
        json!({ "issueUpdates": [{ "fields": one.fields }, { "fields": one.fields }] })
    );
    assert!(build_bulk_payload(&vec![one.clone(); 50]).is_ok());
    let err = build_bulk_payload(&vec![one; 51]).expect_err("51");
    assert_eq!(err, MappingError::BulkTooLarge { count: 51 });
    assert_eq!(
        build_bulk_payload(&[]).expect_err("empty"),
        MappingError::BulkEmpty
    );
}

#[test]
fn summary_falls_back_and_is_single_line() {
    let fields = cloud_fields();
    let mut m = FieldMapping::default();
    m.set(
        "customfield_10100",
        FieldSource::Fixed(JiraValue::One {
            value: ValueRef::new("10200", "AppSec"),
        }),
    );
    m.set("summary", template("{{severity}}: {{title}}\n{{location}}"));
    let p = build_create_payload(&lodash(), &ctx(Dialect::Cloud), &m, &fields).expect("payload");
    assert_eq!(
        p.fields["summary"],
        json!(
            "High: lodash: prototype pollution in zipObjectDeep lodash@4.17.15 (package-lock.json)"
        )
    );
    let mut blank = lodash();
    blank.title = " \u{7} ".into();
    m.set("summary", template("{{title}}"));
    let p = build_create_payload(&blank, &ctx(Dialect::Cloud), &m, &fields).expect("payload");
    assert_eq!(
        p.fields["summary"],
        json!("Security finding vb-9db5b679845d374e")
    );
}

#[test]
fn previews_show_the_payload_or_the_problems() {
    let fields = cloud_fields();
    let mut m = default_mapping(&fields);
    let p = vulnbridge_mapping::preview(&lodash(), &ctx(Dialect::Cloud), &m, &fields);
    assert!(p.payload.is_none());
    assert_eq!(p.problems.len(), 1);
    assert_eq!(p.problems[0].field_name, "Team");
    m.set(
        "customfield_10100",
        FieldSource::Attribute(FindingAttribute::Application),
    );
    let p = vulnbridge_mapping::preview(&lodash(), &ctx(Dialect::Cloud), &m, &fields);
    assert!(p.payload.is_none() && p.problems.is_empty());
    assert!(
        p.error.as_deref().is_some_and(|e| e.contains("“Team”")),
        "{p:?}"
    );
    m.set(
        "customfield_10100",
        FieldSource::Fixed(JiraValue::One {
            value: ValueRef::new("10200", "AppSec"),
        }),
    );
    let p = vulnbridge_mapping::preview(&lodash(), &ctx(Dialect::Cloud), &m, &fields);
    let payload = p.payload.expect("sendable");
    assert_eq!(
        payload.fields["customfield_10100"],
        json!({ "id": "10200" })
    );
    assert_eq!(payload.fields["priority"], json!({ "id": "2" }));
}
