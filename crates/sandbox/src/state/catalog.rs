//! The configuration side of the emulated Jira: users, fields, projects, workflows.

use serde_json::{json, Value};

/// A Jira user. Cloud addresses users by `account_id`, Data Center by `name`.
#[derive(Clone, Debug)]
pub(crate) struct User {
    pub account_id: String,
    pub name: String,
    pub display_name: String,
    pub email: String,
    pub time_zone: String,
    pub active: bool,
}

/// How a field's values are written, validated and rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FieldKind {
    Summary,
    /// ADF on Cloud v3, a wiki-markup string on Data Center v2.
    RichText,
    /// A single-line string (textfield); plain string on both flavors.
    Text,
    Select,
    MultiSelect,
    Cascading,
    Labels,
    Number,
    Date,
    User,
    Priority,
    IssueType,
    Project,
    Parent,
}

#[derive(Clone, Debug)]
pub(crate) struct OptionDef {
    pub id: String,
    pub value: String,
    pub children: Vec<OptionDef>,
}

impl OptionDef {
    pub fn new(id: &str, value: &str) -> Self {
        Self {
            id: id.to_owned(),
            value: value.to_owned(),
            children: Vec::new(),
        }
    }

    pub fn with_children(mut self, children: Vec<OptionDef>) -> Self {
        self.children = children;
        self
    }
}

#[derive(Clone, Debug)]
pub(crate) struct FieldDef {
    pub id: String,
    pub name: String,
    pub kind: FieldKind,
    /// The `customfieldtypes:` suffix for custom fields (e.g. `select`), `None` for system fields.
    pub custom_type: Option<&'static str>,
    pub options: Vec<OptionDef>,
    /// JQL clause names.
    pub clause_names: Vec<String>,
}

impl FieldDef {
    pub fn is_custom(&self) -> bool {
        self.custom_type.is_some()
    }

    pub fn custom_id(&self) -> Option<u64> {
        self.id.strip_prefix("customfield_")?.parse().ok()
    }

    /// The `schema` object Jira publishes for this field.
    pub fn schema(&self) -> Value {
        let (ty, items) = match self.kind {
            FieldKind::Summary | FieldKind::RichText | FieldKind::Text => ("string", None),
            FieldKind::Select => ("option", None),
            FieldKind::MultiSelect => ("array", Some("option")),
            FieldKind::Cascading => ("option-with-child", None),
            FieldKind::Labels => ("array", Some("string")),
            FieldKind::Number => ("number", None),
            FieldKind::Date => ("date", None),
            FieldKind::User => ("user", None),
            FieldKind::Priority => ("priority", None),
            FieldKind::IssueType => ("issuetype", None),
            FieldKind::Project => ("project", None),
            FieldKind::Parent => ("issuelink", None),
        };
        let mut s = json!({ "type": ty });
        if let Some(items) = items {
            s["items"] = json!(items);
        }
        match (self.custom_type, self.custom_id()) {
            (Some(custom), Some(id)) => {
                s["custom"] = json!(format!(
                    "com.atlassian.jira.plugin.system.customfieldtypes:{custom}"
                ));
                s["customId"] = json!(id);
            }
            _ => s["system"] = json!(self.id),
        }
        s
    }
}

pub(crate) fn find_option<'a>(
    options: &'a [OptionDef],
    id: Option<&str>,
    value: Option<&str>,
) -> Option<&'a OptionDef> {
    options.iter().find(|o| match (id, value) {
        (Some(id), _) => o.id == id,
        (None, Some(v)) => o.value == v,
        (None, None) => false,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Category {
    New,
    Indeterminate,
    Done,
}

impl Category {
    pub fn id(self) -> u64 {
        match self {
            Category::New => 2,
            Category::Indeterminate => 4,
            Category::Done => 3,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Category::New => "new",
            Category::Indeterminate => "indeterminate",
            Category::Done => "done",
        }
    }

    pub fn color(self) -> &'static str {
        match self {
            Category::New => "blue-gray",
            Category::Indeterminate => "yellow",
            Category::Done => "green",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Category::New => "To Do",
            Category::Indeterminate => "In Progress",
            Category::Done => "Done",
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Status {
    pub id: String,
    pub name: String,
    pub category: Category,
}

#[derive(Clone, Debug)]
pub(crate) struct TransitionDef {
    pub id: String,
    pub name: String,
    /// Statuses it starts from; empty = global (from any status).
    pub from: Vec<String>,
    pub to: String,
    /// The transition screen asks for a resolution and it is required.
    pub requires_resolution: bool,
    /// A post function sets this resolution (simplified workflows' Done).
    pub sets_resolution: Option<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct Workflow {
    pub initial: String,
    pub transitions: Vec<TransitionDef>,
}

#[derive(Clone, Debug)]
pub(crate) struct IssueType {
    pub id: String,
    pub name: String,
    pub description: String,
    pub subtask: bool,
    pub hierarchy_level: i64,
}

#[derive(Clone, Debug)]
pub(crate) struct Priority {
    pub id: String,
    pub name: String,
    pub color: String,
}

#[derive(Clone, Debug)]
pub(crate) struct Resolution {
    pub id: String,
    pub name: String,
    pub description: String,
}

/// A field on a project's create/edit screen.
#[derive(Clone, Debug)]
pub(crate) struct ScreenField {
    pub id: String,
    pub required: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct Project {
    pub id: String,
    pub key: String,
    pub name: String,
    pub description: String,
    pub lead: String,
    pub issue_types: Vec<String>,
    pub workflow: Workflow,
    pub screen: Vec<ScreenField>,
    pub priorities: Vec<String>,
    pub default_priority: String,
    pub priority_scheme_id: u64,
    pub next_number: u64,
}

impl Project {
    pub fn screen_field(&self, id: &str) -> Option<&ScreenField> {
        self.screen.iter().find(|f| f.id == id)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct LinkType {
    pub id: String,
    pub name: String,
    pub inward: String,
    pub outward: String,
}
