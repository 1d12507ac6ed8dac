//! Create and edit validation: required fields, allowed values, limits, ADF; bulk create.

mod common;

use common::contract::{self, Spec};
use common::{adf, Jira};
use serde_json::{json, Value};

fn sec(fields: Value) -> Value {
    let mut f = json!({"project": {"key": "SEC"}, "issuetype": {"name": "Task"}, "summary": "ok"});
    for (k, v) in fields.as_object().expect("object") {
        f[k] = v.clone();
    }
    json!({"fields": f})
}

#[tokio::test]
async fn create_reports_field_errors_in_error_collection() {
    let j = Jira::cloud().await;
    let cases: Vec<(Value, &str, &str)> = vec![
        (sec(json!({"summary": ""})), "summary", "You must specify a summary of the issue."),
        (sec(json!({"summary": "x".repeat(256)})), "summary", "Summary must be less than 255 characters."),
        (sec(json!({"summary": "a\nb"})), "summary", "The summary is invalid because it contains newline characters."),
        (sec(json!({"description": "plain text"})), "description", "Operation value must be an Atlassian Document (see the Atlassian Document Format)"),
        (sec(json!({"description": adf(&"y".repeat(32_800))})), "description", "The entered text is too long. It exceeds the allowed limit of 32,767 characters."),
        (sec(json!({"labels": ["has space"]})), "labels", "The label 'has space' contains spaces which is invalid."),
        (sec(json!({"customfield_10020": {"value": "Catastrophic"}})), "customfield_10020", "Option value 'Catastrophic' is not valid"),
        (sec(json!({"customfield_10021": "9.8"})), "customfield_10021", "Operation value must be a number"),
        (sec(json!({"duedate": "31/01/2026"})), "duedate", "Error parsing date string: 31/01/2026"),
        (sec(json!({"priority": {"name": "Blocker"}})), "priority", "The priority selected is invalid."),
        (sec(json!({"assignee": {"accountId": "nobody"}})), "assignee", "Specified user does not exist or you do not have required permissions"),
        (sec(json!({"customfield_10030": {"value": "Payments"}})), "customfield_10030", "Field 'customfield_10030' cannot be set. It is not on the appropriate screen, or unknown."),
        (json!({"fields": {"project": {"key": "NOPE"}, "issuetype": {"name": "Task"}, "summary": "x"}}), "project", "Specify a valid project ID or key"),
        (json!({"fields": {"project": {"key": "OPS"}, "issuetype": {"name": "Bug"}, "summary": "x"}}), "issuetype", "Specify a valid issue type"),
    ];
    for (body, field, msg) in cases {
        let r = j.post("/issue", &body).await;
        assert_eq!(r.status, 400, "{field}: {}", r.text);
        assert_eq!(r.body["errors"][field], msg, "{}", r.text);
        contract::response(Spec::Cloud, "/rest/api/3/issue", "post", 400, &r.body);
    }
    let broken_adf = j.post("/issue", &sec(json!({"description": {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [{"type": "text", "text": ""}]}]}}))).await;
    assert_eq!(broken_adf.status, 400);
    assert_eq!(broken_adf.body["errorMessages"][0], "INVALID_INPUT");
    let not_json = j
        .req(reqwest::Method::POST, "/issue")
        .header("content-type", "application/json")
        .body("{oops")
        .send()
        .await
        .expect("sent");
    assert_eq!(not_json.status().as_u16(), 400);
    assert_eq!(
        j.sb.issue_count("SEC"),
        3,
        "nothing was created by failed requests"
    );
}

#[tokio::test]
async fn appsec_requires_team_and_champion() {
    let j = Jira::cloud().await;
    let r = j.post("/issue", &json!({"fields": {"project": {"key": "APPSEC"}, "issuetype": {"name": "Bug"}, "summary": "x"}})).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["errors"]["customfield_10030"], "Team is required.");
    assert_eq!(
        r.body["errors"]["customfield_10031"],
        "Security champion is required."
    );
    let inactive = j.post("/issue", &json!({"fields": {"project": {"key": "APPSEC"}, "issuetype": {"name": "Bug"}, "summary": "x",
        "customfield_10030": {"id": "10120"}, "customfield_10031": {"accountId": "557058:0a1b2c3d-4e5f-4607-8a9b-c0d1e2f3a4b5"}}})).await;
    assert_eq!(inactive.status, 400, "inactive users cannot be picked");
    let cascade = j.post("/issue", &json!({"fields": {"project": {"key": "APPSEC"}, "issuetype": {"name": "Bug"}, "summary": "x",
        "customfield_10030": {"id": "10120"}, "customfield_10031": {"accountId": "712020:b4a5c6d7-e8f9-4a0b-9c1d-2e3f4a5b6c7d"},
        "customfield_10032": {"value": "EU", "child": {"value": "Oregon"}}}})).await;
    assert_eq!(cascade.status, 400, "child options belong to their parent");
    assert_eq!(
        cascade.body["errors"]["customfield_10032"],
        "Option value 'Oregon' is not valid"
    );
}

