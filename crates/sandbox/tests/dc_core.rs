//! Data Center v2: metadata, create/get/search, validated against the DC 10.3 OpenAPI spec.
//! Where the DC spec documents a list as a single bean (a known defect of Atlassian's DC spec),
//! each element is validated against that bean.

mod common;

use common::contract::{self, Spec};
use common::Jira;
use serde_json::json;

#[tokio::test]
async fn myself_has_a_username_and_projects_are_a_plain_array() {
    let j = Jira::dc().await;
    let me = j.get("/myself").await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["name"], "analyst");
    assert!(
        me.body.get("accountId").is_none(),
        "DC users have no accountId"
    );
    contract::response(Spec::Dc, "/api/2/myself", "get", 200, &me.body);
    let p = j.get("/project").await;
    assert_eq!(p.status, 200);
    assert_eq!(p.body.as_array().map(Vec::len), Some(3));
    contract::each(Spec::Dc, "ProjectBean", &p.body);
    assert_eq!(
        j.get("/project/search").await.status,
        404,
        "DC has no /project/search"
    );
    let one = j.get("/project/APPSEC").await;
    contract::component(Spec::Dc, "ProjectBean", &one.body);
    let scheme = j.get("/project/APPSEC/priorityscheme").await;
    assert_eq!(scheme.status, 200);
    assert_eq!(scheme.body["optionIds"].as_array().map(Vec::len), Some(5));
}

#[tokio::test]
async fn createmeta_uses_values_keys() {
    let j = Jira::dc().await;
    let types = j.get("/issue/createmeta/APPSEC/issuetypes").await;
    assert_eq!(types.status, 200);
    assert!(types.body.get("issueTypes").is_none());
    assert_eq!(types.body["isLast"], true);
    contract::each(Spec::Dc, "CreateMetaIssueTypeBean", &types.body["values"]);
    let fields = j.get("/issue/createmeta/APPSEC/issuetypes/10002").await;
    assert_eq!(fields.status, 200);
    contract::each(Spec::Dc, "FieldMetaBean", &fields.body["values"]);
    let champion = fields.body["values"]
        .as_array()
        .expect("values")
        .iter()
        .find(|f| f["fieldId"] == "customfield_10031")
        .expect("user picker");
    assert!(champion["autoCompleteUrl"]
        .as_str()
        .is_some_and(|u| u.contains("username=")));
}

#[tokio::test]
async fn fields_priorities_users() {
    let j = Jira::dc().await;
    let f = j.get("/field").await;
    contract::each(Spec::Dc, "FieldBean", &f.body);
    let p = j.get("/priority").await;
    contract::each(Spec::Dc, "PriorityJsonBean", &p.body);
    let u = j.get("/user/search?username=cham").await;
    assert_eq!(u.status, 200);
    contract::each(Spec::Dc, "UserBean", &u.body);
    assert_eq!(u.body[0]["name"], "champion");
    let missing = j.get("/user/search").await;
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.body["errorMessages"][0],
        "The username query parameter was not provided"
    );
    assert_eq!(
        j.get("/user?username=devlead").await.body["displayName"],
        "Dev Lead"
    );
}

#[tokio::test]
async fn create_takes_wiki_strings_and_usernames() {
    let j = Jira::dc().await;
    let r = j
        .post(
            "/issue",
            &json!({"fields": {
                "project": {"key": "APPSEC"},
                "issuetype": {"id": "10002"},
                "summary": "Weak TLS ciphers",
                "description": "h2. Finding\n*TLS 1.0* enabled on {{lb-1}}",
                "priority": {"id": "1"},
                "customfield_10030": {"id": "10122"},
                "customfield_10031": {"name": "champion"}
            }}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    contract::response(Spec::Dc, "/api/2/issue", "post", 201, &r.body);
    let key = r.body["key"].as_str().expect("key").to_owned();
    let g = j.get(&format!("/issue/{key}")).await;
    contract::response(Spec::Dc, "/api/2/issue/{issueIdOrKey}", "get", 200, &g.body);
    assert_eq!(
        g.body["fields"]["description"],
        "h2. Finding\n*TLS 1.0* enabled on {{lb-1}}"
    );
    assert_eq!(g.body["fields"]["customfield_10031"]["name"], "champion");

    let adf = j
        .post(
            "/issue",
            &json!({"fields": {"project": {"key": "SEC"}, "issuetype": {"name": "Task"}, "summary": "x",
                "description": common::adf("not on DC")}}),
        )
        .await;
    assert_eq!(adf.status, 400);
    assert_eq!(
        adf.body["errors"]["description"],
        "Operation value must be a string"
    );
    let cloud_user = j
        .post(
            "/issue",
            &json!({"fields": {"project": {"key": "SEC"}, "issuetype": {"name": "Task"}, "summary": "x",
                "assignee": {"accountId": "712020:8c1d4e2f-6b7a-4d9c-8e0f-1a2b3c4d5e6f"}}}),
        )
        .await;
    assert_eq!(cloud_user.status, 400, "DC addresses users by name");
}

#[tokio::test]
async fn search_pages_with_start_at_and_total() {
    let j = Jira::dc().await;
    for i in 0..4 {
        j.create_sec(&format!("dc finding {i}"), &["dcbatch"]).await;
    }
    let r = j
        .get("/search?jql=labels%3Ddcbatch%20order%20by%20key%20asc&maxResults=3")
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    contract::response(Spec::Dc, "/api/2/search", "get", 200, &r.body);
    assert_eq!(r.body["total"], 4);
    assert_eq!(r.body["issues"].as_array().map(Vec::len), Some(3));
    assert_eq!(r.body["issues"][0]["fields"]["summary"], "dc finding 0");
    let page2 = j.post("/search", &json!({"jql": "labels = dcbatch ORDER BY key ASC", "startAt": 3, "maxResults": 3, "fields": ["summary"]})).await;
    assert_eq!(page2.status, 200);
    contract::response(Spec::Dc, "/api/2/search", "post", 200, &page2.body);
    assert_eq!(page2.body["issues"].as_array().map(Vec::len), Some(1));
    assert_eq!(page2.body["startAt"], 3);
    assert_eq!(
        j.get("/search/jql?jql=project%3DSEC").await.status,
        404,
        "DC has no /search/jql"
    );
    let bad = j.get("/search?jql=fixVersion%20%3D%201.0").await;
    assert_eq!(bad.status, 400);
    assert_eq!(
        bad.body["errorMessages"][0],
        "Field 'fixVersion' does not exist or you do not have permission to view it."
    );
}
