//! Cloud v3: metadata, create/get/search, validated against the Cloud OpenAPI spec.

mod common;

use common::contract::{self, Spec};
use common::{adf, Jira};
use serde_json::json;

#[tokio::test]
async fn myself_is_the_api_token_owner_with_account_id() {
    let j = Jira::cloud().await;
    let r = j.get("/myself").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["emailAddress"], "analyst@vulnbridge.test");
    assert!(r.body["accountId"]
        .as_str()
        .is_some_and(|a| a.contains(':')));
    assert!(r.body.get("name").is_none(), "Cloud users have no name");
    contract::response(Spec::Cloud, "/rest/api/3/myself", "get", 200, &r.body);
}

#[tokio::test]
async fn project_search_pages_with_next_page_and_total() {
    let j = Jira::cloud().await;
    let r = j.get("/project/search?maxResults=2").await;
    assert_eq!(r.status, 200);
    contract::response(
        Spec::Cloud,
        "/rest/api/3/project/search",
        "get",
        200,
        &r.body,
    );
    assert_eq!(r.body["total"], 3);
    assert_eq!(r.body["isLast"], false);
    assert_eq!(r.body["values"].as_array().map(Vec::len), Some(2));
    let next = r.body["nextPage"]
        .as_str()
        .expect("nextPage on a non-last page");
    assert!(next.contains("startAt=2"));
    let r2 = j.get("/project/search?maxResults=2&startAt=2").await;
    assert_eq!(r2.body["isLast"], true);
    assert!(r2.body.get("nextPage").is_none());
    let q = j.get("/project/search?query=applic").await;
    assert_eq!(q.body["values"][0]["key"], "APPSEC");
    let legacy_list = j.get("/project").await;
    assert_eq!(
        legacy_list.status, 200,
        "the deprecated list is still served by Cloud"
    );
    contract::response(
        Spec::Cloud,
        "/rest/api/3/project",
        "get",
        200,
        &legacy_list.body,
    );
    assert_eq!(legacy_list.body.as_array().map(Vec::len), Some(3));
}

