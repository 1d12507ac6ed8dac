//! Driving a consent page like a test: open it, follow `X-Sandbox-Approve-Url`, read the code.

use super::Jira;

pub const REDIRECT: &str = "http://localhost:9876/callback";

fn query_param(url: &str, name: &str) -> Option<String> {
    let q = url.split_once('?')?.1;
    q.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == name).then(|| v.replace("%2D", "-").replace("%5F", "_"))
    })
}

/// Opens the consent page, approves it like a test would, returns the `code`.
pub async fn authorize(j: &Jira, path: &str, params: &[(&str, &str)]) -> String {
    let page = j
        .http
        .get(format!("{}{path}", j.sb.base_url()))
        .query(params)
        .send()
        .await
        .expect("sent");
    assert_eq!(page.status().as_u16(), 200);
    let approve = page.headers()["x-sandbox-approve-url"]
        .to_str()
        .expect("ascii")
        .to_owned();
    let html = page.text().await.expect("html");
    assert!(html.contains("Accept"), "a consent page a person can click");
    let redirect = j.http.post(&approve).send().await.expect("sent");
    assert_eq!(redirect.status().as_u16(), 302);
    let location = redirect.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(location.starts_with(REDIRECT));
    assert_eq!(query_param(&location, "state").as_deref(), Some("xyz"));
    query_param(&location, "code").expect("code in redirect")
}
