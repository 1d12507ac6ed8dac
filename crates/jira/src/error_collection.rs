//! Jira's error bodies: the classic ErrorCollection (`{errorMessages, errors}`), the API
//! gateway's `{code, message}`, OAuth's `{error, error_description}` and plain `{message}`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Longest error text we keep from a response (the rest is cut).
const MAX_DETAIL: usize = 600;

/// A parsed error body. Unknown shapes leave everything empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorCollection {
    #[serde(default)]
    pub error_messages: Vec<String>,
    /// Field id -> message, e.g. `summary` -> "You must specify a summary of the issue."
    #[serde(default)]
    pub errors: BTreeMap<String, String>,
    /// Gateway / generic `message`.
    #[serde(default)]
    pub message: Option<String>,
    /// OAuth `error` code (`invalid_grant`, `access_denied`).
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub error_description: Option<String>,
}

impl ErrorCollection {
    /// Parses a body; anything that is not one of the known JSON shapes becomes empty.
    pub fn parse(body: &[u8]) -> Self {
        #[derive(Deserialize)]
        struct Raw {
            #[serde(default, rename = "errorMessages")]
            error_messages: Vec<serde_json::Value>,
            #[serde(default)]
            errors: serde_json::Value,
            #[serde(default)]
            message: Option<serde_json::Value>,
            #[serde(default)]
            error: Option<serde_json::Value>,
            #[serde(default)]
            error_description: Option<String>,
        }
        let Ok(raw) = serde_json::from_slice::<Raw>(body) else {
            return Self::default();
        };
        let text = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let errors = match &raw.errors {
            serde_json::Value::Object(map) => {
                map.iter().map(|(k, v)| (k.clone(), text(v))).collect()
            }
            _ => BTreeMap::new(),
        };
        Self {
            error_messages: raw.error_messages.iter().map(text).collect(),
            errors,
            message: raw.message.as_ref().map(text),
            error: raw.error.as_ref().map(text),
            error_description: raw.error_description,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.error_messages.is_empty()
            && self.errors.is_empty()
            && self.message.is_none()
            && self.error.is_none()
            && self.error_description.is_none()
    }

    /// One line for humans: messages first, then `field: message` pairs.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = self.error_messages.clone();
        parts.extend(
            self.errors
                .iter()
                .map(|(field, message)| format!("{field}: {message}")),
        );
        parts.extend(self.message.iter().cloned());
        if let Some(description) = &self.error_description {
            parts.push(description.clone());
        } else if let Some(error) = &self.error {
            parts.push(error.clone());
        }
        truncate(&parts.join("; "))
    }

    /// True if any text mentions `needle` (ASCII case-insensitive).
    pub fn mentions(&self, needle: &str) -> bool {
        let needle = needle.to_ascii_lowercase();
        self.error_messages
            .iter()
            .chain(self.errors.values())
            .chain(self.message.iter())
            .chain(self.error_description.iter())
            .chain(self.error.iter())
            .any(|text| text.to_ascii_lowercase().contains(&needle))
    }
}

/// Cuts text to [`MAX_DETAIL`] characters on a char boundary.
pub(crate) fn truncate(text: &str) -> String {
    match text.char_indices().nth(MAX_DETAIL) {
        Some((index, _)) => format!("{}…", &text[..index]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_collection_with_field_errors() {
        let body = br#"{"errorMessages":["Field 'priority' is required"],"errors":{"summary":"You must specify a summary of the issue."}}"#;
        let parsed = ErrorCollection::parse(body);
        assert_eq!(
            parsed.summary(),
            "Field 'priority' is required; summary: You must specify a summary of the issue."
        );
        assert!(parsed.mentions("PRIORITY"));
    }

    #[test]
    fn gateway_oauth_and_garbage_bodies() {
        let gateway = ErrorCollection::parse(
            br#"{"code":401,"message":"Unauthorized; scope does not match"}"#,
        );
        assert!(gateway.mentions("scope does not match"));
        let oauth = ErrorCollection::parse(
            br#"{"error":"invalid_grant","error_description":"Unknown or invalid refresh token."}"#,
        );
        assert_eq!(oauth.error.as_deref(), Some("invalid_grant"));
        assert_eq!(oauth.summary(), "Unknown or invalid refresh token.");
        assert!(ErrorCollection::parse(b"<html>proxy error</html>").is_empty());
        let long = format!(r#"{{"errorMessages":["{}"]}}"#, "x".repeat(5000));
        assert!(
            ErrorCollection::parse(long.as_bytes())
                .summary()
                .chars()
                .count()
                <= MAX_DETAIL + 1
        );
    }
}
