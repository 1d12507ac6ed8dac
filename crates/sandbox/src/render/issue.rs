//! Issues, their field values, comments, history, links and attachments.

use serde_json::{json, Map, Value};

use super::catalog::{issue_type, option, priority, project_ref, resolution, status};
use super::user::user_ref_by_id;
use super::Ctx;
use crate::clock::jira_time;
use crate::state::{
    find_option, Attachment, Comment, FieldKind, History, Issue, LinkType, RemoteLink,
};

/// Which fields a GET or search asked for (`fields=summary,-labels`, `*all`, `*navigable`).
#[derive(Clone, Debug, Default)]
pub(crate) struct FieldSelection {
    all: bool,
    include: Vec<String>,
    exclude: Vec<String>,
}

impl FieldSelection {
    pub fn all() -> Self {
        Self {
            all: true,
            ..Self::default()
        }
    }

    /// Parses `fields` values (each may be comma-separated). `None` when nothing was asked.
    pub fn parse<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<Self> {
        let mut sel = Self::default();
        let mut any = false;
        for part in values.into_iter().flat_map(|v| v.split(',')) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            any = true;
            match part {
                "*all" | "*navigable" => sel.all = true,
                p if p.starts_with('-') => sel.exclude.push(p[1..].to_owned()),
                p => sel.include.push(p.to_owned()),
            }
        }
        any.then_some(sel)
    }

    /// True when the selection asks for no field at all beyond id/key.
    pub fn ids_only(&self) -> bool {
        !self.all && self.include.iter().all(|f| f == "id" || f == "key")
    }

    fn wants(&self, field: &str) -> bool {
        if self.exclude.iter().any(|f| f == field) {
            return false;
        }
        self.all || self.include.iter().any(|f| f == field)
    }
}

/// A stored field value as Jira renders it.
pub(crate) fn field_value(ctx: &Ctx, field_id: &str, stored: &Value) -> Value {
    if stored.is_null() {
        return Value::Null;
    }
    let Some(def) = ctx.state.field(field_id) else {
        return stored.clone();
    };
    let opt = |id: &Value| {
        find_option(&def.options, id.as_str(), None).map_or(Value::Null, |o| option(ctx, o))
    };
    match def.kind {
        FieldKind::Select => opt(stored),
        FieldKind::MultiSelect => stored
            .as_array()
            .map(|ids| ids.iter().map(opt).collect())
            .unwrap_or(Value::Null),
        FieldKind::Cascading => {
            let parent = find_option(&def.options, stored["parent"].as_str(), None);
            let Some(parent) = parent else {
                return Value::Null;
            };
            let mut v = option(ctx, parent);
            if let Some(child) = find_option(&parent.children, stored["child"].as_str(), None) {
                v["child"] = option(ctx, child);
            }
            v
        }
        FieldKind::User => stored
            .as_str()
            .map_or(Value::Null, |id| user_ref_by_id(ctx, id)),
        FieldKind::Priority => stored
            .as_str()
            .and_then(|id| ctx.state.priority(id))
            .map_or(Value::Null, |p| priority(ctx, p)),
        FieldKind::Parent => stored
            .as_str()
            .and_then(|id| ctx.state.issue(id))
            .map_or(Value::Null, |p| parent_ref(ctx, p)),
        _ => stored.clone(),
    }
}

/// `{id, key, self, fields:{summary, status, priority?, issuetype}}` as links and parents show issues.
pub(crate) fn issue_ref(ctx: &Ctx, p: &Issue) -> Value {
    let mut v = parent_ref(ctx, p);
    if let Some(pr) = p
        .fields
        .get("priority")
        .and_then(|v| v.as_str())
        .and_then(|id| ctx.state.priority(id))
    {
        v["fields"]["priority"] = priority(ctx, pr);
    }
    v
}

pub(crate) fn link_type(ctx: &Ctx, t: &LinkType) -> Value {
    json!({
        "id": t.id,
        "name": t.name,
        "inward": t.inward,
        "outward": t.outward,
        "self": format!("{}/issueLinkType/{}", ctx.api, t.id),
    })
}

