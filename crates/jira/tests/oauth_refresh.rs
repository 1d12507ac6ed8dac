//! OAuth token lifecycle against a scripted token endpoint on 127.0.0.1: single-flight refresh,
//! rotation persisted before use, refresh ahead of expiry, invalid_grant -> reauthorization.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use support::{MockServer, Reply};
use url::Url;
use vulnbridge_jira::{
    AuthMethod, ClientOptions, CloudEndpoints, ConnectionConfig, ConnectionId, DeploymentKind,
    Error, JiraClient, MemorySecretStore, RetryPolicy, SecretKind, SecretStore, Sensitive,
};

/// Token endpoint + API: each refresh returns access `at-N` and rotated refresh `rt-N`;
/// the API accepts only the newest access token.
fn jira_with_rotation(expires_in: u64) -> impl Fn(&support::Seen, usize) -> Reply {
    let issued = Arc::new(AtomicUsize::new(0));
    move |seen, _| {
        if seen.target.ends_with("/rest/oauth2/latest/token") {
            let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
            let previous = if n == 1 {
                "rt-initial".to_owned()
            } else {
                format!("rt-{}", n - 1)
            };
            if !seen.body.contains(&format!("refresh_token={previous}")) {
                return Reply::json(
                    400,
                    r#"{"error":"invalid_grant","error_description":"Unknown or invalid refresh token."}"#,
                );
            }
            // Slow enough that concurrent callers really overlap.
            return Reply::json(200, &format!(r#"{{"access_token":"at-{n}","refresh_token":"rt-{n}","expires_in":{expires_in},"token_type":"Bearer"}}"#))
                .delayed(Duration::from_millis(100));
        }
        let newest = format!("Bearer at-{}", issued.load(Ordering::SeqCst));
        if seen.header("authorization") == Some(newest.as_str()) {
            Reply::json(200, r#"{"name":"bob","displayName":"Bob"}"#)
        } else {
            Reply::json(
                401,
                r#"{"errorMessages":["Client must be authenticated to access this resource."]}"#,
            )
        }
    }
}

/// Records the order of keyring writes; can fail the first refresh-token write.
#[derive(Default)]
struct RecordingStore {
    inner: MemorySecretStore,
    writes: Mutex<Vec<(SecretKind, String)>>,
    fail_next_refresh_write: Mutex<bool>,
}

impl SecretStore for RecordingStore {
    fn get(
        &self,
        c: &ConnectionId,
        k: SecretKind,
    ) -> vulnbridge_jira::Result<Option<Sensitive<String>>> {
        self.inner.get(c, k)
    }
    fn set(
        &self,
        c: &ConnectionId,
        k: SecretKind,
        v: &Sensitive<String>,
    ) -> vulnbridge_jira::Result<()> {
        if k == SecretKind::RefreshToken
            && std::mem::take(&mut *self.fail_next_refresh_write.lock().expect("lock"))
        {
            return Err(Error::KeyringLocked {
                detail: "test: keyring locked".into(),
            });
        }
        self.writes
            .lock()
            .expect("lock")
            .push((k, v.expose().clone()));
        self.inner.set(c, k, v)
    }
    fn delete(&self, c: &ConnectionId, k: SecretKind) -> vulnbridge_jira::Result<()> {
        self.inner.delete(c, k)
    }
}

fn id() -> ConnectionId {
    ConnectionId::new("dc-oauth").expect("id")
}

async fn client(base: &str, store: Arc<RecordingStore>, margin: Duration) -> JiraClient {
    store
        .inner
        .set(&id(), SecretKind::RefreshToken, &"rt-initial".into())
        .expect("seed");
    store
        .inner
        .set(&id(), SecretKind::ClientSecret, &"client-secret".into())
        .expect("seed");
    let config = ConnectionConfig {
        id: id(),
        kind: DeploymentKind::DataCenter,
        site_url: Url::parse(base).expect("url"),
        cloud_id: None,
        cloud_endpoints: CloudEndpoints::default(),
        auth: AuthMethod::DcOauth {
            client_id: "cid".into(),
            pkce: true,
            callback_port: 9876,
            scopes: vec!["WRITE".into()],
        },
        account_display_name: None,
    };
    let options = ClientOptions {
        refresh_margin: margin,
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    };
    JiraClient::connect(config, store, options)
        .await
        .expect("client")
}

fn token_calls(server: &MockServer) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.target.ends_with("/token"))
        .count()
}

#[tokio::test]
async fn many_concurrent_requests_share_one_refresh() {
    let server = MockServer::start(jira_with_rotation(3600)).await;
    let store = Arc::new(RecordingStore::default());
    let client = client(&server.base, Arc::clone(&store), Duration::from_secs(60)).await;
    let calls = (0..40).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.get_json::<serde_json::Value>("myself", &[]).await })
    });
    for call in calls {
        call.await.expect("task").expect("request succeeds");
    }
    assert_eq!(
        token_calls(&server),
        1,
        "exactly one refresh for 40 concurrent requests"
    );
    assert_eq!(client.oauth_session().expect("oauth").refresh_count(), 1);
    // DC refresh: form-encoded, resends redirect_uri, carries the client secret.
    let refresh = server
        .requests()
        .into_iter()
        .find(|r| r.target.ends_with("/token"))
        .expect("refresh");
    assert_eq!(
        refresh.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(refresh.body.contains("grant_type=refresh_token"));
    assert!(refresh
        .body
        .contains("redirect_uri=http%3A%2F%2Flocalhost%3A9876%2Fcallback"));
    assert!(refresh.body.contains("client_secret=client-secret"));
}

