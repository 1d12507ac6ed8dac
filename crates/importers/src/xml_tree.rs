//! Small XML reader (quick-xml events) that turns a document into a `serde_json::Value`
//! shaped like the JSON flavour of the same format, so the XML and JSON importers of a format
//! share one mapping.
//!
//! Rules: an element becomes an object; attributes become members (with `attr_prefix`); a
//! child element named in `lists` becomes an array of its own children; a child element that
//! repeats becomes an array; a leaf element without attributes becomes its text (trimmed).
//! Character and predefined entity references are decoded; other entity references are kept
//! literally (no DTD expansion, so no entity bombs). Nesting deeper than [`MAX_DEPTH`] is an
//! error.

use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::{Map, Value};

use crate::error::ImportError;
use crate::format::Format;
use crate::json_input::strip_bom;

pub(crate) const MAX_DEPTH: usize = 128;

#[derive(Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

/// Parses `bytes` and converts the root element (see the module rules).
pub(crate) fn to_value(
    bytes: &[u8],
    format: Format,
    attr_prefix: &str,
    lists: &[&str],
) -> Result<Value, ImportError> {
    let root = parse(bytes, format)?;
    Ok(convert(&root, attr_prefix, lists))
}

fn parse(bytes: &[u8], format: Format) -> Result<Element, ImportError> {
    let body = strip_bom(bytes);
    let text = std::str::from_utf8(body)
        .map_err(|e| ImportError::invalid(format, format!("the XML is not UTF-8: {e}")))?;
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let bad = |reader: &Reader<&[u8]>, what: String| {
        ImportError::invalid(
            format,
            format!(
                "the XML is malformed at byte {}: {what}",
                reader.buffer_position()
            ),
        )
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| bad(&reader, e.to_string()))?;
        match event {
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(bad(
                        &reader,
                        format!("elements nest deeper than {MAX_DEPTH}"),
                    ));
                }
                stack.push(element(&e, format)?);
            }
            Event::Empty(e) => {
                let el = element(&e, format)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return Ok(el),
                }
            }
            Event::End(_) => {
                let done = stack
                    .pop()
                    .ok_or_else(|| bad(&reader, "unexpected end tag".into()))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Ok(done),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(c) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&c.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    if r.is_char_ref() {
                        if let Ok(Some(c)) = r.resolve_char_ref() {
                            top.text.push(c);
                        }
                    } else {
                        let name = r.into_inner();
                        match &*name {
                            "amp" => top.text.push('&'),
                            "lt" => top.text.push('<'),
                            "gt" => top.text.push('>'),
                            "quot" => top.text.push('"'),
                            "apos" => top.text.push('\''),
                            other => {
                                top.text.push('&');
                                top.text.push_str(other);
                                top.text.push(';');
                            }
                        }
                    }
                }
            }
            Event::Eof => {
                return Err(ImportError::invalid(
                    format,
                    if stack.is_empty() {
                        "the XML has no root element".to_string()
                    } else {
                        format!(
                            "the XML ends before <{}> is closed (truncated?)",
                            stack[stack.len() - 1].name
                        )
                    },
                ))
            }
            _ => {}
        }
    }
}

fn element(e: &quick_xml::events::BytesStart, format: Format) -> Result<Element, ImportError> {
    let mut el = Element {
        name: e.local_name().into_inner().to_string(),
        ..Element::default()
    };
    for attr in e.attributes() {
        let attr = attr.map_err(|err| {
            ImportError::invalid(
                format,
                format!("<{}> has a malformed attribute: {err}", el.name),
            )
        })?;
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.to_string())
            .unwrap_or_else(|_| attr.value.to_string());
        el.attrs
            .push((attr.key.local_name().into_inner().to_string(), value));
    }
    Ok(el)
}

fn convert(el: &Element, prefix: &str, lists: &[&str]) -> Value {
    if el.attrs.is_empty() && el.children.is_empty() {
        return Value::String(el.text.trim().to_string());
    }
    let mut map = Map::new();
    for (k, v) in &el.attrs {
        map.insert(format!("{prefix}{k}"), Value::String(v.clone()));
    }
    for child in &el.children {
        let value = if lists.contains(&child.name.as_str()) {
            Value::Array(
                child
                    .children
                    .iter()
                    .map(|c| convert(c, prefix, lists))
                    .collect(),
            )
        } else {
            convert(child, prefix, lists)
        };
        match map.get_mut(&child.name) {
            Some(Value::Array(items)) if !lists.contains(&child.name.as_str()) => items.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, value]);
            }
            None => {
                map.insert(child.name.clone(), value);
            }
        }
    }
    let text = el.text.trim();
    if !text.is_empty() {
        map.insert("#text".to_string(), Value::String(text.to_string()));
    }
    Value::Object(map)
}
