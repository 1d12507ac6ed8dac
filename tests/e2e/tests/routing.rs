//! The routing setup in the real app against the built-in sandbox: the analyst starts with the
//! local sandbox, imports a Trivy report for an application, creates a rule sending that
//! application's findings to the SEC project, maps the fields, previews the payload, sends a
//! test ticket (its key appears), deletes it, saves the rule, and sees in the finding's details
//! why it routes there. Screenshots in light, then the same data in dark.

use std::time::Duration;
use thirtyfour::prelude::*;
use vulnbridge_e2e::steps::{
    begin_rule, click, import_fixture, select_labeled, start_with_sandbox,
};
use vulnbridge_e2e::{wait_for_text, App, AppOptions};

const WAIT: Duration = Duration::from_secs(30);

/// The app is single-instance: the tests of this file take turns.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_analyst_routes_an_application_to_sec_and_sends_a_test_ticket() {
    let _turn = SERIAL.lock().await;
    let data = tempfile::tempdir().expect("temp dir");
    let opts = |dark| AppOptions {
        data_dir: Some(data.path().to_path_buf()),
        dark,
        ..Default::default()
    };
    let app = App::launch("routing", opts(false))
        .await
        .expect("app starts");
    let result = app
        .check(async {
            let d = &app.driver;
            start_with_sandbox(&app).await?;
            import_fixture(
                &app,
                "trivy/image_v2.json",
                "payments-api",
                "Prototype Pollution in lodash",
            )
            .await?;

            click(&app, "nav button", "Routing").await?;
            wait_for_text(d, "No routing rules yet", WAIT)
                .await
                .map_err(err)?;
            begin_rule(&app, "Payments API to SEC").await?;
            select_labeled(&app, "Findings of", "payments-api").await?;
            select_labeled(&app, "Jira project", "SEC ·").await?;
            let issue_type = select_labeled(&app, "Issue type", "").await?;
            click(&app, "button", "Map fields").await?;
            let text = wait_for_text(d, "fields on the create screen", WAIT)
                .await
                .map_err(err)?;
            for expected in ["Summary", "Required", "Refresh fields from Jira"] {
                if !text.contains(expected) {
                    return Err(format!("the mapping wizard lacks '{expected}':\n{text}"));
                }
            }
            app.screenshot("mapping").await?;

            click(&app, "button", "Show payload").await?;
            let text = wait_for_text(d, "Only these fields are sent", WAIT)
                .await
                .map_err(err)?;
            for expected in ["\"fields\"", "\"summary\"", "\"labels\"", "vulnbridge"] {
                if !text.contains(expected) {
                    return Err(format!("the payload preview lacks {expected}:\n{text}"));
                }
            }
            let preview = d.find(By::Css("pre.payload")).await.map_err(err)?;
            preview.scroll_into_view().await.map_err(err)?;
            app.screenshot("preview").await?;

            click(&app, "button", "Send test ticket").await?;
            let text = wait_for_text(d, "Created SEC-", WAIT).await.map_err(err)?;
            let key = text
                .split("Created SEC-")
                .nth(1)
                .and_then(|rest| rest.split('.').next())
                .map(|n| format!("SEC-{n}"))
                .ok_or_else(|| format!("no ticket key shown:\n{text}"))?
                .to_owned();
            if !key.starts_with("SEC-") || !text.contains(&format!("/browse/{key}")) {
                return Err(format!("the ticket link is not shown for {key}:\n{text}"));
            }
            d.find(By::Css("section[aria-label='Test ticket']"))
                .await
                .map_err(err)?
                .scroll_into_view()
                .await
                .map_err(err)?;
            app.screenshot("test-ticket").await?;
            click(&app, "button", &format!("Delete {key}")).await?;
            wait_for_text(d, &format!("Deleted {key} from Jira"), WAIT)
                .await
                .map_err(err)?;

            click(&app, "button", "Save rule").await?;
            let text = wait_for_text(d, "Saved “Payments API to SEC”", WAIT)
                .await
                .map_err(err)?;
            for expected in ["payments-api", "SEC", issue_type.as_str(), "since"] {
                if !text.contains(expected) {
                    return Err(format!("the rules table lacks '{expected}':\n{text}"));
                }
            }
            app.screenshot("rules").await?;

            // The findings predate the rule: the finding pane says so, and backfill counts them.
            click(&app, "button", "Backfill…").await?;
            let text = wait_for_text(d, "older findings for tickets?", WAIT)
                .await
                .map_err(err)?;
            if !text.contains("Queue 5 older findings") {
                return Err(format!(
                    "the backfill preview count is not 5 open findings:\n{text}"
                ));
            }
            app.screenshot("backfill").await?;
            click(&app, "button.btn-primary", "Backfill").await?;
            wait_for_text(d, "Queued 5 tickets for “Payments API to SEC”", WAIT)
                .await
                .map_err(err)?;
            click(&app, "nav button", "Findings").await?;
            click(&app, "[data-testid='finding-row'] span", "lodash").await?;
            let text = wait_for_text(d, "first seen (", WAIT).await.map_err(err)?;
            if !text.contains("Payments API to SEC") || !text.contains("backfill") {
                return Err(format!(
                    "the routing section does not explain the rule:\n{text}"
                ));
            }
            if !(text.contains("ticket is queued") || text.contains("already has a ticket")) {
                return Err(format!(
                    "the backfilled finding is not shown as ticketed:\n{text}"
                ));
            }
            app.screenshot("finding-routing").await?;
            Ok(())
        })
        .await;
    app.quit().await;
    result.expect("routing flow");

    // The same data in dark: the rules table and the finding's routing section.
    let app = App::launch("routing-dark", opts(true))
        .await
        .expect("app starts again");
    let result = app
        .check(async {
            let d = &app.driver;
            click(&app, "nav button", "Routing").await?;
            wait_for_text(d, "Payments API to SEC", WAIT)
                .await
                .map_err(err)?;
            app.screenshot("rules").await?;
            click(&app, "button", "Edit").await?;
            wait_for_text(d, "fields on the create screen", WAIT)
                .await
                .map_err(err)?;
            app.screenshot("mapping").await?;
            Ok(())
        })
        .await;
    app.quit().await;
    result.expect("dark routing screens");
}

