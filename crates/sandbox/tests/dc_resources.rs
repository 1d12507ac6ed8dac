//! DC v2 responses of the write-side resources, validated against the DC 10.3 spec.

mod common;

use common::contract::{self, Spec};
use common::{reply, Jira};
use serde_json::json;

#[tokio::test]
async fn dc_resources_match_the_spec() {
    let j = Jira::dc().await;
    let key = j.create_sec("dc resources", &["a"]).await;

    let edit = j.put(&format!("/issue/{key}"), &json!({"update": {"labels": [{"add": "b"}]}, "fields": {"assignee": {"name": "devlead"}}})).await;
    assert_eq!(edit.status, 204, "{}", edit.text);
    let g = j
        .get(&format!(
            "/issue/{key}?fields=assignee,labels&expand=changelog"
        ))
        .await;
    contract::response(Spec::Dc, "/api/2/issue/{issueIdOrKey}", "get", 200, &g.body);
    assert_eq!(g.body["fields"]["assignee"]["name"], "devlead");
    let items = &g.body["changelog"]["histories"][0]["items"];
    let assignee = items
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["field"] == "assignee")
        .expect("assignee item");
    assert_eq!(
        assignee["to"], "devlead",
        "DC history names users by username"
    );

    let prop = j
        .put(
            &format!("/issue/{key}/properties/finding"),
            &json!({"id": 1}),
        )
        .await;
    assert_eq!(prop.status, 201);
    let p = j.get(&format!("/issue/{key}/properties/finding")).await;
    contract::response(
        Spec::Dc,
        "/api/2/issue/{issueIdOrKey}/properties/{propertyKey}",
        "get",
        200,
        &p.body,
    );

    let link = j
        .post(
            &format!("/issue/{key}/remotelink"),
            &json!({"globalId": "g1", "object": {"url": "http://x", "title": "t"}}),
        )
        .await;
    assert_eq!(link.status, 201);
    contract::response(
        Spec::Dc,
        "/api/2/issue/{issueIdOrKey}/remotelink",
        "post",
        200,
        &link.body,
    );
    let links = j.get(&format!("/issue/{key}/remotelink")).await;
    contract::each(Spec::Dc, "RemoteIssueLinkBean", &links.body);

    let c = j
        .post(&format!("/issue/{key}/comment"), &json!({"body": "first"}))
        .await;
    let id = c.body["id"].as_str().expect("id").to_owned();
    let upd = j
        .put(
            &format!("/issue/{key}/comment/{id}"),
            &json!({"body": "second"}),
        )
        .await;
    assert_eq!(upd.status, 200);
    contract::response(
        Spec::Dc,
        "/api/2/issue/{issueIdOrKey}/comment/{id}",
        "put",
        200,
        &upd.body,
    );
    let one = j.get(&format!("/issue/{key}/comment/{id}")).await;
    contract::response(
        Spec::Dc,
        "/api/2/issue/{issueIdOrKey}/comment/{id}",
        "get",
        200,
        &one.body,
    );

    let part = reqwest::multipart::Part::bytes(b"scan".to_vec())
        .file_name("scan.json")
        .mime_str("application/json")
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
    assert_eq!(up.status, 200);
    contract::each(Spec::Dc, "AttachmentJsonBean", &up.body);
    assert_eq!(up.body[0]["author"]["name"], "analyst");

    let t = j
        .post(
            &format!("/issue/{key}/transitions"),
            &json!({"transition": {"id": "31"}}),
        )
        .await;
    assert_eq!(t.status, 204);
    let s = j.sb.issue(&key).expect("exists");
    assert_eq!(
        (
            s.status_category.as_str(),
            s.comments,
            s.attachments,
            s.remote_links
        ),
        ("done", 1, 1, 1)
    );
    let done = j
        .get(&format!(
            "/search?jql=statusCategory%20%3D%20done%20AND%20key%20%3D%20{key}"
        ))
        .await;
    assert_eq!(done.body["total"], 1);
}

#[tokio::test]
async fn cloud_project_and_links_match_the_spec() {
    let j = Jira::cloud().await;
    let p = j.get("/project/APPSEC").await;
    contract::response(
        Spec::Cloud,
        "/rest/api/3/project/{projectIdOrKey}",
        "get",
        200,
        &p.body,
    );
    assert_eq!(p.body["lead"]["displayName"], "Sam Champion");
    let key = j.create_sec("links", &[]).await;
    j.post(
        &format!("/issue/{key}/remotelink"),
        &json!({"object": {"url": "http://x", "title": "t"}}),
    )
    .await;
    let all = j.get(&format!("/issue/{key}/remotelink")).await;
    for l in all.body.as_array().expect("list") {
        contract::component(Spec::Cloud, "RemoteIssueLink", l);
    }
    let epic_child = j.get("/issue/SEC-2?fields=parent").await;
    assert_eq!(epic_child.body["fields"]["parent"]["key"], "SEC-1");
    contract::response(
        Spec::Cloud,
        "/rest/api/3/issue/{issueIdOrKey}",
        "get",
        200,
        &epic_child.body,
    );
    let names = j
        .get("/issue/SEC-2?expand=names,transitions&properties=*all")
        .await;
    contract::response(
        Spec::Cloud,
        "/rest/api/3/issue/{issueIdOrKey}",
        "get",
        200,
        &names.body,
    );
    assert_eq!(names.body["names"]["customfield_10020"], "Severity");
}
