//! A "browser" for the sandbox's consent page: loads the authorize URL, follows the page's
//! Accept (the `X-Sandbox-Approve-Url` header), and delivers the redirect to our listener.

use std::sync::{Arc, Mutex};

use url::Url;
use vulnbridge_jira::oauth::BrowserOpener;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Accept,
    Deny,
}

pub struct SandboxBrowser {
    pub choice: Choice,
    /// The authorize URL the app opened.
    pub opened: Arc<Mutex<Option<Url>>>,
    /// What went wrong in the browser task, if anything (checked by tests).
    pub problem: Arc<Mutex<Option<String>>>,
}

impl SandboxBrowser {
    pub fn new(choice: Choice) -> Self {
        Self {
            choice,
            opened: Arc::default(),
            problem: Arc::default(),
        }
    }
}

async fn drive(authorize: Url, choice: Choice) -> Result<(), String> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())?;
    let consent = http
        .get(authorize)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let approve = consent
        .headers()
        .get("x-sandbox-approve-url")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| format!("no consent page (HTTP {})", consent.status()))?
        .to_owned();
    let target = match choice {
        Choice::Accept => approve,
        Choice::Deny => approve.replace("/sandbox/oauth/approve", "/sandbox/oauth/deny"),
    };
    let decided = http.post(target).send().await.map_err(|e| e.to_string())?;
    let location = decided
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| format!("no redirect after consent (HTTP {})", decided.status()))?;
    let mut callback = Url::parse(location).map_err(|e| e.to_string())?;
    // The browser resolves localhost; the listener is bound to 127.0.0.1.
    callback
        .set_host(Some("127.0.0.1"))
        .map_err(|e| e.to_string())?;
    http.get(callback).send().await.map_err(|e| e.to_string())?;
    Ok(())
}

impl BrowserOpener for SandboxBrowser {
    fn open(&self, url: &Url) -> vulnbridge_jira::Result<()> {
        *self.opened.lock().expect("lock") = Some(url.clone());
        let (url, choice, problem) = (url.clone(), self.choice, Arc::clone(&self.problem));
        tokio::spawn(async move {
            if let Err(error) = drive(url, choice).await {
                *problem.lock().expect("lock") = Some(error);
            }
        });
        Ok(())
    }
}

/// A port that was free a moment ago (the sandbox must know the redirect URI up front).
pub fn free_port() -> u16 {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    probe.local_addr().expect("addr").port()
}
