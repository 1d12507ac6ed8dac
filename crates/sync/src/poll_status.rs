//! What a polled Jira status means for the finding: the status-category rules, the
//! resolution table, and the timeline event (with who and when from the changelog).

use vulnbridge_jira::Issue;
use vulnbridge_store::{FindingStatus, PolledEvent, TicketLink, TimelineDetail, TimelineKind};

/// Which finding status a Jira resolution stands for when the ticket enters a `done` status.
/// Names match case-insensitively (`’` and `'` alike); an unlisted resolution, or none,
/// means `resolved`.
///
/// Defaults: `Won't Do`, `Won't Fix` → `accepted_risk` (the team decided not to fix);
/// `Not a Bug`, `Duplicate`, `Cannot Reproduce` → `false_positive`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolutionMap {
    entries: Vec<(String, FindingStatus)>,
}

fn normalize(name: &str) -> String {
    name.trim().replace('’', "'").to_lowercase()
}

impl Default for ResolutionMap {
    fn default() -> Self {
        Self::empty()
            .with("Won't Do", FindingStatus::AcceptedRisk)
            .with("Won't Fix", FindingStatus::AcceptedRisk)
            .with("Not a Bug", FindingStatus::FalsePositive)
            .with("Duplicate", FindingStatus::FalsePositive)
            .with("Cannot Reproduce", FindingStatus::FalsePositive)
    }
}

impl ResolutionMap {
    /// No entries: every done ticket resolves its finding.
    pub fn empty() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// Maps resolution `name` to `status` (replacing an earlier entry for it).
    pub fn with(mut self, name: &str, status: FindingStatus) -> Self {
        let key = normalize(name);
        self.entries.retain(|(n, _)| *n != key);
        self.entries.push((key, status));
        self
    }

    /// The finding status for a done ticket with `resolution`.
    pub fn status_for(&self, resolution: Option<&str>) -> FindingStatus {
        let Some(name) = resolution.map(normalize) else {
            return FindingStatus::Resolved;
        };
        self.entries
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(FindingStatus::Resolved, |(_, s)| *s)
    }
}

/// The ticket's status as read from a polled issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolledStatus {
    pub name: String,
    /// `new`, `indeterminate`, `done` (or `undefined`).
    pub category: String,
    pub resolution: Option<String>,
}

impl PolledStatus {
    pub fn of(issue: &Issue) -> Option<Self> {
        let status = issue.status()?;
        Some(Self {
            name: status.name,
            category: status.status_category.key,
            resolution: issue.resolution().map(str::to_owned),
        })
    }

    fn is_done(&self) -> bool {
        self.category == "done"
    }
}

/// Whether the ticket's status differs from what the link recorded, and whether that
/// change is worth a timeline event (the first sight of a fresh `new` ticket is not).
pub fn status_change(link: &TicketLink, now: &PolledStatus) -> (bool, bool) {
    let changed = link.status.as_deref() != Some(now.name.as_str())
        || link.status_category.as_deref() != Some(now.category.as_str());
    let first_sight_of_new = link.status.is_none() && now.category == "new";
    (changed, changed && !first_sight_of_new)
}

/// The finding's new status after the ticket moved from the link's recorded status to
/// `now`, given the finding's `current` status (`None`: unchanged).
///
/// Entering `done`: the resolution's status ([`ResolutionMap`]); a plain `resolved` keeps a
/// finding the analyst marked false positive or accepted risk. Leaving `done`: `reopened`
/// (unless the finding is open or reopened already). Other moves change nothing.
pub fn finding_target(
    link: &TicketLink,
    now: &PolledStatus,
    current: FindingStatus,
    resolutions: &ResolutionMap,
) -> Option<FindingStatus> {
    let was_done = link.status_category.as_deref() == Some("done");
    let target = if now.is_done() {
        let target = resolutions.status_for(now.resolution.as_deref());
        // A plain "done" does not overwrite the analyst's false positive / accepted risk.
        if target == FindingStatus::Resolved && current.is_analyst_decision() {
            return None;
        }
        target
    } else if was_done && !current.is_active() {
        FindingStatus::Reopened
    } else {
        return None;
    };
    (target != current).then_some(target)
}