#[tokio::test]
async fn createmeta_uses_cloud_keys_and_lists_required_custom_fields() {
    let j = Jira::cloud().await;
    let types = j.get("/issue/createmeta/APPSEC/issuetypes").await;
    assert_eq!(types.status, 200);
    contract::response(
        Spec::Cloud,
        "/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes",
        "get",
        200,
        &types.body,
    );
    let list = types.body["issueTypes"].as_array().expect("issueTypes");
    assert!(types.body.get("values").is_none());
    let bug = list.iter().find(|t| t["name"] == "Bug").expect("Bug type");
    let id = bug["id"].as_str().expect("id");
    let fields = j
        .get(&format!("/issue/createmeta/APPSEC/issuetypes/{id}"))
        .await;
    assert_eq!(fields.status, 200);
    contract::response(
        Spec::Cloud,
        "/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}",
        "get",
        200,
        &fields.body,
    );
    let f = fields.body["fields"].as_array().expect("fields");
    let team = f.iter().find(|x| x["name"] == "Team").expect("Team field");
    assert_eq!(team["required"], true);
    assert_eq!(
        team["schema"]["custom"],
        "com.atlassian.jira.plugin.system.customfieldtypes:select"
    );
    assert!(team["allowedValues"]
        .as_array()
        .is_some_and(|a| a.len() == 3));
    let champion = f
        .iter()
        .find(|x| x["fieldId"] == "customfield_10031")
        .expect("user picker");
    assert_eq!(champion["required"], true);
    assert_eq!(champion["schema"]["type"], "user");
    let location = f
        .iter()
        .find(|x| x["schema"]["type"] == "option-with-child")
        .expect("cascading");
    assert!(location["allowedValues"][0]["children"]
        .as_array()
        .is_some_and(|c| !c.is_empty()));
    let priority = f
        .iter()
        .find(|x| x["fieldId"] == "priority")
        .expect("priority");
    let names: Vec<&str> = priority["allowedValues"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(
        names.contains(&"Blocker") && !names.contains(&"Lowest"),
        "APPSEC's priority scheme: {names:?}"
    );

    let too_many = j
        .get("/issue/createmeta/SEC/issuetypes?maxResults=201")
        .await;
    assert_eq!(too_many.status, 400);
    assert_eq!(
        too_many.body["errorMessages"][0],
        "Parameter 'maxResults' must not exceed the limit '200'"
    );
    let missing = j.get("/issue/createmeta/NOPE/issuetypes").await;
    assert_eq!(missing.status, 404);
    let wrong_type = j.get("/issue/createmeta/OPS/issuetypes/10002").await;
    assert_eq!(wrong_type.status, 404);
}

#[tokio::test]
async fn fields_priorities_and_users_match_the_spec() {
    let j = Jira::cloud().await;
    let f = j.get("/field").await;
    contract::response(Spec::Cloud, "/rest/api/3/field", "get", 200, &f.body);
    let kinds: Vec<&str> = f
        .body
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|x| x["schema"]["custom"].as_str())
        .collect();
    for t in [
        "select",
        "multiselect",
        "labels",
        "float",
        "datepicker",
        "userpicker",
        "cascadingselect",
    ] {
        assert!(
            kinds.iter().any(|k| k.ends_with(&format!(":{t}"))),
            "missing custom field type {t}"
        );
    }
    let p = j.get("/priority").await;
    contract::response(Spec::Cloud, "/rest/api/3/priority", "get", 200, &p.body);
    let ps = j.get("/priority/search?projectId=10001").await;
    assert_eq!(ps.status, 200);
    contract::response(
        Spec::Cloud,
        "/rest/api/3/priority/search",
        "get",
        200,
        &ps.body,
    );
    assert_eq!(ps.body["total"], 5);
    let u = j.get("/user/search?query=sam").await;
    contract::response(Spec::Cloud, "/rest/api/3/user/search", "get", 200, &u.body);
    assert_eq!(u.body[0]["displayName"], "Sam Champion");
    let gdpr = j.get("/user/search?username=champion").await;
    assert_eq!(gdpr.status, 400);
}

#[tokio::test]
async fn create_then_get_round_trips_fields_in_cloud_shapes() {
    let j = Jira::cloud().await;
    let champion = j.get("/user/search?query=sam").await.body[0]["accountId"].clone();
    let body = json!({"fields": {
        "project": {"key": "APPSEC"},
        "issuetype": {"name": "Bug"},
        "summary": "XSS in search box",
        "description": adf("Reflected XSS via q parameter"),
        "priority": {"name": "High"},
        "labels": ["vb-abc123", "dast"],
        "customfield_10030": {"value": "Identity"},
        "customfield_10031": {"accountId": champion},
        "customfield_10032": {"value": "EU", "child": {"value": "Dublin"}},
        "customfield_10033": "2026-01-31",
        "customfield_10034": ["owasp-a03"]
    }});
    let r = j.post("/issue", &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    contract::response(Spec::Cloud, "/rest/api/3/issue", "post", 201, &r.body);
    let key = r.body["key"].as_str().expect("key").to_owned();
    assert!(key.starts_with("APPSEC-"));

    let g = j.get(&format!("/issue/{key}")).await;
    assert_eq!(g.status, 200);
    contract::response(
        Spec::Cloud,
        "/rest/api/3/issue/{issueIdOrKey}",
        "get",
        200,
        &g.body,
    );
    let f = &g.body["fields"];
    assert_eq!(f["summary"], "XSS in search box");
    assert_eq!(f["description"]["type"], "doc");
    assert_eq!(f["priority"]["name"], "High");
    assert_eq!(f["customfield_10030"]["value"], "Identity");
    assert_eq!(f["customfield_10031"]["accountId"], champion);
    assert_eq!(f["customfield_10032"]["child"]["value"], "Dublin");
    assert_eq!(f["status"]["statusCategory"]["key"], "new");
    assert_eq!(f["reporter"]["emailAddress"], "analyst@vulnbridge.test");

    let only = j.get(&format!("/issue/{key}?fields=summary,labels")).await;
    let keys: Vec<&String> = only.body["fields"]
        .as_object()
        .expect("fields")
        .keys()
        .collect();
    assert_eq!(keys.len(), 2, "only the asked fields: {keys:?}");
    assert_eq!(j.sb.issues_with_label("vb-abc123"), vec![key.clone()]);
    let by_id = j
        .get(&format!("/issue/{}", r.body["id"].as_str().expect("id")))
        .await;
    assert_eq!(by_id.body["key"], key.as_str());
    let missing = j.get("/issue/APPSEC-999").await;
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.body["errorMessages"][0],
        "Issue does not exist or you do not have permission to see it."
    );
    contract::response(
        Spec::Cloud,
        "/rest/api/3/issue",
        "post",
        400,
        &j.post("/issue", &json!({"fields": {}})).await.body,
    );
}

