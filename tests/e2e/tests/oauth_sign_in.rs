//! Jira Cloud OAuth 2.0 (3LO) in the real app against the sandbox: the analyst registers an
//! OAuth app (the sandbox's demo client), saves the connection, approves in the "browser"
//! (this test plays the browser on the sandbox's consent page), picks the site, and the
//! connection works. The app never opens a real browser here (VULNBRIDGE_BROWSER=none).

use std::time::Duration;
use thirtyfour::prelude::*;
use vulnbridge_e2e::{files_containing, wait_for_text, App, AppOptions};
use vulnbridge_sandbox::{Flavor, Sandbox, SandboxConfig};

const WAIT: Duration = Duration::from_secs(30);

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

fn free_port() -> u16 {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    probe.local_addr().expect("addr").port()
}

/// Plays the browser: loads the consent page, accepts, delivers the redirect to the app.
async fn approve(authorize: &str) -> Result<(), String> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(err)?;
    let consent = http.get(authorize).send().await.map_err(err)?;
    let accept = consent
        .headers()
        .get("x-sandbox-approve-url")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| format!("no consent page (HTTP {})", consent.status()))?
        .to_owned();
    let decided = http.post(accept).send().await.map_err(err)?;
    let location = decided
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .ok_or("no redirect after consent")?;
    let mut callback = url::Url::parse(location).map_err(err)?;
    callback.set_host(Some("127.0.0.1")).map_err(err)?;
    let page = http.get(callback).send().await.map_err(err)?;
    if !page.status().is_success() {
        return Err(format!(
            "the app's callback page answered {}",
            page.status()
        ));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_analyst_connects_jira_cloud_with_oauth() {
    let port = free_port();
    let sandbox = Sandbox::start(
        SandboxConfig::new(Flavor::Cloud)
            .with_oauth_redirect_uris(vec![format!("http://localhost:{port}/callback")]),
    )
    .await
    .expect("sandbox starts");
    let creds = sandbox.credentials().clone();
    let base = sandbox.base_url().to_owned();
    let env = vec![
        ("VULNBRIDGE_CLOUD_AUTH_URL".to_owned(), base.clone()),
        ("VULNBRIDGE_CLOUD_API_URL".to_owned(), base.clone()),
        ("VULNBRIDGE_BROWSER".to_owned(), "none".to_owned()),
    ];
    let data = tempfile::tempdir().expect("temp dir");
    let app = App::launch(
        "oauth",
        AppOptions {
            env,
            data_dir: Some(data.path().to_path_buf()),
            ..Default::default()
        },
    )
    .await
    .expect("app starts");
    let result = app
        .check(async {
            let d = &app.driver;
            wait_for_text(d, "Welcome to Vulnbridge", WAIT)
                .await
                .map_err(err)?;
            app.click_text("button.choice", "Connect Jira").await?;
            app.click_text("button.option", "Jira Cloud").await?;
            app.click_text("button.option", "OAuth 2.0 (3LO)").await?;
            wait_for_text(d, "Register your OAuth app", WAIT)
                .await
                .map_err(err)?;
            for (id, value) in [
                ("conn-name", "Acme Cloud".to_owned()),
                ("conn-site", "https://acme.atlassian.net".to_owned()),
                ("conn-client-id", creds.oauth_client_id.clone()),
                ("conn-secret", creds.oauth_client_secret.clone()),
            ] {
                let input = d.find(By::Id(id)).await.map_err(err)?;
                input.send_keys(value).await.map_err(err)?;
            }
            let port_input = d.find(By::Id("conn-port")).await.map_err(err)?;
            port_input.clear().await.map_err(err)?;
            port_input.send_keys(port.to_string()).await.map_err(err)?;
            app.click_text("button", "Save and sign in").await?;
            wait_for_text(d, "Approve Vulnbridge in your browser", WAIT)
                .await
                .map_err(err)?;

            // The link the user could copy is the one a browser would open.
            let mut link = String::new();
            for _ in 0..100 {
                if let Ok(el) = d.find(By::Css("[data-testid='sign-in-link']")).await {
                    link = el
                        .prop("textContent")
                        .await
                        .ok()
                        .flatten()
                        .unwrap_or_default();
                    if !link.is_empty() {
                        break;
                    }
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            if !link.starts_with(&base) {
                return Err(format!(
                    "the sign-in link does not go to the OAuth provider: {link}"
                ));
            }
            approve(&link).await?;

            // The grant reaches two sites: the analyst picks one.
            wait_for_text(d, "Which one should this connection use", WAIT)
                .await
                .map_err(err)?;
            app.screenshot("sites").await?;
            app.click_text("button.option", &creds.sites[0].name)
                .await?;
            let text = wait_for_text(d, "Working", WAIT).await.map_err(err)?;
            if !text.contains("Acme Cloud") || !text.contains("OAuth 2.0") {
                return Err(format!(
                    "the OAuth connection is not listed as working:\n{text}"
                ));
            }
            app.screenshot("connected").await?;
            Ok(())
        })
        .await;
    app.quit().await;
    result.expect("OAuth flow");
    // The client secret went to the keyring only.
    let hits = files_containing(data.path(), creds.oauth_client_secret.as_bytes());
    assert!(
        hits.is_empty(),
        "the OAuth client secret was written to {hits:?}"
    );
    assert!(data.path().join("vulnbridge.sqlite3").exists());
    sandbox.shutdown().await;
}