/// The `issuelinks` field: each link seen from this issue.
fn issue_links(ctx: &Ctx, issue: &Issue) -> Value {
    let mut out = Vec::new();
    for l in ctx
        .state
        .links
        .iter()
        .filter(|l| l.inward == issue.id || l.outward == issue.id)
    {
        let Some(t) = ctx.state.link_types.iter().find(|t| t.id == l.type_id) else {
            continue;
        };
        let mut v = json!({
            "id": l.id.to_string(),
            "self": format!("{}/issueLink/{}", ctx.api, l.id),
            "type": link_type(ctx, t),
        });
        let (side, other) = if l.outward == issue.id {
            ("inwardIssue", l.inward)
        } else {
            ("outwardIssue", l.outward)
        };
        if let Some(o) = ctx.state.issues.get(&other) {
            v[side] = issue_ref(ctx, o);
        }
        out.push(v);
    }
    Value::Array(out)
}

fn parent_ref(ctx: &Ctx, p: &Issue) -> Value {
    let mut fields = json!({
        "summary": p.fields.get("summary").cloned().unwrap_or(Value::Null),
    });
    if let Some(s) = ctx.state.status(&p.status) {
        fields["status"] = status(ctx, s);
    }
    if let Some(t) = ctx.state.issue_type(&p.issue_type) {
        fields["issuetype"] = issue_type(ctx, t);
    }
    json!({
        "id": p.id.to_string(),
        "key": p.key,
        "self": format!("{}/issue/{}", ctx.api, p.id),
        "fields": fields,
    })
}

/// All fields of an issue, before selection.
fn all_fields(ctx: &Ctx, issue: &Issue) -> Map<String, Value> {
    let mut m = Map::new();
    let project = ctx.state.project(&issue.project);
    if let Some(p) = project {
        for sf in &p.screen {
            let stored = issue.fields.get(&sf.id).cloned().unwrap_or(Value::Null);
            let default = if sf.id == "labels" {
                json!([])
            } else {
                Value::Null
            };
            let v = field_value(ctx, &sf.id, &stored);
            m.insert(sf.id.clone(), if v.is_null() { default } else { v });
        }
        m.insert("project".into(), project_ref(ctx, p));
    }
    for (id, stored) in &issue.fields {
        if !m.contains_key(id) {
            m.insert(id.clone(), field_value(ctx, id, stored));
        }
    }
    m.insert(
        "summary".into(),
        issue.fields.get("summary").cloned().unwrap_or(Value::Null),
    );
    if let Some(t) = ctx.state.issue_type(&issue.issue_type) {
        m.insert("issuetype".into(), issue_type(ctx, t));
    }
    if let Some(s) = ctx.state.status(&issue.status) {
        m.insert("status".into(), status(ctx, s));
    }
    let res = issue
        .resolution
        .as_deref()
        .and_then(|r| ctx.state.resolution(r))
        .map_or(Value::Null, |r| resolution(ctx, r));
    m.insert("resolution".into(), res);
    m.insert(
        "resolutiondate".into(),
        issue
            .resolution_date
            .map_or(Value::Null, |t| json!(jira_time(t))),
    );
    m.insert("created".into(), json!(jira_time(issue.created)));
    m.insert("updated".into(), json!(jira_time(issue.updated)));
    if ctx.cloud {
        m.insert(
            "statuscategorychangedate".into(),
            json!(jira_time(issue.status_changed)),
        );
    }
    m.insert("creator".into(), user_ref_by_id(ctx, &issue.creator));
    for id in [
        "assignee",
        "reporter",
        "priority",
        "description",
        "labels",
        "duedate",
    ] {
        m.entry(id.to_owned()).or_insert(if id == "labels" {
            json!([])
        } else {
            Value::Null
        });
    }
    m.insert("issuelinks".into(), issue_links(ctx, issue));
    m.insert("subtasks".into(), json!([]));
    m.insert(
        "comment".into(),
        comment_page(ctx, issue, 0, issue.comments.len().max(1)),
    );
    m.insert(
        "attachment".into(),
        issue
            .attachments
            .iter()
            .map(|a| attachment(ctx, issue, a))
            .collect(),
    );
    m
}

