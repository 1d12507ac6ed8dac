//! The remaining read endpoints, each validated against its flavor's spec.

mod common;

use common::contract::{self, Spec};
use common::{reply, Jira};
use serde_json::json;

async fn seed_resources(j: &Jira) -> (String, String, String) {
    let key = j.create_sec("sweep", &["s"]).await;
    j.put(&format!("/issue/{key}/properties/p1"), &json!({"a": 1}))
        .await;
    let link = j
        .post(
            &format!("/issue/{key}/remotelink"),
            &json!({"object": {"url": "http://x", "title": "t"}}),
        )
        .await;
    let link_id = link.body["id"].to_string();
    let part = reqwest::multipart::Part::bytes(b"x".to_vec())
        .file_name("x.txt")
        .mime_str("text/plain")
        .expect("mime");
    let up = reply(
        j.req(reqwest::Method::POST, &format!("/issue/{key}/attachments"))
            .header("X-Atlassian-Token", "no-check")
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    let att = up.body[0]["id"].as_str().expect("attachment id").to_owned();
    (key, link_id, att)
}

#[tokio::test]
async fn cloud_reads() {
    let j = Jira::cloud().await;
    let (key, link, att) = seed_resources(&j).await;
    let account = j.get("/myself").await.body["accountId"]
        .as_str()
        .expect("id")
        .to_owned();
    let s = Spec::Cloud;
    contract::response(
        s,
        "/rest/api/3/user",
        "get",
        200,
        &j.get(&format!("/user?accountId={account}")).await.body,
    );
    contract::response(
        s,
        "/rest/api/3/attachment/{id}",
        "get",
        200,
        &j.get(&format!("/attachment/{att}")).await.body,
    );
    contract::response(
        s,
        "/rest/api/3/issue/{issueIdOrKey}/properties",
        "get",
        200,
        &j.get(&format!("/issue/{key}/properties")).await.body,
    );
    let one = j.get(&format!("/issue/{key}/remotelink/{link}")).await;
    assert_eq!(one.status, 200);
    contract::response(
        s,
        "/rest/api/3/issue/{issueIdOrKey}/remotelink/{linkId}",
        "get",
        200,
        &one.body,
    );
    let all_fields = j.get(&format!("/issue/{key}?expand=changelog")).await;
    contract::response(
        s,
        "/rest/api/3/issue/{issueIdOrKey}",
        "get",
        200,
        &all_fields.body,
    );
    let search = j
        .post(
            "/search/jql",
            &json!({"jql": "project = APPSEC", "fields": ["*all"], "expand": "names"}),
        )
        .await;
    contract::response(s, "/rest/api/3/search/jql", "post", 200, &search.body);
}

#[tokio::test]
async fn dc_reads() {
    let j = Jira::dc().await;
    let (key, link, att) = seed_resources(&j).await;
    let s = Spec::Dc;
    contract::response(
        s,
        "/api/2/user",
        "get",
        200,
        &j.get("/user?username=analyst").await.body,
    );
    contract::response(
        s,
        "/api/2/attachment/{id}",
        "get",
        200,
        &j.get(&format!("/attachment/{att}")).await.body,
    );
    contract::response(
        s,
        "/api/2/issue/{issueIdOrKey}/properties",
        "get",
        200,
        &j.get(&format!("/issue/{key}/properties")).await.body,
    );
    contract::response(
        s,
        "/api/2/issue/{issueIdOrKey}/remotelink/{linkId}",
        "get",
        200,
        &j.get(&format!("/issue/{key}/remotelink/{link}")).await.body,
    );
    contract::response(
        s,
        "/api/2/project/{projectIdOrKey}",
        "get",
        200,
        &j.get("/project/SEC").await.body,
    );
    let search = j
        .get("/search?jql=project%20%3D%20APPSEC&expand=changelog")
        .await;
    contract::response(s, "/api/2/search", "get", 200, &search.body);
}

#[tokio::test]
async fn rendered_fields_and_bodies_are_html() {
    let j = Jira::cloud().await;
    let g = j.get("/issue/SEC-2?expand=renderedFields").await;
    contract::response(
        Spec::Cloud,
        "/rest/api/3/issue/{issueIdOrKey}",
        "get",
        200,
        &g.body,
    );
    assert_eq!(
        g.body["renderedFields"]["description"],
        "<p>openssl 1.1.1k has known CVEs.</p>"
    );
    j.post(
        "/issue/SEC-2/comment",
        &json!({"body": common::adf("a <b> c")}),
    )
    .await;
    let c = j.get("/issue/SEC-2/comment?expand=renderedBody").await;
    contract::response(
        Spec::Cloud,
        "/rest/api/3/issue/{issueIdOrKey}/comment",
        "get",
        200,
        &c.body,
    );
    assert_eq!(
        c.body["comments"][0]["renderedBody"],
        "<p>a &lt;b&gt; c</p>"
    );
    let dc = Jira::dc().await;
    let key = dc.create_sec("wiki", &[]).await;
    dc.put(
        &format!("/issue/{key}"),
        &json!({"fields": {"description": "h3. Impact\n\n*high*"}}),
    )
    .await;
    let g = dc.get(&format!("/issue/{key}?expand=renderedFields")).await;
    assert_eq!(
        g.body["renderedFields"]["description"],
        "<h3>Impact</h3><p><b>high</b></p>"
    );
}
