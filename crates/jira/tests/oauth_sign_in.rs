//! The whole browser sign-in over loopback HTTP: authorize URL -> (test "browser") -> callback
//! listener -> code exchange -> tokens in the store -> Cloud site list.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use support::{MockServer, Reply};
use url::Url;
use vulnbridge_jira::oauth::{sign_in, BrowserOpener, SignInOptions};
use vulnbridge_jira::{
    AuthMethod, CloudEndpoints, ConnectionConfig, ConnectionId, DeploymentKind, MemorySecretStore,
    SecretKind, SecretStore,
};

/// A "browser" that approves instantly: it sends the callback the provider would redirect to.
struct ApprovingBrowser {
    seen: Arc<Mutex<Option<Url>>>,
    tamper_state: bool,
}

impl BrowserOpener for ApprovingBrowser {
    fn open(&self, url: &Url) -> vulnbridge_jira::Result<()> {
        *self.seen.lock().expect("lock") = Some(url.clone());
        let query = |k: &str| {
            url.query_pairs()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        let mut callback = Url::parse(&query("redirect_uri")).expect("redirect uri");
        let state = if self.tamper_state {
            "forged".to_owned()
        } else {
            query("state")
        };
        callback
            .query_pairs_mut()
            .append_pair("code", "code-123")
            .append_pair("state", &state);
        // Browsers resolve localhost; the listener is on 127.0.0.1.
        callback.set_host(Some("127.0.0.1")).expect("host");
        tokio::spawn(async move {
            let _ = reqwest::get(callback).await;
        });
        Ok(())
    }
}

fn id() -> ConnectionId {
    ConnectionId::new("signin").expect("id")
}

fn cloud_config(base: &str) -> ConnectionConfig {
    ConnectionConfig {
        id: id(),
        kind: DeploymentKind::Cloud,
        site_url: Url::parse("https://beta.atlassian.net").expect("url"),
        cloud_id: None,
        cloud_endpoints: CloudEndpoints {
            auth_base: Url::parse(&format!("{base}/auth")).expect("url"),
            api_base: Url::parse(&format!("{base}/api")).expect("url"),
        },
        auth: AuthMethod::CloudOauth {
            client_id: "client-1".into(),
            callback_port: 9876,
            scopes: vec!["read:jira-work".into(), "offline_access".into()],
        },
        account_display_name: None,
    }
}

fn options(timeout: Duration) -> SignInOptions {
    SignInOptions {
        port_override: Some(0),
        callback_timeout: timeout,
        ..SignInOptions::default()
    }
}

#[tokio::test]
async fn cloud_sign_in_exchanges_the_code_stores_tokens_and_lists_sites() {
    let server = MockServer::start(|seen, _| match seen.target.as_str() {
        "/auth/oauth/token" => {
            let body: serde_json::Value = serde_json::from_str(&seen.body).expect("JSON body");
            let ok = body["grant_type"] == "authorization_code"
                && body["code"] == "code-123"
                && body["client_id"] == "client-1"
                && body["client_secret"] == "the-client-secret"
                && body["redirect_uri"].as_str().is_some_and(|r| r.starts_with("http://localhost:") && r.ends_with("/callback"));
            if ok {
                Reply::json(200, r#"{"access_token":"at-1","refresh_token":"rt-1","expires_in":3600,"scope":"read:jira-work offline_access","token_type":"Bearer"}"#)
            } else {
                Reply::json(403, r#"{"error":"invalid_grant","error_description":"bad exchange"}"#)
            }
        }
        "/api/oauth/token/accessible-resources" if seen.header("authorization") == Some("Bearer at-1") => Reply::json(
            200,
            r#"[{"id":"c-alpha","name":"alpha","url":"https://alpha.atlassian.net","scopes":["read:jira-work"]},
                {"id":"c-beta","name":"beta","url":"https://beta.atlassian.net","scopes":["read:jira-work"]}]"#,
        ),
        _ => Reply::json(401, r#"{"code":401,"message":"Unauthorized"}"#),
    })
    .await;
    let store = Arc::new(MemorySecretStore::new());
    store
        .set(&id(), SecretKind::ClientSecret, &"the-client-secret".into())
        .expect("secret");
    let seen = Arc::new(Mutex::new(None));
    let browser = ApprovingBrowser {
        seen: Arc::clone(&seen),
        tamper_state: false,
    };
    let outcome = sign_in(
        cloud_config(&server.base),
        store.clone(),
        &browser,
        options(Duration::from_secs(10)),
    )
    .await
    .expect("signed in");

    assert_eq!(outcome.sites.len(), 2);
    assert_eq!(
        outcome.matched_site.expect("beta matches the site URL").id,
        "c-beta"
    );
    assert_eq!(
        outcome.granted_scope.as_deref(),
        Some("read:jira-work offline_access")
    );
    assert_eq!(
        store
            .require(&id(), SecretKind::RefreshToken)
            .expect("stored")
            .expose(),
        "rt-1"
    );
    assert!(store
        .require(&id(), SecretKind::AccessToken)
        .expect("stored")
        .expose()
        .contains("at-1"));

    let authorize = seen.lock().expect("lock").clone().expect("browser opened");
    assert_eq!(authorize.path(), "/auth/authorize");
    let query = |k: &str| {
        authorize
            .query_pairs()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.into_owned())
    };
    assert_eq!(query("audience").as_deref(), Some("api.atlassian.com"));
    assert_eq!(query("prompt").as_deref(), Some("consent"));
    assert_eq!(query("state").map(|s| s.len()), Some(43));
}

#[tokio::test]
async fn a_forged_state_never_reaches_the_token_endpoint() {
    let server = MockServer::start(|_, _| Reply::json(500, "{}")).await;
    let store = Arc::new(MemorySecretStore::new());
    store
        .set(&id(), SecretKind::ClientSecret, &"s".into())
        .expect("secret");
    let browser = ApprovingBrowser {
        seen: Arc::new(Mutex::new(None)),
        tamper_state: true,
    };
    let error = sign_in(
        cloud_config(&server.base),
        store.clone(),
        &browser,
        options(Duration::from_millis(500)),
    )
    .await
    .expect_err("forged state is ignored until the timeout");
    assert_eq!(error.code(), "callback_timeout");
    assert!(
        server.requests().is_empty(),
        "no code exchange for a forged callback"
    );
    assert!(store
        .get(&id(), SecretKind::RefreshToken)
        .expect("get")
        .is_none());
}

#[tokio::test]
async fn cloud_sign_in_needs_the_client_secret_first() {
    let server = MockServer::start(|_, _| Reply::json(500, "{}")).await;
    let browser = ApprovingBrowser {
        seen: Arc::new(Mutex::new(None)),
        tamper_state: false,
    };
    let error = sign_in(
        cloud_config(&server.base),
        Arc::new(MemorySecretStore::new()),
        &browser,
        options(Duration::from_secs(1)),
    )
    .await
    .expect_err("no secret");
    assert_eq!(error.code(), "secret_missing");
    assert!(error.to_string().contains("client secret"));
}

#[tokio::test]
async fn data_center_sign_in_uses_pkce_and_form_encoding() {
    let challenge = Arc::new(Mutex::new(String::new()));
    let server = {
        let challenge = Arc::clone(&challenge);
        MockServer::start(move |seen, _| {
            if seen.target != "/jira/rest/oauth2/latest/token" {
                return Reply::json(404, "{}");
            }
            let form: Vec<(String, String)> = url::form_urlencoded::parse(seen.body.as_bytes())
                .into_owned()
                .collect();
            let get = |k: &str| {
                form.iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            let verifier_ok = URL_SAFE_NO_PAD
                .encode(Sha256::digest(get("code_verifier").as_bytes()))
                == *challenge.lock().expect("lock");
            if seen.header("content-type") == Some("application/x-www-form-urlencoded")
                && get("grant_type") == "authorization_code"
                && get("code") == "code-123"
                && verifier_ok
            {
                Reply::json(
                    200,
                    r#"{"access_token":"dc-at","refresh_token":"dc-rt","expires_in":3600}"#,
                )
            } else {
                Reply::json(
                    400,
                    r#"{"error":"invalid_grant","error_description":"PKCE verification failed"}"#,
                )
            }
        })
        .await
    };
    struct PkceBrowser(Arc<Mutex<String>>, ApprovingBrowser);
    impl BrowserOpener for PkceBrowser {
        fn open(&self, url: &Url) -> vulnbridge_jira::Result<()> {
            let query = |k: &str| {
                url.query_pairs()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default()
            };
            assert_eq!(query("code_challenge_method"), "S256");
            *self.0.lock().expect("lock") = query("code_challenge");
            self.1.open(url)
        }
    }
    let config = ConnectionConfig {
        id: id(),
        kind: DeploymentKind::DataCenter,
        site_url: Url::parse(&format!("{}/jira", server.base)).expect("url"),
        cloud_id: None,
        cloud_endpoints: CloudEndpoints::default(),
        auth: AuthMethod::DcOauth {
            client_id: "dc-client".into(),
            pkce: true,
            callback_port: 9876,
            scopes: vec!["WRITE".into()],
        },
        account_display_name: None,
    };
    let store = Arc::new(MemorySecretStore::new());
    let browser = PkceBrowser(
        Arc::clone(&challenge),
        ApprovingBrowser {
            seen: Arc::new(Mutex::new(None)),
            tamper_state: false,
        },
    );
    let outcome = sign_in(
        config,
        store.clone(),
        &browser,
        options(Duration::from_secs(10)),
    )
    .await
    .expect("signed in");
    assert!(outcome.sites.is_empty());
    assert_eq!(
        store
            .require(&id(), SecretKind::RefreshToken)
            .expect("stored")
            .expose(),
        "dc-rt"
    );
}
