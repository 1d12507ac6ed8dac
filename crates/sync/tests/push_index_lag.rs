//! Jira Cloud's search is eventually consistent: a ticket whose create answer was lost may
//! not be found by a search right away. The engine waits before searching again, so the
//! ticket is linked, not created twice. Engine and sandbox share one clock here.

mod common;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Duration as Span, Utc};
use vulnbridge_sandbox::{
    Clock as SandboxClock, Fault, FaultPlan, FaultRule, Flavor, Sandbox, SandboxConfig, Seed,
    Target, Trigger,
};
use vulnbridge_sync::{Backoff, Clock, PushEngine};

use common::*;

/// The engine reads the sandbox's clock.
struct SharedTime(SandboxClock);

impl Clock for SharedTime {
    fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }
}

#[tokio::test]
async fn a_lost_create_is_searched_again_only_after_the_index_caught_up() {
    let clock = SandboxClock::fixed(t0() + Span::hours(1));
    let sandbox = Sandbox::start(
        SandboxConfig::new(Flavor::Cloud)
            .with_seed(Seed::Empty)
            .with_clock(clock.clone())
            .with_search_index_lag(Span::seconds(20)),
    )
    .await
    .expect("sandbox");
    let client = client_for(&sandbox).await;
    let w = world(&sandbox, &client).await;
    let bulk = format!("{}/issue/bulk", Flavor::Cloud.api_prefix());
    sandbox.set_faults(FaultPlan::none().with_rule(FaultRule::new(
        Target::method_path("POST", &bulk),
        Trigger::FirstN(1),
        Fault::CommitThenDrop,
    )));
    let findings = many("lag", 10);
    let mut engine = PushEngine::new(w.open(), Arc::new(SharedTime(clock.clone())))
        .expect("engine")
        .with_backoff(Backoff::new(
            Duration::from_secs(1),
            Duration::from_secs(5),
            3,
        ));
    engine.add_connection(CONN, client.clone());
    import_at(
        engine.store_mut(),
        w.app,
        &findings,
        t0() + Span::minutes(1),
    );

    let first = engine.push_once().await.expect("push");
    assert_eq!((first.created, first.ambiguous), (0, 10), "{first:?}");
    assert_eq!(sandbox.issue_count("SEC"), 10, "Jira committed them");
    let labels: Vec<String> = findings.iter().map(|f| f.dedup_label()).collect();
    let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    clock.advance(Span::seconds(6));
    assert!(
        client
            .find_by_labels(&refs)
            .await
            .expect("search")
            .is_empty(),
        "a search now would not see them yet"
    );
    let sent = sandbox.request_log().len();
    let early = engine.push_once().await.expect("early pass");
    assert_eq!(early.batches, 0, "{early:?}");
    assert_eq!(
        sandbox.request_log().len(),
        sent,
        "nothing sent while the index lags"
    );

    clock.advance(Span::seconds(30));
    let later = engine.push_once().await.expect("later pass");
    assert_eq!((later.linked_existing, later.created), (10, 0), "{later:?}");
    assert_eq!(sandbox.issue_count("SEC"), 10, "no duplicates");
    for f in &findings {
        assert_eq!(sandbox.issues_with_label(&f.dedup_label()).len(), 1);
    }
    sandbox.shutdown().await;
}
