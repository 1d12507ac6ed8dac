//! A Cloud site's cloudId from `https://<site>.atlassian.net/_edge/tenant_info` (no login
//! needed). Scoped API tokens must call `{api_base}/ex/jira/{cloudId}`, so the setup wizard
//! looks it up from the site URL the user typed.

use std::time::SystemTime;

use serde::Deserialize;
use url::Url;

use crate::classify::{classify_status, classify_transport, FailureContext};
use crate::client::{http_client, ClientOptions};
use crate::connection::{join_path, AuthMethod};
use crate::error::{Error, Result};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TenantInfo {
    cloud_id: String,
}

/// The cloudId of the Cloud site at `site_url`.
pub async fn fetch_cloud_id(site_url: &Url, options: &ClientOptions) -> Result<String> {
    let http = http_client(options)?;
    let url = join_path(site_url, "_edge/tenant_info")?;
    let host = url.host_str().unwrap_or_default().to_owned();
    let auth = AuthMethod::CloudApiToken {
        email: String::new(),
        scoped: true,
    };
    let context = FailureContext {
        host: &host,
        auth: &auth,
        timeout: options.timeout,
        proxy_in_use: options.proxy.is_some(),
    };
    let response = http
        .get(url)
        .send()
        .await
        .map_err(|e| classify_transport(e, context))?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .bytes()
        .await
        .map_err(|e| classify_transport(e, context))?;
    if status.as_u16() == 404 {
        return Err(Error::NotJira {
            site: site_url.to_string(),
        });
    }
    if !status.is_success() {
        return Err(classify_status(
            status,
            &headers,
            &body,
            context,
            SystemTime::now(),
        ));
    }
    let info: TenantInfo = serde_json::from_slice(&body).map_err(|_| Error::NotJira {
        site: site_url.to_string(),
    })?;
    let valid = !info.cloud_id.is_empty()
        && info
            .cloud_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !valid {
        return Err(Error::UnexpectedResponse {
            detail: "the site returned an unusable cloud id".into(),
        });
    }
    Ok(info.cloud_id)
}
