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

/// Waits until the page's visible text contains `needle`, returning the text.
pub async fn wait_for_text(
    driver: &WebDriver,
    needle: &str,
    timeout: Duration,
) -> Result<String, WaitError> {
    let deadline = Instant::now() + timeout;
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(body) = driver.find(By::Tag("body")).await {
            if let Ok(text) = body.text().await {
                if text.contains(needle) {
                    return Ok(text);
                }
                last = text;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(WaitError(format!(
        "'{needle}' did not appear within {timeout:?}; the window showed:\n{last}"
    )))
}
