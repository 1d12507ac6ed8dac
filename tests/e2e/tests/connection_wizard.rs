//! The connection wizard in the real app against a Data Center sandbox: the analyst adds a
//! connection with a personal access token, tests it, saves it; afterwards the token is
//! nowhere in the data folder (database, WAL, logs), only in the keyring.

use std::time::Duration;
use thirtyfour::prelude::*;
use vulnbridge_e2e::{files_containing, wait_for_text, App, AppOptions};
use vulnbridge_sandbox::{Flavor, Sandbox, SandboxConfig};

const WAIT: Duration = Duration::from_secs(20);

async fn type_into(app: &App, id: &str, text: &str) -> Result<(), String> {
    let input = app
        .driver
        .find(By::Id(id))
        .await
        .map_err(|e| format!("no #{id}: {e}"))?;
    input.send_keys(text).await.map_err(|e| e.to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_analyst_connects_data_center_with_a_personal_access_token() {
    let sandbox = Sandbox::start(SandboxConfig::new(Flavor::DataCenter))
        .await
        .expect("sandbox starts");
    let pat = sandbox.credentials().pat.clone();
    // Our own data folder, so it outlives the app and can be searched afterwards.
    let data = tempfile::tempdir().expect("temp dir");
    let app = App::launch(
        "connection-wizard",
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
            wait_for_text(d, "Welcome to Vulnbridge", WAIT)
                .await
                .map_err(|e| e.to_string())?;
            app.click_text("button.choice", "Connect Jira").await?;
            app.click_text("button.option", "Jira Data Center or Server")
                .await?;
            app.click_text("button.option", "Personal access token")
                .await?;
            type_into(&app, "conn-name", "Corp Jira").await?;
            type_into(&app, "conn-site", sandbox.base_url()).await?;
            // A wrong token first: the error says so in words.
            type_into(&app, "conn-secret", "wrong-token").await?;
            app.click_text("button", "Test connection").await?;
            wait_for_text(d, "Jira rejected the credentials", WAIT)
                .await
                .map_err(|e| e.to_string())?;
            let secret = d
                .find(By::Id("conn-secret"))
                .await
                .map_err(|e| e.to_string())?;
            secret.clear().await.map_err(|e| e.to_string())?;
            secret.send_keys(&pat).await.map_err(|e| e.to_string())?;
            app.click_text("button", "Test connection").await?;
            let text = wait_for_text(d, "Connected as", WAIT)
                .await
                .map_err(|e| e.to_string())?;
            if !text.contains("projects visible") {
                return Err(format!(
                    "the test result does not say how many projects are visible:\n{text}"
                ));
            }
            app.screenshot("tested").await?;
            app.click_text("button", "Save connection").await?;
            let text = wait_for_text(d, "Working", WAIT)
                .await
                .map_err(|e| e.to_string())?;
            if !text.contains("Corp Jira") || !text.contains("Data Center") {
                return Err(format!(
                    "the saved connection is not listed as expected:\n{text}"
                ));
            }
            if text.contains(&pat) {
                return Err("the token is shown in the window".into());
            }
            app.screenshot("saved").await?;
            Ok(())
        })
        .await;
    app.quit().await;
    result.expect("wizard flow");

    let db = data.path().join("vulnbridge.sqlite3");
    assert!(db.exists(), "no database in {}", data.path().display());
    let hits = files_containing(data.path(), pat.as_bytes());
    assert!(hits.is_empty(), "the token was written to {hits:?}");
    sandbox.shutdown().await;
}
