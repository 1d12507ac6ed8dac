//! The loopback OAuth listener, driven over real HTTP on 127.0.0.1 the way a browser would.

use std::time::Duration;

use vulnbridge_jira::oauth::{CallbackConfig, CallbackListener};

fn config(timeout: Duration) -> CallbackConfig {
    CallbackConfig {
        timeout,
        ..CallbackConfig::new(0)
    }
}

async fn visit(listener: &CallbackListener, query: &str) -> (u16, String) {
    let url = format!("http://{}/callback{query}", listener.local_addr());
    let response = reqwest::get(&url).await.expect("listener answers");
    let status = response.status().as_u16();
    let content_type = response.headers()["content-type"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    (status, response.text().await.expect("body"))
}

#[tokio::test]
async fn happy_path_returns_the_code_and_shows_a_success_page() {
    let mut listener = CallbackListener::bind(&config(Duration::from_secs(10)), "st4te".into())
        .await
        .expect("bind");
    assert_eq!(
        listener.redirect_uri(),
        format!("http://localhost:{}/callback", listener.local_addr().port())
    );
    assert!(listener.local_addr().ip().is_loopback());
    let (status, page) = visit(&listener, "?code=the-code&state=st4te").await;
    assert_eq!(status, 200);
    assert!(page.contains("You are signed in"));
    let code = listener.wait().await.expect("code");
    assert_eq!(code.0.expose(), "the-code");
}

#[tokio::test]
async fn wrong_state_is_rejected_and_the_real_callback_still_works() {
    let mut listener = CallbackListener::bind(&config(Duration::from_secs(10)), "right".into())
        .await
        .expect("bind");
    let (status, page) = visit(&listener, "?code=evil&state=wrong").await;
    assert_eq!(status, 400);
    assert!(page.contains("rejected"));
    assert!(!page.contains("evil"));
    let (status, _) = visit(&listener, "?code=no-state").await;
    assert_eq!(status, 400);
    let (status, _) = visit(&listener, "?code=good&state=right").await;
    assert_eq!(status, 200);
    assert_eq!(listener.wait().await.expect("code").0.expose(), "good");
}

#[tokio::test]
async fn a_second_callback_is_rejected() {
    let mut listener = CallbackListener::bind(&config(Duration::from_secs(10)), "s".into())
        .await
        .expect("bind");
    assert_eq!(visit(&listener, "?code=first&state=s").await.0, 200);
    let (status, page) = visit(&listener, "?code=second&state=s").await;
    assert_eq!(status, 409);
    assert!(page.contains("already finished"));
    assert_eq!(listener.wait().await.expect("code").0.expose(), "first");
}

#[tokio::test]
async fn times_out_when_the_browser_never_comes_back() {
    let mut listener = CallbackListener::bind(&config(Duration::from_millis(200)), "s".into())
        .await
        .expect("bind");
    let error = listener.wait().await.expect_err("timeout");
    assert_eq!(error.code(), "callback_timeout");
    assert!(error.to_string().contains("Start the sign-in again"));
    // A browser that comes back late is told the sign-in expired, and nothing is accepted.
    let (status, page) = visit(&listener, "?code=late&state=s").await;
    assert_eq!(status, 410);
    assert!(page.contains("expired"));
}

#[tokio::test]
async fn denied_consent_shows_escaped_provider_text_and_fails_the_wait() {
    let mut listener = CallbackListener::bind(&config(Duration::from_secs(10)), "s".into())
        .await
        .expect("bind");
    let (status, page) = visit(
        &listener,
        "?state=s&error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("Access was not granted"));
    assert!(!page.contains("<script>"));
    assert!(page.contains("&lt;script&gt;"));
    let error = listener.wait().await.expect_err("denied");
    assert_eq!(error.code(), "authorization_denied");
}

#[tokio::test]
async fn other_paths_are_not_found_and_a_busy_port_is_a_clear_error() {
    let listener = CallbackListener::bind(&config(Duration::from_secs(10)), "s".into())
        .await
        .expect("bind");
    let url = format!("http://{}/favicon.ico", listener.local_addr());
    assert_eq!(
        reqwest::get(&url).await.expect("answer").status().as_u16(),
        404
    );
    let busy = CallbackConfig {
        timeout: Duration::from_secs(1),
        ..CallbackConfig::new(listener.local_addr().port())
    };
    let error = CallbackListener::bind(&busy, "s".into())
        .await
        .expect_err("in use");
    assert_eq!(error.code(), "callback_port_in_use");
    assert!(error
        .to_string()
        .contains(&listener.local_addr().port().to_string()));
}

#[tokio::test]
async fn dropping_the_listener_closes_the_port() {
    let listener = CallbackListener::bind(&config(Duration::from_secs(10)), "s".into())
        .await
        .expect("bind");
    let address = listener.local_addr();
    drop(listener);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(tokio::net::TcpStream::connect(address).await.is_err());
}
