//! Jira resolutions decide what a closed ticket means for its finding: APPSEC's Close asks
//! for one (Won't Do, Duplicate, ...). Both flavors, real SQLite files.

mod common;

use std::sync::Arc;

use chrono::Duration as Span;
use vulnbridge_jira::JiraClient;
use vulnbridge_mapping::{FieldMapping, FieldSource, JiraValue, ValueRef};
use vulnbridge_sandbox::{FaultPlan, Flavor};
use vulnbridge_store::{FindingStatus, RoutingRule, TimelineKind};
use vulnbridge_sync::{PollEngine, PollPolicy, ResolutionMap};

use common::*;

/// An APPSEC Bug rule that fills the project's required Team and champion.
fn appsec_rule(app: vulnbridge_store::ApplicationId, meta: String, flavor: Flavor) -> RoutingRule {
    let mut rule = sec_rule(app, meta);
    rule.project_id = Some("10001".into());
    rule.project_key = Some("APPSEC".into());
    rule.issue_type_id = "10002".into();
    let champion = match flavor {
        Flavor::Cloud => "712020:b4a5c6d7-e8f9-4a0b-9c1d-2e3f4a5b6c7d",
        Flavor::DataCenter => "champion",
    };
    let one = |id: &str, name: &str| {
        FieldSource::Fixed(JiraValue::One {
            value: ValueRef::new(id, name),
        })
    };
    let mut mapping = FieldMapping::default();
    mapping.set("customfield_10030", one("10120", "Payments"));
    mapping.set("priority", one("2", "High"));
    mapping.set(
        "customfield_10031",
        FieldSource::Fixed(JiraValue::User {
            id: champion.into(),
        }),
    );
    rule.mapping_json = serde_json::to_string(&mapping).expect("mapping");
    rule
}

async fn close(client: &JiraClient, key: &str, resolution: &str) {
    let transitions = client.transitions(key).await.expect("transitions");
    let t = transitions
        .iter()
        .find(|t| t.name == "Close")
        .expect("APPSEC offers Close");
    let mut fields = serde_json::Map::new();
    fields.insert(
        "resolution".into(),
        serde_json::json!({ "name": resolution }),
    );
    client
        .transition_issue(key, &t.id, fields, None)
        .await
        .expect("close");
}

#[tokio::test]
async fn wont_do_is_accepted_risk_duplicate_is_false_positive_and_the_table_is_configurable() {
    for flavor in [Flavor::Cloud, Flavor::DataCenter] {
        let sandbox = start_sandbox(flavor, FaultPlan::none(), 1).await;
        let client = client_for(&sandbox).await;
        let meta = field_meta(&client, "APPSEC", "10002").await;
        let w = world_with_rule(|app| appsec_rule(app, meta, flavor));
        let mut push = w.engine(&client);
        import_at(
            push.store_mut(),
            w.app,
            &many("res", 4),
            t0() + Span::minutes(5),
        );
        let pushed = push.push_once().await.expect("push");
        assert_eq!(pushed.created, 4, "{flavor:?}: {pushed:?}");
        let links = push.store().ticket_links(CONN).expect("links");
        assert!(links.iter().all(|l| l.issue_key.starts_with("APPSEC-")));

        // The app's own clock is behind the sandbox's wall clock here: the first poll starts
        // from the oldest link, which is early enough.
        let policy = PollPolicy {
            resolutions: ResolutionMap::default()
                .with("Cannot Reproduce", FindingStatus::AcceptedRisk),
            ..PollPolicy::default()
        };
        let mut engine = PollEngine::new(w.open(), Arc::new(w.clock.clone())).with_policy(policy);
        engine.add_connection(CONN, client.clone());
        engine.poll_once().await.expect("first poll");

        close(&client, &links[0].issue_key, "Won't Do").await;
        close(&client, &links[1].issue_key, "Duplicate").await;
        close(&client, &links[2].issue_key, "Cannot Reproduce").await;
        let report = engine.poll_once().await.expect("poll");
        assert!(report.failures.is_empty(), "{report:?}");
        assert_eq!(report.findings_changed, 3, "{flavor:?}: {report:?}");
        let status = |i: usize| {
            engine
                .store()
                .finding_status(links[i].finding_id)
                .expect("st")
        };
        assert_eq!(status(0), FindingStatus::AcceptedRisk, "{flavor:?}");
        assert_eq!(status(1), FindingStatus::FalsePositive, "{flavor:?}");
        assert_eq!(
            status(2),
            FindingStatus::AcceptedRisk,
            "{flavor:?}: configured"
        );
        assert_eq!(status(3), FindingStatus::Open, "{flavor:?}");
        let event = engine
            .store()
            .timeline(links[0].finding_id)
            .expect("timeline")
            .into_iter()
            .find(|e| e.kind == TimelineKind::StatusChanged)
            .expect("event");
        assert_eq!(event.detail.to_status, Some(FindingStatus::AcceptedRisk));
        assert!(
            event.detail.message.contains("resolution Won't Do"),
            "{}",
            event.detail.message
        );
        let detail = engine
            .store()
            .finding_detail(links[1].finding_id)
            .expect("detail");
        assert!(
            detail
                .status_reason
                .as_deref()
                .is_some_and(|r| r.contains("Duplicate")),
            "{:?}",
            detail.status_reason
        );
        sandbox.shutdown().await;
    }
}
