//! Fault injection and rate limits: every knob, deterministic with a seed, changeable live.

mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use common::Jira;
use serde_json::json;
use vulnbridge_sandbox::{
    chrono, Budget, Clock, Fault, FaultPlan, FaultRule, Flavor, RateLimitReason, RateLimits,
    SandboxConfig, Target, Trigger,
};

fn rule(target: Target, trigger: Trigger, fault: Fault) -> FaultPlan {
    FaultPlan::none().with_rule(FaultRule::new(target, trigger, fault))
}

fn create_body(label: &str) -> serde_json::Value {
    json!({"fields": {"project": {"key": "SEC"}, "issuetype": {"name": "Task"}, "summary": "s", "labels": [label]}})
}

#[tokio::test]
async fn rate_limited_responses_carry_jira_headers_for_each_reason() {
    let j = Jira::cloud().await;
    for (reason, value) in [
        (RateLimitReason::Burst, "jira-burst-based"),
        (RateLimitReason::QuotaGlobal, "jira-quota-global-based"),
        (RateLimitReason::QuotaTenant, "jira-quota-tenant-based"),
        (RateLimitReason::PerIssueWrite, "jira-per-issue-on-write"),
    ] {
        j.sb.set_faults(rule(
            Target::method_path("GET", "/rest/api/3/myself"),
            Trigger::Always,
            Fault::RateLimited {
                reason,
                retry_after_secs: 7,
            },
        ));
        let r = j.get("/myself").await;
        assert_eq!(r.status, 429);
        assert_eq!(r.header("retry-after"), Some("7"));
        assert_eq!(r.header("ratelimit-reason"), Some(value));
        assert_eq!(r.header("x-ratelimit-remaining"), Some("0"));
        assert!(r.header("x-ratelimit-limit").is_some());
        let reset = r.header("x-ratelimit-reset").expect("reset header");
        assert!(
            chrono::NaiveDateTime::parse_from_str(reset, "%Y-%m-%dT%H:%MZ").is_ok(),
            "reset format: {reset}"
        );
        assert_eq!(
            j.get("/field").await.status,
            200,
            "other endpoints are untouched"
        );
    }
    let dc = Jira::dc().await;
    dc.sb.set_faults(rule(
        Target::any(),
        Trigger::Always,
        Fault::RateLimited {
            reason: RateLimitReason::Burst,
            retry_after_secs: 2,
        },
    ));
    let r = dc.get("/myself").await;
    assert_eq!(r.status, 429);
    assert!(
        r.header("x-ratelimit-interval-seconds").is_some()
            && r.header("x-ratelimit-fillrate").is_some()
    );
    assert!(
        r.header("ratelimit-reason").is_none(),
        "DC's limiter has no reason header"
    );
}

#[tokio::test]
async fn server_errors_and_latency() {
    let j = Jira::cloud().await;
    j.sb.set_faults(rule(
        Target::path("/rest/api/3/myself"),
        Trigger::Always,
        Fault::ServiceUnavailable {
            retry_after_secs: Some(3),
        },
    ));
    let r = j.get("/myself").await;
    assert_eq!((r.status, r.header("retry-after")), (503, Some("3")));
    j.sb.set_faults(rule(
        Target::path("/rest/api/3/myself"),
        Trigger::Always,
        Fault::InternalError,
    ));
    let r = j.get("/myself").await;
    assert_eq!(r.status, 500);
    assert!(r.body["errorMessages"].is_array());
    j.sb.set_faults(rule(
        Target::any(),
        Trigger::Always,
        Fault::Latency(Duration::from_millis(300)),
    ));
    let t = Instant::now();
    assert_eq!(j.get("/myself").await.status, 200);
    assert!(t.elapsed() >= Duration::from_millis(300));
    j.sb.set_faults(FaultPlan::none());
    let t = Instant::now();
    assert_eq!(j.get("/myself").await.status, 200);
    assert!(
        t.elapsed() < Duration::from_millis(300),
        "faults can be cleared while running"
    );
}

