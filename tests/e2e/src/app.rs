//! One running instance of the real app, with its own data folder.

use crate::driver::Driver;
use std::path::{Path, PathBuf};
use std::time::Duration;
use thirtyfour::prelude::*;

#[derive(Default)]
pub struct AppOptions {
    /// Reuse this data folder instead of a fresh temporary one.
    pub data_dir: Option<PathBuf>,
    /// Ask WebKit for the dark colour scheme.
    pub dark: bool,
    /// Extra environment for the app (e.g. pointing Cloud OAuth at the sandbox).
    pub env: Vec<(String, String)>,
}

pub struct App {
    pub driver: WebDriver,
    tauri_driver: Driver,
    data_dir: PathBuf,
    _temp: Option<tempfile::TempDir>,
    name: String,
}

/// A window PNG at or below this size is a blank, not-yet-painted frame.
pub const BLANK_PNG_BYTES: usize = 10_000;

/// Root of the repository (two levels above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The asset-embedded app binary under test.
pub fn app_binary() -> Result<PathBuf, String> {
    let path = match std::env::var_os("VULNBRIDGE_APP_BIN") {
        Some(p) => PathBuf::from(p),
        None => {
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| repo_root().join("target"));
            target.join("debug/vulnbridge")
        }
    };
    let path = std::fs::canonicalize(&path).map_err(|e| {
        format!(
            "the app binary {} is missing ({e}); build it with `cargo build -p vulnbridge --features custom-protocol`",
            path.display()
        )
    })?;
    Ok(path)
}

/// Where screenshots go: `$VULNBRIDGE_SHOTS_DIR`, else tests/e2e/shots.
pub fn shots_dir() -> PathBuf {
    std::env::var_os("VULNBRIDGE_SHOTS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("shots"))
}

impl App {
    /// Launches the app; `name` labels its logs and screenshots.
    pub async fn launch(name: &str, opts: AppOptions) -> Result<Self, String> {
        if std::env::var_os("DISPLAY").is_none() {
            return Err("DISPLAY is not set: run the end-to-end tests under xvfb-run (scripts/test.sh does)".into());
        }
        let binary = app_binary()?;
        let (data_dir, temp) = match opts.data_dir {
            Some(d) => (d, None),
            None => {
                let t = tempfile::tempdir().map_err(|e| e.to_string())?;
                (t.path().to_path_buf(), Some(t))
            }
        };
        let mut envs = vec![(
            "VULNBRIDGE_DATA_DIR".to_owned(),
            data_dir.display().to_string(),
        )];
        if opts.dark {
            envs.push(("GTK_THEME".to_owned(), "Adwaita:dark".to_owned()));
        }
        envs.extend(opts.env);
        std::fs::create_dir_all(shots_dir()).map_err(|e| e.to_string())?;
        let log = shots_dir().join(format!("{name}-driver.log"));
        let tauri_driver = Driver::start(&envs, &log).await?;
        let mut caps = Capabilities::new();
        caps.set(
            "tauri:options",
            serde_json::json!({ "application": binary.display().to_string() }),
        )
        .map_err(|e| e.to_string())?;
        let url = format!("http://127.0.0.1:{}", tauri_driver.port);
        // Session creation hangs forever when the app cannot start (no display): bound it.
        let driver =
            match tokio::time::timeout(Duration::from_secs(60), WebDriver::new(url, caps)).await {
                Ok(Ok(d)) => d,
                Ok(Err(e)) => {
                    tauri_driver.stop().await;
                    return Err(format!(
                        "cannot start a WebDriver session with the app: {e}; see {}",
                        log.display()
                    ));
                }
                Err(_) => {
                    tauri_driver.stop().await;
                    return Err(format!(
                        "the app did not start within 60 s; see {}",
                        log.display()
                    ));
                }
            };
        Ok(Self {
            driver,
            tauri_driver,
            data_dir,
            _temp: temp,
            name: name.to_owned(),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Saves a PNG of the window as `<shots>/<name>-<label>.png` and returns its path.
    pub async fn screenshot(&self, label: &str) -> Result<PathBuf, String> {
        let path = shots_dir().join(format!("{}-{label}.png", self.name));
        // Text in the DOM does not mean painted pixels: wait for fonts and two frames, and
        // retry while WebKit still hands back a blank (uniform, tiny) image.
        let settle = "const done = arguments[arguments.length - 1];
            document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));";
        let mut png = Vec::new();
        for _ in 0..25 {
            let _ = self.driver.execute_async(settle, Vec::new()).await;
            png = self
                .driver
                .screenshot_as_png()
                .await
                .map_err(|e| e.to_string())?;
            if png.len() > BLANK_PNG_BYTES {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        std::fs::write(&path, png).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(path)
    }

    /// Clicks the first element matching `css` whose text contains `text`.
    pub async fn click_text(&self, css: &str, text: &str) -> Result<(), String> {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            for el in self
                .driver
                .find_all(By::Css(css))
                .await
                .map_err(|e| e.to_string())?
            {
                let shown = el
                    .prop("innerText")
                    .await
                    .ok()
                    .flatten()
                    .unwrap_or_default();
                if shown.contains(text) {
                    return el.click().await.map_err(|e| e.to_string());
                }
            }
            if std::time::Instant::now() > deadline {
                return Err(format!("no '{css}' element with text '{text}' to click"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Ends the session (which closes the app) and stops the driver.
    pub async fn quit(self) {
        let _ = self.driver.quit().await;
        self.tauri_driver.stop().await;
    }

    /// Awaits a test body; on failure saves `<name>-failure.png` before returning the error.
    pub async fn check(
        &self,
        body: impl std::future::Future<Output = Result<(), String>>,
    ) -> Result<(), String> {
        let result = body.await;
        if let Err(err) = &result {
            let shot = self.screenshot("failure").await;
            return Err(match shot {
                Ok(p) => format!("{err}\n(screenshot: {})", p.display()),
                Err(e) => format!("{err}\n(no screenshot: {e})"),
            });
        }
        result
    }
}
