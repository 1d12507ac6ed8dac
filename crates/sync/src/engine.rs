//! The push engine: queue creates for new findings that match an enabled routing rule, then
//! send them per connection in batches of up to 50 (one label search + one bulk create each).
//!
//! Guarantees: an intent is committed to the outbox before any request; every state change is
//! committed before the next request; operations found `in_flight` when the engine starts (a
//! crash) are treated as ambiguous, and every batch searches its labels before creating, so a
//! finding never gets two tickets from this engine, from a retry, or from another desktop that
//! pushed the same finding earlier (not within the same moment: see the crate README).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use vulnbridge_jira::{JiraClient, BULK_CREATE_LIMIT};
use vulnbridge_store::{
    NewOutboxOp, OutboxId, OutboxKind, OutboxState, PushCandidate, RoutingRule, Store,
};

use crate::attach::push_attachments;
use crate::backoff::Backoff;
use crate::clock::{parse_stamp, stamp, Clock};
use crate::decide::plan_create;
use crate::error::SyncError;
use crate::push::{push_batch, BatchOutcome, PushContext};
use crate::queue::{queue_attachments, queue_intents};

// App -> Jira status moves (declared here so the crate root stays untouched).
#[path = "queue_status.rs"]
pub mod queue_status;
#[path = "transition.rs"]
pub mod transition;

use queue_status::queue_status_changes;
use transition::push_transitions;

/// Transitions claimed at once (each is its own requests, one issue at a time).
const TRANSITION_BATCH: usize = 20;

/// Attachment uploads claimed at once (each is its own request).
const ATTACH_BATCH: usize = 20;

/// Findings read per query while queueing.
const CANDIDATE_PAGE: usize = 500;

/// Least wait before searching again for tickets whose create got no answer (or was cut by a
/// crash): Jira Cloud's search index is eventually consistent, so a ticket created a moment
/// ago may not be found yet. See [`PushEngine::with_ambiguous_wait`].
pub const DEFAULT_AMBIGUOUS_WAIT: Duration = Duration::from_secs(30);

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PushReport {
    /// Create intents written to the outbox (parked ones included).
    pub queued: usize,
    /// Intents queued parked because the mapping cannot build the ticket.
    pub queued_parked: usize,
    pub batches: usize,
    pub created: usize,
    /// Tickets that existed already (found by label) and were linked.
    pub linked_existing: usize,
    pub parked: usize,
    /// Operations put back to wait (rate limit, outage, per-element busy).
    pub rescheduled: usize,
    /// Operations whose request got no answer (searched before the next try).
    pub ambiguous: usize,
    /// Full texts attached to tickets (fields the mapping cut).
    pub attached: usize,
    /// Transitions queued for findings whose local status disagrees with their ticket.
    pub transitions_queued: usize,
    /// Tickets moved (to done or out of it) with their explanatory comment.
    pub transitioned: usize,
}

impl PushReport {
    fn add(&mut self, b: BatchOutcome) {
        self.batches += 1;
        self.created += b.created;
        self.linked_existing += b.linked_existing;
        self.parked += b.parked;
        self.rescheduled += b.rescheduled;
        self.ambiguous += b.ambiguous;
    }
}

/// Pushes findings to Jira exactly once.
pub struct PushEngine {
    store: Store,
    clients: BTreeMap<String, JiraClient>,
    clock: Arc<dyn Clock>,
    backoff: Backoff,
    ambiguous_wait: Duration,
    recovered: usize,
}

impl PushEngine {
    /// Takes over `store`. Operations left `in_flight` by a crash become ambiguous here, due
    /// after [`DEFAULT_AMBIGUOUS_WAIT`] (then searched before anything is sent again).
    pub fn new(store: Store, clock: Arc<dyn Clock>) -> Result<Self, SyncError> {
        let due =
            clock.now() + chrono::Duration::from_std(DEFAULT_AMBIGUOUS_WAIT).unwrap_or_default();
        let recovered = store.recover_in_flight(&stamp(due), &stamp(clock.now()))?;
        if recovered > 0 {
            tracing::warn!(
                recovered,
                "outbox operations interrupted by a crash: searching before any retry"
            );
        }
        Ok(Self {
            store,
            clients: BTreeMap::new(),
            clock,
            backoff: Backoff::standard(0x5eed),
            ambiguous_wait: DEFAULT_AMBIGUOUS_WAIT,
            recovered,
        })
    }

