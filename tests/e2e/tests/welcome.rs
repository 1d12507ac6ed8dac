//! The first run as a user lives it: welcome screen, choosing how to start, the app's
//! navigation, and what is remembered across a restart.

use std::time::Duration;
use thirtyfour::prelude::*;
use vulnbridge_e2e::{wait_for_text, App, AppOptions};

const WAIT: Duration = Duration::from_secs(20);

async fn s<T, E: std::fmt::Display>(r: Result<T, E>) -> Result<T, String> {
    r.map_err(|e| e.to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn first_run_welcome_leads_into_the_app_and_is_remembered() {
    let data = tempfile::tempdir().expect("temp dir");
    let app = App::launch(
        "first-run",
        AppOptions {
            data_dir: Some(data.path().to_path_buf()),
            ..Default::default()
        },
    )
    .await
    .expect("app starts");

    let result = app
        .check(async {
            let d = &app.driver;
            let text = s(wait_for_text(d, "Welcome to Vulnbridge", WAIT).await).await?;
            for offer in ["Connect Jira", "Try with the local sandbox"] {
                if !text.contains(offer) {
                    return Err(format!(
                        "the welcome screen does not offer '{offer}':\n{text}"
                    ));
                }
            }
            if text.contains("Findings\n") {
                return Err("navigation is shown before the user chose how to start".into());
            }
            app.click_text("button.choice", "Try with the local sandbox")
                .await?;

            // The app proper: navigation with the five sections, landing on Connections.
            let text =
                s(wait_for_text(d, "The Jira sites and servers Vulnbridge talks to", WAIT).await)
                    .await?;
            let nav = s(d.find(By::Css("nav[aria-label='Main']")).await).await?;
            let labels = s(nav.text().await).await?;
            for label in ["Findings", "Connections", "Routing", "Activity", "Settings"] {
                if !labels.contains(label) {
                    return Err(format!("navigation lacks '{label}': {labels}"));
                }
            }
            if text.contains("Welcome to Vulnbridge") {
                return Err("the welcome screen is still shown after choosing".into());
            }
            // The sandbox starts and the app connects to it on its own.
            s(wait_for_text(d, "Connected to the local sandbox", WAIT).await).await?;
            let text = s(wait_for_text(d, "Working", WAIT).await).await?;
            for expected in ["Local sandbox", "Demo", "Working"] {
                if !text.contains(expected) {
                    return Err(format!(
                        "the sandbox connection card lacks '{expected}':\n{text}"
                    ));
                }
            }

            // Settings shows the data folder the app really uses (VULNBRIDGE_DATA_DIR).
            app.click_text("nav button", "Settings").await?;
            s(wait_for_text(d, "Data folder", WAIT).await).await?;
            let shown = s(s(d.find(By::Css("[data-testid='data-dir']")).await)
                .await?
                .text()
                .await)
            .await?;
            let expected = app.data_dir().display().to_string();
            if shown != expected {
                return Err(format!(
                    "Settings shows data folder '{shown}', expected '{expected}'"
                ));
            }

            // Pausing sync is visible at once.
            app.click_text(".sync-actions button", "Pause").await?;
            s(wait_for_text(d, "Sync paused", WAIT).await).await?;
            Ok(())
        })
        .await;
    app.quit().await;
    result.expect("first run");

    // Logs are written to the data folder.
    let logs: Vec<_> = std::fs::read_dir(data.path().join("logs"))
        .expect("log folder exists")
        .filter_map(Result::ok)
        .collect();
    assert!(
        !logs.is_empty(),
        "no log file in {}",
        data.path().join("logs").display()
    );
    let log_text = std::fs::read_to_string(logs[0].path()).expect("log readable");
    assert!(
        log_text.contains("Vulnbridge starting"),
        "log lacks the start line:\n{log_text}"
    );
    assert!(
        log_text.contains("welcome completed"),
        "log lacks the welcome choice:\n{log_text}"
    );

    // A restart skips the welcome and keeps sync paused.
    let app = App::launch(
        "restart",
        AppOptions {
            data_dir: Some(data.path().to_path_buf()),
            ..Default::default()
        },
    )
    .await
    .expect("app restarts");
    let result = app
        .check(async {
            let d = &app.driver;
            let text = s(wait_for_text(d, "Sync paused", WAIT).await).await?;
            if text.contains("Welcome to Vulnbridge") {
                return Err("the welcome screen came back after a restart".into());
            }
            // Keyboard: Ctrl+5 opens Settings.
            let body = s(d.find(By::Tag("body")).await).await?;
            s(body.send_keys(Key::Control + "5").await).await?;
            s(wait_for_text(d, "Where Vulnbridge keeps its data", WAIT).await).await?;

            // The sandbox the user connected to comes back with the app: a re-test works.
            s(body.send_keys(Key::Control + "2").await).await?;
            s(wait_for_text(d, "Local sandbox", WAIT).await).await?;
            tokio::time::sleep(Duration::from_secs(2)).await;
            app.click_text(".conn-actions button", "Re-test").await?;
            let deadline = std::time::Instant::now() + WAIT;
            let text = loop {
                let text = vulnbridge_e2e::visible_text(d).await.unwrap_or_default();
                if !text.contains("Testing…") || std::time::Instant::now() > deadline {
                    break text;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            };
            if !text.contains("Working") || text.contains("Cannot reach") {
                return Err(format!(
                    "the sandbox did not come back after a restart:\n{text}"
                ));
            }
            Ok(())
        })
        .await;
    app.quit().await;
    result.expect("restart");
}
