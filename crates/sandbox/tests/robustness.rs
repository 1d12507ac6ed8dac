//! Hostile payloads: whatever JSON arrives, the sandbox answers with a 2xx/4xx and never
//! breaks the connection or fails with a 5xx.

mod common;

use std::sync::OnceLock;

use common::Jira;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

const KEYS: &[&str] = &[
    "fields",
    "update",
    "project",
    "issuetype",
    "summary",
    "description",
    "labels",
    "priority",
    "assignee",
    "customfield_10020",
    "customfield_10022",
    "customfield_10032",
    "customfield_10031",
    "duedate",
    "parent",
    "key",
    "id",
    "name",
    "value",
    "child",
    "accountId",
    "type",
    "version",
    "content",
    "text",
    "marks",
    "attrs",
    "add",
    "remove",
    "set",
    "transition",
    "resolution",
    "body",
    "jql",
    "maxResults",
    "nextPageToken",
    "issueUpdates",
    "object",
    "url",
    "title",
    "globalId",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "\\PC{0,12}".prop_map(Value::String),
        prop::sample::select(KEYS).prop_map(|k| json!(k)),
        Just(json!("SEC")),
        Just(json!("doc")),
        Just(json!("paragraph")),
    ]
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|pairs| {
                Value::Object(
                    pairs
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

struct Harness {
    rt: tokio::runtime::Runtime,
    cloud: Jira,
    dc: Jira,
}

fn harness() -> &'static Harness {
    static H: OnceLock<Harness> = OnceLock::new();
    H.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let (cloud, dc) = rt.block_on(async { (Jira::cloud().await, Jira::dc().await) });
        Harness { rt, cloud, dc }
    })
}

const TARGETS: &[(&str, &str)] = &[
    ("POST", "/issue"),
    ("POST", "/issue/bulk"),
    ("PUT", "/issue/SEC-2"),
    ("POST", "/issue/SEC-3/transitions"),
    ("POST", "/issue/SEC-2/comment"),
    ("POST", "/issue/SEC-2/remotelink"),
    ("PUT", "/issue/SEC-2/properties/fuzz"),
    ("POST", "/search"),
    ("POST", "/issueLink"),
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_json_gets_a_client_error_or_success(body in arbitrary_json(), target in 0..TARGETS.len(), cloud in any::<bool>()) {
        let h = harness();
        let j = if cloud { &h.cloud } else { &h.dc };
        let (method, path) = TARGETS[target];
        let status = h.rt.block_on(async {
            j.req(reqwest::Method::from_bytes(method.as_bytes()).expect("method"), path)
                .json(&body)
                .send()
                .await
                .map(|r| r.status().as_u16())
        });
        let status = status.map_err(|e| TestCaseError::fail(format!("{method} {path}: connection failed: {e}")))?;
        prop_assert!(status < 500, "{} {} answered {} for {}", method, path, status, body);
    }

    #[test]
    fn any_jql_gets_a_client_error_or_success(jql in "\\PC{0,60}", cloud in any::<bool>()) {
        let h = harness();
        let j = if cloud { &h.cloud } else { &h.dc };
        let path = if cloud { "/search/jql" } else { "/search" };
        let status = h.rt.block_on(async {
            j.req(reqwest::Method::POST, path).json(&json!({"jql": jql})).send().await.map(|r| r.status().as_u16())
        });
        let status = status.map_err(|e| TestCaseError::fail(format!("connection failed: {e}")))?;
        prop_assert!(status == 200 || status == 400, "{} for {:?}", status, jql);
    }
}
