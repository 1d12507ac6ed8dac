//! The parts of the SARIF 2.1.0 object model we read, deserialized leniently (unknown members
//! ignored, wrong-typed scalars become `None`, `null` lists are empty).

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use crate::lenient::{opt_f64, opt_string, opt_u32};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct Log {
    #[serde(deserialize_with = "opt_string")]
    pub version: Option<String>,
    pub runs: Option<Vec<Run>>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Run {
    pub tool: ToolSection,
    pub results: Option<Vec<SarifResult>>,
    pub artifacts: Option<Vec<Artifact>>,
    pub version_control_provenance: Option<Vec<VersionControl>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct ToolSection {
    pub driver: Component,
    pub extensions: Option<Vec<Component>>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Component {
    #[serde(deserialize_with = "opt_string")]
    pub name: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub version: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub semantic_version: Option<String>,
    pub rules: Option<Vec<Rule>>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Rule {
    #[serde(deserialize_with = "opt_string")]
    pub id: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub name: Option<String>,
    pub short_description: Option<Message>,
    pub full_description: Option<Message>,
    pub help: Option<Message>,
    #[serde(deserialize_with = "opt_string")]
    pub help_uri: Option<String>,
    pub message_strings: Option<HashMap<String, Message>>,
    pub default_configuration: Option<Configuration>,
    pub properties: Option<Value>,
    pub relationships: Option<Vec<Relationship>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct Configuration {
    #[serde(deserialize_with = "opt_string")]
    pub level: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct Relationship {
    pub target: Option<ReportingDescriptorRef>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct ReportingDescriptorRef {
    #[serde(deserialize_with = "opt_string")]
    pub id: Option<String>,
    #[serde(deserialize_with = "opt_u32")]
    pub index: Option<u32>,
    pub tool_component: Option<ToolComponentRef>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct ToolComponentRef {
    #[serde(deserialize_with = "opt_string")]
    pub name: Option<String>,
    #[serde(deserialize_with = "opt_u32")]
    pub index: Option<u32>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(crate) struct Message {
    #[serde(deserialize_with = "opt_string")]
    pub text: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub markdown: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub id: Option<String>,
    pub arguments: Option<Vec<Value>>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct SarifResult {
    #[serde(deserialize_with = "opt_string")]
    pub rule_id: Option<String>,
    #[serde(deserialize_with = "opt_u32")]
    pub rule_index: Option<u32>,
    pub rule: Option<ReportingDescriptorRef>,
    #[serde(deserialize_with = "opt_string")]
    pub kind: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub level: Option<String>,
    pub message: Option<Message>,
    pub locations: Option<Vec<Location>>,
    pub fingerprints: Option<HashMap<String, Value>>,
    pub partial_fingerprints: Option<HashMap<String, Value>>,
    pub suppressions: Option<Vec<Suppression>>,
    #[serde(deserialize_with = "opt_string")]
    pub baseline_state: Option<String>,
    pub properties: Option<Value>,
    #[serde(deserialize_with = "opt_f64")]
    pub rank: Option<f64>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Location {
    pub physical_location: Option<PhysicalLocation>,
    pub logical_locations: Option<Vec<LogicalLocation>>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct LogicalLocation {
    #[serde(deserialize_with = "opt_string")]
    pub name: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub fully_qualified_name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct PhysicalLocation {
    pub artifact_location: Option<ArtifactLocation>,
    pub region: Option<Region>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct ArtifactLocation {
    #[serde(deserialize_with = "opt_string")]
    pub uri: Option<String>,
    #[serde(deserialize_with = "opt_u32")]
    pub index: Option<u32>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Region {
    #[serde(deserialize_with = "opt_u32")]
    pub start_line: Option<u32>,
    #[serde(deserialize_with = "opt_u32")]
    pub end_line: Option<u32>,
    #[serde(deserialize_with = "opt_u32")]
    pub start_column: Option<u32>,
    pub snippet: Option<Snippet>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct Snippet {
    #[serde(deserialize_with = "opt_string")]
    pub text: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct Artifact {
    pub location: Option<ArtifactLocation>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct Suppression {
    #[serde(deserialize_with = "opt_string")]
    pub kind: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub status: Option<String>,
    #[serde(deserialize_with = "opt_string")]
    pub justification: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct VersionControl {
    #[serde(deserialize_with = "opt_string")]
    pub repository_uri: Option<String>,
}
