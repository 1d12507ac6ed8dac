//! A `serde_json::Value` cursor that remembers its path (`Results[3].Vulnerabilities[0]`), so
//! parsers can report exactly where a file is wrong, and that reads loosely typed fields the way
//! scanners write them (numbers as strings, a string or a list, `null` for empty).

use serde_json::Value;

use crate::error::ImportError;
use crate::format::Format;

static NULL: Value = Value::Null;

#[derive(Clone)]
pub(crate) struct Node<'a> {
    pub(crate) v: &'a Value,
    path: String,
}

impl<'a> Node<'a> {
    pub(crate) fn root(v: &'a Value) -> Node<'a> {
        Node {
            v,
            path: String::new(),
        }
    }

    /// Path of this node, e.g. `matches[2].vulnerability`; `the document` for the root.
    pub(crate) fn path(&self) -> &str {
        if self.path.is_empty() {
            "the document"
        } else {
            &self.path
        }
    }

    fn child_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// The member `key` (a `null` node when missing or when this is not an object).
    pub(crate) fn get(&self, key: &str) -> Node<'a> {
        Node {
            v: self.v.get(key).unwrap_or(&NULL),
            path: self.child_path(key),
        }
    }

    /// The first of `keys` that is present and not null.
    pub(crate) fn get_any(&self, keys: &[&str]) -> Node<'a> {
        for k in keys {
            let n = self.get(k);
            if !n.v.is_null() {
                return n;
            }
        }
        self.get(keys.first().copied().unwrap_or(""))
    }

    pub(crate) fn is_null(&self) -> bool {
        self.v.is_null()
    }

    /// Array elements (empty for null and non-arrays; an object counts as a one-element list).
    pub(crate) fn items(&self) -> Vec<Node<'a>> {
        match self.v {
            Value::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, v)| Node {
                    v,
                    path: format!("{}[{i}]", self.path),
                })
                .collect(),
            Value::Object(_) => vec![self.clone()],
            _ => Vec::new(),
        }
    }

    /// Object members in file order (empty for non-objects).
    pub(crate) fn entries(&self) -> Vec<(&'a str, Node<'a>)> {
        match self.v {
            Value::Object(m) => m
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str(),
                        Node {
                            v,
                            path: self.child_path(k),
                        },
                    )
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Text of a string, number or bool; `None` for null, empty strings and containers.
    pub(crate) fn text(&self) -> Option<String> {
        match self.v {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// Shorthand for `get(key).text()`.
    pub(crate) fn s(&self, key: &str) -> Option<String> {
        self.get(key).text()
    }

    /// A number, or a string holding one (`"7.5"`).
    pub(crate) fn f64(&self) -> Option<f64> {
        match self.v {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
        .filter(|f| f.is_finite())
    }

    /// A non-negative integer, or a string starting with one (gosec writes `"10-12"`).
    pub(crate) fn u32(&self) -> Option<u32> {
        match self.v {
            Value::Number(n) => n.as_u64().and_then(|u| u32::try_from(u).ok()),
            Value::String(s) => {
                let digits: String = s
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                digits.parse().ok()
            }
            _ => None,
        }
    }

    pub(crate) fn bool(&self) -> Option<bool> {
        match self.v {
            Value::Bool(b) => Some(*b),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// A string, a number, or a list of them, as a list (null → empty).
    pub(crate) fn strings(&self) -> Vec<String> {
        match self.v {
            Value::Array(a) => a.iter().filter_map(|v| Node::root(v).text()).collect(),
            _ => self.text().into_iter().collect(),
        }
    }

    /// The text at `key`, or an error naming this node's path and the missing key.
    pub(crate) fn require(&self, key: &str, format: Format) -> Result<String, ImportError> {
        self.s(key)
            .ok_or_else(|| ImportError::invalid(format, format!("{} has no {key}", self.path())))
    }

    /// Error unless this node is an object.
    pub(crate) fn expect_object(&self, format: Format) -> Result<(), ImportError> {
        if self.v.is_object() {
            Ok(())
        } else {
            Err(ImportError::invalid(
                format,
                format!("{} is {}, not an object", self.path(), kind_name(self.v)),
            ))
        }
    }

    /// Error unless this node is an array or null (null counts as empty).
    pub(crate) fn expect_list(&self, format: Format) -> Result<(), ImportError> {
        if self.v.is_array() || self.v.is_null() {
            Ok(())
        } else {
            Err(ImportError::invalid(
                format,
                format!("{} is {}, not a list", self.path(), kind_name(self.v)),
            ))
        }
    }
}

pub(crate) fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
