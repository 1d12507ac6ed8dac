//! Jira Cloud OAuth 2.0 (3LO): authorize URL, token endpoint, accessible resources.
//!
//! Atlassian's 3LO has no PKCE and always needs the client secret; the redirect URI must equal
//! the registered callback exactly. Hosts come from [`CloudEndpoints`] so the sandbox can stand
//! in for auth.atlassian.com and api.atlassian.com.

use serde::Deserialize;
use url::Url;

use crate::connection::{join_path, CloudEndpoints};
use crate::error::Result;

/// `{auth_base}/authorize?audience=api.atlassian.com&...&response_type=code&prompt=consent`.
pub fn authorize_url(
    endpoints: &CloudEndpoints,
    client_id: &str,
    scopes: &[String],
    redirect_uri: &str,
    state: &str,
) -> Result<Url> {
    let mut url = join_path(&endpoints.auth_base, "authorize")?;
    url.query_pairs_mut()
        .append_pair("audience", "api.atlassian.com")
        .append_pair("client_id", client_id)
        .append_pair("scope", &scopes.join(" "))
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("state", state)
        .append_pair("response_type", "code")
        .append_pair("prompt", "consent");
    Ok(url)
}

/// `{auth_base}/oauth/token` (JSON bodies).
pub fn token_url(endpoints: &CloudEndpoints) -> Result<Url> {
    join_path(&endpoints.auth_base, "oauth/token")
}

/// `{api_base}/oauth/token/accessible-resources`.
pub fn accessible_resources_url(endpoints: &CloudEndpoints) -> Result<Url> {
    join_path(&endpoints.api_base, "oauth/token/accessible-resources")
}

/// One Jira Cloud site the grant can reach.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CloudSite {
    /// The cloudId.
    pub id: String,
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub scopes: Vec<String>,
}

/// The site among `sites` whose URL matches the configured site URL (scheme and trailing
/// slash ignored), if any.
pub fn site_for_url<'a>(sites: &'a [CloudSite], site_url: &Url) -> Option<&'a CloudSite> {
    let wanted = site_url.host_str()?.to_ascii_lowercase();
    sites.iter().find(|site| {
        Url::parse(&site.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .is_some_and(|host| host == wanted)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorize_url_has_every_3lo_parameter_encoded() {
        let url = authorize_url(
            &CloudEndpoints::default(),
            "client-1",
            &["read:jira-work".into(), "offline_access".into()],
            "http://localhost:9876/callback",
            "st&te",
        )
        .expect("url");
        assert_eq!(url.host_str(), Some("auth.atlassian.com"));
        assert_eq!(url.path(), "/authorize");
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("audience"), Some("api.atlassian.com"));
        assert_eq!(get("client_id"), Some("client-1"));
        assert_eq!(get("scope"), Some("read:jira-work offline_access"));
        assert_eq!(get("redirect_uri"), Some("http://localhost:9876/callback"));
        assert_eq!(get("state"), Some("st&te"));
        assert_eq!(get("response_type"), Some("code"));
        assert_eq!(get("prompt"), Some("consent"));
        assert_eq!(get("code_challenge"), None, "3LO has no PKCE");
        assert!(url
            .as_str()
            .contains("scope=read%3Ajira-work+offline_access"));
    }

    #[test]
    fn endpoints_follow_a_loopback_stand_in() {
        let endpoints = CloudEndpoints {
            auth_base: Url::parse("http://127.0.0.1:5000/auth").expect("url"),
            api_base: Url::parse("http://127.0.0.1:5000/api/").expect("url"),
        };
        assert_eq!(
            token_url(&endpoints).expect("url").as_str(),
            "http://127.0.0.1:5000/auth/oauth/token"
        );
        assert_eq!(
            accessible_resources_url(&endpoints).expect("url").as_str(),
            "http://127.0.0.1:5000/api/oauth/token/accessible-resources"
        );
    }

    #[test]
    fn picks_the_site_by_host() {
        let sites = vec![
            CloudSite {
                id: "a".into(),
                name: "acme".into(),
                url: "https://acme.atlassian.net".into(),
                scopes: vec![],
            },
            CloudSite {
                id: "b".into(),
                name: "beta".into(),
                url: "https://beta.atlassian.net".into(),
                scopes: vec![],
            },
        ];
        let wanted = Url::parse("https://BETA.atlassian.net/").expect("url");
        assert_eq!(
            site_for_url(&sites, &wanted).map(|s| s.id.as_str()),
            Some("b")
        );
        let other = Url::parse("https://gamma.atlassian.net").expect("url");
        assert!(site_for_url(&sites, &other).is_none());
    }
}