/// The timeline event for a status move of ticket `key`.
pub fn status_event(
    key: &str,
    from: Option<&str>,
    now: &PolledStatus,
    finding: Option<(FindingStatus, FindingStatus)>,
    who: Option<&str>,
    at: String,
) -> PolledEvent {
    let from = from.unwrap_or("(not synced yet)");
    let mut jira = format!("{key} moved {from} → {}", now.name);
    if let Some(resolution) = &now.resolution {
        jira.push_str(&format!(" (resolution {resolution})"));
    }
    if let Some(who) = who.filter(|w| !w.is_empty()) {
        jira.push_str(&format!(" by {who}"));
    }
    jira.push_str(" in Jira");
    match finding {
        Some((old, new)) => PolledEvent {
            at,
            kind: TimelineKind::StatusChanged,
            detail: TimelineDetail {
                message: format!("status {old} → {new}: {jira}"),
                from_status: Some(old),
                to_status: Some(new),
                reason: Some(jira),
                import_id: None,
                file_name: None,
            },
        },
        None => PolledEvent {
            at,
            kind: TimelineKind::TicketStatusChanged,
            detail: TimelineDetail {
                message: jira,
                ..TimelineDetail::default()
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(status: Option<&str>, category: Option<&str>) -> TicketLink {
        TicketLink {
            finding_id: vulnbridge_store::FindingId(1),
            connection_id: "c".into(),
            issue_id: "10001".into(),
            issue_key: "SEC-1".into(),
            url: String::new(),
            status: status.map(str::to_owned),
            status_category: category.map(str::to_owned),
            created_at: String::new(),
            last_synced_at: String::new(),
        }
    }

    fn polled(name: &str, category: &str, resolution: Option<&str>) -> PolledStatus {
        PolledStatus {
            name: name.into(),
            category: category.into(),
            resolution: resolution.map(str::to_owned),
        }
    }

    #[test]
    fn done_resolves_by_resolution_and_leaving_done_reopens() {
        let map = ResolutionMap::default();
        let todo = link(Some("To Do"), Some("new"));
        let done = link(Some("Done"), Some("done"));
        let open = FindingStatus::Open;
        assert_eq!(
            finding_target(&todo, &polled("Done", "done", Some("Done")), open, &map),
            Some(FindingStatus::Resolved)
        );
        assert_eq!(
            finding_target(
                &todo,
                &polled("Closed", "done", Some("Won’t Do")),
                open,
                &map
            ),
            Some(FindingStatus::AcceptedRisk)
        );
        assert_eq!(
            finding_target(
                &todo,
                &polled("Closed", "done", Some("duplicate")),
                open,
                &map
            ),
            Some(FindingStatus::FalsePositive)
        );
        let reopened = polled("To Do", "new", None);
        assert_eq!(
            finding_target(&done, &reopened, FindingStatus::Resolved, &map),
            Some(FindingStatus::Reopened)
        );
        assert_eq!(finding_target(&done, &reopened, open, &map), None);
        let closed = polled("Done", "done", Some("Done"));
        assert_eq!(
            finding_target(&todo, &closed, FindingStatus::FalsePositive, &map),
            None,
            "the analyst's decision stays"
        );
        assert_eq!(
            finding_target(
                &todo,
                &polled("Done", "done", Some("Won't Do")),
                FindingStatus::FalsePositive,
                &map
            ),
            Some(FindingStatus::AcceptedRisk)
        );
        assert_eq!(
            finding_target(
                &todo,
                &polled("In Progress", "indeterminate", None),
                open,
                &map
            ),
            None
        );
        let custom = ResolutionMap::empty().with("Won't Do", FindingStatus::FalsePositive);
        assert_eq!(
            custom.status_for(Some("WON'T DO")),
            FindingStatus::FalsePositive
        );
        assert_eq!(
            custom.status_for(Some("Duplicate")),
            FindingStatus::Resolved
        );
    }

    #[test]
    fn the_first_sight_of_a_new_ticket_is_recorded_without_an_event() {
        let fresh = link(None, None);
        assert_eq!(
            status_change(&fresh, &polled("To Do", "new", None)),
            (true, false)
        );
        assert_eq!(
            status_change(&fresh, &polled("Done", "done", None)),
            (true, true)
        );
        let todo = link(Some("To Do"), Some("new"));
        assert_eq!(
            status_change(&todo, &polled("To Do", "new", None)),
            (false, false)
        );
    }
}
