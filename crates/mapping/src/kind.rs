//! What kind of value a field takes, decided from its createmeta schema.

use serde::{Deserialize, Serialize};

use crate::meta::FieldMeta;

const CUSTOM: &str = "com.atlassian.jira.plugin.system.customfieldtypes:";
const EPIC_LINK: &str = "com.pyxis.greenhopper.jira:gh-epic-link";

/// The value shape a field needs in a create payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// The issue summary (single line, 255 chars).
    Summary,
    /// Multi-line rich text: description, environment, textarea custom fields (ADF on Cloud,
    /// wiki markup on Data Center).
    RichText,
    /// Single-line text (text field custom fields, 255 chars).
    Text,
    /// A URL custom field (a plain string).
    Url,
    Number,
    /// `YYYY-MM-DD`.
    Date,
    /// ISO 8601 date and time.
    DateTime,
    /// One option (select list, radio buttons): `{"id"}` or `{"value"}`.
    Select,
    /// Several options (multi select, checkboxes): `[{"id"}]`.
    MultiSelect,
    /// Parent and child option: `{"id", "child": {"id"}}`.
    Cascading,
    /// Array of strings without spaces (system labels, labels custom fields).
    Labels,
    /// One user: `{"accountId"}` on Cloud, `{"name"}` on Data Center.
    User,
    MultiUser,
    /// A group: `{"name"}`.
    Group,
    Priority,
    /// `[{"id"}]`
    Components,
    /// `[{"id"}]` (fix versions, affects versions, multi-version custom fields).
    Versions,
    /// `{"id"}` (single version custom field).
    Version,
    /// The parent issue: `{"key"}`.
    Parent,
    /// Jira Software's Epic Link custom field (Data Center): the epic's key as a string.
    EpicLink,
    /// Set from the routing rule, never from the mapping.
    IssueType,
    /// Set from the routing rule, never from the mapping.
    Project,
    /// Anything else (attachments, issue links, marketplace fields, read-only fields).
    Unsupported,
}

impl FieldKind {
    /// Classifies a field from its schema (custom type first, then system name, then type).
    pub fn of(field: &FieldMeta) -> FieldKind {
        let s = &field.schema;
        if let Some(custom) = s.custom.as_deref() {
            if custom == EPIC_LINK {
                return FieldKind::EpicLink;
            }
            if let Some(kind) = custom.strip_prefix(CUSTOM).and_then(custom_kind) {
                return kind;
            }
        }
        let system = s.system.as_deref().unwrap_or(field.id.as_str());
        match system {
            "summary" => return FieldKind::Summary,
            "description" | "environment" => return FieldKind::RichText,
            "labels" => return FieldKind::Labels,
            "priority" => return FieldKind::Priority,
            "components" => return FieldKind::Components,
            "fixVersions" | "versions" => return FieldKind::Versions,
            "parent" => return FieldKind::Parent,
            "issuetype" => return FieldKind::IssueType,
            "project" => return FieldKind::Project,
            "duedate" => return FieldKind::Date,
            "assignee" | "reporter" => return FieldKind::User,
            "attachment" | "issuelinks" | "timetracking" | "security" | "worklog" => {
                return FieldKind::Unsupported
            }
            _ => {}
        }
        let items = s.items.as_deref().unwrap_or("");
        match (s.kind.as_str(), items) {
            ("string", _) => FieldKind::Text,
            ("number", _) => FieldKind::Number,
            ("date", _) => FieldKind::Date,
            ("datetime", _) => FieldKind::DateTime,
            ("option", _) => FieldKind::Select,
            ("option-with-child", _) => FieldKind::Cascading,
            ("user", _) => FieldKind::User,
            ("group", _) => FieldKind::Group,
            ("priority", _) => FieldKind::Priority,
            ("version", _) => FieldKind::Version,
            ("issuetype", _) => FieldKind::IssueType,
            ("project", _) => FieldKind::Project,
            ("array", "option") => FieldKind::MultiSelect,
            ("array", "string") => FieldKind::Labels,
            ("array", "user") => FieldKind::MultiUser,
            ("array", "component") => FieldKind::Components,
            ("array", "version") => FieldKind::Versions,
            _ => FieldKind::Unsupported,
        }
    }

    /// Fields whose values come from `allowedValues`.
    pub fn uses_allowed_values(self) -> bool {
        matches!(
            self,
            FieldKind::Select
                | FieldKind::MultiSelect
                | FieldKind::Cascading
                | FieldKind::Priority
                | FieldKind::Components
                | FieldKind::Versions
                | FieldKind::Version
        )
    }

    /// Fields that take text (from templates, literals, attributes).
    pub fn is_textual(self) -> bool {
        matches!(
            self,
            FieldKind::Summary | FieldKind::RichText | FieldKind::Text | FieldKind::Url
        )
    }

    /// A short plain-words name for messages ("a number field").
    pub fn describe(self) -> &'static str {
        match self {
            FieldKind::Summary => "the summary",
            FieldKind::RichText => "a multi-line text field",
            FieldKind::Text => "a single-line text field",
            FieldKind::Url => "a URL field",
            FieldKind::Number => "a number field",
            FieldKind::Date => "a date field",
            FieldKind::DateTime => "a date-time field",
            FieldKind::Select => "a single-choice list",
            FieldKind::MultiSelect => "a multiple-choice list",
            FieldKind::Cascading => "a cascading list",
            FieldKind::Labels => "a labels field",
            FieldKind::User => "a user field",
            FieldKind::MultiUser => "a multi-user field",
            FieldKind::Group => "a group field",
            FieldKind::Priority => "the priority",
            FieldKind::Components => "the components",
            FieldKind::Versions => "a versions field",
            FieldKind::Version => "a version field",
            FieldKind::Parent => "the parent",
            FieldKind::EpicLink => "the epic link",
            FieldKind::IssueType => "the issue type",
            FieldKind::Project => "the project",
            FieldKind::Unsupported => "a field type Vulnbridge cannot fill",
        }
    }
}

fn custom_kind(name: &str) -> Option<FieldKind> {
    Some(match name {
        "select" | "radiobuttons" => FieldKind::Select,
        "multiselect" | "multicheckboxes" => FieldKind::MultiSelect,
        "cascadingselect" => FieldKind::Cascading,
        "textfield" => FieldKind::Text,
        "textarea" => FieldKind::RichText,
        "url" => FieldKind::Url,
        "float" => FieldKind::Number,
        "datepicker" => FieldKind::Date,
        "datetime" => FieldKind::DateTime,
        "labels" => FieldKind::Labels,
        "userpicker" => FieldKind::User,
        "multiuserpicker" => FieldKind::MultiUser,
        "grouppicker" => FieldKind::Group,
        "version" => FieldKind::Version,
        "multiversion" => FieldKind::Versions,
        "project" | "readonlyfield" => FieldKind::Unsupported,
        _ => return None,
    })
}
