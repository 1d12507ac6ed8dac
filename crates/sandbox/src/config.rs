//! How a sandbox is configured: dialect, port, seed data, faults, randomness and time.

use chrono::Duration;

use crate::clock::Clock;
use crate::faults::FaultPlan;

/// Which Jira the sandbox pretends to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Flavor {
    /// Jira Cloud: REST v3 under `/rest/api/3`, ADF text, users by `accountId`,
    /// API token (Basic email:token) and OAuth 2.0 (3LO).
    Cloud,
    /// Jira Data Center: REST v2 under `/rest/api/2`, wiki-markup strings, users by `name`,
    /// Personal Access Tokens (Bearer), Basic username:password, OAuth 2.0 incoming links with PKCE.
    DataCenter,
}

impl Flavor {
    /// The REST prefix this flavor serves, e.g. `/rest/api/3`.
    pub fn api_prefix(self) -> &'static str {
        match self {
            Flavor::Cloud => "/rest/api/3",
            Flavor::DataCenter => "/rest/api/2",
        }
    }
}

/// What the sandbox holds when it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seed {
    /// Demo projects (SEC, APPSEC, OPS), users, custom fields, an epic and a few issues.
    Demo,
    /// The same users, fields and projects, but no issues.
    Empty,
}

/// Everything [`crate::Sandbox::start`] needs. Build it with [`SandboxConfig::new`] and the
/// `with_*` methods.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// The dialect to speak.
    pub flavor: Flavor,
    /// TCP port on 127.0.0.1; 0 picks a free ephemeral port.
    pub port: u16,
    /// Initial data.
    pub seed: Seed,
    /// Faults and rate limits in force from the first request (changeable later).
    pub faults: FaultPlan,
    /// Seed for every random decision (fault probabilities, token material).
    pub rng_seed: u64,
    /// The clock all timestamps and expiries use.
    pub clock: Clock,
    /// Redirect URIs registered for the demo OAuth client; `redirect_uri` must match one exactly.
    pub oauth_redirect_uris: Vec<String>,
    /// How long a written issue stays invisible to search (Cloud's eventual consistency);
    /// `reconcileIssues` on `/search/jql` bypasses it. Zero by default.
    pub search_index_lag: Duration,
}

impl SandboxConfig {
    /// Demo data on an ephemeral port, no faults, rng seed 0, wall-clock time,
    /// OAuth redirect URI `http://localhost:9876/callback`.
    pub fn new(flavor: Flavor) -> Self {
        Self {
            flavor,
            port: 0,
            seed: Seed::Demo,
            faults: FaultPlan::default(),
            rng_seed: 0,
            clock: Clock::system(),
            oauth_redirect_uris: vec!["http://localhost:9876/callback".to_owned()],
            search_index_lag: Duration::zero(),
        }
    }

    /// Listen on this port (0 = ephemeral).
    pub fn with_port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Start with demo data or empty projects.
    pub fn with_seed(mut self, seed: Seed) -> Self {
        self.seed = seed;
        self
    }

    /// Faults and rate limits in force from the start.
    pub fn with_faults(mut self, faults: FaultPlan) -> Self {
        self.faults = faults;
        self
    }

    /// Seed for fault probabilities and generated tokens.
    pub fn with_rng_seed(mut self, rng_seed: u64) -> Self {
        self.rng_seed = rng_seed;
        self
    }

    /// Use this clock (e.g. `Clock::fixed(..)` to control token expiry).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Register these OAuth redirect URIs instead of the default.
    pub fn with_oauth_redirect_uris(mut self, uris: Vec<String>) -> Self {
        self.oauth_redirect_uris = uris;
        self
    }

    /// Delay before writes become visible to search.
    pub fn with_search_index_lag(mut self, lag: Duration) -> Self {
        self.search_index_lag = lag;
        self
    }
}
