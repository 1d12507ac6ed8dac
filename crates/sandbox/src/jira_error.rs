//! Jira's ErrorCollection responses: `{"errorMessages":[…],"errors":{field: msg}}`.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

#[derive(Debug, Clone)]
pub(crate) struct JiraError {
    pub status: StatusCode,
    pub messages: Vec<String>,
    pub errors: BTreeMap<String, String>,
}

pub(crate) type ApiResult = Result<Response, JiraError>;

impl JiraError {
    pub fn message(status: StatusCode, msg: impl Into<String>) -> Self {
        Self {
            status,
            messages: vec![msg.into()],
            errors: BTreeMap::new(),
        }
    }

    pub fn fields(status: StatusCode, errors: BTreeMap<String, String>) -> Self {
        Self {
            status,
            messages: Vec::new(),
            errors,
        }
    }

    pub fn field(status: StatusCode, field: &str, msg: impl Into<String>) -> Self {
        Self::fields(status, BTreeMap::from([(field.to_owned(), msg.into())]))
    }

    pub fn bad_request(msg: impl Into<String>) -> Self {
        Self::message(StatusCode::BAD_REQUEST, msg)
    }

    pub fn issue_not_found() -> Self {
        Self::message(
            StatusCode::NOT_FOUND,
            "Issue does not exist or you do not have permission to see it.",
        )
    }

    pub fn invalid_payload() -> Self {
        Self::bad_request(
            "Invalid request payload. Refer to the REST API documentation and try again.",
        )
    }

    pub fn body(&self) -> Value {
        json!({ "errorMessages": self.messages, "errors": self.errors })
    }
}

impl IntoResponse for JiraError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body())).into_response()
    }
}

/// Parses a JSON request body the way Jira reports malformed payloads.
pub(crate) fn parse_json(bytes: &[u8]) -> Result<Value, JiraError> {
    if bytes.is_empty() {
        return Err(JiraError::invalid_payload());
    }
    serde_json::from_slice(bytes).map_err(|_| JiraError::invalid_payload())
}

/// `200 OK` with a JSON body.
pub(crate) fn ok(value: Value) -> Response {
    (StatusCode::OK, axum::Json(value)).into_response()
}

/// A JSON body with the given status.
pub(crate) fn with_status(status: StatusCode, value: Value) -> Response {
    (status, axum::Json(value)).into_response()
}

pub(crate) fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}