#[tokio::test]
async fn rotated_refresh_token_is_stored_before_the_access_token_is_used() {
    let server = MockServer::start(jira_with_rotation(3600)).await;
    let store = Arc::new(RecordingStore::default());
    let client = client(&server.base, Arc::clone(&store), Duration::from_secs(60)).await;
    client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect("ok");
    let writes = store.writes.lock().expect("lock").clone();
    assert_eq!(
        writes[0],
        (SecretKind::RefreshToken, "rt-1".to_owned()),
        "refresh token persisted first"
    );
    assert_eq!(writes[1].0, SecretKind::AccessToken);
    assert!(writes[1].1.contains("at-1"));
    assert_eq!(
        store
            .get(&id(), SecretKind::RefreshToken)
            .expect("get")
            .expect("set")
            .expose(),
        "rt-1"
    );
}

#[tokio::test]
async fn a_keyring_failure_after_rotation_blocks_use_until_the_token_is_saved() {
    let server = MockServer::start(jira_with_rotation(3600)).await;
    let store = Arc::new(RecordingStore::default());
    *store.fail_next_refresh_write.lock().expect("lock") = true;
    let client = client(&server.base, Arc::clone(&store), Duration::from_secs(60)).await;
    let error = client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect_err("keyring failed");
    assert_eq!(error.code(), "keyring_locked");
    let api_calls = server
        .requests()
        .iter()
        .filter(|r| r.target.contains("/myself"))
        .count();
    assert_eq!(
        api_calls, 0,
        "the new access token was not used before its refresh token was saved"
    );
    // Next call: saves the pending rotated token (no second refresh: rt-initial is spent).
    client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect("ok now");
    assert_eq!(token_calls(&server), 1);
    assert_eq!(
        store
            .get(&id(), SecretKind::RefreshToken)
            .expect("get")
            .expect("set")
            .expose(),
        "rt-1"
    );
}

