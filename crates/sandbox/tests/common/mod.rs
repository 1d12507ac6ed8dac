//! Shared test harness: a sandbox on loopback and a reqwest client speaking to it.
#![allow(dead_code)]

pub mod consent;
pub mod contract;

use reqwest::{Method, RequestBuilder};
use serde_json::Value;
use vulnbridge_sandbox::{Flavor, RunningSandbox, Sandbox, SandboxConfig};

pub struct Jira {
    pub sb: RunningSandbox,
    pub http: reqwest::Client,
}

pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub async fn reply(resp: reqwest::Response) -> Reply {
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let text = resp.text().await.expect("response body readable");
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        body,
        text,
    }
}

impl Jira {
    pub async fn start(config: SandboxConfig) -> Self {
        let sb = Sandbox::start(config)
            .await
            .expect("sandbox starts on loopback");
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client");
        Self { sb, http }
    }

    pub async fn cloud() -> Self {
        Self::start(SandboxConfig::new(Flavor::Cloud)).await
    }

    pub async fn dc() -> Self {
        Self::start(SandboxConfig::new(Flavor::DataCenter)).await
    }

    pub fn is_cloud(&self) -> bool {
        self.sb.flavor() == Flavor::Cloud
    }

    /// `{base}/rest/api/N{path}`.
    pub fn url(&self, path: &str) -> String {
        let prefix = if self.is_cloud() {
            "/rest/api/3"
        } else {
            "/rest/api/2"
        };
        format!("{}{prefix}{path}", self.sb.base_url())
    }

    /// An authenticated request (Cloud API token, DC PAT).
    pub fn req(&self, method: Method, path: &str) -> RequestBuilder {
        let c = self.sb.credentials();
        let rb = self.http.request(method, self.url(path));
        if self.is_cloud() {
            rb.basic_auth(&c.email, Some(&c.api_token))
        } else {
            rb.bearer_auth(&c.pat)
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        reply(self.req(Method::GET, path).send().await.expect("GET sent")).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Reply {
        reply(
            self.req(Method::POST, path)
                .json(body)
                .send()
                .await
                .expect("POST sent"),
        )
        .await
    }

    pub async fn put(&self, path: &str, body: &Value) -> Reply {
        reply(
            self.req(Method::PUT, path)
                .json(body)
                .send()
                .await
                .expect("PUT sent"),
        )
        .await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        reply(
            self.req(Method::DELETE, path)
                .send()
                .await
                .expect("DELETE sent"),
        )
        .await
    }

    /// Text in the dialect: ADF on Cloud, a string on DC.
    pub fn text(&self, s: &str) -> Value {
        if self.is_cloud() {
            adf(s)
        } else {
            Value::String(s.to_owned())
        }
    }

    /// Creates a SEC task and returns its key.
    pub async fn create_sec(&self, summary: &str, labels: &[&str]) -> String {
        let r = self
            .post(
                "/issue",
                &serde_json::json!({"fields": {
                    "project": {"key": "SEC"},
                    "issuetype": {"name": "Task"},
                    "summary": summary,
                    "labels": labels,
                }}),
            )
            .await;
        assert_eq!(r.status, 201, "create failed: {}", r.text);
        r.body["key"]
            .as_str()
            .expect("key in create response")
            .to_owned()
    }
}

pub fn adf(s: &str) -> Value {
    serde_json::json!({"type": "doc", "version": 1, "content": [
        {"type": "paragraph", "content": [{"type": "text", "text": s}]}
    ]})
}
