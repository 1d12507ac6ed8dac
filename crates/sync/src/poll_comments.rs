//! Comments of a linked issue: the current list diffed against the stored one. New comments
//! (not written by Vulnbridge), edits (`updated` or text changed) and deletions (gone from
//! the list) become timeline events. Whether a comment is Vulnbridge's own costs one property
//! read, so it is asked once per comment, the first time it is seen.

use std::collections::BTreeMap;

use vulnbridge_jira::{Comment, JiraClient};
use vulnbridge_store::{JiraComment, PolledEvent, TicketLink, TimelineDetail, TimelineKind};

use crate::clock::stamp;

/// Characters of a comment quoted in its timeline message.
const QUOTE_CHARS: usize = 280;

/// What the diff of one issue's comments produced.
#[derive(Debug, Default)]
pub struct CommentDiff {
    /// Rows to store as they are now.
    pub rows: Vec<JiraComment>,
    pub events: Vec<PolledEvent>,
    pub added: usize,
    pub edited: usize,
    pub deleted: usize,
}

fn quote(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= QUOTE_CHARS {
        return line;
    }
    let cut: String = line.chars().take(QUOTE_CHARS).collect();
    format!("{cut}…")
}

fn event(kind: TimelineKind, at: String, message: String) -> PolledEvent {
    PolledEvent {
        at,
        kind,
        detail: TimelineDetail {
            message,
            ..TimelineDetail::default()
        },
    }
}

fn row(link: &TicketLink, c: &Comment, from_vulnbridge: bool) -> JiraComment {
    JiraComment {
        connection_id: link.connection_id.clone(),
        comment_id: c.id.clone(),
        issue_id: link.issue_id.clone(),
        finding_id: link.finding_id,
        author: c
            .author
            .as_ref()
            .map(|a| a.display_name.clone())
            .unwrap_or_default(),
        body: c.text(),
        created: c.created.map(stamp),
        updated: c.updated.map(stamp),
        from_vulnbridge,
        deleted: false,
    }
}

/// Reads the comments of issue `key` (its current key: it may have moved since it was
/// linked) and diffs them against `stored` (this issue's stored rows). `now` stamps
/// deletions (Jira does not say when a comment went).
pub async fn diff_comments(
    client: &JiraClient,
    link: &TicketLink,
    key: &str,
    stored: Vec<JiraComment>,
    now: &str,
) -> Result<CommentDiff, vulnbridge_jira::Error> {
    let current = client.comments(key).await?;
    let mut stored: BTreeMap<String, JiraComment> = stored
        .into_iter()
        .map(|c| (c.comment_id.clone(), c))
        .collect();
    let mut diff = CommentDiff::default();
    for c in &current {
        match stored.remove(&c.id) {
            None => {
                let ours = match client.is_vulnbridge_comment(&c.id).await {
                    Ok(ours) => ours,
                    // Deleted since the list was read: as if it had never been there.
                    Err(vulnbridge_jira::Error::NotFound { .. }) => continue,
                    Err(e) => return Err(e),
                };
                let new = row(link, c, ours);
                if !ours {
                    diff.added += 1;
                    diff.events.push(event(
                        TimelineKind::CommentAdded,
                        new.created.clone().unwrap_or_else(|| now.to_owned()),
                        format!(
                            "{} commented on {key} in Jira: {}",
                            new.author,
                            quote(&new.body)
                        ),
                    ));
                }
                diff.rows.push(new);
            }
            Some(old) => {
                let new = row(link, c, old.from_vulnbridge);
                let changed = old.deleted || old.updated != new.updated || old.body != new.body;
                if !changed {
                    continue;
                }
                if !old.from_vulnbridge {
                    let who = c
                        .update_author
                        .as_ref()
                        .map_or(new.author.as_str(), |a| a.display_name.as_str());
                    diff.edited += 1;
                    diff.events.push(event(
                        TimelineKind::CommentEdited,
                        new.updated.clone().unwrap_or_else(|| now.to_owned()),
                        format!(
                            "{who} edited a comment on {key} in Jira: {}",
                            quote(&new.body)
                        ),
                    ));
                }
                diff.rows.push(new);
            }
        }
    }
    for (_, mut gone) in stored {
        if gone.deleted {
            continue;
        }
        gone.deleted = true;
        if !gone.from_vulnbridge {
            diff.deleted += 1;
            diff.events.push(event(
                TimelineKind::CommentDeleted,
                now.to_owned(),
                format!(
                    "a comment by {} on {key} was deleted in Jira: {}",
                    gone.author,
                    quote(&gone.body)
                ),
            ));
        }
        diff.rows.push(gone);
    }
    Ok(diff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_comments_are_quoted_on_one_line() {
        assert_eq!(quote("a\n\nb  c"), "a b c");
        let long = "x".repeat(QUOTE_CHARS + 10);
        assert_eq!(quote(&long).chars().count(), QUOTE_CHARS + 1);
    }
}
