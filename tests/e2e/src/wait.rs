//! Waiting for what the user would see.

use std::time::{Duration, Instant};
use thirtyfour::prelude::*;

#[derive(Debug)]
pub struct WaitError(pub String);

impl std::fmt::Display for WaitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WaitError {}

/// The page's rendered text as the browser lays it out (`innerText`: hidden elements are
/// left out, text clipped with an ellipsis is kept).
pub async fn visible_text(driver: &WebDriver) -> Option<String> {
    let value = driver
        .execute("return document.body.innerText;", Vec::new())
        .await
        .ok()?;
    value.convert::<String>().ok()
}

/// Waits until the page's visible text contains `needle`, returning the text.
pub async fn wait_for_text(
    driver: &WebDriver,
    needle: &str,
    timeout: Duration,
) -> Result<String, WaitError> {
    let deadline = Instant::now() + timeout;
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Some(text) = visible_text(driver).await {
            if text.contains(needle) {
                return Ok(text);
            }
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(WaitError(format!(
        "'{needle}' did not appear within {timeout:?}; the window showed:\n{last}"
    )))
}