#[tokio::test]
async fn connection_reset_commits_nothing_but_commit_then_drop_does() {
    let j = Jira::cloud().await;
    let before = j.sb.issue_count("SEC");
    j.sb.set_faults(rule(
        Target::method_path("POST", "/rest/api/3/issue"),
        Trigger::FirstN(1),
        Fault::ConnectionReset,
    ));
    let reset = j
        .req(reqwest::Method::POST, "/issue")
        .json(&create_body("vb-reset"))
        .send()
        .await;
    assert!(reset.is_err(), "the client sees a broken connection");
    assert_eq!(j.sb.issue_count("SEC"), before);

    j.sb.set_faults(rule(
        Target::method_path("POST", "/rest/api/3/issue"),
        Trigger::FirstN(1),
        Fault::CommitThenDrop,
    ));
    let lost = j
        .req(reqwest::Method::POST, "/issue")
        .json(&create_body("vb-lost"))
        .send()
        .await;
    assert!(lost.is_err(), "the response is lost");
    assert_eq!(j.sb.issue_count("SEC"), before + 1, "but the issue exists");
    let found = j
        .post(
            "/search/jql",
            &json!({"jql": "labels = vb-lost", "fields": ["key"]}),
        )
        .await;
    assert_eq!(
        found.body["issues"].as_array().map(Vec::len),
        Some(1),
        "a client can find it by its label before retrying"
    );
    let retry = j.post("/issue", &create_body("vb-other")).await;
    assert_eq!(retry.status, 201, "FirstN(1) fired once");

    let log = j.sb.request_log();
    let posts: Vec<_> = log
        .entries()
        .iter()
        .filter(|e| e.method == "POST" && e.path == "/rest/api/3/issue")
        .collect();
    assert_eq!(posts.len(), 3);
    assert_eq!((posts[0].status, posts[0].delivered), (None, false));
    assert_eq!((posts[1].status, posts[1].delivered), (Some(201), false));
    assert_eq!((posts[2].status, posts[2].delivered), (Some(201), true));
    assert_eq!(log.count("POST", "/rest/api/3/issue"), 3);
    assert_eq!(log.count_matching("POST", "/rest/api/3/**"), 4);
    assert_eq!(
        log.counts_by_endpoint().get("POST /rest/api/3/issue"),
        Some(&3)
    );
}

#[tokio::test]
async fn every_nth_and_first_n_triggers() {
    let j = Jira::cloud().await;
    j.sb.set_faults(rule(
        Target::method_path("GET", "/rest/api/3/myself"),
        Trigger::EveryNth(3),
        Fault::InternalError,
    ));
    let mut statuses = Vec::new();
    for _ in 0..7 {
        statuses.push(j.get("/myself").await.status);
    }
    assert_eq!(statuses, vec![200, 200, 500, 200, 200, 500, 200]);
    j.sb.set_faults(rule(
        Target::any(),
        Trigger::FirstN(2),
        Fault::ServiceUnavailable {
            retry_after_secs: None,
        },
    ));
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(j.get("/myself").await.status);
    }
    assert_eq!(statuses, vec![503, 503, 200, 200]);
}

async fn statuses_with_seed(seed: u64) -> Vec<u16> {
    let plan = rule(
        Target::any(),
        Trigger::Probability(0.5),
        Fault::InternalError,
    );
    let j = Jira::start(
        SandboxConfig::new(Flavor::Cloud)
            .with_rng_seed(seed)
            .with_faults(plan),
    )
    .await;
    let mut out = Vec::new();
    for _ in 0..24 {
        out.push(j.get("/myself").await.status);
    }
    out
}

#[tokio::test]
async fn probabilistic_faults_are_deterministic_per_seed() {
    let a = statuses_with_seed(42).await;
    assert_eq!(a, statuses_with_seed(42).await);
    assert_ne!(a, statuses_with_seed(43).await);
    let failures = a.iter().filter(|s| **s == 500).count();
    assert!((4..=20).contains(&failures), "p=0.5 gave {failures}/24");
}

