//! Push cost and speed: 1,000 new findings through a sandbox answering every call after
//! 50 ms, with a burst limit (per method and endpoint) that the engine runs into.
//! Prints requests per new ticket and the wall time. Run: `cargo bench -p vulnbridge-sync`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use vulnbridge_sandbox::{
    Budget, Fault, FaultPlan, FaultRule, Flavor, RateLimits, Target, Trigger,
};
use vulnbridge_store::Store;
use vulnbridge_sync::{stamp, Backoff, PushEngine, SystemClock};

const FINDINGS: usize = 1_000;

struct Figures {
    requests: usize,
    limited: usize,
    tickets: usize,
    wall: Duration,
}

async fn run(flavor: Flavor, burst: Option<Budget>) -> Figures {
    let sandbox = common::start_sandbox(flavor, FaultPlan::none(), 42).await;
    let client = common::client_for(&sandbox).await;
    let meta = common::field_meta(&client, "SEC", "10001").await;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("bench.sqlite3")).expect("store");
    let app = store.create_application("shop").expect("app");
    let mut rule = common::sec_rule(app, meta);
    rule.enabled_since = Some(stamp(chrono::Utc::now() - chrono::Duration::minutes(1)));
    store.add_routing_rule(&rule).expect("rule");
    let findings = common::many("bench", FINDINGS);
    common::import_at(&mut store, app, &findings, chrono::Utc::now());

    sandbox.set_faults(
        FaultPlan::none()
            .with_rule(FaultRule::new(
                Target::any(),
                Trigger::Always,
                Fault::Latency(Duration::from_millis(50)),
            ))
            .with_limits(RateLimits {
                burst,
                ..RateLimits::default()
            }),
    );
    sandbox.clear_request_log();
    let mut engine = PushEngine::new(store, Arc::new(SystemClock))
        .expect("engine")
        .with_backoff(Backoff::new(
            Duration::from_millis(500),
            Duration::from_secs(10),
            42,
        ));
    engine.add_connection(common::CONN, client);
    let started = Instant::now();
    let report = engine
        .push_until_idle(Duration::from_secs(600))
        .await
        .expect("push");
    let wall = started.elapsed();
    let log = sandbox.request_log();
    let limited = log
        .entries()
        .iter()
        .filter(|e| e.status == Some(429))
        .count();
    assert_eq!(report.created, FINDINGS, "{report:?}");
    let tickets = sandbox.issue_count("SEC");
    assert_eq!(tickets, FINDINGS);
    sandbox.shutdown().await;
    Figures {
        requests: log.len(),
        limited,
        tickets,
        wall,
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    println!("push {FINDINGS} new findings, 50 ms latency per call");
    for flavor in [Flavor::Cloud, Flavor::DataCenter] {
        for (name, burst) in [
            ("no limit", None),
            (
                "burst 5/s per endpoint",
                Some(Budget::new(5, Duration::from_secs(1))),
            ),
        ] {
            let f = runtime.block_on(run(flavor, burst));
            println!(
                "{flavor:?}, {name}: {} tickets, {} requests ({} answered 429) = {:.3} requests per new ticket, wall {:.2} s",
                f.tickets,
                f.requests,
                f.limited,
                f.requests as f64 / f.tickets as f64,
                f.wall.as_secs_f64()
            );
        }
    }
}
