//! Importing a scan in the real app: the analyst opens the import dialog, names the
//! application, adds a Trivy report by path, imports it, and sees its findings in the
//! dashboard, searchable, with details.

use std::time::Duration;
use thirtyfour::prelude::*;
use vulnbridge_e2e::{repo_root, wait_for_text, App, AppOptions};

const WAIT: Duration = Duration::from_secs(20);

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_analyst_imports_a_trivy_report_and_triages_it() {
    let fixture = repo_root().join("crates/importers/tests/fixtures/trivy/image_v2.json");
    let fixture = std::fs::canonicalize(&fixture).expect("fixture exists");
    let app = App::launch("import", AppOptions::default())
        .await
        .expect("app starts");
    let result = app
        .check(async {
            let d = &app.driver;
            wait_for_text(d, "Welcome to Vulnbridge", WAIT)
                .await
                .map_err(err)?;
            app.click_text("button.choice", "Connect Jira").await?;
            app.click_text("nav button", "Findings").await?;
            wait_for_text(d, "No findings yet", WAIT)
                .await
                .map_err(err)?;
            app.click_text("button", "Import scan").await?;
            let name = d.find(By::Id("import-app")).await.map_err(err)?;
            name.send_keys("payments-api").await.map_err(err)?;
            let path = d.find(By::Id("import-path")).await.map_err(err)?;
            path.send_keys(fixture.display().to_string())
                .await
                .map_err(err)?;
            app.click_text("button", "Add").await?;
            wait_for_text(d, "image_v2.json", WAIT).await.map_err(err)?;
            app.click_text("button", "Import 1 file").await?;
            let text = wait_for_text(d, "Trivy", WAIT).await.map_err(err)?;
            if !text.contains("new") {
                return Err(format!("the import result does not give counts:\n{text}"));
            }
            app.screenshot("result").await?;
            app.click_text("button", "Done").await?;

            // The dashboard lists the findings, most severe first.
            let text = wait_for_text(d, "Prototype Pollution in lodash", WAIT)
                .await
                .map_err(err)?;
            for expected in ["glibc: buffer overflow", "payments-api", "Critical"] {
                if !text.contains(expected) {
                    return Err(format!("the dashboard lacks '{expected}':\n{text}"));
                }
            }
            let first = d
                .find(By::Css("[data-testid='finding-row']"))
                .await
                .map_err(err)?;
            let first_text = first.text().await.map_err(err)?;
            if !first_text.contains("Critical") {
                return Err(format!(
                    "the first row is not the critical finding: {first_text}"
                ));
            }
            app.screenshot("dashboard").await?;

            // Search narrows the list; a click shows the details and history.
            let search = d
                .find(By::Css("input[aria-label='Search findings']"))
                .await
                .map_err(err)?;
            search.send_keys("CVE-2023-4911").await.map_err(err)?;
            wait_for_text(d, "1 finding", WAIT).await.map_err(err)?;
            app.click_text("[data-testid='finding-row'] span", "glibc")
                .await?;
            let text = wait_for_text(d, "Timeline", WAIT).await.map_err(err)?;
            if !text.contains("image_v2.json") {
                return Err(format!("the timeline does not name the scan file:\n{text}"));
            }
            app.screenshot("detail").await?;
            Ok(())
        })
        .await;
    app.quit().await;
    result.expect("import flow");
}