#[tokio::test]
async fn counting_limits_for_burst_per_issue_writes_and_quota() {
    let clock = Clock::fixed(Utc::now());
    let j = Jira::start(SandboxConfig::new(Flavor::Cloud).with_clock(clock.clone())).await;
    let minute = Duration::from_secs(60);
    j.sb.set_faults(FaultPlan::none().with_limits(RateLimits {
        burst: Some(Budget::new(2, minute)),
        ..RateLimits::default()
    }));
    assert_eq!(j.get("/myself").await.status, 200);
    assert_eq!(j.get("/myself").await.status, 200);
    let third = j.get("/myself").await;
    assert_eq!(
        (third.status, third.header("ratelimit-reason")),
        (429, Some("jira-burst-based"))
    );
    assert!(third
        .header("retry-after")
        .and_then(|s| s.parse::<u64>().ok())
        .is_some_and(|s| (1..=60).contains(&s)));
    assert_eq!(j.get("/field").await.status, 200, "burst is per endpoint");
    clock.advance(chrono::Duration::seconds(61));
    assert_eq!(
        j.get("/myself").await.status,
        200,
        "the window resets on the sandbox clock"
    );

    j.sb.set_faults(FaultPlan::none().with_limits(RateLimits {
        per_issue_write: Some(Budget::new(2, minute)),
        ..RateLimits::default()
    }));
    let body = json!({"body": common::adf("x")});
    assert_eq!(j.post("/issue/SEC-2/comment", &body).await.status, 201);
    assert_eq!(j.post("/issue/SEC-2/comment", &body).await.status, 201);
    let third = j.post("/issue/SEC-2/comment", &body).await;
    assert_eq!(
        (third.status, third.header("ratelimit-reason")),
        (429, Some("jira-per-issue-on-write"))
    );
    assert_eq!(
        j.post("/issue/SEC-3/comment", &body).await.status,
        201,
        "other issues are fine"
    );
    assert_eq!(
        j.get("/issue/SEC-2/comment").await.status,
        200,
        "reads do not count"
    );
    assert_eq!(j.sb.issue("SEC-2").expect("exists").comments, 2);

    j.sb.set_faults(FaultPlan::none().with_limits(RateLimits {
        quota: Some(Budget::new(3, Duration::from_secs(3600))),
        ..RateLimits::default()
    }));
    for _ in 0..3 {
        assert_eq!(j.get("/field").await.status, 200);
    }
    let over = j.get("/priority").await;
    assert_eq!(
        (over.status, over.header("ratelimit-reason")),
        (429, Some("jira-quota-tenant-based"))
    );
}

#[tokio::test]
async fn allowed_calls_report_remaining_budget_and_near_limit() {
    let j = Jira::cloud().await;
    let hour = Duration::from_secs(3600);
    j.sb.set_faults(FaultPlan::none().with_limits(RateLimits {
        quota: Some(Budget::new(10, hour)),
        ..RateLimits::default()
    }));
    let first = j.get("/myself").await;
    assert_eq!(first.status, 200);
    assert_eq!(
        (
            first.header("x-ratelimit-limit"),
            first.header("x-ratelimit-remaining")
        ),
        (Some("10"), Some("9"))
    );
    assert!(first.header("x-ratelimit-nearlimit").is_none());
    let mut last = first;
    for _ in 0..8 {
        last = j.get("/myself").await;
    }
    assert_eq!(last.header("x-ratelimit-remaining"), Some("1"));
    assert_eq!(
        last.header("x-ratelimit-nearlimit"),
        Some("true"),
        "under 20% left"
    );
    j.sb.set_faults(FaultPlan::none());
    assert!(
        j.get("/myself").await.header("x-ratelimit-limit").is_none(),
        "no limits, no headers"
    );
    let dc = Jira::dc().await;
    dc.sb.set_faults(FaultPlan::none().with_limits(RateLimits {
        burst: Some(Budget::new(5, Duration::from_secs(1))),
        ..RateLimits::default()
    }));
    let r = dc.get("/myself").await;
    assert_eq!(
        (
            r.header("x-ratelimit-remaining"),
            r.header("x-ratelimit-fillrate")
        ),
        (Some("4"), Some("5"))
    );
}