/// `{id, self, key, fields}` with the selected fields (plus expands handled by callers).
pub(crate) fn issue(ctx: &Ctx, issue: &Issue, sel: &FieldSelection) -> Value {
    let fields: Map<String, Value> = all_fields(ctx, issue)
        .into_iter()
        .filter(|(k, _)| sel.wants(k))
        .collect();
    json!({
        "expand": "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
        "id": issue.id.to_string(),
        "self": format!("{}/issue/{}", ctx.api, issue.id),
        "key": issue.key,
        "fields": fields,
    })
}

pub(crate) fn comment(ctx: &Ctx, issue: &Issue, c: &Comment) -> Value {
    let mut v = json!({
        "self": format!("{}/issue/{}/comment/{}", ctx.api, issue.id, c.id),
        "id": c.id.to_string(),
        "author": user_ref_by_id(ctx, &c.author),
        "body": c.body,
        "updateAuthor": user_ref_by_id(ctx, &c.update_author),
        "created": jira_time(c.created),
        "updated": jira_time(c.updated),
    });
    if ctx.cloud {
        v["jsdPublic"] = json!(true);
    }
    if let Some(vis) = &c.visibility {
        v["visibility"] = vis.clone();
    }
    v
}

pub(crate) fn comment_page(ctx: &Ctx, issue: &Issue, start: usize, max: usize) -> Value {
    let comments: Vec<Value> = issue
        .comments
        .iter()
        .skip(start)
        .take(max)
        .map(|c| comment(ctx, issue, c))
        .collect();
    json!({
        "comments": comments,
        "self": format!("{}/issue/{}/comment", ctx.api, issue.id),
        "maxResults": max,
        "total": issue.comments.len(),
        "startAt": start,
    })
}

pub(crate) fn history(ctx: &Ctx, h: &History) -> Value {
    let items: Vec<Value> = h
        .items
        .iter()
        .map(|i| {
            let mut v = json!({
                "field": i.field,
                "fieldtype": i.fieldtype,
            });
            // Empty sides are omitted (the Cloud spec types them as non-null strings).
            for (k, val) in [
                ("from", &i.from),
                ("fromString", &i.from_string),
                ("to", &i.to),
                ("toString", &i.to_string),
            ] {
                if let Some(val) = val {
                    v[k] = json!(val);
                }
            }
            if ctx.cloud {
                v["fieldId"] = json!(i.field_id);
            }
            v
        })
        .collect();
    json!({
        "id": h.id.to_string(),
        "author": user_ref_by_id(ctx, &h.author),
        "created": jira_time(h.created),
        "items": items,
    })
}

pub(crate) fn remote_link(ctx: &Ctx, issue: &Issue, l: &RemoteLink) -> Value {
    let mut v = json!({
        "id": l.id,
        "self": format!("{}/issue/{}/remotelink/{}", ctx.api, issue.key, l.id),
        "object": l.object,
    });
    if let Some(g) = &l.global_id {
        v["globalId"] = json!(g);
    }
    if let Some(a) = &l.application {
        v["application"] = a.clone();
    }
    if let Some(r) = &l.relationship {
        v["relationship"] = json!(r);
    }
    v
}

pub(crate) fn attachment(ctx: &Ctx, _issue: &Issue, a: &Attachment) -> Value {
    json!({
        "self": format!("{}/attachment/{}", ctx.api, a.id),
        "id": a.id.to_string(),
        "filename": a.filename,
        "author": user_ref_by_id(ctx, &a.author),
        "created": jira_time(a.created),
        "size": a.bytes.len(),
        "mimeType": a.mime_type,
        "content": format!("{}/attachment/content/{}", ctx.api, a.id),
    })
}
