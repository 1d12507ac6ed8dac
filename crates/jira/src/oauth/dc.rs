//! Jira Data Center OAuth 2.0 provider (incoming application link): authorize with PKCE S256,
//! form-encoded token requests that resend `redirect_uri` on refresh.

use url::Url;

use crate::connection::join_path;
use crate::error::Result;
use crate::oauth::pkce::Pkce;

/// `{site}/rest/oauth2/latest/authorize?...` with `code_challenge` when PKCE is on.
pub fn authorize_url(
    site: &Url,
    client_id: &str,
    scopes: &[String],
    redirect_uri: &str,
    state: &str,
    pkce: Option<&Pkce>,
) -> Result<Url> {
    let mut url = join_path(site, "rest/oauth2/latest/authorize")?;
    {
        let mut query = url.query_pairs_mut();
        query
            .append_pair("client_id", client_id)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("response_type", "code")
            .append_pair("scope", &scopes.join(" "))
            .append_pair("state", state);
        if let Some(pkce) = pkce {
            query
                .append_pair("code_challenge", pkce.challenge())
                .append_pair("code_challenge_method", "S256");
        }
    }
    Ok(url)
}

/// `{site}/rest/oauth2/latest/token` (form-encoded bodies).
pub fn token_url(site: &Url) -> Result<Url> {
    join_path(site, "rest/oauth2/latest/token")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorize_url_keeps_the_context_path_and_sends_an_s256_challenge() {
        let site = Url::parse("https://jira.corp.example/jira/").expect("url");
        let pkce = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into());
        let url = authorize_url(
            &site,
            "cid",
            &["WRITE".into()],
            "http://localhost:9876/callback",
            "xyz",
            Some(&pkce),
        )
        .expect("url");
        assert_eq!(url.path(), "/jira/rest/oauth2/latest/authorize");
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(
            get("code_challenge"),
            Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        );
        assert_eq!(get("code_challenge_method"), Some("S256"));
        assert_eq!(get("response_type"), Some("code"));
        assert_eq!(get("scope"), Some("WRITE"));
        assert_eq!(get("state"), Some("xyz"));
        assert_eq!(get("client_id"), Some("cid"));
        assert!(
            !url.as_str().contains("dBjftJeZ"),
            "the verifier never goes in the URL"
        );

        let plain = authorize_url(
            &site,
            "cid",
            &["READ".into()],
            "http://localhost:1/callback",
            "s",
            None,
        )
        .expect("url");
        assert!(!plain.as_str().contains("code_challenge"));
        assert_eq!(
            token_url(&site).expect("url").as_str(),
            "https://jira.corp.example/jira/rest/oauth2/latest/token"
        );
    }
}
