//! How Jira's answers to a batch are judged, per element and for the whole request.

use vulnbridge_jira::{BulkElementError, Error as JiraError, ErrorCollection};
use vulnbridge_store::OpError;

/// What happens to one element bulk create refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ElementVerdict {
    /// Jira may accept it later (429, 5xx for that element).
    Retry(OpError),
    /// The same payload will be refused again (a required field, a bad value): a person must
    /// change the mapping or the Jira screen.
    Park(OpError),
}

/// Jira's messages, field by field: `customfield_10030: Team is required.`.
pub fn describe(errors: &ErrorCollection) -> String {
    let mut parts: Vec<String> = errors
        .errors
        .iter()
        .map(|(field, message)| format!("{field}: {message}"))
        .collect();
    parts.extend(errors.error_messages.iter().cloned());
    if parts.is_empty() {
        "no reason given".into()
    } else {
        parts.join("; ")
    }
}

/// Judges one failed element.
pub fn element_verdict(error: &BulkElementError) -> ElementVerdict {
    let reasons = describe(&error.errors);
    if error.status == 429 || error.status >= 500 {
        ElementVerdict::Retry(OpError::new(
            "jira_busy",
            format!("Jira could not create this ticket now (HTTP {}): {reasons}; it will be tried again", error.status),
        ))
    } else {
        let fields: Vec<&str> = error.errors.errors.keys().map(String::as_str).collect();
        let what = if fields.is_empty() {
            String::new()
        } else {
            format!(
                " (field{} {})",
                if fields.len() == 1 { "" } else { "s" },
                fields.join(", ")
            )
        };
        ElementVerdict::Park(OpError::new(
            "rejected_by_jira",
            format!("Jira refused to create the ticket{what} (HTTP {}): {reasons}. Fix the routing rule's field mapping or the Jira screen, then retry it", error.status),
        ))
    }
}

/// What a failed request (search or bulk create as a whole) means for its operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestVerdict {
    /// No answer came: Jira may have applied it. Search before sending again.
    Ambiguous,
    /// Jira refused or could not be reached before acting: try again later.
    RetryLater,
}

/// Judges a failed bulk create. An answer we could not read (`unexpected_response`) may
/// still mean Jira created the issues, so it counts as ambiguous too.
pub fn request_verdict(error: &JiraError) -> RequestVerdict {
    if error.is_ambiguous() || matches!(error, JiraError::UnexpectedResponse { .. }) {
        RequestVerdict::Ambiguous
    } else {
        RequestVerdict::RetryLater
    }
}

/// The op error recorded for a failed request.
pub fn request_error(error: &JiraError) -> OpError {
    OpError::new(error.code(), error.to_string())
}

/// The issue's browse URL under the connection's site.
pub fn browse_url(site: &url::Url, key: &str) -> String {
    format!("{}/browse/{key}", site.as_str().trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(status: u16, body: &str) -> BulkElementError {
        BulkElementError {
            status,
            errors: ErrorCollection::parse(body.as_bytes()),
        }
    }

    #[test]
    fn a_required_field_is_parked_with_the_field_named() {
        let verdict = element_verdict(&element(
            400,
            r#"{"errorMessages":[],"errors":{"customfield_10030":"Team is required."}}"#,
        ));
        let ElementVerdict::Park(error) = verdict else {
            panic!("parked expected, got {verdict:?}");
        };
        assert!(
            error
                .message
                .contains("customfield_10030: Team is required."),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("(field customfield_10030)"),
            "{}",
            error.message
        );
    }

    #[test]
    fn busy_elements_are_retried() {
        assert!(matches!(
            element_verdict(&element(503, "{}")),
            ElementVerdict::Retry(_)
        ));
        assert!(matches!(
            element_verdict(&element(429, "{}")),
            ElementVerdict::Retry(_)
        ));
    }

    #[test]
    fn lost_answers_are_ambiguous_refusals_are_not() {
        let dropped = JiraError::ConnectionDropped {
            host: "h".into(),
            detail: "reset".into(),
        };
        assert_eq!(request_verdict(&dropped), RequestVerdict::Ambiguous);
        let server = JiraError::ServerError {
            status: 502,
            detail: String::new(),
        };
        assert_eq!(request_verdict(&server), RequestVerdict::Ambiguous);
        let garbled = JiraError::UnexpectedResponse {
            detail: "not JSON".into(),
        };
        assert_eq!(request_verdict(&garbled), RequestVerdict::Ambiguous);
        let bad = JiraError::BadCredentials {
            hint: String::new(),
        };
        assert_eq!(request_verdict(&bad), RequestVerdict::RetryLater);
    }

    #[test]
    fn browse_urls_keep_context_paths() {
        let site = url::Url::parse("https://jira.example.com/jira/").expect("url");
        assert_eq!(
            browse_url(&site, "SEC-4"),
            "https://jira.example.com/jira/browse/SEC-4"
        );
    }
}
