//! Shared test world: a sandbox of either flavor, a `JiraClient` for it (no client-side
//! retries: the engine owns retrying), a store in a temp dir with one application, a SEC Task
//! routing rule and findings imported after the rule was enabled.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use url::Url;
use vulnbridge_jira::{
    AuthMethod, ClientOptions, CloudEndpoints, ConnectionConfig, ConnectionId, DeploymentKind,
    JiraClient, MemorySecretStore, RetryPolicy, SecretKind, SecretStore,
};
use vulnbridge_mapping::default_mapping;
use vulnbridge_model::{Finding, FindingKind, Location, Severity, Tool};
use vulnbridge_sandbox::{FaultPlan, Flavor, RunningSandbox, Sandbox, SandboxConfig, Seed};
use vulnbridge_store::{ApplicationId, RoutingRule, RuleScope, ScanInput, Store};
use vulnbridge_sync::{stamp, Backoff, ManualClock, PushEngine};

pub const FLAVORS: [Flavor; 2] = [Flavor::Cloud, Flavor::DataCenter];
pub const CONN: &str = "jira-main";

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .expect("valid date")
}

pub async fn start_sandbox(flavor: Flavor, faults: FaultPlan, rng_seed: u64) -> RunningSandbox {
    Sandbox::start(
        SandboxConfig::new(flavor)
            .with_seed(Seed::Empty)
            .with_faults(faults)
            .with_rng_seed(rng_seed),
    )
    .await
    .expect("sandbox starts")
}

pub async fn client_for(sandbox: &RunningSandbox) -> JiraClient {
    let creds = sandbox.credentials().clone();
    let id = ConnectionId::new(CONN).expect("id");
    let secrets = Arc::new(MemorySecretStore::new());
    let (kind, auth) = match sandbox.flavor() {
        Flavor::Cloud => {
            secrets
                .set(&id, SecretKind::ApiToken, &creds.api_token.as_str().into())
                .expect("token");
            (
                DeploymentKind::Cloud,
                AuthMethod::CloudApiToken {
                    email: creds.email.clone(),
                    scoped: false,
                },
            )
        }
        Flavor::DataCenter => {
            secrets
                .set(&id, SecretKind::Pat, &creds.pat.as_str().into())
                .expect("pat");
            (DeploymentKind::DataCenter, AuthMethod::DcPat)
        }
    };
    let base = Url::parse(sandbox.base_url()).expect("url");
    let config = ConnectionConfig {
        id,
        kind,
        site_url: base.clone(),
        cloud_id: None,
        cloud_endpoints: CloudEndpoints {
            auth_base: base.clone(),
            api_base: base,
        },
        auth,
        account_display_name: None,
    };
    let options = ClientOptions {
        timeout: Duration::from_secs(20),
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    };
    JiraClient::connect(config, secrets, options)
        .await
        .expect("client")
}

pub struct World {
    pub dir: tempfile::TempDir,
    pub app: ApplicationId,
    pub rule: i64,
    pub clock: ManualClock,
}

impl World {
    pub fn db(&self) -> std::path::PathBuf {
        self.dir.path().join("vulnbridge.sqlite3")
    }

    pub fn open(&self) -> Store {
        Store::open(&self.db()).expect("open store")
    }

    /// An engine over a fresh handle of the database.
    pub fn engine(&self, client: &JiraClient) -> PushEngine {
        let mut engine = PushEngine::new(self.open(), Arc::new(self.clock.clone()))
            .expect("engine")
            .with_backoff(Backoff::new(
                Duration::from_secs(2),
                Duration::from_secs(60),
                11,
            ));
        engine.add_connection(CONN, client.clone());
        engine
    }
}

/// The createmeta fields of an issue type as the rule saves them (`Vec<FieldMeta>` JSON).
pub async fn field_meta(client: &JiraClient, project: &str, issue_type: &str) -> String {
    let raw: serde_json::Value = client
        .get_json(
            &format!("issue/createmeta/{project}/issuetypes/{issue_type}"),
            &[("maxResults", "200")],
        )
        .await
        .expect("createmeta");
    let fields = vulnbridge_mapping::parse_createmeta_value(&raw).expect("fields");
    serde_json::to_string(&fields).expect("json")
}

/// A SEC Task rule (default mapping: summary, description, priority by severity, labels)
/// enabled at t0, for application "shop".
pub fn sec_rule(app: ApplicationId, field_meta_json: String) -> RoutingRule {
    let fields: Vec<vulnbridge_mapping::FieldMeta> =
        serde_json::from_str(&field_meta_json).expect("meta");
    RoutingRule {
        id: 0,
        name: "shop to SEC".into(),
        connection_id: CONN.into(),
        project_id: Some("10000".into()),
        project_key: Some("SEC".into()),
        issue_type_id: "10001".into(),
        scope: RuleScope::Application(app),
        min_severity: Some(Severity::Low),
        trigger_kinds: vec![FindingKind::Vulnerability],
        mapping_json: serde_json::to_string(&default_mapping(&fields)).expect("mapping"),
        field_meta_json,
        enabled_since: Some(stamp(t0())),
    }
}

pub fn world_with_rule(make_rule: impl FnOnce(ApplicationId) -> RoutingRule) -> World {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("vulnbridge.sqlite3")).expect("store");
    let app = store.create_application("shop").expect("app");
    let rule = store.add_routing_rule(&make_rule(app)).expect("rule");
    World {
        dir,
        app,
        rule,
        clock: ManualClock::new(t0() + chrono::Duration::hours(1)),
    }
}

/// A world with the SEC Task rule; the createmeta request is removed from the request log.
pub async fn world(sandbox: &RunningSandbox, client: &JiraClient) -> World {
    let meta = field_meta(client, "SEC", "10001").await;
    sandbox.clear_request_log();
    world_with_rule(|app| sec_rule(app, meta))
}

pub fn finding(key: &str, severity: Severity) -> Finding {
    Finding {
        fingerprint: format!("{:016x}{:048x}", fnv(key), 0),
        kind: FindingKind::Vulnerability,
        title: format!("SQL injection in handler {key}"),
        severity: Some(severity),
        raw_severity: Some(severity.as_str().to_uppercase()),
        tool: Tool::new("semgrep", None),
        location: Location::Code {
            file: format!("src/{key}.rs"),
            start_line: Some(7),
            end_line: None,
            column: None,
            snippet: None,
            commit: None,
        },
        ..Finding::default()
    }
}

/// A stable 64-bit hash so fingerprints (and dedup labels) are distinct hex.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// Imports `findings` into the world's application, seen at `at`.
pub fn import_at(store: &mut Store, app: ApplicationId, findings: &[Finding], at: DateTime<Utc>) {
    let tool = Tool::new("semgrep", Some("1.0".into()));
    let at = stamp(at);
    store
        .record_import(
            app,
            &ScanInput {
                file_name: "scan.sarif",
                format: "SARIF",
                tool: &tool,
                target: Some("repo"),
                findings,
                at: Some(&at),
            },
        )
        .expect("import");
}

pub fn many(prefix: &str, n: usize) -> Vec<Finding> {
    (0..n)
        .map(|i| finding(&format!("{prefix}-{i}"), Severity::High))
        .collect()
}

/// `ceil(n / 50)`.
pub fn batches(n: usize) -> usize {
    n.div_ceil(50)
}
