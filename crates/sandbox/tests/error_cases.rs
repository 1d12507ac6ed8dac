//! Error answers of the endpoints not covered elsewhere, all in Jira's ErrorCollection shape.

mod common;

use common::contract::{self, Spec};
use common::Jira;
use serde_json::json;

fn assert_error(r: &common::Reply, status: u16, spec: Spec) {
    assert_eq!(r.status, status, "{}", r.text);
    contract::component(spec, "ErrorCollection", &r.body);
    let has_message = r.body["errorMessages"]
        .as_array()
        .is_some_and(|m| !m.is_empty())
        || r.body["errors"].as_object().is_some_and(|e| !e.is_empty());
    assert!(has_message, "an error names the problem: {}", r.text);
}

#[tokio::test]
async fn cloud_error_cases() {
    let j = Jira::cloud().await;
    let s = Spec::Cloud;
    assert_error(&j.get("/project/NOPE").await, 404, s);
    assert_error(&j.get("/project/search?maxResults=abc").await, 400, s);
    assert_error(&j.get("/priority/search?projectId=424242").await, 400, s);
    assert_error(&j.get("/user").await, 400, s);
    assert_error(&j.get("/user?accountId=nobody").await, 404, s);
    assert_error(&j.get("/issue/SEC-404/transitions").await, 404, s);
    assert_error(
        &j.post(
            "/issue/SEC-404/transitions",
            &json!({"transition": {"id": "21"}}),
        )
        .await,
        404,
        s,
    );
    assert_error(
        &j.post("/issue/SEC-2/transitions", &json!({})).await,
        400,
        s,
    );
    assert_error(
        &j.post(
            "/issue/SEC-2/transitions",
            &json!({"transition": {"id": "21"}, "fields": {"summary": "x"}}),
        )
        .await,
        400,
        s,
    );
    assert_error(&j.get("/issue/SEC-404/comment").await, 404, s);
    assert_error(
        &j.post("/issue/SEC-404/comment", &json!({"body": common::adf("x")}))
            .await,
        404,
        s,
    );
    assert_error(
        &j.put("/issue/SEC-2/comment/1", &json!({"body": common::adf("x")}))
            .await,
        404,
        s,
    );
    assert_error(&j.delete("/issue/SEC-2/comment/1").await, 404, s);
    assert_error(&j.get("/issue/SEC-404/properties").await, 404, s);
    assert_error(&j.delete("/issue/SEC-2/properties/none").await, 404, s);
    assert_error(&j.delete("/issue/SEC-2/remotelink").await, 400, s);
    assert_error(
        &j.delete("/issue/SEC-2/remotelink?globalId=none").await,
        404,
        s,
    );
    assert_error(&j.get("/issue/SEC-2/remotelink/1").await, 404, s);
    assert_error(&j.get("/issue/SEC-404/changelog").await, 404, s);
    let ids: Vec<String> = (0..1001).map(|i| format!("SEC-{i}")).collect();
    assert_error(
        &j.post("/changelog/bulkfetch", &json!({"issueIdsOrKeys": ids}))
            .await,
        400,
        s,
    );
    assert_error(
        &j.post(
            "/changelog/bulkfetch",
            &json!({"issueIdsOrKeys": ["SEC-1"], "nextPageToken": "??"}),
        )
        .await,
        400,
        s,
    );
    assert_error(&j.get("/attachment/424242").await, 404, s);
    let no_file = j
        .req(reqwest::Method::POST, "/issue/SEC-2/attachments")
        .header("X-Atlassian-Token", "no-check")
        .multipart(reqwest::multipart::Form::new().text("comment", "no file"))
        .send()
        .await
        .expect("sent");
    assert_error(&common::reply(no_file).await, 400, s);
    assert_error(
        &j.post(
            "/search/jql",
            &json!({"jql": "project = SEC", "reconcileIssues": (0..51).collect::<Vec<u32>>()}),
        )
        .await,
        400,
        s,
    );
    assert_error(
        &j.post(
            "/search/jql",
            &json!({"jql": "project = SEC", "properties": ["a", "b", "c", "d", "e", "f"]}),
        )
        .await,
        400,
        s,
    );
    assert_error(
        &j.post("/issue/bulk", &json!({"nothing": []})).await,
        400,
        s,
    );
    assert_error(
        &j.put(
            "/issue/SEC-2",
            &json!({"fields": {"labels": "not-an-array"}}),
        )
        .await,
        400,
        s,
    );
    assert_error(
        &j.put(
            "/issue/SEC-2",
            &json!({"update": {"labels": [{"rename": "x"}]}}),
        )
        .await,
        400,
        s,
    );
    assert_error(
        &j.put(
            "/issue/SEC-2",
            &json!({"fields": {"project": {"key": "OPS"}}}),
        )
        .await,
        400,
        s,
    );
}

#[tokio::test]
async fn dc_error_cases() {
    let j = Jira::dc().await;
    let s = Spec::Dc;
    assert_error(&j.get("/project/NOPE").await, 404, s);
    assert_error(&j.get("/project/NOPE/priorityscheme").await, 404, s);
    assert_error(&j.get("/user?username=nobody").await, 404, s);
    assert_error(&j.get("/issue/SEC-404").await, 404, s);
    assert_error(&j.get("/search?jql=project%20%3D%20NOPE").await, 400, s);
    assert_error(
        &j.get("/search?jql=project%20%3D%20SEC&startAt=x").await,
        400,
        s,
    );
    assert_error(
        &j.post(
            "/issue",
            &json!({"fields": {"project": {"key": "SEC"}, "issuetype": {"name": "Task"}}}),
        )
        .await,
        400,
        s,
    );
    assert_error(
        &j.post("/issue/SEC-2/comment", &json!({"body": ""})).await,
        400,
        s,
    );
}

#[tokio::test]
async fn writes_must_be_json() {
    let j = Jira::cloud().await;
    let form = j
        .req(reqwest::Method::POST, "/issue")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("a=b")
        .send()
        .await
        .expect("sent");
    assert_eq!(
        form.status().as_u16(),
        403,
        "simple content types fail Jira's XSRF check"
    );
    assert_eq!(form.text().await.expect("text"), "XSRF check failed");
    let xml = j
        .req(reqwest::Method::POST, "/issue")
        .header("content-type", "application/xml")
        .body("<a/>")
        .send()
        .await
        .expect("sent");
    assert_eq!(xml.status().as_u16(), 415);
    let none = j
        .req(reqwest::Method::PUT, "/issue/SEC-2")
        .body("{}")
        .send()
        .await
        .expect("sent");
    assert_eq!(none.status().as_u16(), 415, "no content type");
    assert_eq!(j.sb.issue_count("SEC"), 3);
}

#[tokio::test]
async fn too_many_files_in_one_upload() {
    let j = Jira::cloud().await;
    let mut form = reqwest::multipart::Form::new();
    for i in 0..61 {
        form = form.part(
            "file",
            reqwest::multipart::Part::bytes(vec![b'x']).file_name(format!("f{i}.txt")),
        );
    }
    let r = common::reply(
        j.req(reqwest::Method::POST, "/issue/SEC-2/attachments")
            .header("X-Atlassian-Token", "no-check")
            .multipart(form)
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(r.status, 413);
    assert_eq!(j.sb.issue("SEC-2").expect("exists").attachments, 0);
}
