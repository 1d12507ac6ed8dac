//! The loopback listener that receives the OAuth redirect (`/callback?code=..&state=..`).
//!
//! Behaviour (what the user sees in the browser, and what [`CallbackListener::wait`] returns):
//! - It binds 127.0.0.1 only, on the fixed callback port registered with the OAuth app.
//! - A callback whose `state` is missing or wrong gets a "does not belong to this sign-in"
//!   page (HTTP 400) and the listener **keeps waiting**: a stray or forged request (an old tab,
//!   another local program) must not be able to cancel the user's real sign-in. The attempt
//!   still ends at the timeout.
//! - The first callback with the right `state` ends the wait: with the code (success page), or
//!   with the provider's `error` (failure page, [`Error::AuthorizationDenied`]).
//! - Any later callback gets an "already completed" page (HTTP 409) while the listener lives.
//! - No valid callback within the timeout: [`Error::CallbackTimeout`]; a browser that comes
//!   back later (while the listener still lives) gets a "sign-in expired" page (HTTP 410).
//! - Dropping the listener closes the port.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

use crate::error::{Error, Result};
use crate::oauth::page::{render, Tone};
use crate::secret::Sensitive;

/// Largest request head we read; real callbacks are far smaller.
const MAX_REQUEST_HEAD: usize = 16 * 1024;
/// How long one browser connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Where to listen and how long to wait.
#[derive(Debug, Clone)]
pub struct CallbackConfig {
    /// The fixed port registered with the OAuth app. 0 picks a free port (tests only).
    pub port: u16,
    /// Host name used in `redirect_uri` (Atlassian accepts `localhost`).
    pub redirect_host: String,
    /// How long to wait for the browser to come back.
    pub timeout: Duration,
}

impl CallbackConfig {
    pub fn new(port: u16) -> Self {
        Self {
            port,
            redirect_host: "localhost".to_owned(),
            timeout: Duration::from_secs(300),
        }
    }
}

/// The authorization code from a valid callback.
#[derive(Debug)]
pub struct AuthorizationCode(pub Sensitive<String>);

type Outcome = Result<AuthorizationCode>;

enum Phase {
    Waiting(oneshot::Sender<Outcome>),
    /// An answer arrived (code or provider error).
    Answered,
    /// Nobody came back in time; the sign-in was abandoned.
    TimedOut,
}

struct Shared {
    expected_state: String,
    phase: Mutex<Phase>,
}

impl Shared {
    /// Ends the wait with `outcome` unless it already ended. Returns false if it had.
    fn finish(&self, outcome: Outcome) -> bool {
        let timed_out = matches!(outcome, Err(Error::CallbackTimeout { .. }));
        let next = if timed_out {
            Phase::TimedOut
        } else {
            Phase::Answered
        };
        let mut phase = self.phase.lock().unwrap_or_else(PoisonError::into_inner);
        match std::mem::replace(&mut *phase, next) {
            Phase::Waiting(sender) => {
                // The waiter may have gone (dropped); the page is still right.
                let _ = sender.send(outcome);
                true
            }
            ended => {
                *phase = ended;
                false
            }
        }
    }

    /// `None` while waiting, else whether the attempt timed out.
    fn ended(&self) -> Option<bool> {
        match *self.phase.lock().unwrap_or_else(PoisonError::into_inner) {
            Phase::Waiting(_) => None,
            Phase::Answered => Some(false),
            Phase::TimedOut => Some(true),
        }
    }
}

/// A running loopback listener for one sign-in attempt.
pub struct CallbackListener {
    local_addr: SocketAddr,
    redirect_uri: String,
    timeout: Duration,
    shared: Arc<Shared>,
    outcome: Option<oneshot::Receiver<Outcome>>,
    server: JoinHandle<()>,
}

impl std::fmt::Debug for CallbackListener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackListener")
            .field("local_addr", &self.local_addr)
            .field("redirect_uri", &self.redirect_uri)
            .finish_non_exhaustive()
    }
}

impl CallbackListener {
    /// Binds 127.0.0.1:`port` and starts serving. `expected_state` is the `state` sent in the
    /// authorize URL.
    pub async fn bind(config: &CallbackConfig, expected_state: String) -> Result<Self> {
        let address = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), config.port);
        let listener = TcpListener::bind(address).await.map_err(|error| {
            if error.kind() == std::io::ErrorKind::AddrInUse {
                Error::CallbackPortInUse { port: config.port }
            } else {
                Error::CallbackListener {
                    detail: format!("cannot listen on {address}: {error}"),
                }
            }
        })?;
        let local_addr = listener
            .local_addr()
            .map_err(|error| Error::CallbackListener {
                detail: error.to_string(),
            })?;
        let (sender, receiver) = oneshot::channel();
        let shared = Arc::new(Shared {
            expected_state,
            phase: Mutex::new(Phase::Waiting(sender)),
        });
        let server = tokio::spawn(serve(listener, Arc::clone(&shared)));
        Ok(Self {
            local_addr,
            redirect_uri: format!(
                "http://{}:{}/callback",
                config.redirect_host,
                local_addr.port()
            ),
            timeout: config.timeout,
            shared,
            outcome: Some(receiver),
            server,
        })
    }

    /// `http://localhost:<port>/callback`: the `redirect_uri` for authorize and token calls.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Waits for the first valid callback (see the module docs). Call once.
    pub async fn wait(&mut self) -> Result<AuthorizationCode> {
        let Some(receiver) = self.outcome.take() else {
            return Err(Error::CallbackListener {
                detail: "the callback was already taken".into(),
            });
        };
        match tokio::time::timeout(self.timeout, receiver).await {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(_closed)) => Err(Error::CallbackListener {
                detail: "the listener stopped".into(),
            }),
            Err(_elapsed) => {
                self.shared.finish(Err(Error::CallbackTimeout {
                    waited: self.timeout,
                }));
                Err(Error::CallbackTimeout {
                    waited: self.timeout,
                })
            }
        }
    }
}

