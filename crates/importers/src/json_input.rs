//! Reading JSON defensively: UTF-8 BOM, trailing commas, JSON Lines.

use std::borrow::Cow;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ImportError;
use crate::format::Format;

/// Drops UTF-8 byte order marks (even repeated ones, as concatenating tools produce) and
/// leading whitespace.
pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    let mut bytes = bytes;
    while let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        bytes = rest;
    }
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// Parses `bytes` as `T`. When strict parsing fails and the text has trailing commas
/// (`[1,2,]`, `{"a":1,}`), they are removed and parsing is retried; the error reported is the
/// one from the original text.
pub(crate) fn from_bytes<T: DeserializeOwned>(
    bytes: &[u8],
    format: Format,
) -> Result<T, ImportError> {
    let bytes = strip_bom(bytes);
    match serde_json::from_slice::<T>(bytes) {
        Ok(v) => Ok(v),
        Err(first) => match without_trailing_commas(bytes) {
            Cow::Owned(fixed) => {
                serde_json::from_slice::<T>(&fixed).map_err(|_| ImportError::json(format, &first))
            }
            Cow::Borrowed(_) => Err(ImportError::json(format, &first)),
        },
    }
}

/// Parses a JSON document into a `Value` (see [`from_bytes`]).
pub(crate) fn value(bytes: &[u8], format: Format) -> Result<Value, ImportError> {
    from_bytes::<Value>(bytes, format)
}

/// Parses JSON Lines: one value per non-empty line. Errors name the line number.
pub(crate) fn lines(bytes: &[u8], format: Format) -> Result<Vec<Value>, ImportError> {
    let bytes = strip_bom(bytes);
    let mut out = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = strip_bom(line);
        if line.is_empty() {
            continue;
        }
        let v = serde_json::from_slice::<Value>(line).map_err(|e| {
            ImportError::invalid(format, format!("line {} is not a JSON object: {e}", i + 1))
        })?;
        out.push(v);
    }
    Ok(out)
}

/// Removes commas that are directly followed (after whitespace) by `]` or `}`, outside strings.
/// Returns the input unchanged (borrowed) when there is none.
pub(crate) fn without_trailing_commas(bytes: &[u8]) -> Cow<'_, [u8]> {
    let mut out: Option<Vec<u8>> = None;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate() {
        let mut skip = false;
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b',' {
            let next = bytes[i + 1..].iter().find(|c| !c.is_ascii_whitespace());
            if matches!(next, Some(b']') | Some(b'}')) {
                skip = true;
                if out.is_none() {
                    out = Some(bytes[..i].to_vec());
                }
            }
        }
        if let Some(o) = out.as_mut() {
            if !skip {
                o.push(b);
            }
        }
    }
    match out {
        Some(o) => Cow::Owned(o),
        None => Cow::Borrowed(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_commas_outside_strings_are_removed() {
        let fixed = without_trailing_commas(br#"{"a": [1, 2, ], "b": "x,]", }"#);
        assert_eq!(&*fixed, br#"{"a": [1, 2 ], "b": "x,]" }"#);
    }

    #[test]
    fn bom_and_whitespace_are_skipped() {
        assert_eq!(strip_bom(b"\xEF\xBB\xBF  \n{}"), b"{}");
    }
}
