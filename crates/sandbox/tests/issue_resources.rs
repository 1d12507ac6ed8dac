//! Transitions, comments, properties, remote links, attachments and changelogs.

mod common;

use common::contract::{self, Spec};
use common::{adf, Jira};
use serde_json::json;

async fn appsec_bug(j: &Jira) -> String {
    let r = j.post("/issue", &json!({"fields": {"project": {"key": "APPSEC"}, "issuetype": {"name": "Bug"}, "summary": "needs review",
        "customfield_10030": {"value": "Payments"}, "customfield_10031": {"accountId": "712020:b4a5c6d7-e8f9-4a0b-9c1d-2e3f4a5b6c7d"}}})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["key"].as_str().expect("key").to_owned()
}

#[tokio::test]
async fn simple_workflow_done_sets_resolution_and_reopening_clears_it() {
    let j = Jira::cloud().await;
    let key = j.create_sec("fix me", &[]).await;
    let t = j.get(&format!("/issue/{key}/transitions")).await;
    contract::response(
        Spec::Cloud,
        "/rest/api/3/issue/{issueIdOrKey}/transitions",
        "get",
        200,
        &t.body,
    );
    let names: Vec<&str> = t.body["transitions"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|x| x["name"].as_str())
        .collect();
    assert_eq!(
        names,
        vec!["In Progress", "Done"],
        "no transition to the current status"
    );
    let done = t.body["transitions"]
        .as_array()
        .expect("list")
        .iter()
        .find(|x| x["name"] == "Done")
        .expect("Done");
    assert_eq!(done["to"]["statusCategory"]["key"], "done");
    let r = j
        .post(
            &format!("/issue/{key}/transitions"),
            &json!({"transition": {"id": done["id"]}}),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    let s = j.sb.issue(&key).expect("exists");
    assert_eq!(
        (
            s.status.as_str(),
            s.status_category.as_str(),
            s.resolution.as_deref()
        ),
        ("Done", "done", Some("Done"))
    );
    let back = j
        .post(
            &format!("/issue/{key}/transitions"),
            &json!({"transition": {"id": "11"}}),
        )
        .await;
    assert_eq!(back.status, 204);
    assert_eq!(j.sb.issue(&key).expect("exists").resolution, None);
    let g = j
        .get(&format!(
            "/issue/{key}?fields=status,resolution,resolutiondate"
        ))
        .await;
    assert_eq!(
        g.body["fields"]["status"]["statusCategory"]["colorName"],
        "blue-gray"
    );
    assert!(g.body["fields"]["resolution"].is_null());
}

#[tokio::test]
async fn review_workflow_close_requires_a_resolution() {
    let j = Jira::cloud().await;
    let key = appsec_bug(&j).await;
    let t = j
        .get(&format!(
            "/issue/{key}/transitions?expand=transitions.fields"
        ))
        .await;
    contract::response(
        Spec::Cloud,
        "/rest/api/3/issue/{issueIdOrKey}/transitions",
        "get",
        200,
        &t.body,
    );
    let close = t.body["transitions"]
        .as_array()
        .expect("list")
        .iter()
        .find(|x| x["name"] == "Close")
        .expect("Close");
    assert_eq!(close["fields"]["resolution"]["required"], true);
    assert!(close["fields"]["resolution"]["allowedValues"]
        .as_array()
        .is_some_and(|a| a.len() == 4));
    let missing = j
        .post(
            &format!("/issue/{key}/transitions"),
            &json!({"transition": {"id": "21"}}),
        )
        .await;
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.body["errors"]["resolution"],
        "Resolution is required."
    );
    let invalid = j
        .post(
            &format!("/issue/{key}/transitions"),
            &json!({"transition": {"id": "31"}}),
        )
        .await;
    assert_eq!(invalid.status, 400);
    assert_eq!(
        invalid.body["errorMessages"][0],
        "Transition id '31' is not valid for this issue."
    );
    let ok = j
        .post(
            &format!("/issue/{key}/transitions"),
            &json!({
                "transition": {"id": "21"}, "fields": {"resolution": {"name": "Won't Do"}},
                "update": {"comment": [{"add": {"body": adf("accepted risk")}}]}
            }),
        )
        .await;
    assert_eq!(ok.status, 204, "{}", ok.text);
    let s = j.sb.issue(&key).expect("exists");
    assert_eq!(
        (s.status.as_str(), s.resolution.as_deref(), s.comments),
        ("Closed", Some("Won't Do"), 1)
    );
    let log = j.get(&format!("/issue/{key}/changelog")).await;
    assert_eq!(log.status, 200);
    contract::response(
        Spec::Cloud,
        "/rest/api/3/issue/{issueIdOrKey}/changelog",
        "get",
        200,
        &log.body,
    );
    let items = &log.body["values"][0]["items"];
    assert_eq!(items[0]["fieldId"], "status");
    assert_eq!(items[0]["fromString"], "Open");
    assert_eq!(items[0]["toString"], "Closed");
    assert_eq!(items[1]["fieldId"], "resolution");
    assert_eq!(items[1]["toString"], "Won't Do");
}

#[tokio::test]
async fn comments_crud_pages_and_bumps_updated() {
    let j = Jira::cloud().await;
    let key = j.create_sec("discuss", &[]).await;
    let t0 = j.sb.issue(&key).expect("exists").updated;
    let mut ids = Vec::new();
    for i in 0..3 {
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        let r = j
            .post(
                &format!("/issue/{key}/comment"),
                &json!({"body": adf(&format!("comment {i}"))}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        contract::response(
            Spec::Cloud,
            "/rest/api/3/issue/{issueIdOrKey}/comment",
            "post",
            201,
            &r.body,
        );
        ids.push(r.body["id"].as_str().expect("id").to_owned());
    }
    assert!(j.sb.issue(&key).expect("exists").updated > t0);
    let page = j
        .get(&format!(
            "/issue/{key}/comment?maxResults=2&orderBy=-created"
        ))
        .await;
    contract::response(
        Spec::Cloud,
        "/rest/api/3/issue/{issueIdOrKey}/comment",
        "get",
        200,
        &page.body,
    );
    assert_eq!(page.body["total"], 3);
    assert_eq!(page.body["comments"][0]["id"], ids[2].as_str());
    let one = j.get(&format!("/issue/{key}/comment/{}", ids[0])).await;
    contract::response(
        Spec::Cloud,
        "/rest/api/3/issue/{issueIdOrKey}/comment/{id}",
        "get",
        200,
        &one.body,
    );
    let upd = j
        .put(
            &format!("/issue/{key}/comment/{}", ids[0]),
            &json!({"body": adf("edited")}),
        )
        .await;
    assert_eq!(upd.status, 200);
    contract::response(
        Spec::Cloud,
        "/rest/api/3/issue/{issueIdOrKey}/comment/{id}",
        "put",
        200,
        &upd.body,
    );
    assert_eq!(
        upd.body["body"]["content"][0]["content"][0]["text"],
        "edited"
    );
    assert_eq!(
        j.delete(&format!("/issue/{key}/comment/{}", ids[1]))
            .await
            .status,
        204
    );
    let gone = j.get(&format!("/issue/{key}/comment/{}", ids[1])).await;
    assert_eq!(gone.status, 404);
    assert_eq!(j.sb.issue(&key).expect("exists").comments, 2);
    let empty = j
        .post(&format!("/issue/{key}/comment"), &json!({"body": adf("")}))
        .await;
    assert_eq!(empty.status, 400);
    let wiki = j
        .post(
            &format!("/issue/{key}/comment"),
            &json!({"body": "wiki text"}),
        )
        .await;
    assert_eq!(wiki.status, 400, "Cloud v3 wants ADF comment bodies");
    let search = j
        .get(&format!(
            "/search/jql?jql=updated%20%3E%3D%20-1m%20AND%20key%20%3D%20{key}"
        ))
        .await;
    assert_eq!(search.body["issues"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn dc_comments_are_strings_and_match_the_dc_spec() {
    let j = Jira::dc().await;
    let key = j.create_sec("dc discuss", &[]).await;
    let r = j
        .post(
            &format!("/issue/{key}/comment"),
            &json!({"body": "*bold* note"}),
        )
        .await;
    assert_eq!(r.status, 201);
    contract::response(
        Spec::Dc,
        "/api/2/issue/{issueIdOrKey}/comment",
        "post",
        201,
        &r.body,
    );
    let list = j.get(&format!("/issue/{key}/comment")).await;
    contract::response(
        Spec::Dc,
        "/api/2/issue/{issueIdOrKey}/comment",
        "get",
        200,
        &list.body,
    );
    assert_eq!(list.body["comments"][0]["body"], "*bold* note");
    assert_eq!(list.body["comments"][0]["author"]["name"], "analyst");
    let t = j.get(&format!("/issue/{key}/transitions")).await;
    contract::response(
        Spec::Dc,
        "/api/2/issue/{issueIdOrKey}/transitions",
        "get",
        200,
        &t.body,
    );
    let g = j.get(&format!("/issue/{key}?expand=changelog")).await;
    assert!(
        g.body["changelog"]["histories"].is_array(),
        "DC reads history through expand=changelog"
    );
}

#[tokio::test]
async fn properties_remote_links_and_attachments() {
    let j = Jira::cloud().await;
    let key = j.create_sec("linked", &[]).await;
    let url = format!("/issue/{key}/properties/vulnbridge.finding");
    assert_eq!(
        j.put(&url, &json!({"fingerprint": "abc"})).await.status,
        201
    );
    assert_eq!(
        j.put(&url, &json!({"fingerprint": "def"})).await.status,
        200
    );
    let p = j.get(&url).await;
    contract::response(
        Spec::Cloud,
        "/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}",
        "get",
        200,
        &p.body,
    );
    assert_eq!(p.body["value"]["fingerprint"], "def");
    assert_eq!(
        j.get(&format!("/issue/{key}/properties")).await.body["keys"][0]["key"],
        "vulnbridge.finding"
    );
    assert_eq!(j.delete(&url).await.status, 204);
    assert_eq!(j.get(&url).await.status, 404);

    let link = json!({"globalId": "vulnbridge:finding:1", "object": {"url": "http://localhost/f/1", "title": "Finding 1"}});
    let created = j.post(&format!("/issue/{key}/remotelink"), &link).await;
    assert_eq!(created.status, 201);
    contract::response(
        Spec::Cloud,
        "/rest/api/3/issue/{issueIdOrKey}/remotelink",
        "post",
        201,
        &created.body,
    );
    let mut again = link.clone();
    again["object"]["title"] = json!("Finding 1 (updated)");
    let updated = j.post(&format!("/issue/{key}/remotelink"), &again).await;
    assert_eq!(updated.status, 200, "same globalId updates");
    assert_eq!(updated.body["id"], created.body["id"]);
    let listed = j
        .get(&format!(
            "/issue/{key}/remotelink?globalId=vulnbridge:finding:1"
        ))
        .await;
    contract::response(
        Spec::Cloud,
        "/rest/api/3/issue/{issueIdOrKey}/remotelink",
        "get",
        200,
        &listed.body,
    );
    assert_eq!(listed.body["object"]["title"], "Finding 1 (updated)");
    let no_title = j
        .post(
            &format!("/issue/{key}/remotelink"),
            &json!({"object": {"url": "http://x"}}),
        )
        .await;
    assert_eq!(no_title.status, 400);
    assert_eq!(no_title.body["errors"]["title"], "'title' is required.");
    assert_eq!(j.sb.issue(&key).expect("exists").remote_links, 1);

    let part = || {
        reqwest::multipart::Part::bytes(b"full report".to_vec())
            .file_name("report.txt")
            .mime_str("text/plain")
            .expect("mime")
    };
    let no_token = j
        .req(reqwest::Method::POST, &format!("/issue/{key}/attachments"))
        .multipart(reqwest::multipart::Form::new().part("file", part()))
        .send()
        .await
        .expect("sent");
    assert_eq!(no_token.status().as_u16(), 403);
    assert_eq!(no_token.text().await.expect("text"), "XSRF check failed");
    let up = common::reply(
        j.req(reqwest::Method::POST, &format!("/issue/{key}/attachments"))
            .header("X-Atlassian-Token", "no-check")
            .multipart(reqwest::multipart::Form::new().part("file", part()))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(up.status, 200, "{}", up.text);
    contract::response(
        Spec::Cloud,
        "/rest/api/3/issue/{issueIdOrKey}/attachments",
        "post",
        200,
        &up.body,
    );
    assert_eq!(up.body[0]["filename"], "report.txt");
    assert_eq!(up.body[0]["size"], 11);
    let content = j
        .req(
            reqwest::Method::GET,
            &format!(
                "/attachment/content/{}",
                up.body[0]["id"].as_str().expect("id")
            ),
        )
        .send()
        .await
        .expect("sent")
        .bytes()
        .await
        .expect("bytes");
    assert_eq!(&content[..], b"full report");
}

#[tokio::test]
async fn changelog_bulkfetch_pages_across_issues() {
    let j = Jira::cloud().await;
    let a = j.create_sec("a", &[]).await;
    let b = j.create_sec("b", &[]).await;
    for key in [&a, &b] {
        j.put(
            &format!("/issue/{key}"),
            &json!({"fields": {"priority": {"name": "Highest"}}}),
        )
        .await;
        j.post(
            &format!("/issue/{key}/transitions"),
            &json!({"transition": {"id": "21"}}),
        )
        .await;
    }
    let r = j
        .post(
            "/changelog/bulkfetch",
            &json!({"issueIdsOrKeys": [a, b], "maxResults": 3}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    contract::response(
        Spec::Cloud,
        "/rest/api/3/changelog/bulkfetch",
        "post",
        200,
        &r.body,
    );
    let count = |v: &serde_json::Value| {
        v["issueChangeLogs"]
            .as_array()
            .expect("logs")
            .iter()
            .map(|l| l["changeHistories"].as_array().map_or(0, Vec::len))
            .sum::<usize>()
    };
    assert_eq!(count(&r.body), 3);
    let token = r.body["nextPageToken"].as_str().expect("more pages");
    let r2 = j
        .post(
            "/changelog/bulkfetch",
            &json!({"issueIdsOrKeys": [a, b], "maxResults": 3, "nextPageToken": token}),
        )
        .await;
    assert_eq!(count(&r2.body), 1);
    assert!(r2.body.get("nextPageToken").is_none());
    let only_status = j
        .post(
            "/changelog/bulkfetch",
            &json!({"issueIdsOrKeys": [a], "fieldIds": ["status"]}),
        )
        .await;
    assert_eq!(count(&only_status.body), 1);
    let prio = j.get(&format!("/issue/{a}/changelog")).await;
    assert_eq!(prio.body["values"][0]["items"][0]["fieldId"], "priority");
    assert_eq!(prio.body["values"][0]["items"][0]["toString"], "Highest");
}