impl Drop for CallbackListener {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        match listener.accept().await {
            Ok((stream, _peer)) => {
                tokio::spawn(handle_connection(stream, Arc::clone(&shared)));
            }
            Err(error) => {
                tracing::warn!(%error, "oauth callback listener: accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

async fn handle_connection(mut stream: TcpStream, shared: Arc<Shared>) {
    let response = match tokio::time::timeout(READ_TIMEOUT, read_head(&mut stream)).await {
        Ok(Some(head)) => respond(&head, &shared),
        Ok(None) => page_response(
            400,
            Tone::Failure,
            "Bad request",
            &["Vulnbridge could not read this request."],
        ),
        Err(_elapsed) => return,
    };
    if let Err(error) = stream.write_all(response.as_bytes()).await {
        tracing::debug!(%error, "oauth callback listener: could not answer the browser");
    }
    let _ = stream.shutdown().await;
}

/// Reads up to the end of the request head; `None` if the request is malformed or too big.
async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut buffer = Vec::with_capacity(2048);
    let mut chunk = [0u8; 2048];
    loop {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            buffer.truncate(end);
            return String::from_utf8(buffer).ok();
        }
        if buffer.len() > MAX_REQUEST_HEAD {
            return None;
        }
    }
}

fn respond(head: &str, shared: &Shared) -> String {
    let mut parts = head.lines().next().unwrap_or_default().split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return page_response(
            400,
            Tone::Failure,
            "Bad request",
            &["Vulnbridge could not read this request."],
        );
    };
    let Some(url) = Url::parse("http://localhost/")
        .ok()
        .and_then(|base| base.join(target).ok())
    else {
        return page_response(
            400,
            Tone::Failure,
            "Bad request",
            &["Vulnbridge could not read this address."],
        );
    };
    if url.path() != "/callback" {
        return page_response(
            404,
            Tone::Failure,
            "Not found",
            &["This address is only used to finish signing in to Jira from Vulnbridge."],
        );
    }
    if method != "GET" {
        return page_response(
            405,
            Tone::Failure,
            "Method not allowed",
            &["Open the sign-in link in the browser instead."],
        );
    }
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    if shared.ended() == Some(true) {
        return page_response(
            410,
            Tone::Failure,
            "This sign-in has expired",
            &[
                "Vulnbridge stopped waiting for this sign-in.",
                "Close this tab and start the sign-in again from Vulnbridge.",
            ],
        );
    }
    if shared.ended() == Some(false) {
        return page_response(
            409,
            Tone::Failure,
            "This sign-in is already finished",
            &[
                "Vulnbridge already received an answer for this sign-in and ignored this one.",
                "You can close this tab. To connect again, start a new sign-in from Vulnbridge.",
            ],
        );
    }
    if param("state").as_deref() != Some(shared.expected_state.as_str()) {
        tracing::warn!("oauth callback with a missing or wrong state was rejected");
        return page_response(400, Tone::Failure, "This sign-in response was rejected", &[
            "It does not belong to the sign-in Vulnbridge is waiting for (the security check value \"state\" does not match).",
            "If you started the sign-in yourself, use the newest sign-in tab or start again from Vulnbridge.",
        ]);
    }
    if let Some(error) = param("error") {
        let description = param("error_description").unwrap_or_default();
        let shown = format!(
            "Jira answered: {error}{}",
            if description.is_empty() {
                String::new()
            } else {
                format!(" ({description})")
            }
        );
        if !shared.finish(Err(Error::AuthorizationDenied {
            error: error.clone(),
        })) {
            return already_finished();
        }
        return page_response(200, Tone::Failure, "Access was not granted", &[
            &shown,
            "Vulnbridge is not connected. Close this tab and start the sign-in again from Vulnbridge.",
        ]);
    }
    let Some(code) = param("code").filter(|c| !c.is_empty()) else {
        shared.finish(Err(Error::UnexpectedResponse {
            detail: "the sign-in callback had no authorization code".into(),
        }));
        return page_response(
            400,
            Tone::Failure,
            "Sign-in failed",
            &[
                "The answer from Jira did not contain an authorization code.",
                "Close this tab and start the sign-in again from Vulnbridge.",
            ],
        );
    };
    if !shared.finish(Ok(AuthorizationCode(Sensitive::new(code)))) {
        return already_finished();
    }
    page_response(
        200,
        Tone::Success,
        "You are signed in",
        &[
            "Vulnbridge received Jira's approval and is finishing the connection.",
            "You can close this tab and return to Vulnbridge.",
        ],
    )
}

fn already_finished() -> String {
    page_response(
        409,
        Tone::Failure,
        "This sign-in is already finished",
        &["You can close this tab."],
    )
}

fn page_response(status: u16, tone: Tone, title: &str, lines: &[&str]) -> String {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        410 => "Gone",
        _ => "Error",
    };
    let body = render(tone, title, lines);
    format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n\
Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}