    /// Replaces the retry timing.
    pub fn with_backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    /// Sets the least wait before a lost create is searched again (at least the site's search
    /// index lag; Data Center indexes synchronously, Cloud within seconds).
    pub fn with_ambiguous_wait(mut self, wait: Duration) -> Self {
        self.ambiguous_wait = wait;
        self
    }

    /// Registers the client of connection `id` (e.g. from `Registry::client`). Work for
    /// connections without a client waits in the outbox.
    pub fn add_connection(&mut self, id: &str, client: JiraClient) {
        self.clients.insert(id.to_owned(), client);
    }

    /// How many interrupted operations [`PushEngine::new`] found.
    pub fn recovered(&self) -> usize {
        self.recovered
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    pub fn into_store(self) -> Store {
        self.store
    }

    /// Writes a create intent for every new finding an enabled rule matches (most specific
    /// scope first; one intent per finding). No request is sent. Returns (queued, parked).
    pub fn queue_new_findings(&mut self) -> Result<(usize, usize), SyncError> {
        let mut total = (0, 0);
        for rule in self.store.enabled_routing_rules()? {
            if !self.clients.contains_key(&rule.connection_id) {
                continue;
            }
            loop {
                let candidates = self.store.push_candidates(&rule, CANDIDATE_PAGE)?;
                let (queued, parked) = self.queue_candidates(&rule, &candidates)?;
                total = (total.0 + queued, total.1 + parked);
                if queued == 0 {
                    break;
                }
            }
        }
        Ok(total)
    }

    /// Writes create intents for `candidates` under `rule`: the new findings of
    /// [`PushEngine::queue_new_findings`], or an explicit backfill the user confirmed
    /// (`Store::backfill_candidates`). Intents the mapping cannot build are queued parked with
    /// the reason. Findings whose dedup label is queued already are skipped. The rule's
    /// connection must be registered (its dialect shapes the payload). Returns (queued, parked).
    pub fn queue_candidates(
        &mut self,
        rule: &RoutingRule,
        candidates: &[PushCandidate],
    ) -> Result<(usize, usize), SyncError> {
        let Some(client) = self.clients.get(&rule.connection_id) else {
            return Err(SyncError::UnknownConnection(rule.connection_id.clone()));
        };
        queue_intents(
            &self.store,
            rule,
            candidates,
            client.dialect(),
            self.clock.now(),
        )
    }

    /// Rebuilds a parked create from its rule's current mapping and fields (after the user
    /// fixed them) and puts it back in line, due now. If the mapping still cannot build it,
    /// it stays parked with the new reason. Returns `true` when it is back in line.
    pub fn requeue_parked(&mut self, id: OutboxId) -> Result<bool, SyncError> {
        let op = self.store.outbox_op(id)?.ok_or_else(|| {
            SyncError::CorruptOp(format!("outbox operation #{id} does not exist"))
        })?;
        if !matches!(op.state, OutboxState::Parked | OutboxState::Failed) {
            return Ok(false);
        }
        let rule = match op.rule_id {
            Some(rule_id) => self.store.routing_rule(rule_id)?,
            None => None,
        }
        .ok_or(SyncError::RuleGone(id))?;
        let candidate = self
            .store
            .push_candidate(op.finding_id)?
            .ok_or_else(|| SyncError::CorruptOp(format!("finding #{} is gone", op.finding_id)))?;
        let client = self
            .clients
            .get(&op.connection_id)
            .ok_or_else(|| SyncError::UnknownConnection(op.connection_id.clone()))?;
        let intent = plan_create(
            &rule,
            &candidate,
            client.dialect(),
            self.clock.now().date_naive(),
        );
        let now = stamp(self.clock.now());
        self.store
            .requeue(id, &intent.payload, intent.parked.as_ref(), &now)?;
        let create = NewOutboxOp {
            kind: OutboxKind::Create,
            finding_id: op.finding_id,
            connection_id: &op.connection_id,
            rule_id: op.rule_id,
            idempotency_key: &op.idempotency_key,
            payload: &intent.payload,
            state: OutboxState::Pending,
            error: None,
        };
        queue_attachments(
            &self.store,
            &create,
            &intent.label,
            &intent.attachments,
            &now,
        )?;
        Ok(intent.parked.is_none())
    }

    /// Queues a `transition` for every linked finding of a registered connection whose local
    /// status (done: resolved, false positive, accepted risk; not done: open, reopened)
    /// disagrees with its ticket's last known status category, unless one is under way or the
    /// change came from Jira. No request is sent. Returns how many were queued.
    pub fn queue_status_changes(&mut self) -> Result<usize, SyncError> {
        let now = stamp(self.clock.now());
        let mut queued = 0;
        for connection in self.clients.keys() {
            queued += queue_status_changes(&self.store, connection, &now)?.len();
        }
        Ok(queued)
    }

    /// One pass: queue new findings and status changes, then send every due create, per connection, in batches of
    /// up to 50. A connection that fails a whole request is left alone until the next pass.
    pub async fn push_once(&mut self) -> Result<PushReport, SyncError> {
        let (queued, queued_parked) = self.queue_new_findings()?;
        let transitions_queued = self.queue_status_changes()?;
        let mut report = PushReport {
            queued,
            queued_parked,
            transitions_queued,
            ..PushReport::default()
        };
        for (connection, client) in &self.clients {
            let mut ctx = PushContext {
                store: &mut self.store,
                client,
                connection,
                clock: self.clock.as_ref(),
                backoff: &self.backoff,
                ambiguous_wait: self.ambiguous_wait,
            };
            loop {
                let now = stamp(ctx.clock.now());
                let claimed =
                    ctx.store
                        .claim_due(connection, OutboxKind::Create, &now, BULK_CREATE_LIMIT)?;
                if claimed.is_empty() {
                    break;
                }
                let outcome = push_batch(&mut ctx, &claimed).await?;
                report.add(outcome);
                // A refused request, or a batch where nothing finished: leave the rest of this
                // connection's work for the next pass instead of pressing on.
                let finished = outcome.created + outcome.linked_existing + outcome.parked;
                if outcome.connection_failed || finished == 0 {
                    break;
                }
            }
            // Then the uploads queued behind created tickets.
            loop {
                let now = stamp(ctx.clock.now());
                let claimed =
                    ctx.store
                        .claim_due(connection, OutboxKind::Attach, &now, ATTACH_BATCH)?;
                if claimed.is_empty() {
                    break;
                }
                let outcome = push_attachments(&mut ctx, &claimed).await?;
                report.attached += outcome.created;
                report.parked += outcome.parked;
                report.rescheduled += outcome.rescheduled;
                if outcome.connection_failed || outcome.created + outcome.parked == 0 {
                    break;
                }
            }
            // Then status moves of linked tickets, one issue at a time.
            loop {
                let now = stamp(ctx.clock.now());
                let claimed = ctx.store.claim_due(
                    connection,
                    OutboxKind::Transition,
                    &now,
                    TRANSITION_BATCH,
                )?;
                if claimed.is_empty() {
                    break;
                }
                let outcome = push_transitions(&mut ctx, &claimed).await?;
                report.transitioned += outcome.created;
                report.parked += outcome.parked;
                report.rescheduled += outcome.rescheduled;
                report.ambiguous += outcome.ambiguous;
                if outcome.connection_failed || outcome.created + outcome.parked == 0 {
                    break;
                }
            }
        }
        Ok(report)
    }

    /// How long until the earliest waiting operation of a registered connection is due
    /// (`None`: nothing waits).
    pub fn next_due_in(&self) -> Result<Option<Duration>, SyncError> {
        let mut earliest = None;
        for connection in self.clients.keys() {
            if let Some(at) = self
                .store
                .next_due_at(connection)?
                .as_deref()
                .and_then(parse_stamp)
            {
                earliest = Some(earliest.map_or(at, |e: chrono::DateTime<chrono::Utc>| e.min(at)));
            }
        }
        Ok(earliest.map(|at| (at - self.clock.now()).to_std().unwrap_or(Duration::ZERO)))
    }

    /// Passes until nothing waits or `deadline` of real time has passed, sleeping until the
    /// next due operation in between (for a real clock). Returns the summed report.
    pub async fn push_until_idle(&mut self, deadline: Duration) -> Result<PushReport, SyncError> {
        let started = std::time::Instant::now();
        let mut total = PushReport::default();
        loop {
            let r = self.push_once().await?;
            total.queued += r.queued;
            total.queued_parked += r.queued_parked;
            total.batches += r.batches;
            total.created += r.created;
            total.linked_existing += r.linked_existing;
            total.parked += r.parked;
            total.rescheduled += r.rescheduled;
            total.ambiguous += r.ambiguous;
            total.attached += r.attached;
            total.transitions_queued += r.transitions_queued;
            total.transitioned += r.transitioned;
            let Some(wait) = self.next_due_in()? else {
                return Ok(total);
            };
            if started.elapsed() + wait > deadline {
                return Ok(total);
            }
            tokio::time::sleep(wait.max(Duration::from_millis(5))).await;
        }
    }
}
