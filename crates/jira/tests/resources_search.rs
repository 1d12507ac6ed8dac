//! Search against the sandbox on both flavors: page cursors with exact page and request
//! counts, label lookups in batches, polling for updates, and the lookup after a create
//! whose answer was lost.

mod sandbox_client;

use serde_json::Value;
use vulnbridge_jira::{NewComment, TextBody, UpdatedSince};
use vulnbridge_sandbox::chrono::{Duration, TimeZone, Utc};
use vulnbridge_sandbox::{
    Clock, Fault, FaultPlan, FaultRule, Flavor, SandboxConfig, Seed, Target, Trigger,
};

use sandbox_client::{api, sec_task, start_empty, start_with, FLAVORS};

fn search_path(flavor: Flavor) -> String {
    match flavor {
        Flavor::Cloud => "/rest/api/3/search/jql".to_owned(),
        Flavor::DataCenter => "/rest/api/2/search".to_owned(),
    }
}

/// Creates one SEC task per label through bulk create (50 per call).
async fn create_labelled(client: &vulnbridge_jira::JiraClient, labels: &[String]) {
    for chunk in labels.chunks(50) {
        let payloads: Vec<Value> = chunk
            .iter()
            .map(|l| sec_task(&format!("finding {l}"), &[l.as_str(), "batch"]))
            .collect();
        let outcome = client.bulk_create(&payloads).await.expect("bulk");
        assert_eq!(outcome.created().count(), chunk.len());
    }
}

