//! Bulk create against the sandbox on both flavors: partial failures mapped back to the
//! input order, all-failed answers, the 50-issue limit and a lost answer.

mod sandbox_client;

use serde_json::{json, Value};
use vulnbridge_jira::BULK_CREATE_LIMIT;
use vulnbridge_sandbox::{Fault, FaultPlan, FaultRule, Target, Trigger};

use sandbox_client::{api, sec_task, start_empty, FLAVORS};

fn without_summary() -> Value {
    json!({"fields": {"project": {"key": "SEC"}, "issuetype": {"name": "Task"}}})
}

fn bad_severity() -> Value {
    let mut body = sec_task("bad severity", &[]);
    body["fields"]["customfield_10020"] = json!({"value": "Extreme"});
    body
}

#[tokio::test]
async fn partial_failures_are_mapped_to_input_indexes() {
    for flavor in FLAVORS {
        let (sandbox, client) = start_empty(flavor).await;
        let payloads = vec![
            sec_task("first", &["vb-b0"]),
            without_summary(),
            sec_task("third", &["vb-b2"]),
            bad_severity(),
            sec_task("fifth", &["vb-b4"]),
        ];
        let outcome = client.bulk_create(&payloads).await.expect("bulk");
        assert_eq!(outcome.results.len(), 5);
        let created: Vec<(usize, String)> = outcome
            .created()
            .map(|(i, issue)| (i, issue.key.clone()))
            .collect();
        assert_eq!(
            created,
            [
                (0, "SEC-1".to_owned()),
                (2, "SEC-2".to_owned()),
                (4, "SEC-3".to_owned())
            ],
            "{flavor:?}"
        );
        for (index, key) in &created {
            let summary = payloads[*index]["fields"]["summary"]
                .as_str()
                .expect("summary");
            assert_eq!(sandbox.issue(key).expect("exists").summary, summary);
        }
        let failed: Vec<(usize, u16, Vec<String>)> = outcome
            .failed()
            .map(|(i, e)| (i, e.status, e.errors.errors.keys().cloned().collect()))
            .collect();
        assert_eq!(
            failed,
            [
                (1, 400, vec!["summary".to_owned()]),
                (3, 400, vec!["customfield_10020".to_owned()]),
            ]
        );
        let bulk_path = format!("{}/issue/bulk", api(flavor));
        assert_eq!(sandbox.request_log().count("POST", &bulk_path), 1);

        let none = client
            .bulk_create(&[without_summary(), bad_severity()])
            .await
            .expect("a 400 with per-element errors is still an answer");
        assert_eq!(none.created().count(), 0);
        let indexes: Vec<usize> = none.failed().map(|(i, _)| i).collect();
        assert_eq!(indexes, [0, 1]);
        assert_eq!(sandbox.issue_count("SEC"), 3);
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn more_than_50_are_refused_before_sending_and_lost_answers_are_ambiguous() {
    for flavor in FLAVORS {
        let (sandbox, client) = start_empty(flavor).await;
        let too_many: Vec<Value> = (0..=BULK_CREATE_LIMIT)
            .map(|i| sec_task(&format!("n{i}"), &[]))
            .collect();
        let error = client.bulk_create(&too_many).await.expect_err("51");
        assert_eq!(error.code(), "invalid_request");
        assert!(error.to_string().contains("at most 50"), "{error}");
        assert!(sandbox.request_log().is_empty());

        let bulk_path = format!("{}/issue/bulk", api(flavor));
        sandbox.set_faults(FaultPlan::none().with_rule(FaultRule::new(
            Target::method_path("POST", &bulk_path),
            Trigger::FirstN(1),
            Fault::CommitThenDrop,
        )));
        let error = client
            .bulk_create(&[sec_task("a", &["vb-x1"]), sec_task("b", &["vb-x2"])])
            .await
            .expect_err("lost");
        assert!(error.is_ambiguous(), "{error}");
        assert_eq!(
            sandbox.request_log().count("POST", &bulk_path),
            1,
            "not resent"
        );
        let found = client
            .find_by_labels(&["vb-x1", "vb-x2"])
            .await
            .expect("lookup");
        assert_eq!(found.len(), 2, "{flavor:?}: both were committed");
        sandbox.shutdown().await;
    }
}
