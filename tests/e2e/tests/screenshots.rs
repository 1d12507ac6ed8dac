//! Writes PNGs of the main screens, light and dark, to tests/e2e/shots (or
//! $VULNBRIDGE_SHOTS_DIR), so the UI can be looked at. Run by scripts/screenshots.sh.

use std::time::Duration;
use vulnbridge_e2e::{shots_dir, wait_for_text, App, AppOptions, BLANK_PNG_BYTES};

const PAGES: [(&str, &str); 5] = [
    ("Findings", "Everything your scanners found"),
    ("Connections", "The Jira sites and servers"),
    ("Routing", "Which findings become tickets"),
    ("Activity", "What happened lately"),
    ("Settings", "Where Vulnbridge keeps its data"),
];

async fn capture(theme: &str, dark: bool) -> Result<Vec<std::path::PathBuf>, String> {
    let app = App::launch(
        &format!("screen-{theme}"),
        AppOptions {
            dark,
            ..Default::default()
        },
    )
    .await?;
    let result = app
        .check(async {
            let wait = Duration::from_secs(20);
            let mut shots = Vec::new();
            wait_for_text(&app.driver, "Welcome to Vulnbridge", wait)
                .await
                .map_err(|e| e.to_string())?;
            shots.push(app.screenshot("welcome").await?);
            app.click_text("button.choice", "Connect Jira").await?;
            for (label, marker) in PAGES {
                app.click_text("nav button", label).await?;
                wait_for_text(&app.driver, marker, wait)
                    .await
                    .map_err(|e| e.to_string())?;
                shots.push(app.screenshot(&label.to_lowercase()).await?);
            }
            Ok(())
        })
        .await;
    let shots = std::fs::read_dir(shots_dir())
        .map_err(|e| e.to_string())?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.to_string_lossy();
            name.contains(&format!("screen-{theme}-")) && name.ends_with(".png")
        })
        .collect();
    app.quit().await;
    result.map(|()| shots)
}

#[tokio::test(flavor = "multi_thread")]
async fn main_screens_light_and_dark() {
    for (theme, dark) in [("light", false), ("dark", true)] {
        let shots = capture(theme, dark).await.expect("screens captured");
        assert!(
            shots.len() >= 6,
            "expected 6 screenshots for {theme}, got {shots:?}"
        );
        for shot in shots {
            let size = std::fs::metadata(&shot).expect("shot exists").len();
            assert!(
                size as usize > BLANK_PNG_BYTES,
                "{} is suspiciously small ({size} bytes)",
                shot.display()
            );
        }
    }
}
