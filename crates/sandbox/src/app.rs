//! The shared state behind every request handler.

use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Duration, Utc};

use crate::clock::Clock;
use crate::config::{Flavor, SandboxConfig};
use crate::credentials::DemoCredentials;
use crate::faults::FaultEngine;
use crate::oauth::store::OAuthStore;
use crate::request_log::LoggedRequest;
use crate::state::State;

/// Most requests the log keeps.
pub(crate) const LOG_CAPACITY: usize = 50_000;

/// The user a request acts as.
#[derive(Clone, Debug)]
pub(crate) struct Principal {
    pub account_id: String,
}

/// Set on requests that came in through `/ex/jira/{cloudId}`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ViaGateway;

pub(crate) struct App {
    pub flavor: Flavor,
    pub base_url: String,
    pub clock: Clock,
    pub creds: DemoCredentials,
    pub redirect_uris: Vec<String>,
    pub search_lag: Duration,
    state: Mutex<State>,
    faults: Mutex<FaultEngine>,
    log: Mutex<Vec<LoggedRequest>>,
    oauth: Mutex<OAuthStore>,
    basic_failures: Mutex<u32>,
    pats: Mutex<Vec<crate::pat::Pat>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl App {
    pub fn new(config: &SandboxConfig, base_url: String) -> Self {
        let now = config.clock.now();
        Self {
            flavor: config.flavor,
            base_url,
            clock: config.clock.clone(),
            creds: DemoCredentials::demo(),
            redirect_uris: config.oauth_redirect_uris.clone(),
            search_lag: config.search_index_lag,
            state: Mutex::new(State::new(config.seed, config.flavor, now)),
            faults: Mutex::new(FaultEngine::new(config.faults.clone(), config.rng_seed)),
            log: Mutex::new(Vec::new()),
            oauth: Mutex::new(OAuthStore::default()),
            basic_failures: Mutex::new(0),
            pats: Mutex::new(Vec::new()),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    pub fn faults(&self) -> MutexGuard<'_, FaultEngine> {
        lock(&self.faults)
    }

    pub fn log(&self) -> MutexGuard<'_, Vec<LoggedRequest>> {
        lock(&self.log)
    }

    /// Appends to the request log, keeping at most [`LOG_CAPACITY`] entries (oldest dropped),
    /// so a long-running demo does not grow without bound.
    pub fn record(&self, entry: LoggedRequest) {
        let mut log = self.log();
        if log.len() >= LOG_CAPACITY {
            let excess = log.len() + 1 - LOG_CAPACITY;
            log.drain(..excess);
        }
        log.push(entry);
    }

    pub fn oauth(&self) -> MutexGuard<'_, OAuthStore> {
        lock(&self.oauth)
    }

    pub fn pats(&self) -> MutexGuard<'_, Vec<crate::pat::Pat>> {
        lock(&self.pats)
    }

    pub fn basic_failures(&self) -> MutexGuard<'_, u32> {
        lock(&self.basic_failures)
    }

    /// `{base}/rest/api/N`.
    pub fn api_base(&self) -> String {
        format!("{}{}", self.base_url, self.flavor.api_prefix())
    }

    /// A random-looking token from the seeded generator.
    pub fn token(&self, prefix: &str) -> String {
        self.faults().token(prefix)
    }

    pub fn is_cloud(&self) -> bool {
        self.flavor == Flavor::Cloud
    }
}
