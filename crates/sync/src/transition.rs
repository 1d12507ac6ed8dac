//! Sends queued `transition` operations: read the issue's transitions (with their screen
//! fields), pick one into the target status category, fill a required resolution, move the
//! issue, then add the explanatory comment marked as written by Vulnbridge (so the poll does
//! not pull it back). One operation at a time, so writes to an issue never overlap.
//!
//! Resolution choice: a transition that requires `resolution` gets the allowed value named
//! "Done" when there is one, else the first allowed value. Other required fields cannot be
//! filled: the operation is parked with a message.
//!
//! After a lost answer (ambiguous) the issue's status is read first: already in the target
//! category means the move was applied, and only the comment is added (when not there yet).

use serde_json::{json, Map, Value};
use vulnbridge_jira::{Error as JiraError, NewComment, TextBody, Transition};
use vulnbridge_store::{
    ClaimedOp, EventOrigin, OpError, OutboxState, TimelineDetail, TimelineKind,
};

use super::queue_status::{TransitionPayload, TransitionTarget};
use crate::error::SyncError;
use crate::push::{BatchOutcome, PushContext};

/// Picks the transition into `target` with the fewest required fields (for reopening, a
/// `new` status before an `indeterminate` one).
pub fn pick_transition(
    transitions: &[Transition],
    target: TransitionTarget,
) -> Option<&Transition> {
    transitions
        .iter()
        .filter(|t| target.accepts(&t.to.status_category.key))
        .min_by_key(|t| {
            let later_category = usize::from(t.to.status_category.key == "indeterminate");
            (later_category, t.required_fields().len())
        })
}

