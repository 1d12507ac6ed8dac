//! Issue links between issues, in both flavors.

mod common;

use common::contract::{self, Spec};
use common::Jira;
use serde_json::json;

#[tokio::test]
async fn links_show_on_both_issues_and_can_be_deleted() {
    for j in [Jira::cloud().await, Jira::dc().await] {
        let spec = if j.is_cloud() { Spec::Cloud } else { Spec::Dc };
        let types = j.get("/issueLinkType").await;
        assert_eq!(types.status, 200);
        let prefix = if j.is_cloud() {
            "/rest/api/3"
        } else {
            "/api/2"
        };
        contract::response(
            spec,
            &format!("{prefix}/issueLinkType"),
            "get",
            200,
            &types.body,
        );
        let a = j.create_sec("blocker", &[]).await;
        let b = j.create_sec("blocked", &[]).await;
        let r = j.post("/issueLink", &json!({"type": {"name": "Blocks"}, "outwardIssue": {"key": a}, "inwardIssue": {"key": b}})).await;
        assert_eq!(r.status, 201, "{}", r.text);
        assert!(r.text.is_empty(), "Jira answers 201 with an empty body");
        let ga = j.get(&format!("/issue/{a}?fields=issuelinks")).await;
        contract::response(
            spec,
            &format!("{prefix}/issue/{{issueIdOrKey}}"),
            "get",
            200,
            &ga.body,
        );
        let link = &ga.body["fields"]["issuelinks"][0];
        assert_eq!(link["type"]["outward"], "blocks");
        assert_eq!(link["inwardIssue"]["key"], b.as_str());
        let gb = j.get(&format!("/issue/{b}?fields=issuelinks")).await;
        assert_eq!(
            gb.body["fields"]["issuelinks"][0]["outwardIssue"]["key"],
            a.as_str()
        );
        let id = link["id"].as_str().expect("id").to_owned();
        let one = j.get(&format!("/issueLink/{id}")).await;
        assert_eq!(one.status, 200);
        contract::response(
            spec,
            &format!("{prefix}/issueLink/{{linkId}}"),
            "get",
            200,
            &one.body,
        );
        let bad_type = j.post("/issueLink", &json!({"type": {"name": "Causes"}, "outwardIssue": {"key": a}, "inwardIssue": {"key": b}})).await;
        assert_eq!(bad_type.status, 404);
        let bad_issue = j.post("/issueLink", &json!({"type": {"name": "Relates"}, "outwardIssue": {"key": a}, "inwardIssue": {"key": "SEC-999"}})).await;
        assert_eq!(bad_issue.status, 404);
        assert_eq!(j.delete(&format!("/issueLink/{id}")).await.status, 204);
        assert_eq!(j.get(&format!("/issueLink/{id}")).await.status, 404);
        assert_eq!(
            j.get(&format!("/issue/{a}?fields=issuelinks")).await.body["fields"]["issuelinks"],
            json!([])
        );
    }
}
