//! Harness for the end-to-end tests: launches the real, asset-embedded Vulnbridge binary
//! through tauri-driver + WebKitWebDriver (under Xvfb) with its own data folder, and gives
//! the test a WebDriver session plus helpers that save a screenshot when a step fails.
//!
//! Needs: `DISPLAY` (run under `xvfb-run`), `tauri-driver` and `WebKitWebDriver` on PATH or
//! in ~/.cargo/bin, and the app built with `--features custom-protocol`. The binary path is
//! `$VULNBRIDGE_APP_BIN`, else `<target dir>/debug/vulnbridge`.

mod app;
mod driver;
mod secrets;
pub mod steps;
mod wait;

pub use app::{app_binary, repo_root, shots_dir, App, AppOptions, BLANK_PNG_BYTES};
pub use secrets::files_containing;
pub use wait::{visible_text, wait_for_text, WaitError};