#[tokio::test]
async fn search_pages_through_every_result_with_exact_counts() {
    for flavor in FLAVORS {
        let (sandbox, client) = start_empty(flavor).await;
        let labels: Vec<String> = (0..23).map(|i| format!("vb-page{i:02}")).collect();
        create_labelled(&client, &labels).await;
        sandbox.clear_request_log();

        let mut pages = client.search("labels = batch ORDER BY key ASC", &["summary"], 5);
        let mut sizes = Vec::new();
        let mut keys = Vec::new();
        while let Some(page) = pages.next_page().await.expect("page") {
            sizes.push(page.issues.len());
            match flavor {
                Flavor::Cloud => assert_eq!(page.total, None, "no total on /search/jql"),
                Flavor::DataCenter => assert_eq!(page.total, Some(23)),
            }
            for issue in page.issues {
                assert!(
                    issue
                        .summary()
                        .is_some_and(|s| s.starts_with("finding vb-page")),
                    "{flavor:?}: fields are asked explicitly: {issue:?}"
                );
                keys.push(issue.key);
            }
        }
        assert_eq!(sizes, [5, 5, 5, 5, 3], "{flavor:?}");
        assert_eq!(pages.requests(), 5);
        assert!(pages.next_page().await.expect("done").is_none());
        let expected: Vec<String> = (1..=23).map(|n| format!("SEC-{n}")).collect();
        assert_eq!(keys, expected);
        assert_eq!(
            sandbox.request_log().count("POST", &search_path(flavor)),
            5,
            "{flavor:?}: one request per page"
        );

        let all = client
            .search_all("labels = batch ORDER BY key ASC", &["labels"], 100)
            .await
            .expect("all");
        assert_eq!(all.len(), 23);
        assert_eq!(
            client
                .search_all("labels = nothing-here", &[], 10)
                .await
                .expect("empty")
                .len(),
            0
        );
        let error = client
            .search_all("labels = = broken", &[], 10)
            .await
            .expect_err("bad JQL");
        assert_eq!(error.code(), "rejected", "{error}");
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn find_by_labels_batches_120_labels_into_3_searches() {
    for flavor in FLAVORS {
        let (sandbox, client) = start_empty(flavor).await;
        let existing: Vec<String> = (0..115).map(|i| format!("vb-{i:04x}")).collect();
        create_labelled(&client, &existing).await;
        // A duplicate made by hand later: the older ticket must win.
        client
            .create_issue(&sec_task("duplicate", &["vb-0003"]))
            .await
            .expect("duplicate");
        sandbox.clear_request_log();

        let mut wanted: Vec<&str> = existing.iter().map(String::as_str).collect();
        let missing = ["vb-none1", "vb-none2", "vb-none3", "vb-none4", "vb-none5"];
        wanted.extend(missing);
        assert_eq!(wanted.len(), 120);
        let found = client.find_by_labels(&wanted).await.expect("lookup");

        assert_eq!(found.len(), 115, "{flavor:?}");
        for label in &existing {
            let keys = sandbox.issues_with_label(label);
            let issue = found.get(label).expect("found");
            assert_eq!(issue.key, keys[0], "{label}: the oldest ticket");
        }
        assert!(missing.iter().all(|l| !found.contains_key(*l)));
        assert_eq!(found["vb-0003"].key, "SEC-4");
        let log = sandbox.request_log();
        assert_eq!(log.count("POST", &search_path(flavor)), 3, "{flavor:?}");
        assert_eq!(log.len(), 3, "nothing but the 3 searches");

        let error = client
            .find_by_labels(&["fine", "not fine"])
            .await
            .expect_err("label with a space");
        assert_eq!(error.code(), "invalid_request");
        assert_eq!(sandbox.request_log().len(), 3);
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn updated_since_picks_up_a_comment_only_update() {
    for flavor in FLAVORS {
        let t0 = Utc
            .with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
            .single()
            .expect("time");
        let clock = Clock::fixed(t0);
        let config = SandboxConfig::new(flavor)
            .with_seed(Seed::Empty)
            .with_clock(clock.clone());
        let (sandbox, client) = start_with(config).await;
        let quiet = client
            .create_issue(&sec_task("quiet", &[]))
            .await
            .expect("a");
        let busy = client
            .create_issue(&sec_task("busy", &[]))
            .await
            .expect("b");
        clock.advance(Duration::minutes(30));
        let watermark = clock.now();
        clock.advance(Duration::minutes(7));
        client
            .add_comment(&busy.key, &NewComment::new(TextBody::plain("seen in prod")))
            .await
            .expect("comment");

        let zone = client
            .myself()
            .await
            .expect("me")
            .time_zone
            .expect("profile zone");
        let poll = UpdatedSince::new(&["SEC"], watermark, Duration::minutes(2)).in_time_zone(&zone);
        assert!(
            poll.jql().contains("updated >= \"2026/03/02 09:28\""),
            "{}",
            poll.jql()
        );
        let changed = client.updated_since(&poll).await.expect("poll");
        let keys: Vec<&str> = changed.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, [busy.key.as_str()], "{flavor:?}");
        assert_eq!(changed[0].updated(), Some(watermark + Duration::minutes(7)));

        let since_start = UpdatedSince::new(&["SEC"], t0, Duration::minutes(1));
        let both = client.updated_since(&since_start).await.expect("both");
        let keys: Vec<&str> = both.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(
            keys,
            [quiet.key.as_str(), busy.key.as_str()],
            "oldest update first"
        );
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn a_create_whose_answer_was_lost_is_ambiguous_and_found_by_its_label() {
    for flavor in FLAVORS {
        let (sandbox, client) = start_empty(flavor).await;
        let create_path = format!("{}/issue", api(flavor));
        sandbox.set_faults(FaultPlan::none().with_rule(FaultRule::new(
            Target::method_path("POST", &create_path),
            Trigger::FirstN(1),
            Fault::CommitThenDrop,
        )));
        let error = client
            .create_issue(&sec_task("lost answer", &["vb-lost1"]))
            .await
            .expect_err("no answer");
        assert!(error.is_ambiguous(), "{flavor:?}: {error}");
        assert_eq!(
            sandbox.request_log().count("POST", &create_path),
            1,
            "a create is never resent blindly"
        );

        let found = client.find_by_labels(&["vb-lost1"]).await.expect("lookup");
        let committed = sandbox.issues_with_label("vb-lost1");
        assert_eq!(committed.len(), 1);
        assert_eq!(found["vb-lost1"].key, committed[0], "{flavor:?}");
        assert_eq!(sandbox.issue_count("SEC"), 1, "so no second ticket is made");
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn cloud_index_lag_hides_new_issues_unless_reconciled() {
    let t0 = Utc
        .with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .expect("time");
    let clock = Clock::fixed(t0);
    let config = SandboxConfig::new(Flavor::Cloud)
        .with_seed(Seed::Empty)
        .with_clock(clock.clone())
        .with_search_index_lag(Duration::seconds(30));
    let (sandbox, client) = start_with(config).await;
    let created = client
        .create_issue(&sec_task("fresh", &["vb-fresh"]))
        .await
        .expect("created");

    let jql = "labels = vb-fresh";
    assert!(client
        .search_all(jql, &["labels"], 10)
        .await
        .expect("search")
        .is_empty());
    let reconciled = client
        .search(jql, &["labels"], 10)
        .reconcile(&[created.id.as_str()])
        .collect_all()
        .await
        .expect("reconciled");
    assert_eq!(
        reconciled.len(),
        1,
        "reconcileIssues includes the just-written issue"
    );
    assert_eq!(reconciled[0].key, created.key);
    assert!(client
        .find_by_labels(&["vb-fresh"])
        .await
        .expect("lookup")
        .is_empty());

    clock.advance(Duration::seconds(31));
    let found = client.find_by_labels(&["vb-fresh"]).await.expect("lookup");
    assert_eq!(found["vb-fresh"].key, created.key, "visible after the lag");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_failed_search_page_is_retried_because_searching_changes_nothing() {
    for flavor in FLAVORS {
        let (sandbox, client) = start_empty(flavor).await;
        client
            .create_issue(&sec_task("x", &["vb-retry"]))
            .await
            .expect("created");
        sandbox.set_faults(FaultPlan::none().with_rule(FaultRule::new(
            Target::method_path("POST", &search_path(flavor)),
            Trigger::FirstN(1),
            Fault::InternalError,
        )));
        let found = client.find_by_labels(&["vb-retry"]).await.expect("lookup");
        assert_eq!(found["vb-retry"].key, "SEC-1", "{flavor:?}");
        assert_eq!(sandbox.request_log().count("POST", &search_path(flavor)), 2);
        sandbox.shutdown().await;
    }
}
