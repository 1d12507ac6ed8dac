//! Watched folders in the real app: the analyst points Vulnbridge at a folder; a scan file
//! written there later is imported in the background and shows up in the dashboard.

use std::time::Duration;
use thirtyfour::prelude::*;
use vulnbridge_e2e::{repo_root, wait_for_text, App, AppOptions};

const WAIT: Duration = Duration::from_secs(30);

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_scan_dropped_in_a_watched_folder_is_imported() {
    let drop = tempfile::tempdir().expect("temp dir");
    let fixture = repo_root().join("crates/importers/tests/fixtures/grype/image.json");
    let app = App::launch("watched", AppOptions::default())
        .await
        .expect("app starts");
    let result = app
        .check(async {
            let d = &app.driver;
            wait_for_text(d, "Welcome to Vulnbridge", WAIT)
                .await
                .map_err(err)?;
            app.click_text("button.choice", "Connect Jira").await?;
            app.click_text("nav button", "Settings").await?;
            let folder = d
                .find(By::Css("input[aria-label='Folder to watch']"))
                .await
                .map_err(err)?;
            folder
                .send_keys(drop.path().display().to_string())
                .await
                .map_err(err)?;
            let application = d
                .find(By::Css("input[aria-label='Application']"))
                .await
                .map_err(err)?;
            application.send_keys("shop-image").await.map_err(err)?;
            app.click_text("button", "Watch folder").await?;
            wait_for_text(d, "shop-image", WAIT).await.map_err(err)?;
            app.screenshot("settings").await?;

            app.click_text("nav button", "Findings").await?;
            std::fs::copy(&fixture, drop.path().join("nightly-grype.json")).map_err(err)?;
            let text = wait_for_text(d, "Imported from a watched folder", WAIT)
                .await
                .map_err(err)?;
            if !text.contains("nightly-grype.json") {
                return Err(format!("the banner does not name the file:\n{text}"));
            }
            wait_for_text(d, "shop-image", WAIT).await.map_err(err)?;
            app.screenshot("imported").await?;
            Ok(())
        })
        .await;
    app.quit().await;
    result.expect("watched folder flow");
}
