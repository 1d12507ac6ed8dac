//! Demo data: three projects with different workflows and screens, users, custom fields,
//! an epic and a few issues.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use super::catalog::*;
use super::State;

/// Account ids of the demo users (Cloud); Data Center uses their `name`.
pub(crate) const ANALYST: &str = "712020:3f2b7c1e-5a4d-4c8e-9a1b-0d6e2f7a8b90";
const DEVLEAD: &str = "712020:8c1d4e2f-6b7a-4d9c-8e0f-1a2b3c4d5e6f";
const CHAMPION: &str = "712020:b4a5c6d7-e8f9-4a0b-9c1d-2e3f4a5b6c7d";
const FORMER: &str = "557058:0a1b2c3d-4e5f-4607-8a9b-c0d1e2f3a4b5";

fn user(account_id: &str, name: &str, display: &str, active: bool) -> User {
    User {
        account_id: account_id.to_owned(),
        name: name.to_owned(),
        display_name: display.to_owned(),
        email: format!("{name}@vulnbridge.test"),
        time_zone: "UTC".to_owned(),
        active,
    }
}

fn field(id: &str, name: &str, kind: FieldKind, custom: Option<&'static str>) -> FieldDef {
    let clause = if custom.is_some() {
        vec![
            format!("cf[{}]", id.trim_start_matches("customfield_")),
            name.to_owned(),
        ]
    } else {
        vec![id.to_owned()]
    };
    FieldDef {
        id: id.to_owned(),
        name: name.to_owned(),
        kind,
        custom_type: custom,
        options: Vec::new(),
        clause_names: clause,
    }
}

fn opts(list: &[(&str, &str)]) -> Vec<OptionDef> {
    list.iter().map(|(id, v)| OptionDef::new(id, v)).collect()
}

fn fields() -> Vec<FieldDef> {
    let mut severity = field(
        "customfield_10020",
        "Severity",
        FieldKind::Select,
        Some("select"),
    );
    severity.options = opts(&[
        ("10100", "Critical"),
        ("10101", "High"),
        ("10102", "Medium"),
        ("10103", "Low"),
        ("10104", "Informational"),
    ]);
    let mut components = field(
        "customfield_10022",
        "Affected components",
        FieldKind::MultiSelect,
        Some("multiselect"),
    );
    components.options = opts(&[
        ("10110", "API"),
        ("10111", "Web"),
        ("10112", "Infrastructure"),
    ]);
    let mut team = field(
        "customfield_10030",
        "Team",
        FieldKind::Select,
        Some("select"),
    );
    team.options = opts(&[
        ("10120", "Payments"),
        ("10121", "Identity"),
        ("10122", "Platform"),
    ]);
    let mut location = field(
        "customfield_10032",
        "Hosting location",
        FieldKind::Cascading,
        Some("cascadingselect"),
    );
    location.options = vec![
        OptionDef::new("10130", "EU")
            .with_children(opts(&[("10131", "Frankfurt"), ("10132", "Dublin")])),
        OptionDef::new("10133", "US")
            .with_children(opts(&[("10134", "Virginia"), ("10135", "Oregon")])),
    ];
    vec![
        field("summary", "Summary", FieldKind::Summary, None),
        field("description", "Description", FieldKind::RichText, None),
        field("issuetype", "Issue Type", FieldKind::IssueType, None),
        field("project", "Project", FieldKind::Project, None),
        field("priority", "Priority", FieldKind::Priority, None),
        field("labels", "Labels", FieldKind::Labels, None),
        field("assignee", "Assignee", FieldKind::User, None),
        field("reporter", "Reporter", FieldKind::User, None),
        field("duedate", "Due date", FieldKind::Date, None),
        field("parent", "Parent", FieldKind::Parent, None),
        severity,
        field(
            "customfield_10021",
            "CVSS score",
            FieldKind::Number,
            Some("float"),
        ),
        components,
        field(
            "customfield_10023",
            "Scanner rule",
            FieldKind::Text,
            Some("textfield"),
        ),
        team,
        field(
            "customfield_10031",
            "Security champion",
            FieldKind::User,
            Some("userpicker"),
        ),
        location,
        field(
            "customfield_10033",
            "Discovered on",
            FieldKind::Date,
            Some("datepicker"),
        ),
        field(
            "customfield_10034",
            "Finding tags",
            FieldKind::Labels,
            Some("labels"),
        ),
        field(
            "customfield_10035",
            "Remediation notes",
            FieldKind::RichText,
            Some("textarea"),
        ),
    ]
}

fn status(id: &str, name: &str, category: Category) -> Status {
    Status {
        id: id.to_owned(),
        name: name.to_owned(),
        category,
    }
}