#[tokio::test]
async fn dc_text_limit_and_strings() {
    let j = Jira::dc().await;
    let r = j
        .post("/issue", &sec(json!({"description": "z".repeat(32_768)})))
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.body["errors"]["description"],
        "The entered text is too long. It exceeds the allowed limit of 32,767 characters."
    );
    let ok = j
        .post("/issue", &sec(json!({"description": "z".repeat(32_767)})))
        .await;
    assert_eq!(ok.status, 201);
}

#[tokio::test]
async fn bulk_create_reports_partial_failures_by_element() {
    let j = Jira::cloud().await;
    let updates = vec![
        sec(json!({"summary": "one"})),
        sec(json!({"summary": ""})),
        sec(json!({"summary": "three", "labels": ["bulk"]})),
    ];
    let r = j
        .post("/issue/bulk", &json!({"issueUpdates": updates}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    contract::response(Spec::Cloud, "/rest/api/3/issue/bulk", "post", 201, &r.body);
    assert_eq!(r.body["issues"].as_array().map(Vec::len), Some(2));
    assert_eq!(r.body["errors"][0]["failedElementNumber"], 1);
    assert_eq!(r.body["errors"][0]["status"], 400);
    assert_eq!(
        r.body["errors"][0]["elementErrors"]["errors"]["summary"],
        "You must specify a summary of the issue."
    );
    let all_bad = j
        .post(
            "/issue/bulk",
            &json!({"issueUpdates": [sec(json!({"summary": ""}))]}),
        )
        .await;
    assert_eq!(all_bad.status, 400);
    contract::response(
        Spec::Cloud,
        "/rest/api/3/issue/bulk",
        "post",
        400,
        &all_bad.body,
    );
    let many: Vec<Value> = (0..51)
        .map(|i| sec(json!({"summary": format!("n{i}")})))
        .collect();
    let too_many = j.post("/issue/bulk", &json!({"issueUpdates": many})).await;
    assert_eq!(too_many.status, 400);
    assert_eq!(j.sb.issue_count("SEC"), 5);
    let dc = Jira::dc().await;
    let r = dc.post("/issue/bulk", &json!({"issueUpdates": [sec(json!({"summary": "dc one"})), sec(json!({"labels": ["a b"]}))]})).await;
    assert_eq!(r.status, 201);
    contract::response(Spec::Dc, "/api/2/issue/bulk", "post", 201, &r.body);
}

#[tokio::test]
async fn edit_sets_fields_and_applies_label_operations() {
    let j = Jira::cloud().await;
    let key = j.create_sec("edit me", &["keep", "drop"]).await;
    let before = j.sb.issue(&key).expect("exists").updated;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let r = j.put(&format!("/issue/{key}"), &json!({
        "fields": {"summary": "edited", "customfield_10022": [{"value": "API"}, {"value": "Web"}]},
        "update": {"labels": [{"add": "new"}, {"remove": "drop"}]}
    })).await;
    assert_eq!(r.status, 204, "{}", r.text);
    let snap = j.sb.issue(&key).expect("exists");
    assert_eq!(snap.summary, "edited");
    assert_eq!(snap.labels, vec!["keep".to_owned(), "new".to_owned()]);
    assert!(snap.updated > before, "updated moves on edit");
    let g = j
        .get(&format!("/issue/{key}?fields=customfield_10022"))
        .await;
    assert_eq!(g.body["fields"]["customfield_10022"][1]["value"], "Web");

    let both = j
        .put(
            &format!("/issue/{key}"),
            &json!({"fields": {"labels": []}, "update": {"labels": [{"add": "x"}]}}),
        )
        .await;
    assert_eq!(both.status, 400);
    let clear = j
        .put(
            &format!("/issue/{key}"),
            &json!({"fields": {"summary": null}}),
        )
        .await;
    assert_eq!(clear.status, 400);
    let screen = j
        .put(
            &format!("/issue/{key}"),
            &json!({"fields": {"customfield_10031": {"accountId": "x"}}}),
        )
        .await;
    assert_eq!(
        screen.body["errors"]["customfield_10031"],
        "Field 'customfield_10031' cannot be set. It is not on the appropriate screen, or unknown."
    );
    let returned = j
        .put(
            &format!("/issue/{key}?returnIssue=true"),
            &json!({"fields": {"summary": "again"}}),
        )
        .await;
    assert_eq!(returned.status, 200);
    assert_eq!(returned.body["fields"]["summary"], "again");
    let missing = j
        .put("/issue/SEC-999", &json!({"fields": {"summary": "x"}}))
        .await;
    assert_eq!(missing.status, 404);

    let del = j.delete(&format!("/issue/{key}")).await;
    assert_eq!(del.status, 204);
    assert!(j.sb.issue(&key).is_none());
    assert_eq!(j.delete(&format!("/issue/{key}")).await.status, 404);
}
