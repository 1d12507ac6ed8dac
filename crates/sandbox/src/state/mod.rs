//! The sandbox's in-memory Jira: catalog (users, fields, projects) and issues.

pub(crate) mod catalog;
pub(crate) mod issue;
mod seed;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::config::{Flavor, Seed};
pub(crate) use catalog::*;
pub(crate) use issue::*;

#[derive(Debug)]
pub(crate) struct State {
    pub users: Vec<User>,
    pub fields: Vec<FieldDef>,
    pub statuses: Vec<Status>,
    pub issue_types: Vec<IssueType>,
    pub priorities: Vec<Priority>,
    pub resolutions: Vec<Resolution>,
    pub projects: Vec<Project>,
    pub issues: BTreeMap<u64, Issue>,
    pub link_types: Vec<LinkType>,
    pub links: Vec<IssueLink>,
    next_id: u64,
}

impl State {
    pub fn new(seed: Seed, flavor: Flavor, now: DateTime<Utc>) -> Self {
        let mut state = seed::catalog();
        if seed == Seed::Demo {
            seed::demo_issues(&mut state, now);
            if flavor == Flavor::DataCenter {
                seed::to_wiki_text(&mut state);
            }
        }
        state
    }

    /// A fresh id for comments, histories, links, attachments and issues (one sequence, as
    /// uniqueness is all clients may rely on).
    pub fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    pub fn user_by_account(&self, account_id: &str) -> Option<&User> {
        self.users.iter().find(|u| u.account_id == account_id)
    }

    pub fn user_by_name(&self, name: &str) -> Option<&User> {
        self.users.iter().find(|u| u.name == name)
    }

    pub fn user_by_email(&self, email: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.email.eq_ignore_ascii_case(email))
    }

    pub fn field(&self, id: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub fn status(&self, id: &str) -> Option<&Status> {
        self.statuses.iter().find(|s| s.id == id)
    }

    pub fn issue_type(&self, id: &str) -> Option<&IssueType> {
        self.issue_types.iter().find(|t| t.id == id)
    }

    pub fn priority(&self, id: &str) -> Option<&Priority> {
        self.priorities.iter().find(|p| p.id == id)
    }

    pub fn resolution(&self, id: &str) -> Option<&Resolution> {
        self.resolutions.iter().find(|r| r.id == id)
    }

    /// By key (case-insensitive) or numeric id.
    pub fn project(&self, id_or_key: &str) -> Option<&Project> {
        self.projects
            .iter()
            .find(|p| p.id == id_or_key || p.key.eq_ignore_ascii_case(id_or_key))
    }

    pub fn project_mut(&mut self, key: &str) -> Option<&mut Project> {
        self.projects.iter_mut().find(|p| p.key == key)
    }

    /// By key (case-insensitive) or numeric id.
    pub fn issue_id(&self, id_or_key: &str) -> Option<u64> {
        if let Ok(id) = id_or_key.parse::<u64>() {
            return self.issues.contains_key(&id).then_some(id);
        }
        self.issues
            .values()
            .find(|i| i.key.eq_ignore_ascii_case(id_or_key))
            .map(|i| i.id)
    }

    pub fn issue(&self, id_or_key: &str) -> Option<&Issue> {
        self.issues.get(&self.issue_id(id_or_key)?)
    }

    pub fn issue_mut(&mut self, id_or_key: &str) -> Option<&mut Issue> {
        let id = self.issue_id(id_or_key)?;
        self.issues.get_mut(&id)
    }
}

impl State {
    /// Stores a validated new issue in its project's initial status; returns (id, key).
    pub fn insert_issue(
        &mut self,
        project_key: &str,
        issue_type: &str,
        fields: BTreeMap<String, serde_json::Value>,
        creator: &str,
        now: DateTime<Utc>,
    ) -> Option<(u64, String)> {
        let id = self.next_id();
        let project = self.project_mut(project_key)?;
        project.next_number += 1;
        let key = format!("{}-{}", project.key, project.next_number);
        let status = project.workflow.initial.clone();
        let project = project.key.clone();
        let issue = Issue {
            id,
            key: key.clone(),
            project,
            issue_type: issue_type.to_owned(),
            status,
            resolution: None,
            resolution_date: None,
            fields,
            created: now,
            updated: now,
            status_changed: now,
            creator: creator.to_owned(),
            comments: Vec::new(),
            properties: BTreeMap::new(),
            remote_links: Vec::new(),
            attachments: Vec::new(),
            histories: Vec::new(),
        };
        self.issues.insert(id, issue);
        Some((id, key))
    }
}
