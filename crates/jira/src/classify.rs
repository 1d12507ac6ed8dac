//! Turns transport failures and non-success HTTP answers into [`Error`]s a person can act on.

use std::error::Error as StdError;
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::connection::AuthMethod;
use crate::error::Error;
use crate::error_collection::{truncate, ErrorCollection};
use crate::rate_limit::RateLimit;

/// What the client knows about the request when it fails.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FailureContext<'a> {
    pub host: &'a str,
    pub auth: &'a AuthMethod,
    pub timeout: Duration,
    pub proxy_in_use: bool,
}

/// Every message in the error's source chain, lowercased, for matching.
fn chain_text(error: &(dyn StdError + 'static)) -> String {
    let mut text = String::new();
    let mut current: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(e) = current {
        text.push_str(&e.to_string().to_ascii_lowercase());
        text.push_str(" | ");
        current = e.source();
    }
    text
}

/// The innermost cause's message: usually the most specific ("Connection refused").
fn root_cause(error: &(dyn StdError + 'static)) -> String {
    let mut current = error;
    while let Some(next) = current.source() {
        current = next;
    }
    truncate(&current.to_string())
}

/// Classifies a reqwest failure that produced no HTTP answer.
pub(crate) fn classify_transport(error: reqwest::Error, context: FailureContext<'_>) -> Error {
    // Never keep reqwest's URL in the message (it is harmless today, but keep errors minimal).
    let error = error.without_url();
    let text = chain_text(&error);
    let host = context.host.to_owned();
    let detail = root_cause(&error);
    if error.is_timeout() || text.contains("timed out") {
        return Error::Timeout {
            after: context.timeout,
        };
    }
    let tls_markers = [
        "certificate",
        "tls",
        "ssl",
        "handshake",
        "unknownissuer",
        "corrupt message",
    ];
    if tls_markers.iter().any(|m| text.contains(m)) {
        return Error::Tls { host, detail };
    }
    if text.contains("proxy")
        || text.contains("tunnel")
        || (context.proxy_in_use && error.is_connect())
    {
        return Error::Proxy { detail };
    }
    if text.contains("dns error") || text.contains("failed to lookup address") {
        return Error::SiteUnreachable {
            host,
            detail: format!("the name does not resolve: {detail}"),
        };
    }
    // The request went out but no answer came back. reqwest may flag these as connect
    // errors when they happen on a fresh connection, so the text decides.
    let connecting = text.contains("tcp connect") || text.contains("client error (connect)");
    let dropped_markers = [
        "connection closed before message completed",
        "connection reset",
        "broken pipe",
        "incomplete message",
        "unexpected end of file",
    ];
    if !connecting && dropped_markers.iter().any(|m| text.contains(m)) {
        return Error::ConnectionDropped { host, detail };
    }
    if error.is_connect() || text.contains("connection refused") {
        return Error::SiteUnreachable { host, detail };
    }
    if error.is_decode() || error.is_body() {
        return Error::UnexpectedResponse { detail };
    }
    Error::SiteUnreachable { host, detail }
}

fn bad_credentials_hint(auth: &AuthMethod) -> String {
    match auth {
        AuthMethod::CloudApiToken { email, .. } => format!(
            "the API token does not belong to {email}, has expired or was revoked; create a token at \
             id.atlassian.com under Security > API tokens"
        ),
        AuthMethod::DcPat => {
            "the personal access token is wrong, has expired or was revoked; create one in Jira under \
             Profile > Personal Access Tokens"
                .to_owned()
        }
        AuthMethod::DcBasic { username } => format!("the password for {username} is wrong"),
        AuthMethod::CloudOauth { .. } | AuthMethod::DcOauth { .. } => {
            "the OAuth access token was not accepted".to_owned()
        }
    }
}

fn expired_hint(auth: &AuthMethod) -> String {
    match auth {
        AuthMethod::CloudApiToken { .. } => {
            "at id.atlassian.com under Security > API tokens".to_owned()
        }
        AuthMethod::DcPat => "in Jira under Profile > Personal Access Tokens".to_owned(),
        _ => "by signing in again".to_owned(),
    }
}

fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> &'h str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// Classifies a non-success HTTP answer.
pub(crate) fn classify_status(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    context: FailureContext<'_>,
    now: SystemTime,
) -> Error {
    let collection = ErrorCollection::parse(body);
    let detail = if collection.is_empty() {
        String::from_utf8_lossy(body.get(..200).unwrap_or(body))
            .trim()
            .to_owned()
    } else {
        collection.summary()
    };
    let www_authenticate = header_text(headers, "www-authenticate").to_ascii_lowercase();
    let denied_reason = header_text(headers, "x-authentication-denied-reason").to_ascii_lowercase();
    let scope_mismatch = collection.mentions("scope does not match");
    match status.as_u16() {
        401 if scope_mismatch => Error::ScopeMismatch,
        401 if collection.mentions("expired") || www_authenticate.contains("expired") => {
            Error::TokenExpired {
                hint: expired_hint(context.auth),
            }
        }
        401 => Error::BadCredentials {
            hint: bad_credentials_hint(context.auth),
        },
        403 if scope_mismatch => Error::ScopeMismatch,
        403 if collection.mentions("basic authentication has been disabled")
            || detail
                .to_ascii_lowercase()
                .contains("basic authentication has been disabled") =>
        {
            Error::BasicAuthDisabled
        }
        403 if denied_reason.contains("captcha") => Error::CaptchaRequired,
        403 => Error::Forbidden {
            detail: if detail.is_empty() {
                "no permission".to_owned()
            } else {
                detail
            },
        },
        404 => Error::NotFound { detail },
        429 => Error::RateLimited {
            limit: RateLimit::from_headers(headers, now),
        },
        503 if headers.contains_key("retry-after") => Error::RateLimited {
            limit: RateLimit::from_headers(headers, now),
        },
        code @ 500..=599 => Error::ServerError {
            status: code,
            detail,
        },
        code => Error::Rejected {
            status: code,
            detail,
            errors: Box::new(collection),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderName, HeaderValue};

    const PAT: AuthMethod = AuthMethod::DcPat;

    fn context(auth: &AuthMethod) -> FailureContext<'_> {
        FailureContext {
            host: "jira.example",
            auth,
            timeout: Duration::from_secs(30),
            proxy_in_use: false,
        }
    }

    fn classify(status: u16, headers: &[(&str, &str)], body: &str, auth: &AuthMethod) -> Error {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.insert(
                HeaderName::from_bytes(k.as_bytes()).expect("name"),
                HeaderValue::from_str(v).expect("value"),
            );
        }
        let status = StatusCode::from_u16(status).expect("status");
        classify_status(
            status,
            &map,
            body.as_bytes(),
            context(auth),
            SystemTime::now(),
        )
    }

    #[test]
    fn unauthorized_flavours() {
        let cloud = AuthMethod::CloudApiToken {
            email: "ann@example.com".into(),
            scoped: false,
        };
        let bad = classify(
            401,
            &[],
            r#"{"errorMessages":["Client must be authenticated to access this resource."]}"#,
            &cloud,
        );
        assert_eq!(bad.code(), "bad_credentials");
        assert!(bad.to_string().contains("ann@example.com"));
        assert!(bad.to_string().contains("API tokens"));
        let scope = classify(
            401,
            &[],
            r#"{"code":401,"message":"Unauthorized; scope does not match"}"#,
            &cloud,
        );
        assert_eq!(scope.code(), "scope_mismatch");
        let expired = classify(
            401,
            &[(
                "WWW-Authenticate",
                "Bearer error=\"invalid_token\", error_description=\"The token has expired\"",
            )],
            "",
            &PAT,
        );
        assert_eq!(expired.code(), "token_expired");
        assert!(expired.to_string().contains("Personal Access Tokens"));
    }

    #[test]
    fn forbidden_flavours() {
        let basic = AuthMethod::DcBasic {
            username: "bob".into(),
        };
        assert_eq!(
            classify(
                403,
                &[],
                "Basic Authentication has been disabled on this instance.",
                &basic
            )
            .code(),
            "basic_auth_disabled"
        );
        let captcha = classify(
            403,
            &[(
                "X-Authentication-Denied-Reason",
                "CAPTCHA_CHALLENGE; login-url=https://jira/login.jsp",
            )],
            "",
            &basic,
        );
        assert_eq!(captcha.code(), "captcha_required");
        let forbidden = classify(
            403,
            &[],
            r#"{"errorMessages":["You do not have permission to create issues in this project."]}"#,
            &PAT,
        );
        assert_eq!(forbidden.code(), "forbidden");
        assert!(forbidden
            .to_string()
            .contains("permission to create issues"));
    }

    #[test]
    fn limits_server_errors_and_rejections() {
        let limited = classify(
            429,
            &[
                ("Retry-After", "12"),
                ("RateLimit-Reason", "jira-quota-tenant-based"),
            ],
            "",
            &PAT,
        );
        let Error::RateLimited { limit } = &limited else {
            panic!("{limited:?}")
        };
        assert_eq!(limit.retry_after, Some(Duration::from_secs(12)));
        assert!(limited.to_string().contains("quota"));
        assert_eq!(
            classify(503, &[("Retry-After", "3")], "", &PAT).code(),
            "rate_limited"
        );
        let server = classify(502, &[], "<html>Bad gateway</html>", &PAT);
        assert_eq!(server.code(), "server_error");
        assert!(server.is_transient());
        let rejected = classify(
            400,
            &[],
            r#"{"errors":{"summary":"You must specify a summary of the issue."}}"#,
            &PAT,
        );
        let Error::Rejected { status, errors, .. } = &rejected else {
            panic!("{rejected:?}")
        };
        assert_eq!(*status, 400);
        assert_eq!(
            errors.errors["summary"],
            "You must specify a summary of the issue."
        );
        assert!(!rejected.is_transient());
        assert_eq!(classify(404, &[], r#"{"errorMessages":["Issue does not exist or you do not have permission to see it."]}"#, &PAT).code(), "not_found");
    }
}
