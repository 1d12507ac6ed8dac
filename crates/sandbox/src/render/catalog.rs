//! Projects, issue types, statuses, priorities, resolutions, fields and their metadata.

use serde_json::{json, Value};

use super::Ctx;
use crate::state::{
    Category, FieldDef, FieldKind, IssueType, OptionDef, Priority, Project, Resolution, Status,
};

fn project_avatars(ctx: &Ctx, id: &str) -> Value {
    let base = format!("{}/secure/projectavatar?pid={id}", ctx.base_url);
    json!({
        "48x48": base,
        "24x24": format!("{base}&size=small"),
        "16x16": format!("{base}&size=xsmall"),
        "32x32": format!("{base}&size=medium"),
    })
}

/// Project as listed by `/project/search` (Cloud) or `/project` (DC).
pub(crate) fn project(ctx: &Ctx, p: &Project) -> Value {
    let mut v = json!({
        "expand": "description,lead,issueTypes,url,projectKeys,permissions,insight",
        "self": format!("{}/project/{}", ctx.api, p.id),
        "id": p.id,
        "key": p.key,
        "name": p.name,
        "avatarUrls": project_avatars(ctx, &p.id),
        "projectTypeKey": "software",
    });
    if ctx.cloud {
        v["simplified"] = json!(false);
        v["style"] = json!("classic");
        v["isPrivate"] = json!(false);
        v["properties"] = json!({});
    } else {
        v["archived"] = json!(false);
    }
    v
}

/// Project with description, lead and issue types (`/project/{key}`).
pub(crate) fn project_detail(ctx: &Ctx, p: &Project) -> Value {
    let mut v = project(ctx, p);
    v["description"] = json!(p.description);
    if let Some(lead) = ctx.state.user_by_account(&p.lead) {
        v["lead"] = super::user::user_ref(ctx, lead);
    }
    v["issueTypes"] = p
        .issue_types
        .iter()
        .filter_map(|id| ctx.state.issue_type(id))
        .map(|t| issue_type(ctx, t))
        .collect();
    v
}

/// Compact project inside issue fields.
pub(crate) fn project_ref(ctx: &Ctx, p: &Project) -> Value {
    let mut v = json!({
        "self": format!("{}/project/{}", ctx.api, p.id),
        "id": p.id,
        "key": p.key,
        "name": p.name,
        "projectTypeKey": "software",
        "avatarUrls": project_avatars(ctx, &p.id),
    });
    if ctx.cloud {
        v["simplified"] = json!(false);
    }
    v
}

pub(crate) fn issue_type(ctx: &Ctx, t: &IssueType) -> Value {
    let mut v = json!({
        "self": format!("{}/issuetype/{}", ctx.api, t.id),
        "id": t.id,
        "description": t.description,
        "iconUrl": format!("{}/images/icons/issuetypes/{}.svg", ctx.base_url, t.name.to_lowercase()),
        "name": t.name,
        "subtask": t.subtask,
        "avatarId": 10300,
    });
    if ctx.cloud {
        v["hierarchyLevel"] = json!(t.hierarchy_level);
    }
    v
}

pub(crate) fn status_category(ctx: &Ctx, c: Category) -> Value {
    json!({
        "self": format!("{}/statuscategory/{}", ctx.api, c.id()),
        "id": c.id(),
        "key": c.key(),
        "colorName": c.color(),
        "name": c.name(),
    })
}

pub(crate) fn status(ctx: &Ctx, s: &Status) -> Value {
    json!({
        "self": format!("{}/status/{}", ctx.api, s.id),
        "description": "",
        "iconUrl": format!("{}/images/icons/statuses/generic.png", ctx.base_url),
        "name": s.name,
        "id": s.id,
        "statusCategory": status_category(ctx, s.category),
    })
}

pub(crate) fn priority(ctx: &Ctx, p: &Priority) -> Value {
    json!({
        "self": format!("{}/priority/{}", ctx.api, p.id),
        "iconUrl": format!("{}/images/icons/priorities/{}.svg", ctx.base_url, p.name.to_lowercase()),
        "name": p.name,
        "id": p.id,
    })
}