/// The screen fields to send, or the reason the transition cannot be done automatically.
pub fn fill_required(t: &Transition) -> Result<Map<String, Value>, String> {
    let mut fields = Map::new();
    for id in t.required_fields() {
        if id != "resolution" {
            return Err(format!(
                "the transition \"{}\" requires the field \"{id}\", which Vulnbridge cannot fill; move the ticket by hand",
                t.name
            ));
        }
        let allowed = t
            .fields
            .get(id)
            .and_then(|m| m.get("allowedValues"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let name = |v: &Value| v.get("name").and_then(Value::as_str).map(str::to_owned);
        let chosen = allowed
            .iter()
            .find(|v| name(v).as_deref() == Some("Done"))
            .or_else(|| allowed.first());
        let value = match chosen {
            Some(v) => match v.get("id").and_then(Value::as_str) {
                Some(rid) => json!({ "id": rid }),
                None => json!({ "name": name(v).unwrap_or_else(|| "Done".into()) }),
            },
            None => json!({ "name": "Done" }),
        };
        fields.insert(id.to_owned(), value);
    }
    Ok(fields)
}

/// What happened to one operation.
enum Step {
    /// Moved; `commented` when the comment is on the issue already.
    Done {
        status: String,
        category: String,
        commented: bool,
    },
    Park(String),
}

/// Status name and category key of the issue now.
async fn current_status(ctx: &PushContext<'_>, key: &str) -> Result<(String, String), JiraError> {
    let issue = ctx.client.get_issue(key, &["status"], false).await?;
    let status = issue.status().unwrap_or_default();
    Ok((status.name, status.status_category.key))
}

/// Adds the comment unless an identical one is on the issue already (`check`, after a lost
/// answer).
async fn add_comment(
    ctx: &PushContext<'_>,
    key: &str,
    text: &str,
    check: bool,
) -> Result<(), JiraError> {
    if check {
        let comments = ctx.client.comments(key).await?;
        if comments.iter().any(|c| c.text().trim() == text.trim()) {
            return Ok(());
        }
    }
    let comment = NewComment::new(TextBody::plain(text)).from_vulnbridge();
    ctx.client.add_comment(key, &comment).await.map(|_| ())
}

async fn send(
    ctx: &PushContext<'_>,
    p: &TransitionPayload,
    prior: OutboxState,
    known_status: Option<&str>,
) -> Result<Step, JiraError> {
    if prior == OutboxState::Ambiguous {
        let (status, category) = current_status(ctx, &p.issue_key).await?;
        if p.target.accepts(&category) {
            add_comment(ctx, &p.issue_key, &p.comment, true).await?;
            return Ok(Step::Done {
                status,
                category,
                commented: true,
            });
        }
    }
    let transitions = ctx.client.transitions(&p.issue_key).await?;
    let Some(t) = pick_transition(&transitions, p.target) else {
        let from =
            known_status.map_or_else(|| "its current status".to_owned(), |s| format!("\"{s}\""));
        return Ok(Step::Park(format!(
            "the workflow of {} has no transition from {from} to {}; move it by hand",
            p.issue_key,
            p.target.describe()
        )));
    };
    let fields = match fill_required(t) {
        Ok(fields) => fields,
        Err(reason) => return Ok(Step::Park(format!("{}: {reason}", p.issue_key))),
    };
    ctx.client
        .transition_issue(&p.issue_key, &t.id, fields, None)
        .await?;
    Ok(Step::Done {
        status: t.to.name.clone(),
        category: t.to.status_category.key.clone(),
        commented: false,
    })
}

/// Sends claimed transitions one by one, committing each outcome. `created` counts moved
/// tickets.
pub(crate) async fn push_transitions(
    ctx: &mut PushContext<'_>,
    claimed: &[ClaimedOp],
) -> Result<BatchOutcome, SyncError> {
    let mut outcome = BatchOutcome::default();
    for (index, c) in claimed.iter().enumerate() {
        let now = ctx.now();
        let Some(payload) = TransitionPayload::from_json(&c.op.payload) else {
            let reason = OpError::new("payload_unreadable", "the queued transition is damaged");
            ctx.store.park(c.op.id, &reason, &now)?;
            outcome.parked += 1;
            continue;
        };
        let known = ctx
            .store
            .ticket_link(c.op.finding_id)?
            .and_then(|l| l.status);
        let result = send(ctx, &payload, c.prior, known.as_deref()).await;
        if let Ok(Step::Done {
            commented: false, ..
        }) = &result
        {
            // The move is applied; the comment follows. A failure here re-reads the status on
            // the next try, which then only adds the comment.
            if let Err(e) = add_comment(ctx, &payload.issue_key, &payload.comment, false).await {
                let cause = OpError::new(
                    e.code(),
                    format!("the ticket moved, but its comment failed: {e}"),
                );
                let at = ctx.later(ctx.backoff.after_error(&e, c.op.attempts));
                ctx.store
                    .mark_ambiguous(&[c.op.id], &at, &cause, &ctx.now())?;
                let rest: Vec<&ClaimedOp> = claimed[index + 1..].iter().collect();
                if !rest.is_empty() {
                    ctx.reschedule(&rest, &e, false)?;
                }
                outcome.rescheduled += 1 + rest.len();
                outcome.connection_failed = true;
                break;
            }
        }
        let now = ctx.now();
        match &result {
            Ok(Step::Done {
                status, category, ..
            }) => {
                ctx.store.mark_done(&[c.op.id], &now)?;
                ctx.store
                    .set_ticket_status(c.op.finding_id, status, category, &now)?;
                let detail = TimelineDetail {
                    message: format!(
                        "Jira ticket {} moved to {status} by Vulnbridge",
                        payload.issue_key
                    ),
                    ..TimelineDetail::default()
                };
                ctx.store.add_timeline_event(
                    c.op.finding_id,
                    Some(&now),
                    TimelineKind::TicketStatusChanged,
                    EventOrigin::Local,
                    &detail,
                )?;
                outcome.created += 1;
            }
            Ok(Step::Park(reason)) => {
                let reason = OpError::new("no_transition", reason.clone());
                ctx.store.park(c.op.id, &reason, &now)?;
                outcome.parked += 1;
            }
            Err(error @ JiraError::NotFound { .. }) => {
                let reason = OpError::new(error.code(), error.to_string());
                ctx.store.park(c.op.id, &reason, &now)?;
                outcome.parked += 1;
            }
            Err(error) => {
                let rest: Vec<&ClaimedOp> = claimed[index..].iter().collect();
                let ambiguous = error.is_ambiguous();
                if ambiguous {
                    outcome.ambiguous += 1;
                }
                ctx.reschedule(&rest[..1], error, ambiguous)?;
                if rest.len() > 1 {
                    ctx.reschedule(&rest[1..], error, false)?;
                }
                outcome.rescheduled += rest.len();
                outcome.connection_failed = true;
                break;
            }
        }
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transition(id: &str, name: &str, category: &str, fields: Value) -> Transition {
        serde_json::from_value(json!({
            "id": id,
            "name": name,
            "to": { "id": "9", "name": name, "statusCategory": { "id": 3, "key": category } },
            "fields": fields,
        }))
        .expect("transition")
    }

    #[test]
    fn picks_a_transition_into_the_target_category() {
        let list = vec![
            transition("11", "Start", "indeterminate", json!({})),
            transition("21", "Close", "done", json!({})),
            transition("31", "Reopen", "new", json!({})),
        ];
        let done = pick_transition(&list, TransitionTarget::Done).expect("done");
        assert_eq!(done.id, "21");
        let back = pick_transition(&list, TransitionTarget::NotDone).expect("back");
        assert_eq!(back.id, "31", "to do before in progress");
        assert!(pick_transition(&list[..1], TransitionTarget::Done).is_none());
    }

    #[test]
    fn a_required_resolution_is_done_or_the_first_allowed_value() {
        let allowed = |names: &[(&str, &str)]| {
            let values: Vec<Value> = names
                .iter()
                .map(|(id, name)| json!({ "id": id, "name": name }))
                .collect();
            json!({ "resolution": { "required": true, "allowedValues": values } })
        };
        let t = transition(
            "21",
            "Close",
            "done",
            allowed(&[("10001", "Won't Do"), ("10000", "Done")]),
        );
        assert_eq!(
            fill_required(&t).expect("filled")["resolution"],
            json!({ "id": "10000" })
        );
        let t = transition("21", "Close", "done", allowed(&[("10003", "Fixed")]));
        assert_eq!(
            fill_required(&t).expect("filled")["resolution"],
            json!({ "id": "10003" })
        );
        let t = transition(
            "21",
            "Close",
            "done",
            json!({ "customfield_1": { "required": true } }),
        );
        let reason = fill_required(&t).expect_err("cannot fill");
        assert!(
            reason.contains("customfield_1") && reason.contains("by hand"),
            "{reason}"
        );
    }
}