fn transition(id: &str, name: &str, from: &[&str], to: &str) -> TransitionDef {
    TransitionDef {
        id: id.to_owned(),
        name: name.to_owned(),
        from: from.iter().map(|s| (*s).to_owned()).collect(),
        to: to.to_owned(),
        requires_resolution: false,
        sets_resolution: None,
    }
}

fn screen(list: &[(&str, bool)]) -> Vec<ScreenField> {
    list.iter()
        .map(|(id, required)| ScreenField {
            id: (*id).to_owned(),
            required: *required,
        })
        .collect()
}

fn simple_workflow() -> Workflow {
    let mut done = transition("31", "Done", &[], "10001");
    done.sets_resolution = Some("10000".to_owned());
    Workflow {
        initial: "10000".to_owned(),
        transitions: vec![
            transition("11", "To Do", &[], "10000"),
            transition("21", "In Progress", &[], "3"),
            done,
        ],
    }
}

fn review_workflow() -> Workflow {
    let mut close = transition("21", "Close", &["1", "10002"], "6");
    close.requires_resolution = true;
    Workflow {
        initial: "1".to_owned(),
        transitions: vec![
            transition("11", "Start review", &["1"], "10002"),
            close,
            transition("31", "Reopen", &["6"], "1"),
        ],
    }
}

fn projects() -> Vec<Project> {
    let all_priorities: Vec<String> = ["1", "2", "3", "4", "5"].map(String::from).to_vec();
    vec![
        Project {
            id: "10000".to_owned(),
            key: "SEC".to_owned(),
            name: "Security".to_owned(),
            description: "Security findings triage (simple workflow)".to_owned(),
            lead: ANALYST.to_owned(),
            issue_types: vec!["10001".into(), "10002".into(), "10000".into()],
            workflow: simple_workflow(),
            screen: screen(&[
                ("summary", true),
                ("issuetype", true),
                ("project", true),
                ("description", false),
                ("priority", false),
                ("labels", false),
                ("assignee", false),
                ("reporter", false),
                ("duedate", false),
                ("parent", false),
                ("customfield_10020", false),
                ("customfield_10021", false),
                ("customfield_10022", false),
                ("customfield_10023", false),
            ]),
            priorities: all_priorities.clone(),
            default_priority: "3".to_owned(),
            priority_scheme_id: 1,
            next_number: 0,
        },
        Project {
            id: "10001".to_owned(),
            key: "APPSEC".to_owned(),
            name: "Application Security".to_owned(),
            description: "AppSec findings with required team and champion".to_owned(),
            lead: CHAMPION.to_owned(),
            issue_types: vec!["10002".into(), "10001".into()],
            workflow: review_workflow(),
            screen: screen(&[
                ("summary", true),
                ("issuetype", true),
                ("project", true),
                ("priority", true),
                ("customfield_10030", true),
                ("customfield_10031", true),
                ("description", false),
                ("labels", false),
                ("assignee", false),
                ("reporter", false),
                ("customfield_10020", false),
                ("customfield_10032", false),
                ("customfield_10033", false),
                ("customfield_10034", false),
                ("customfield_10035", false),
            ]),
            priorities: vec![
                "10000".into(),
                "1".into(),
                "2".into(),
                "3".into(),
                "4".into(),
            ],
            default_priority: "2".to_owned(),
            priority_scheme_id: 10100,
            next_number: 0,
        },
        Project {
            id: "10002".to_owned(),
            key: "OPS".to_owned(),
            name: "Operations".to_owned(),
            description: "Incidents from runtime monitoring".to_owned(),
            lead: DEVLEAD.to_owned(),
            issue_types: vec!["10001".into()],
            workflow: simple_workflow(),
            screen: screen(&[
                ("summary", true),
                ("issuetype", true),
                ("project", true),
                ("description", false),
                ("labels", false),
                ("priority", false),
                ("assignee", false),
            ]),
            priorities: all_priorities,
            default_priority: "3".to_owned(),
            priority_scheme_id: 1,
            next_number: 0,
        },
    ]
}

