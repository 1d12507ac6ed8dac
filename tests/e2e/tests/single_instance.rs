//! Launching Vulnbridge while it already runs brings the running window forward instead of
//! starting a second copy (which would fight over the database and the tray).

use std::time::{Duration, Instant};
use vulnbridge_e2e::{app_binary, wait_for_text, App, AppOptions};

#[tokio::test(flavor = "multi_thread")]
async fn a_second_launch_exits_and_the_first_keeps_running() {
    let app = App::launch("single-instance", AppOptions::default())
        .await
        .expect("app starts");
    let result = app
        .check(async {
            wait_for_text(
                &app.driver,
                "Welcome to Vulnbridge",
                Duration::from_secs(20),
            )
            .await
            .map_err(|e| e.to_string())?;
            let mut second = tokio::process::Command::new(app_binary()?)
                .env("VULNBRIDGE_DATA_DIR", app.data_dir())
                .kill_on_drop(true)
                .spawn()
                .map_err(|e| format!("cannot launch a second copy: {e}"))?;
            let started = Instant::now();
            let status = tokio::time::timeout(Duration::from_secs(15), second.wait())
                .await
                .map_err(|_| "the second copy kept running: single instance is broken".to_string())?
                .map_err(|e| e.to_string())?;
            if !status.success() {
                return Err(format!("the second copy exited with {status}"));
            }
            eprintln!("second copy exited after {:?}", started.elapsed());
            // The first copy still answers and still shows its window.
            app.click_text("button.choice", "Connect Jira").await?;
            wait_for_text(
                &app.driver,
                "The Jira sites and servers",
                Duration::from_secs(20),
            )
            .await
            .map_err(|e| e.to_string())?;
            Ok(())
        })
        .await;
    app.quit().await;
    result.expect("single instance");
}