/// Priority as `/priority` lists it.
pub(crate) fn priority_full(ctx: &Ctx, p: &Priority) -> Value {
    let mut v = priority(ctx, p);
    v["statusColor"] = json!(p.color);
    v["description"] = json!(format!("{} priority", p.name));
    v
}

pub(crate) fn resolution(ctx: &Ctx, r: &Resolution) -> Value {
    json!({
        "self": format!("{}/resolution/{}", ctx.api, r.id),
        "id": r.id,
        "description": r.description,
        "name": r.name,
    })
}

pub(crate) fn option(ctx: &Ctx, o: &OptionDef) -> Value {
    json!({
        "self": format!("{}/customFieldOption/{}", ctx.api, o.id),
        "value": o.value,
        "id": o.id,
    })
}

fn option_with_children(ctx: &Ctx, o: &OptionDef) -> Value {
    let mut v = option(ctx, o);
    v["children"] = o.children.iter().map(|c| option(ctx, c)).collect();
    v
}

/// An entry of `/field`.
pub(crate) fn field(ctx: &Ctx, f: &FieldDef) -> Value {
    let mut v = json!({
        "id": f.id,
        "name": f.name,
        "custom": f.is_custom(),
        "orderable": f.kind != FieldKind::Project,
        "navigable": true,
        "searchable": true,
        "clauseNames": f.clause_names,
        "schema": f.schema(),
    });
    if ctx.cloud {
        v["key"] = json!(f.id);
    }
    v
}

fn operations(kind: FieldKind) -> Vec<&'static str> {
    match kind {
        FieldKind::Labels | FieldKind::MultiSelect => vec!["add", "set", "remove"],
        FieldKind::Summary | FieldKind::RichText | FieldKind::Text => vec!["set"],
        _ => vec!["set"],
    }
}

/// Field metadata as createmeta and transition screens describe it.
pub(crate) fn field_meta(ctx: &Ctx, f: &FieldDef, required: bool, project: &Project) -> Value {
    let mut v = json!({
        "required": required,
        "schema": f.schema(),
        "name": f.name,
        "fieldId": f.id,
        "hasDefaultValue": f.kind == FieldKind::Priority,
        "operations": operations(f.kind),
    });
    if ctx.cloud {
        v["key"] = json!(f.id);
    }
    let allowed: Option<Vec<Value>> = match f.kind {
        FieldKind::Select | FieldKind::MultiSelect => {
            Some(f.options.iter().map(|o| option(ctx, o)).collect())
        }
        FieldKind::Cascading => Some(
            f.options
                .iter()
                .map(|o| option_with_children(ctx, o))
                .collect(),
        ),
        FieldKind::Priority => Some(
            project
                .priorities
                .iter()
                .filter_map(|id| ctx.state.priority(id))
                .map(|p| priority(ctx, p))
                .collect(),
        ),
        FieldKind::IssueType => Some(
            project
                .issue_types
                .iter()
                .filter_map(|id| ctx.state.issue_type(id))
                .map(|t| issue_type(ctx, t))
                .collect(),
        ),
        FieldKind::Project => Some(vec![project_ref(ctx, project)]),
        _ => None,
    };
    if let Some(allowed) = allowed {
        v["allowedValues"] = Value::Array(allowed);
    }
    if f.kind == FieldKind::Priority {
        if let Some(p) = ctx.state.priority(&project.default_priority) {
            v["defaultValue"] = priority(ctx, p);
        }
    }
    if f.kind == FieldKind::User {
        let url = if ctx.cloud {
            format!("{}/user/search?query=", ctx.api)
        } else {
            format!("{}/user/search?username=", ctx.api)
        };
        v["autoCompleteUrl"] = json!(url);
    }
    if f.kind == FieldKind::Labels {
        v["autoCompleteUrl"] = json!(format!(
            "{}/rest/api/1.0/labels/suggest?query=",
            ctx.base_url
        ));
    }
    v
}
