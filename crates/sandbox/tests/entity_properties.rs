//! Comment properties (both flavors) and DC Personal Access Token management.

mod common;

use common::contract::{self, Spec};
use common::{reply, Jira};
use serde_json::json;
use vulnbridge_sandbox::chrono;

#[tokio::test]
async fn comment_properties_round_trip() {
    for j in [Jira::cloud().await, Jira::dc().await] {
        let key = j.create_sec("props", &[]).await;
        let c = j
            .post(
                &format!("/issue/{key}/comment"),
                &json!({"body": j.text("with props"), "properties": [{"key": "vb.origin", "value": {"local": true}}]}),
            )
            .await;
        assert_eq!(c.status, 201, "{}", c.text);
        let id = c.body["id"].as_str().expect("id").to_owned();
        let keys = j.get(&format!("/comment/{id}/properties")).await;
        assert_eq!(keys.body["keys"][0]["key"], "vb.origin");
        let url = format!("/comment/{id}/properties/vb.sync");
        assert_eq!(j.put(&url, &json!({"rev": 1})).await.status, 201);
        assert_eq!(j.put(&url, &json!({"rev": 2})).await.status, 200);
        let got = j.get(&url).await;
        assert_eq!(got.body["value"]["rev"], 2);
        if j.is_cloud() {
            contract::response(
                Spec::Cloud,
                "/rest/api/3/comment/{commentId}/properties/{propertyKey}",
                "get",
                200,
                &got.body,
            );
            contract::response(
                Spec::Cloud,
                "/rest/api/3/comment/{commentId}/properties",
                "get",
                200,
                &keys.body,
            );
        } else {
            contract::component(Spec::Dc, "EntityPropertyBean", &got.body);
        }
        assert_eq!(j.delete(&url).await.status, 204);
        assert_eq!(j.get(&url).await.status, 404);
        assert_eq!(j.get("/comment/999999/properties").await.status, 404);
        let too_big = j.put(&url, &json!({"blob": "x".repeat(33_000)})).await;
        assert_eq!(too_big.status, 400);
    }
}

#[tokio::test]
async fn dc_personal_access_tokens_can_be_created_used_and_revoked() {
    let j = Jira::dc().await;
    let created = j
        .http
        .post(format!("{}/rest/pat/latest/tokens", j.sb.base_url()))
        .basic_auth("analyst", Some("analyst-password"))
        .json(&json!({"name": "vulnbridge", "expirationDuration": 30}))
        .send()
        .await
        .expect("sent");
    let created = reply(created).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let raw = created.body["rawToken"]
        .as_str()
        .expect("raw token")
        .to_owned();
    assert!(created.body["expiringAt"].is_string());
    let me = reply(
        j.http
            .get(j.url("/myself"))
            .bearer_auth(&raw)
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["name"], "analyst");
    let list = reply(
        j.http
            .get(format!("{}/rest/pat/latest/tokens", j.sb.base_url()))
            .bearer_auth(&raw)
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(list.body.as_array().map(Vec::len), Some(1));
    assert!(
        list.body[0].get("rawToken").is_none(),
        "the raw token is shown once"
    );
    let id = created.body["id"].as_u64().expect("id");
    j.sb.clock().advance(chrono::Duration::days(31));
    let expired = j
        .http
        .get(j.url("/myself"))
        .bearer_auth(&raw)
        .send()
        .await
        .expect("sent");
    assert_eq!(
        expired.status().as_u16(),
        401,
        "PATs expire on the sandbox clock"
    );
    let revoke = j
        .http
        .delete(format!("{}/rest/pat/latest/tokens/{id}", j.sb.base_url()))
        .bearer_auth(&j.sb.credentials().pat)
        .send()
        .await
        .expect("sent");
    assert_eq!(revoke.status().as_u16(), 204);
    let unnamed = j
        .http
        .post(format!("{}/rest/pat/latest/tokens", j.sb.base_url()))
        .bearer_auth(&j.sb.credentials().pat)
        .json(&json!({}))
        .send()
        .await
        .expect("sent");
    assert_eq!(unnamed.status().as_u16(), 400);
}
