//! Steps several end-to-end tests share, written as a user would do them.

use crate::{repo_root, wait_for_text, App};
use std::time::Duration;
use thirtyfour::prelude::*;

const WAIT: Duration = Duration::from_secs(30);

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// `App::click_text`, retried while the element goes stale under a re-render.
pub async fn click(app: &App, css: &str, text: &str) -> Result<(), String> {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        match app.click_text(css, text).await {
            Err(e) if e.contains("stale") && std::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            other => return other,
        }
    }
}

/// Picks the first option whose text starts with `prefix` in the select matching `css`.
pub async fn select_option(app: &App, css: &str, prefix: &str) -> Result<String, String> {
    pick(app, By::Css(css), css, prefix).await
}

/// The same for the select inside the `<label>` whose caption is `label`.
pub async fn select_labeled(app: &App, label: &str, prefix: &str) -> Result<String, String> {
    let xpath = format!("//label[span[normalize-space()='{label}']]//select");
    pick(app, By::XPath(&xpath), label, prefix).await
}

async fn pick(app: &App, by: By, what: &str, prefix: &str) -> Result<String, String> {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        if let Ok(select) = app.driver.find(by.clone()).await {
            for option in select.find_all(By::Tag("option")).await.map_err(err)? {
                let value = option.value().await.map_err(err)?.unwrap_or_default();
                let text = option.text().await.map_err(err)?;
                if !value.is_empty() && text.starts_with(prefix) {
                    option.click().await.map_err(err)?;
                    return Ok(text);
                }
            }
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("no option starting with '{prefix}' in '{what}'"));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Imports a fixture (path relative to crates/importers/tests/fixtures) into `application`
/// through the Findings import dialog, and waits for the dashboard to show `expect`.
pub async fn import_fixture(
    app: &App,
    fixture: &str,
    application: &str,
    expect: &str,
) -> Result<(), String> {
    let path = repo_root()
        .join("crates/importers/tests/fixtures")
        .join(fixture);
    let path = std::fs::canonicalize(&path).map_err(err)?;
    let d = &app.driver;
    click(app, "nav button", "Findings").await?;
    click(app, "button", "Import scan").await?;
    let name = d.find(By::Id("import-app")).await.map_err(err)?;
    name.clear().await.map_err(err)?;
    name.send_keys(application).await.map_err(err)?;
    d.find(By::Id("import-path"))
        .await
        .map_err(err)?
        .send_keys(path.display().to_string())
        .await
        .map_err(err)?;
    click(app, "button", "Add").await?;
    click(app, "button", "Import 1 file").await?;
    wait_for_text(d, "findings (", WAIT).await.map_err(err)?;
    click(app, "button", "Done").await?;
    wait_for_text(d, expect, WAIT).await.map_err(err)?;
    Ok(())
}

/// First run: choose "Try with the local sandbox" and wait until it is connected.
pub async fn start_with_sandbox(app: &App) -> Result<(), String> {
    let d = &app.driver;
    wait_for_text(d, "Welcome to Vulnbridge", WAIT)
        .await
        .map_err(err)?;
    click(app, "button.choice", "Try with the local sandbox").await?;
    wait_for_text(d, "Connected to the local sandbox", WAIT)
        .await
        .map_err(err)?;
    Ok(())
}

/// Routing → New rule, named `name`; the caller picks scope, project and issue type.
pub async fn begin_rule(app: &App, name: &str) -> Result<(), String> {
    click(app, "nav button", "Routing").await?;
    click(app, "button", "New rule").await?;
    app.driver
        .find(By::Css("input[placeholder='e.g. Payments to SEC']"))
        .await
        .map_err(err)?
        .send_keys(name)
        .await
        .map_err(err)?;
    Ok(())
}
