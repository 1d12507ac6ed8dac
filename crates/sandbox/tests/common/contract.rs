//! Validates sandbox responses against Atlassian's OpenAPI specs.
//!
//! The specs are loaded once per test binary from `shared/jira-openapi/` beside the repository
//! (override with `VULNBRIDGE_JIRA_OPENAPI_DIR`). OpenAPI 3.0's `nullable: true` is turned into
//! JSON Schema (`type: [T, "null"]` or `anyOf [.., null]`); `format` is not checked because Jira's
//! own timestamps (`+0000` offsets) are not RFC 3339.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Spec {
    Cloud,
    Dc,
}

fn spec_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("VULNBRIDGE_JIRA_OPENAPI_DIR") {
        return PathBuf::from(dir);
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        manifest.join("../../../shared/jira-openapi"),
        manifest.join("../../shared/jira-openapi"),
        PathBuf::from("/work/shared/jira-openapi"),
    ];
    candidates
        .iter()
        .find(|p| p.join("jira-cloud-platform-v3.json").exists())
        .cloned()
        .expect("Jira OpenAPI specs not found: put shared/jira-openapi beside the repository or set VULNBRIDGE_JIRA_OPENAPI_DIR")
}

fn nullable_to_json_schema(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for child in map.values_mut() {
                nullable_to_json_schema(child);
            }
            if map.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::String(t)) = map.get("type").cloned() {
                    map.insert("type".into(), json!([t, "null"]));
                } else {
                    let inner = Value::Object(std::mem::take(map));
                    map.insert("anyOf".into(), json!([inner, {"type": "null"}]));
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(nullable_to_json_schema),
        _ => {}
    }
}

/// Known defects of Atlassian's DC 10.3 spec, contradicted by its own examples and by real
/// servers: issue field values are typed `object` (they are strings, numbers, arrays, null), and
/// entity property values are typed `string` (they are any JSON).
fn patch_dc_defects(doc: &mut Value) {
    let schemas = &mut doc["components"]["schemas"];
    schemas["IssueBean"]["properties"]["fields"]["additionalProperties"] = json!({});
    schemas["EntityPropertyBean"]["properties"]["value"] = json!({});
}

fn load(spec: Spec) -> &'static Value {
    static CLOUD: OnceLock<Value> = OnceLock::new();
    static DC: OnceLock<Value> = OnceLock::new();
    let (cell, file) = match spec {
        Spec::Cloud => (&CLOUD, "jira-cloud-platform-v3.json"),
        Spec::Dc => (&DC, "jira-software-dc-10.3.json"),
    };
    cell.get_or_init(|| {
        let text = std::fs::read_to_string(spec_dir().join(file)).expect("spec readable");
        let mut doc: Value = serde_json::from_str(&text).expect("spec is JSON");
        nullable_to_json_schema(&mut doc);
        if spec == Spec::Dc {
            patch_dc_defects(&mut doc);
        }
        doc
    })
}

type Cache = Mutex<HashMap<(Spec, String), Arc<jsonschema::Validator>>>;

fn validator(spec: Spec, pointer: &str) -> Arc<jsonschema::Validator> {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (spec, pointer.to_owned());
    if let Some(v) = cache.lock().expect("cache lock").get(&key) {
        return v.clone();
    }
    let doc = load(spec);
    assert!(
        doc.pointer(pointer.trim_start_matches('#')).is_some(),
        "the spec has no schema at {pointer}"
    );
    let mut root = doc.clone();
    root["$ref"] = json!(pointer.replace('{', "%7B").replace('}', "%7D"));
    let v = Arc::new(
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .should_validate_formats(false)
            .build(&root)
            .expect("schema compiles"),
    );
    cache.lock().expect("cache lock").insert(key, v.clone());
    v
}

fn check(spec: Spec, pointer: &str, body: &Value, what: &str) {
    let v = validator(spec, pointer);
    let errors: Vec<String> = v
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match {pointer}:\n{}\nbody: {}",
        errors.join("\n"),
        serde_json::to_string_pretty(body).unwrap_or_default()
    );
}

fn escape(path: &str) -> String {
    path.replace('~', "~0").replace('/', "~1")
}

/// Validates a response body against the spec's schema for (path template, method, status).
pub fn response(spec: Spec, path: &str, method: &str, status: u16, body: &Value) {
    let pointer = format!(
        "#/paths/{}/{}/responses/{status}/content/application~1json/schema",
        escape(path),
        method.to_lowercase()
    );
    check(spec, &pointer, body, &format!("{method} {path} {status}"));
}

/// Validates against a named component schema (for DC operations whose spec response is wrong,
/// e.g. a list documented as a single bean).
pub fn component(spec: Spec, name: &str, body: &Value) {
    let pointer = format!("#/components/schemas/{name}");
    check(spec, &pointer, body, name);
}

/// Every element of a JSON array against a component schema; the array must not be empty.
pub fn each(spec: Spec, name: &str, list: &Value) {
    let items = list.as_array().expect("a JSON array");
    assert!(
        !items.is_empty(),
        "expected a non-empty list to validate against {name}"
    );
    for item in items {
        component(spec, name, item);
    }
}