pub(super) fn catalog() -> State {
    State {
        users: vec![
            user(ANALYST, "analyst", "Ana Lyst", true),
            user(DEVLEAD, "devlead", "Dev Lead", true),
            user(CHAMPION, "champion", "Sam Champion", true),
            user(FORMER, "former", "Former Employee", false),
        ],
        fields: fields(),
        statuses: vec![
            status("10000", "To Do", Category::New),
            status("3", "In Progress", Category::Indeterminate),
            status("10001", "Done", Category::Done),
            status("1", "Open", Category::New),
            status("10002", "In Review", Category::Indeterminate),
            status("6", "Closed", Category::Done),
        ],
        issue_types: vec![
            issue_type(
                "10000",
                "Epic",
                "A big user story that needs to be broken down.",
                false,
                1,
            ),
            issue_type(
                "10001",
                "Task",
                "A small, distinct piece of work.",
                false,
                0,
            ),
            issue_type("10002", "Bug", "A problem or error.", false, 0),
        ],
        priorities: vec![
            priority("10000", "Blocker", "#8b0000"),
            priority("1", "Highest", "#d04437"),
            priority("2", "High", "#f15c75"),
            priority("3", "Medium", "#f79232"),
            priority("4", "Low", "#707070"),
            priority("5", "Lowest", "#999999"),
        ],
        resolutions: vec![
            resolution("10000", "Done", "Work has been completed on this issue."),
            resolution("10001", "Won't Do", "This issue won't be actioned."),
            resolution(
                "10002",
                "Duplicate",
                "The problem is a duplicate of an existing issue.",
            ),
            resolution(
                "10003",
                "Cannot Reproduce",
                "This issue couldn't be reproduced.",
            ),
        ],
        projects: projects(),
        issues: BTreeMap::new(),
        link_types: link_types(),
        links: Vec::new(),
        next_id: 10000,
    }
}

fn link_types() -> Vec<LinkType> {
    [
        ("10000", "Blocks", "is blocked by", "blocks"),
        ("10001", "Cloners", "is cloned by", "clones"),
        ("10002", "Duplicate", "is duplicated by", "duplicates"),
        ("10003", "Relates", "relates to", "relates to"),
    ]
    .iter()
    .map(|(id, name, inward, outward)| LinkType {
        id: (*id).to_owned(),
        name: (*name).to_owned(),
        inward: (*inward).to_owned(),
        outward: (*outward).to_owned(),
    })
    .collect()
}

fn issue_type(id: &str, name: &str, desc: &str, subtask: bool, level: i64) -> IssueType {
    IssueType {
        id: id.to_owned(),
        name: name.to_owned(),
        description: desc.to_owned(),
        subtask,
        hierarchy_level: level,
    }
}

fn priority(id: &str, name: &str, color: &str) -> Priority {
    Priority {
        id: id.to_owned(),
        name: name.to_owned(),
        color: color.to_owned(),
    }
}

fn resolution(id: &str, name: &str, description: &str) -> Resolution {
    Resolution {
        id: id.to_owned(),
        name: name.to_owned(),
        description: description.to_owned(),
    }
}

fn doc(text: &str) -> Value {
    json!({"type": "doc", "version": 1, "content": [
        {"type": "paragraph", "content": [{"type": "text", "text": text}]}
    ]})
}

pub(super) fn demo_issues(state: &mut State, now: DateTime<Utc>) {
    let cloud_text = |t: &str| doc(t);
    let add =
        |state: &mut State, project: &str, ty: &str, pairs: Vec<(&str, Value)>, age_h: i64| {
            let at = now - Duration::hours(age_h);
            let fields: BTreeMap<String, Value> =
                pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            state.insert_issue(project, ty, fields, ANALYST, at)
        };
    let epic = add(
        state,
        "SEC",
        "10000",
        vec![
            ("summary", json!("Q3 vulnerability remediation")),
            ("priority", json!("2")),
            ("reporter", json!(ANALYST)),
        ],
        72,
    );
    let epic_id = epic.map(|(id, _)| id.to_string());
    add(
        state,
        "SEC",
        "10002",
        vec![
            ("summary", json!("Outdated openssl in base image")),
            ("description", cloud_text("openssl 1.1.1k has known CVEs.")),
            ("labels", json!(["container", "vb-demo0001"])),
            ("priority", json!("2")),
            ("reporter", json!(ANALYST)),
            ("customfield_10020", json!("10101")),
            ("parent", json!(epic_id)),
        ],
        48,
    );
    add(
        state,
        "SEC",
        "10001",
        vec![
            ("summary", json!("Rotate leaked CI token")),
            ("labels", json!(["secrets"])),
            ("priority", json!("1")),
            ("reporter", json!(ANALYST)),
            ("assignee", json!(DEVLEAD)),
        ],
        24,
    );
    add(
        state,
        "APPSEC",
        "10002",
        vec![
            ("summary", json!("SQL injection in /api/orders")),
            ("priority", json!("10000")),
            ("reporter", json!(ANALYST)),
            ("customfield_10030", json!("10120")),
            ("customfield_10031", json!(CHAMPION)),
            ("labels", json!(["sast"])),
        ],
        12,
    );
}

/// Data Center stores text as wiki strings; the demo seeds ADF, so convert once at start.
pub(super) fn to_wiki_text(state: &mut State) {
    for issue in state.issues.values_mut() {
        for (id, value) in issue.fields.iter_mut() {
            if id == "description" && value.is_object() {
                *value = Value::String(crate::adf::plain_text(value));
            }
        }
    }
}