/// Selects `option_text` in the select whose aria-label is `label`.
async fn pick(app: &App, label: &str, option_text: &str) -> Result<(), String> {
    let css = format!("select[aria-label='{label}']");
    let select = app
        .driver
        .find(By::Css(&css))
        .await
        .map_err(|e| format!("no {css}: {e}"))?;
    for option in select.find_all(By::Tag("option")).await.map_err(err)? {
        if option.text().await.map_err(err)?.trim() == option_text {
            return option.click().await.map_err(err);
        }
    }
    Err(format!("no option '{option_text}' in {css}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn required_fields_block_saving_until_mapped_then_appsec_accepts_the_test_ticket() {
    let _turn = SERIAL.lock().await;
    // In dark, so both schemes are seen with Jira's answers on screen.
    let app = App::launch(
        "routing-appsec-dark",
        AppOptions {
            dark: true,
            ..Default::default()
        },
    )
    .await
    .expect("app starts");
    let result = app
        .check(async {
            let d = &app.driver;
            start_with_sandbox(&app).await?;
            import_fixture(
                &app,
                "trivy/image_v2.json",
                "payments-api",
                "Prototype Pollution in lodash",
            )
            .await?;
            begin_rule(&app, "Payments API to APPSEC").await?;
            select_labeled(&app, "Jira project", "APPSEC ·").await?;
            select_labeled(&app, "Issue type", "").await?;
            click(&app, "button", "Map fields").await?;
            let text = wait_for_text(d, "Jira requires “Team”", WAIT)
                .await
                .map_err(err)?;
            if !text.contains("Jira requires “Security champion”") {
                return Err(format!("the required user picker is not flagged:\n{text}"));
            }
            let save = d
                .find(By::XPath("//button[normalize-space()='Save rule']"))
                .await
                .map_err(err)?;
            if save.is_enabled().await.map_err(err)? {
                return Err("Save is enabled while required fields are unmapped".into());
            }
            let team = d
                .find(By::Css("li[aria-label='Team']"))
                .await
                .map_err(err)?;
            team.scroll_into_view().await.map_err(err)?;
            app.screenshot("required").await?;

            pick(&app, "Team source", "Fixed Jira value").await?;
            pick(&app, "Security champion source", "Fixed Jira value").await?;
            d.find(By::Css("input[aria-label='Security champion user']"))
                .await
                .map_err(err)?
                .send_keys("Sam")
                .await
                .map_err(err)?;
            click(&app, "ul.user-results button", "Sam Champion").await?;
            let deadline = std::time::Instant::now() + WAIT;
            while !save.is_enabled().await.map_err(err)? {
                if std::time::Instant::now() > deadline {
                    let text = vulnbridge_e2e::visible_text(d).await.unwrap_or_default();
                    return Err(format!("Save stays disabled after mapping:\n{text}"));
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            click(&app, "button", "Send test ticket").await?;
            let text = wait_for_text(d, "Created APPSEC-", WAIT)
                .await
                .map_err(err)?;
            let key = text
                .split("Created APPSEC-")
                .nth(1)
                .and_then(|rest| rest.split('.').next())
                .map(|n| format!("APPSEC-{n}"))
                .ok_or_else(|| format!("no key:\n{text}"))?;
            d.find(By::Css("section[aria-label='Test ticket']"))
                .await
                .map_err(err)?
                .scroll_into_view()
                .await
                .map_err(err)?;
            app.screenshot("test-ticket").await?;
            click(&app, "button", &format!("Delete {key}")).await?;
            wait_for_text(d, &format!("Deleted {key} from Jira"), WAIT)
                .await
                .map_err(err)?;
            Ok(())
        })
        .await;
    app.quit().await;
    result.expect("APPSEC required fields");
}

/// Data Center speaks wiki markup and usernames: the same setup against a DC sandbox.
#[tokio::test(flavor = "multi_thread")]
async fn data_center_previews_wiki_markup_and_creates_the_test_ticket() {
    let _turn = SERIAL.lock().await;
    let sandbox = vulnbridge_sandbox::Sandbox::start(vulnbridge_sandbox::SandboxConfig::new(
        vulnbridge_sandbox::Flavor::DataCenter,
    ))
    .await
    .expect("sandbox starts");
    let pat = sandbox.credentials().pat.clone();
    let app = App::launch("routing-dc", AppOptions::default())
        .await
        .expect("app starts");
    let result = app
        .check(async {
            let d = &app.driver;
            wait_for_text(d, "Welcome to Vulnbridge", WAIT)
                .await
                .map_err(err)?;
            click(&app, "button.choice", "Connect Jira").await?;
            click(&app, "button.option", "Jira Data Center or Server").await?;
            click(&app, "button.option", "Personal access token").await?;
            for (id, text) in [
                ("conn-name", "Corp Jira"),
                ("conn-site", sandbox.base_url()),
                ("conn-secret", pat.as_str()),
            ] {
                d.find(By::Id(id))
                    .await
                    .map_err(err)?
                    .send_keys(text)
                    .await
                    .map_err(err)?;
            }
            click(&app, "button", "Save connection").await?;
            wait_for_text(d, "Working", WAIT).await.map_err(err)?;
            import_fixture(
                &app,
                "trivy/image_v2.json",
                "payments-api",
                "Prototype Pollution in lodash",
            )
            .await?;
            begin_rule(&app, "Payments API to SEC (DC)").await?;
            select_labeled(&app, "Jira project", "SEC ·").await?;
            select_labeled(&app, "Issue type", "").await?;
            click(&app, "button", "Map fields").await?;
            wait_for_text(d, "Jira Data Center (wiki markup, username)", WAIT)
                .await
                .map_err(err)?;
            click(&app, "button", "Show payload").await?;
            let text = wait_for_text(d, "Only these fields are sent", WAIT)
                .await
                .map_err(err)?;
            // Wiki markup: the description is one string with h2. headings, not an ADF document.
            if !text.contains("h2. ") || text.contains("\"type\": \"doc\"") {
                return Err(format!("the DC payload is not wiki markup:\n{text}"));
            }
            d.find(By::Css("pre.payload"))
                .await
                .map_err(err)?
                .scroll_into_view()
                .await
                .map_err(err)?;
            app.screenshot("preview").await?;
            click(&app, "button", "Send test ticket").await?;
            let text = wait_for_text(d, "Created SEC-", WAIT).await.map_err(err)?;
            let key = text
                .split("Created SEC-")
                .nth(1)
                .and_then(|rest| rest.split('.').next())
                .map(|n| format!("SEC-{n}"))
                .ok_or_else(|| format!("no key:\n{text}"))?;
            click(&app, "button", &format!("Delete {key}")).await?;
            wait_for_text(d, &format!("Deleted {key} from Jira"), WAIT)
                .await
                .map_err(err)?;
            Ok(())
        })
        .await;
    app.quit().await;
    sandbox.shutdown().await;
    result.expect("Data Center routing");
}
