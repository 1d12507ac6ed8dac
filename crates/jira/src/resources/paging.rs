//! Offset paging (`startAt` / `maxResults` / `total` / `isLast`) for the list endpoints.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::client::{ApiRequest, JiraClient};
use crate::error::{Error, Result};

/// Stops a server that never says "last page" from looping forever.
const MAX_PAGES: usize = 10_000;

/// Parses one JSON value as `T`, naming what was expected when it does not fit.
pub(crate) fn from_value<T: DeserializeOwned>(value: Value, what: &str) -> Result<T> {
    serde_json::from_value(value).map_err(|e| Error::UnexpectedResponse {
        detail: format!("{what} did not have the expected shape: {e}"),
    })
}

/// Parses every element of `items` as `T`.
pub(crate) fn items_as<T: DeserializeOwned>(items: Vec<Value>, what: &str) -> Result<Vec<T>> {
    items.into_iter().map(|v| from_value(v, what)).collect()
}

/// GETs `path` page by page and returns all items of the first list found under `list_keys`
/// (or the whole body when the answer is a plain array, as on Data Center).
pub(crate) async fn collect_offset_pages(
    client: &JiraClient,
    path: &str,
    query: &[(&str, String)],
    list_keys: &[&str],
    page_size: u32,
) -> Result<Vec<Value>> {
    let page_size = page_size.max(1);
    let mut all = Vec::new();
    let mut start: u64 = 0;
    for _ in 0..MAX_PAGES {
        let mut request = ApiRequest::get(path)
            .query("startAt", start.to_string())
            .query("maxResults", page_size.to_string());
        for (key, value) in query {
            request = request.query(*key, value.clone());
        }
        let body: Value = client.execute(request).await?.json()?;
        let (items, total, is_last) = match body {
            Value::Array(items) => (items, None, Some(true)),
            Value::Object(mut map) => {
                let items = list_keys
                    .iter()
                    .find_map(|k| match map.remove(*k) {
                        Some(Value::Array(items)) => Some(items),
                        _ => None,
                    })
                    .unwrap_or_default();
                let total = map.get("total").and_then(Value::as_u64);
                let is_last = map.get("isLast").and_then(Value::as_bool);
                (items, total, is_last)
            }
            _ => {
                return Err(Error::UnexpectedResponse {
                    detail: format!("{path} answered with neither a list nor a page"),
                })
            }
        };
        let count = items.len() as u64;
        all.extend(items);
        start += count;
        let done = count == 0
            || is_last == Some(true)
            || total.is_some_and(|t| start >= t)
            || (is_last.is_none() && total.is_none() && count < u64::from(page_size));
        if done {
            return Ok(all);
        }
    }
    Err(Error::UnexpectedResponse {
        detail: format!("{path} kept answering new pages after {MAX_PAGES} pages"),
    })
}
