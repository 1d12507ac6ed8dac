//! Credentials: Cloud API token, DC PAT and basic, and the real failure bodies and headers.

mod common;

use common::{reply, Jira};

#[tokio::test]
async fn cloud_rejects_wrong_token_and_bearer_on_site_url() {
    let j = Jira::cloud().await;
    let url = j.url("/myself");
    let wrong = reply(
        j.http
            .get(&url)
            .basic_auth("analyst@vulnbridge.test", Some("nope"))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(wrong.status, 401);
    assert_eq!(
        wrong.body["errorMessages"][0],
        "Client must be authenticated to access this resource."
    );
    let none = reply(j.http.get(&url).send().await.expect("sent")).await;
    assert_eq!(none.status, 401);
    let bearer = reply(
        j.http
            .get(&url)
            .bearer_auth("sandbox-api-token")
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(
        bearer.status, 401,
        "site URLs take Basic email:token, not bearer"
    );
    let log = j.sb.request_log();
    assert_eq!(log.count("GET", "/rest/api/3/myself"), 3);
    assert!(log.entries().iter().all(|e| e.status == Some(401)));
}

#[tokio::test]
async fn dc_accepts_pat_and_basic_and_locks_basic_after_failures() {
    let j = Jira::dc().await;
    let url = j.url("/myself");
    let c = j.sb.credentials().clone();
    let pat = reply(
        j.http
            .get(&url)
            .bearer_auth(&c.pat)
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(pat.status, 200);
    assert_eq!(pat.body["name"], "analyst");
    let basic = reply(
        j.http
            .get(&url)
            .basic_auth(&c.username, Some(&c.password))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(basic.status, 200);
    let bad_pat = reply(
        j.http
            .get(&url)
            .bearer_auth("not-a-pat")
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(bad_pat.status, 401);
    assert!(bad_pat.body["errorMessages"][0]
        .as_str()
        .is_some_and(|m| m.contains("not authenticated")));
    for _ in 0..3 {
        let bad = reply(
            j.http
                .get(&url)
                .basic_auth(&c.username, Some("wrong"))
                .send()
                .await
                .expect("sent"),
        )
        .await;
        assert_eq!(bad.status, 401);
        assert_eq!(
            bad.header("x-seraph-loginreason"),
            Some("AUTHENTICATED_FAILED")
        );
    }
    let captcha = reply(
        j.http
            .get(&url)
            .basic_auth(&c.username, Some(&c.password))
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(
        captcha.status, 403,
        "after repeated failures Jira demands a CAPTCHA even for the right password"
    );
    assert_eq!(
        captcha.header("x-seraph-loginreason"),
        Some("AUTHENTICATION_DENIED")
    );
    assert!(captcha
        .header("x-authentication-denied-reason")
        .is_some_and(|h| h.starts_with("CAPTCHA_CHALLENGE")));
    let still_pat = reply(
        j.http
            .get(&url)
            .bearer_auth(&c.pat)
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(
        still_pat.status, 200,
        "PATs are not affected by the CAPTCHA"
    );
}

#[tokio::test]
async fn unknown_rest_paths_answer_like_jira() {
    let j = Jira::cloud().await;
    let r = j.get("/nonexistent/thing").await;
    assert_eq!(r.status, 404);
    assert!(r.body["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("null for uri")));
}

#[test]
fn blocking_sandbox_serves_from_a_synchronous_caller() {
    let sb = vulnbridge_sandbox::Sandbox::start_blocking(vulnbridge_sandbox::SandboxConfig::new(
        vulnbridge_sandbox::Flavor::DataCenter,
    ))
    .expect("starts");
    let url = format!("{}/rest/api/2/myself", sb.base_url());
    let pat = sb.credentials().pat.clone();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    let status = rt.block_on(async {
        reqwest::Client::new()
            .get(&url)
            .bearer_auth(&pat)
            .send()
            .await
            .expect("sent")
            .status()
            .as_u16()
    });
    assert_eq!(status, 200);
    assert_eq!(sb.issue_count("SEC"), 3);
    sb.shutdown();
    let after = rt.block_on(async {
        reqwest::Client::new()
            .get(&url)
            .bearer_auth(&pat)
            .send()
            .await
    });
    assert!(after.is_err(), "nothing listens after shutdown");
}

#[tokio::test]
async fn server_info_tells_the_deployment_and_is_anonymous() {
    for (j, kind, spec) in [
        (Jira::cloud().await, "Cloud", common::contract::Spec::Cloud),
        (Jira::dc().await, "Server", common::contract::Spec::Dc),
    ] {
        let anon = reply(j.http.get(j.url("/serverInfo")).send().await.expect("sent")).await;
        assert_eq!(anon.status, 200);
        assert_eq!(anon.body["deploymentType"], kind);
        assert!(anon.body["versionNumbers"]
            .as_array()
            .is_some_and(|v| v.len() == 3));
        let path = if j.is_cloud() {
            "/rest/api/3/serverInfo"
        } else {
            "/api/2/serverInfo"
        };
        common::contract::response(spec, path, "get", 200, &anon.body);
        let authed = j.get("/serverInfo").await;
        assert_eq!(authed.status, 200);
        let wrong = j
            .http
            .get(j.url("/serverInfo"))
            .basic_auth("x", Some("y"))
            .send()
            .await
            .expect("sent");
        assert_eq!(
            wrong.status().as_u16(),
            401,
            "bad credentials fail even where anonymous access works"
        );
    }
}

#[tokio::test]
async fn dropping_a_sandbox_stops_it() {
    let j = Jira::cloud().await;
    let url = j.url("/serverInfo");
    assert_eq!(
        reply(j.http.get(&url).send().await.expect("sent"))
            .await
            .status,
        200
    );
    drop(j);
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let fresh = reqwest::Client::new();
    assert!(
        fresh.get(&url).send().await.is_err(),
        "nothing listens after drop"
    );
}
