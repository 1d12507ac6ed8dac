//! JQL over HTTP: fields, operators, date formats and relative dates against the clock,
//! ordering, `updated` on every write, eventual consistency with `reconcileIssues`.

mod common;

use chrono::{Duration, TimeZone, Utc};
use common::Jira;
use serde_json::{json, Value};
use vulnbridge_sandbox::{chrono, Clock, Flavor, SandboxConfig, Seed};

async fn keys(j: &Jira, jql: &str) -> Vec<String> {
    let r = j
        .post(
            "/search/jql",
            &json!({"jql": jql, "fields": ["key"], "maxResults": 100}),
        )
        .await;
    assert_eq!(r.status, 200, "{jql}: {}", r.text);
    r.body["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .filter_map(|i| i["key"].as_str().map(str::to_owned))
        .collect()
}

async fn error(j: &Jira, jql: &str) -> String {
    let r = j.post("/search/jql", &json!({"jql": jql})).await;
    assert_eq!(r.status, 400, "{jql} should be rejected: {}", r.text);
    r.body["errorMessages"][0]
        .as_str()
        .expect("message")
        .to_owned()
}

#[tokio::test]
async fn operators_and_boolean_logic() {
    let j = Jira::start(SandboxConfig::new(Flavor::Cloud).with_seed(Seed::Empty)).await;
    let a = j.create_sec("a", &["x", "vb-1"]).await;
    let b = j.create_sec("b", &["y"]).await;
    let c = j.create_sec("c", &[]).await;
    j.post(
        &format!("/issue/{b}/transitions"),
        &json!({"transition": {"id": "21"}}),
    )
    .await;
    j.post(
        &format!("/issue/{c}/transitions"),
        &json!({"transition": {"id": "31"}}),
    )
    .await;
    assert_eq!(
        keys(&j, "project = SEC ORDER BY key ASC").await,
        vec![a.clone(), b.clone(), c.clone()]
    );
    assert_eq!(
        keys(&j, "project in (SEC, OPS) ORDER BY key DESC").await,
        vec![c.clone(), b.clone(), a.clone()]
    );
    assert_eq!(keys(&j, "labels = vb-1").await, vec![a.clone()]);
    assert_eq!(
        keys(&j, "labels in (x, y) ORDER BY key").await,
        vec![a.clone(), b.clone()]
    );
    assert_eq!(keys(&j, "labels is EMPTY").await, vec![c.clone()]);
    assert_eq!(keys(&j, "statusCategory = done").await, vec![c.clone()]);
    assert_eq!(keys(&j, "status = \"In Progress\"").await, vec![b.clone()]);
    assert_eq!(
        keys(
            &j,
            "statusCategory != done AND (labels = x OR labels = y) ORDER BY key"
        )
        .await,
        vec![a.clone(), b.clone()]
    );
    assert_eq!(
        keys(&j, &format!("key in ({a}, {c}) order by key")).await,
        vec![a.clone(), c.clone()]
    );
    assert_eq!(keys(&j, "resolution = Done").await, vec![c.clone()]);
    assert_eq!(
        keys(&j, "reporter = currentUser() AND project = OPS").await,
        Vec::<String>::new()
    );
    assert_eq!(
        error(&j, "project = NOPE").await,
        "The value 'NOPE' does not exist for the field 'project'."
    );
    assert_eq!(
        error(&j, "key = SEC-999").await,
        "An issue with key 'SEC-999' does not exist for field 'key'."
    );
    assert_eq!(
        error(&j, "project ~ SEC").await,
        "The operator '~' is not supported by the 'project' field."
    );
    assert_eq!(
        error(&j, "cf[99999] = High").await,
        "Field 'cf[99999]' does not exist or you do not have permission to view it."
    );
    assert_eq!(
        error(&j, "foo = bar").await,
        "Field 'foo' does not exist or you do not have permission to view it."
    );
    assert!(error(&j, "updated >= \"31.01.2026\"")
        .await
        .starts_with("Date value '31.01.2026' for field 'updated' is invalid."));
    assert_eq!(
        error(&j, "updated >= endOfMonth()").await,
        "Unable to find JQL function 'endofmonth()'."
    );
}

#[tokio::test]
async fn updated_tracks_every_write_and_date_formats_match() {
    let start = Utc
        .with_ymd_and_hms(2026, 1, 31, 14, 0, 0)
        .single()
        .expect("valid");
    let clock = Clock::fixed(start);
    let j = Jira::start(
        SandboxConfig::new(Flavor::Cloud)
            .with_seed(Seed::Empty)
            .with_clock(clock.clone()),
    )
    .await;
    let old = j.create_sec("old", &[]).await;
    clock.advance(Duration::minutes(10));
    let fresh = j.create_sec("fresh", &[]).await;
    assert_eq!(
        keys(&j, "project = SEC AND updated >= \"2026/01/31 14:05\"").await,
        vec![fresh.clone()]
    );
    assert_eq!(
        keys(&j, "project = SEC AND updated >= \"2026-01-31 14:05\"").await,
        vec![fresh.clone()]
    );
    assert_eq!(
        keys(
            &j,
            "project = SEC AND updated >= \"2026-01-31\" ORDER BY updated ASC"
        )
        .await,
        vec![old.clone(), fresh.clone()]
    );
    assert_eq!(
        keys(&j, "project = SEC AND updated < \"2026/01/31 14:05\"").await,
        vec![old.clone()]
    );
    assert_eq!(
        keys(&j, "project = SEC AND updated >= -5m").await,
        vec![fresh.clone()]
    );
    assert_eq!(
        keys(
            &j,
            "project = SEC AND updated >= \"-15m\" ORDER BY created ASC"
        )
        .await,
        vec![old.clone(), fresh.clone()]
    );

    let writes: Vec<(&str, Value)> = vec![
        ("edit", json!({"fields": {"summary": "old, edited"}})),
        ("comment", json!({"body": common::adf("hi")})),
        ("transition", json!({"transition": {"id": "21"}})),
    ];
    for (what, body) in writes {
        clock.advance(Duration::minutes(30));
        let r = match what {
            "edit" => j.put(&format!("/issue/{old}"), &body).await,
            "comment" => j.post(&format!("/issue/{old}/comment"), &body).await,
            _ => j.post(&format!("/issue/{old}/transitions"), &body).await,
        };
        assert!(r.status < 300, "{what}: {}", r.text);
        assert_eq!(
            keys(&j, "project = SEC AND updated >= -1m").await,
            vec![old.clone()],
            "{what} moves updated"
        );
    }
    let g = j.get(&format!("/issue/{old}?fields=updated")).await;
    assert_eq!(g.body["fields"]["updated"], "2026-01-31T15:40:00.000+0000");
}

#[tokio::test]
async fn index_lag_hides_fresh_writes_unless_reconciled() {
    let clock = Clock::fixed(Utc::now());
    let j = Jira::start(
        SandboxConfig::new(Flavor::Cloud)
            .with_clock(clock.clone())
            .with_search_index_lag(Duration::seconds(5)),
    )
    .await;
    let key = j.create_sec("just written", &["lag"]).await;
    let id = j.sb.issue(&key).expect("exists").id;
    assert!(keys(&j, "labels = lag").await.is_empty(), "not indexed yet");
    let r = j.post("/search/jql", &json!({"jql": "labels = lag", "fields": ["key"], "reconcileIssues": [id.parse::<u64>().expect("numeric")]})).await;
    assert_eq!(r.body["issues"][0]["key"], key.as_str());
    clock.advance(Duration::seconds(6));
    assert_eq!(keys(&j, "labels = lag").await, vec![key]);
}

#[tokio::test]
async fn page_tokens_are_tied_to_their_query() {
    let j = Jira::cloud().await;
    let r = j
        .post(
            "/search/jql",
            &json!({"jql": "project = SEC", "maxResults": 1}),
        )
        .await;
    let token = r.body["nextPageToken"].as_str().expect("token");
    let other = j
        .post(
            "/search/jql",
            &json!({"jql": "project = OPS", "nextPageToken": token}),
        )
        .await;
    assert_eq!(other.status, 400);
    let garbage = j
        .post(
            "/search/jql",
            &json!({"jql": "project = SEC", "nextPageToken": "garbage"}),
        )
        .await;
    assert_eq!(garbage.status, 400);
}

#[tokio::test]
async fn approximate_count_counts_matches() {
    let j = Jira::cloud().await;
    let r = j
        .post(
            "/search/approximate-count",
            &json!({"jql": "project = SEC"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    common::contract::response(
        common::contract::Spec::Cloud,
        "/rest/api/3/search/approximate-count",
        "post",
        200,
        &r.body,
    );
    assert_eq!(r.body["count"], 3);
    j.create_sec("one more", &[]).await;
    assert_eq!(
        j.post(
            "/search/approximate-count",
            &json!({"jql": "project = SEC"})
        )
        .await
        .body["count"],
        4
    );
    assert_eq!(
        j.post("/search/approximate-count", &json!({"jql": ""}))
            .await
            .status,
        400,
        "unbounded"
    );
}

#[tokio::test]
async fn catalog_fields_in_jql() {
    let j = Jira::start(SandboxConfig::new(Flavor::Cloud).with_seed(Seed::Empty)).await;
    let mk = |summary: &str, extra: Value| {
        let mut f =
            json!({"project": {"key": "SEC"}, "issuetype": {"name": "Bug"}, "summary": summary});
        for (k, v) in extra.as_object().expect("object") {
            f[k] = v.clone();
        }
        json!({"fields": f})
    };
    let a = j.post("/issue", &mk("SQL injection in login", json!({"customfield_10020": {"value": "Critical"}, "customfield_10021": 9.8,
        "customfield_10022": [{"value": "API"}], "customfield_10023": "sqli-001", "priority": {"name": "Highest"}, "duedate": "2026-02-01"}))).await;
    let b = j.post("/issue", &mk("Weak cipher", json!({"customfield_10020": {"value": "Low"}, "customfield_10021": 3.1, "priority": {"name": "Low"}}))).await;
    let (a, b) = (
        a.body["key"].as_str().expect("a").to_owned(),
        b.body["key"].as_str().expect("b").to_owned(),
    );
    assert_eq!(keys(&j, "cf[10020] = Critical").await, vec![a.clone()]);
    assert_eq!(
        keys(&j, "Severity in (Critical, Low) ORDER BY key").await,
        vec![a.clone(), b.clone()]
    );
    assert_eq!(keys(&j, "\"CVSS score\" >= 7").await, vec![a.clone()]);
    assert_eq!(keys(&j, "cf[10022] = API").await, vec![a.clone()]);
    assert_eq!(
        keys(&j, "cf[10022] is EMPTY AND project = SEC").await,
        vec![b.clone()]
    );
    assert_eq!(
        keys(&j, "\"Scanner rule\" ~ sqli-001").await,
        vec![a.clone()]
    );
    assert_eq!(keys(&j, "summary ~ cipher").await, vec![b.clone()]);
    assert_eq!(keys(&j, "priority = Highest").await, vec![a.clone()]);
    assert_eq!(
        keys(&j, "duedate <= 2026-02-01 AND project = SEC").await,
        vec![a.clone()]
    );
    assert_eq!(
        error(&j, "Severity = Catastrophic").await,
        "The value 'Catastrophic' does not exist for the field 'Severity'."
    );
    assert_eq!(
        error(&j, "summary = cipher").await,
        "The operator '=' is not supported by the 'summary' field."
    );
    assert_eq!(
        error(&j, "\"CVSS score\" > high").await,
        "'high' is not a valid number for field 'CVSS score'."
    );
}
