//! The whole loop in the real app against the built-in sandbox: import a scan, route the
//! application to SEC, backfill, Sync now -> tickets exist and findings are linked; close one
//! ticket in Jira (the sandbox's REST API, as a colleague would), Sync now -> its finding is
//! resolved, with the Jira status in its timeline.

use std::time::Duration;
use vulnbridge_e2e::steps::{begin_rule, click, import_fixture, select_labeled, select_option};
use vulnbridge_e2e::{visible_text, wait_for_text, App, AppOptions};

const WAIT: Duration = Duration::from_secs(45);

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// The first `prefix…` token of `text`, up to whitespace.
fn token_after<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = &text[text.find(prefix)?..];
    Some(&rest[..rest.find(char::is_whitespace).unwrap_or(rest.len())])
}

/// Moves the issue labelled `label` to a done status through the sandbox's REST API.
async fn close_in_jira(base: &str, label: &str) -> Result<String, String> {
    let http = reqwest::Client::new();
    let auth = ("analyst@vulnbridge.test", "sandbox-api-token");
    let found: serde_json::Value = http
        .get(format!("{base}/rest/api/3/search/jql"))
        .query(&[
            ("jql", format!("labels = {label}")),
            ("fields", "summary".into()),
        ])
        .basic_auth(auth.0, Some(auth.1))
        .send()
        .await
        .map_err(err)?
        .json()
        .await
        .map_err(err)?;
    let key = found["issues"][0]["key"]
        .as_str()
        .ok_or_else(|| format!("no issue labelled {label}: {found}"))?
        .to_owned();
    let transitions: serde_json::Value = http
        .get(format!("{base}/rest/api/3/issue/{key}/transitions"))
        .basic_auth(auth.0, Some(auth.1))
        .send()
        .await
        .map_err(err)?
        .json()
        .await
        .map_err(err)?;
    let done = transitions["transitions"]
        .as_array()
        .and_then(|ts| {
            ts.iter()
                .find(|t| t["to"]["statusCategory"]["key"] == "done")
        })
        .ok_or_else(|| format!("no transition to done for {key}: {transitions}"))?;
    let status = http
        .post(format!("{base}/rest/api/3/issue/{key}/transitions"))
        .basic_auth(auth.0, Some(auth.1))
        .json(&serde_json::json!({ "transition": { "id": done["id"] } }))
        .send()
        .await
        .map_err(err)?
        .status();
    if !status.is_success() {
        return Err(format!("closing {key} answered {status}"));
    }
    Ok(key)
}

#[tokio::test(flavor = "multi_thread")]
async fn findings_become_tickets_and_a_ticket_closed_in_jira_resolves_its_finding() {
    let app = App::launch("sync", AppOptions::default())
        .await
        .expect("app starts");
    let result = app
        .check(async {
            let d = &app.driver;
            wait_for_text(d, "Welcome to Vulnbridge", WAIT)
                .await
                .map_err(err)?;
            click(&app, "button.choice", "Try with the local sandbox").await?;
            let text = wait_for_text(d, "Working", WAIT).await.map_err(err)?;
            let base = token_after(&text, "http://127.0.0.1:")
                .map(|u| u.trim_end_matches('/').to_owned())
                .ok_or_else(|| format!("the sandbox address is not shown:\n{text}"))?;
            import_fixture(
                &app,
                "trivy/image_v2.json",
                "payments-api",
                "Prototype Pollution in lodash",
            )
            .await?;

            // A rule for payments-api to SEC, then an explicit backfill of the existing findings.
            begin_rule(&app, "Payments API to SEC").await?;
            select_labeled(&app, "Findings of", "payments-api").await?;
            select_labeled(&app, "Jira project", "SEC ·").await?;
            select_labeled(&app, "Issue type", "").await?;
            click(&app, "button", "Map fields").await?;
            wait_for_text(d, "fields on the create screen", WAIT)
                .await
                .map_err(err)?;
            click(&app, "button", "Save rule").await?;
            wait_for_text(d, "Saved “Payments API to SEC”", WAIT)
                .await
                .map_err(err)?;
            click(&app, "button", "Backfill…").await?;
            wait_for_text(d, "older findings for tickets?", WAIT)
                .await
                .map_err(err)?;
            click(&app, "button.btn-primary", "Backfill").await?;
            wait_for_text(d, "They are sent on the next sync", WAIT)
                .await
                .map_err(err)?;

            // Sync (the backfill already asked for a pass; Sync now asks again): the findings
            // get tickets.
            click(&app, ".sync-actions button", "Sync now").await?;
            wait_for_text(d, "Synced", WAIT).await.map_err(err)?;
            click(&app, "nav button", "Findings").await?;
            select_option(
                &app,
                "select[aria-label='Jira ticket']",
                "Has a Jira ticket",
            )
            .await?;
            wait_for_text(d, "Prototype Pollution in lodash", WAIT)
                .await
                .map_err(err)?;
            click(&app, "[data-testid='finding-row'] span", "lodash").await?;
            let text = wait_for_text(d, "Jira label", WAIT).await.map_err(err)?;
            let label = token_after(&text, "vb-")
                .map(str::to_owned)
                .ok_or_else(|| format!("no Jira label in the details:\n{text}"))?;
            app.screenshot("linked").await?;

            // A colleague closes the ticket in Jira; the next sync resolves the finding.
            let key = close_in_jira(&base, &label).await?;
            click(&app, ".sync-actions button", "Sync now").await?;
            wait_for_text(d, "updated from Jira", WAIT)
                .await
                .map_err(err)?;
            click(&app, "button", "Close").await?;
            select_option(&app, "select[aria-label='Status']", "Resolved").await?;
            wait_for_text(d, "Prototype Pollution in lodash", WAIT)
                .await
                .map_err(err)?;
            click(&app, "[data-testid='finding-row'] span", "lodash").await?;
            let text = wait_for_text(d, "Timeline", WAIT).await.map_err(err)?;
            let shown = visible_text(d).await.unwrap_or_default();
            if !shown.contains(&key) && !text.contains("Done") {
                return Err(format!(
                    "the timeline does not show the Jira change of {key}:\n{text}"
                ));
            }
            app.screenshot("resolved").await?;

            // Activity tells the story: the import, the tickets, Jira's change.
            click(&app, "nav button", "Activity").await?;
            wait_for_text(d, "Recent activity", WAIT)
                .await
                .map_err(err)?;
            let text = wait_for_text(d, &key, WAIT).await.map_err(err)?;
            for expected in ["IMPORT", "JIRA"] {
                if !text.contains(expected) {
                    return Err(format!("the activity feed lacks '{expected}':\n{text}"));
                }
            }
            app.screenshot("activity").await?;
            Ok(())
        })
        .await;
    app.quit().await;
    result.expect("sync loop");
}
