//! Bulk create (`POST /issue/bulk`, at most 50 issues): created issues and per-element
//! errors mapped back to the caller's input order.

use serde::Deserialize;
use serde_json::{json, Value};

use super::issues::IssueRef;
use super::paging::from_value;
use crate::client::{ApiRequest, JiraClient};
use crate::error::{Error, Result};
use crate::error_collection::ErrorCollection;
use crate::retry::Idempotency;

/// Most issues Jira accepts in one bulk create.
pub const BULK_CREATE_LIMIT: usize = 50;

/// Why one element of a bulk create failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkElementError {
    pub status: u16,
    /// Jira's messages; `errors` maps field ids to messages.
    pub errors: ErrorCollection,
}

/// The outcome for each input, in input order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkCreateOutcome {
    pub results: Vec<std::result::Result<IssueRef, BulkElementError>>,
}

impl BulkCreateOutcome {
    pub fn created(&self) -> impl Iterator<Item = (usize, &IssueRef)> {
        self.results
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_ref().ok().map(|issue| (i, issue)))
    }

    pub fn failed(&self) -> impl Iterator<Item = (usize, &BulkElementError)> {
        self.results
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_ref().err().map(|e| (i, e)))
    }
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct RawFailure {
    status: u16,
    failed_element_number: Option<usize>,
    element_errors: Value,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawBulk {
    issues: Vec<Value>,
    errors: Vec<RawFailure>,
}

impl JiraClient {
    /// Creates up to [`BULK_CREATE_LIMIT`] issues in one call; each payload is a
    /// `{"fields": ...}` create body. Jira answers 201 when any succeeded and 400 when none
    /// did; both give one result per input. Never retried after an ambiguous failure.
    pub async fn bulk_create(&self, payloads: &[Value]) -> Result<BulkCreateOutcome> {
        if payloads.is_empty() {
            return Ok(BulkCreateOutcome {
                results: Vec::new(),
            });
        }
        if payloads.len() > BULK_CREATE_LIMIT {
            return Err(Error::InvalidRequest {
                detail: format!(
                    "{} issues were given to one bulk create; Jira accepts at most {BULK_CREATE_LIMIT}",
                    payloads.len()
                ),
            });
        }
        let request = ApiRequest::post("issue/bulk")
            .json(json!({ "issueUpdates": payloads }))
            .idempotency(Idempotency::NonIdempotent)
            .accept_status(400);
        let response = self.execute(request).await?;
        let raw: RawBulk = response.json()?;
        if response.status == 400 && raw.errors.is_empty() {
            // A 400 for the whole request (e.g. malformed body), not per element.
            let errors = ErrorCollection::parse(&response.body);
            return Err(Error::Rejected {
                status: 400,
                detail: errors.summary(),
                errors: Box::new(errors),
            });
        }
        map_outcome(payloads.len(), raw)
    }
}

fn map_outcome(count: usize, raw: RawBulk) -> Result<BulkCreateOutcome> {
    let mut failures: Vec<Option<BulkElementError>> = vec![None; count];
    for failure in raw.errors {
        let index = failure
            .failed_element_number
            .filter(|i| *i < count)
            .ok_or_else(|| Error::UnexpectedResponse {
                detail: format!(
                    "bulk create reported a failed element number {:?} outside the {count} sent",
                    failure.failed_element_number
                ),
            })?;
        let body = serde_json::to_vec(&failure.element_errors).unwrap_or_default();
        failures[index] = Some(BulkElementError {
            status: failure.status,
            errors: ErrorCollection::parse(&body),
        });
    }
    // Jira lists the created issues in input order, skipping the failed elements.
    let mut created = raw.issues.into_iter();
    let mut results = Vec::with_capacity(count);
    for failure in failures {
        match failure {
            Some(error) => results.push(Err(error)),
            None => {
                let issue = created.next().ok_or_else(|| Error::UnexpectedResponse {
                    detail: "bulk create listed fewer issues than elements that succeeded".into(),
                })?;
                results.push(Ok(from_value::<IssueRef>(issue, "a created issue")?));
            }
        }
    }
    Ok(BulkCreateOutcome { results })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_issues_fill_the_gaps_between_failures() {
        let raw: RawBulk = serde_json::from_value(json!({
            "issues": [{"id": "1", "key": "A-1", "self": "s1"}, {"id": "2", "key": "A-2", "self": "s2"}],
            "errors": [{"status": 400, "failedElementNumber": 1,
                        "elementErrors": {"errorMessages": [], "errors": {"summary": "required"}}}]
        }))
        .unwrap_or_default();
        let outcome = map_outcome(3, raw).expect("maps");
        let keys: Vec<(usize, &str)> = outcome
            .created()
            .map(|(i, r)| (i, r.key.as_str()))
            .collect();
        assert_eq!(keys, vec![(0, "A-1"), (2, "A-2")]);
        let failed: Vec<usize> = outcome.failed().map(|(i, _)| i).collect();
        assert_eq!(failed, vec![1]);
    }

    #[test]
    fn inconsistent_answers_are_errors_not_guesses() {
        let raw: RawBulk =
            serde_json::from_value(json!({"issues": [], "errors": []})).unwrap_or_default();
        assert_eq!(
            map_outcome(1, raw).map(|_| ()).map_err(|e| e.code()),
            Err("unexpected_response")
        );
        let raw: RawBulk = serde_json::from_value(
            json!({"issues": [], "errors": [{"status": 400, "failedElementNumber": 7}]}),
        )
        .unwrap_or_default();
        assert!(map_outcome(2, raw).is_err());
    }
}