#[tokio::test]
async fn search_jql_pages_with_tokens_and_defaults_to_ids() {
    let j = Jira::cloud().await;
    for i in 0..5 {
        j.create_sec(&format!("finding {i}"), &["batch"]).await;
    }
    let r = j
        .get("/search/jql?jql=labels%20%3D%20batch%20ORDER%20BY%20key%20ASC&maxResults=2")
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    contract::response(Spec::Cloud, "/rest/api/3/search/jql", "get", 200, &r.body);
    assert!(r.body.get("total").is_none(), "no total on /search/jql");
    let first = r.body["issues"].as_array().expect("issues");
    assert_eq!(first.len(), 2);
    assert_eq!(
        first[0].as_object().map(|o| o.len()),
        Some(1),
        "default fields = id only: {}",
        first[0]
    );
    let mut seen = first.len();
    let mut token = r.body["nextPageToken"].as_str().map(str::to_owned);
    while let Some(t) = token {
        let page = j
            .post("/search/jql", &json!({"jql": "labels = batch ORDER BY key ASC", "maxResults": 2, "nextPageToken": t, "fields": ["key", "summary"]}))
            .await;
        assert_eq!(page.status, 200, "{}", page.text);
        contract::response(
            Spec::Cloud,
            "/rest/api/3/search/jql",
            "post",
            200,
            &page.body,
        );
        seen += page.body["issues"].as_array().map_or(0, Vec::len);
        token = page.body["nextPageToken"].as_str().map(str::to_owned);
        if token.is_none() {
            assert_eq!(page.body["isLast"], true);
        }
    }
    assert_eq!(seen, 5);
    let unbounded = j.get("/search/jql?jql=order%20by%20key").await;
    assert_eq!(unbounded.status, 400);
    let bad = j.get("/search/jql?jql=project%20%3D%20SEC%20AND").await;
    assert_eq!(bad.status, 400);
    assert!(bad.body["errorMessages"][0]
        .as_str()
        .is_some_and(|m| m.starts_with("Error in the JQL Query")));
    let gone = j.get("/search?jql=project%3DSEC").await;
    assert_eq!(gone.status, 410);
    assert!(gone.body["errorMessages"][0]
        .as_str()
        .is_some_and(|m| m.contains("/rest/api/3/search/jql")));
}

#[tokio::test]
async fn gateway_routes_need_a_known_cloud_id() {
    let j = Jira::cloud().await;
    let c = j.sb.credentials().clone();
    let url = format!("{}/rest/api/3/myself", j.sb.gateway_base_url());
    let ok = j
        .http
        .get(&url)
        .basic_auth(&c.email, Some(&c.api_token))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        ok.status().as_u16(),
        200,
        "scoped API tokens work through the gateway"
    );
    let bad = j
        .http
        .get(format!(
            "{}/ex/jira/00000000-0000-0000-0000-000000000000/rest/api/3/myself",
            j.sb.base_url()
        ))
        .basic_auth(&c.email, Some(&c.api_token))
        .send()
        .await
        .expect("sent");
    assert_eq!(bad.status().as_u16(), 404);
}