#[tokio::test]
async fn refreshes_ahead_of_expiry() {
    // Tokens live 30 s; with a 60 s margin every use is "about to expire".
    let server = MockServer::start(jira_with_rotation(30)).await;
    let store = Arc::new(RecordingStore::default());
    let client = client(&server.base, Arc::clone(&store), Duration::from_secs(60)).await;
    client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect("first");
    client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect("second");
    assert_eq!(
        token_calls(&server),
        2,
        "refreshed again before the 30 s token ran out"
    );

    // Long-lived tokens are reused.
    let server = MockServer::start(jira_with_rotation(3600)).await;
    let client = self::client(
        &server.base,
        Arc::new(RecordingStore::default()),
        Duration::from_secs(60),
    )
    .await;
    for _ in 0..3 {
        client
            .get_json::<serde_json::Value>("myself", &[])
            .await
            .expect("ok");
    }
    assert_eq!(token_calls(&server), 1);
}

#[tokio::test]
async fn a_revoked_grant_needs_reauthorization_and_is_not_retried() {
    let server = MockServer::start(|seen, _| {
        if seen.target.ends_with("/token") {
            Reply::json(400, r#"{"error":"invalid_grant","error_description":"Unknown or invalid refresh token."}"#)
        } else {
            Reply::json(200, "{}")
        }
    })
    .await;
    let store = Arc::new(RecordingStore::default());
    let client = client(&server.base, Arc::clone(&store), Duration::from_secs(60)).await;
    for _ in 0..5 {
        let error = client
            .get_json::<serde_json::Value>("myself", &[])
            .await
            .expect_err("reauth");
        assert_eq!(error.code(), "needs_reauthorization");
        assert!(error.to_string().contains("Sign in again"), "{error}");
    }
    assert_eq!(
        token_calls(&server),
        1,
        "one refresh attempt, then a sticky state"
    );
    assert!(
        store
            .get(&id(), SecretKind::RefreshToken)
            .expect("get")
            .is_none(),
        "dead tokens removed"
    );
}

/// Token endpoint issuing `at-N`; the API refuses the first `refusals` calls with 401.
fn jira_refusing(refusals: usize) -> impl Fn(&support::Seen, usize) -> Reply {
    let issued = Arc::new(AtomicUsize::new(0));
    let api_calls = Arc::new(AtomicUsize::new(0));
    move |seen, _| {
        if seen.target.ends_with("/token") {
            let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
            return Reply::json(
                200,
                &format!(
                    r#"{{"access_token":"at-{n}","refresh_token":"rt-{n}","expires_in":3600}}"#
                ),
            );
        }
        if api_calls.fetch_add(1, Ordering::SeqCst) < refusals {
            Reply::json(
                401,
                r#"{"errorMessages":["Client must be authenticated to access this resource."]}"#,
            )
        } else {
            Reply::json(200, "{}")
        }
    }
}

#[tokio::test]
async fn a_refused_access_token_is_refreshed_once_then_the_request_repeats() {
    let server = MockServer::start(jira_refusing(1)).await;
    let client = client(
        &server.base,
        Arc::new(RecordingStore::default()),
        Duration::from_secs(60),
    )
    .await;
    client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect("second try works");
    assert_eq!(token_calls(&server), 2);
    let api: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.target.contains("myself"))
        .collect();
    assert_eq!(api[0].header("authorization"), Some("Bearer at-1"));
    assert_eq!(api[1].header("authorization"), Some("Bearer at-2"));
}

#[tokio::test]
async fn a_token_refused_even_after_refresh_is_reported_not_looped() {
    let server = MockServer::start(jira_refusing(usize::MAX)).await;
    let client = client(
        &server.base,
        Arc::new(RecordingStore::default()),
        Duration::from_secs(60),
    )
    .await;
    let error = client
        .get_json::<serde_json::Value>("myself", &[])
        .await
        .expect_err("refused");
    assert_eq!(error.code(), "bad_credentials");
    assert_eq!(
        token_calls(&server),
        2,
        "one initial refresh and one forced refresh, no more"
    );
    // Rejecting a token that is no longer current does not force another refresh.
    let session = client.oauth_session().expect("oauth");
    session.reject(&Sensitive::new("at-1".into())).await;
    session.access_token().await.expect("still valid");
    assert_eq!(token_calls(&server), 2);
}
