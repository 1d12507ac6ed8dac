//! Workflow statuses and transitions: what an issue can move to (with the fields a
//! transition screen asks for) and performing one.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::path_segment::seg;
use super::text_body::TextBody;
use crate::client::{ApiRequest, JiraClient};
use crate::error::{Error, Result};

/// `new` (To Do), `indeterminate` (In Progress), `done`, `undefined`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct StatusCategory {
    #[serde(deserialize_with = "id_text")]
    pub id: String,
    pub key: String,
    pub name: String,
    pub color_name: Option<String>,
}

/// A workflow status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Status {
    pub id: String,
    pub name: String,
    pub status_category: StatusCategory,
}

/// A transition available from the issue's current status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Transition {
    pub id: String,
    pub name: String,
    pub to: Status,
    pub has_screen: bool,
    pub is_global: bool,
    pub is_conditional: bool,
    /// Field id -> metadata (with `expand=transitions.fields`), e.g. a required `resolution`.
    pub fields: Map<String, Value>,
}

impl Transition {
    /// Ids of the fields this transition's screen requires.
    pub fn required_fields(&self) -> Vec<&str> {
        self.fields
            .iter()
            .filter(|(_, meta)| meta.get("required").and_then(Value::as_bool) == Some(true))
            .map(|(id, _)| id.as_str())
            .collect()
    }
}

/// Ids come as numbers in some places and strings in others.
fn id_text<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<String, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => s,
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TransitionList {
    transitions: Vec<Transition>,
}

impl JiraClient {
    /// Transitions available for `issue`, with their screen fields
    /// (`GET /issue/{key}/transitions?expand=transitions.fields`). Empty without the
    /// Transition Issues permission.
    pub async fn transitions(&self, issue: &str) -> Result<Vec<Transition>> {
        let path = format!("issue/{}/transitions", seg(issue));
        let list: TransitionList = self
            .get_json(&path, &[("expand", "transitions.fields")])
            .await?;
        Ok(list.transitions)
    }

    /// Performs transition `transition_id` with screen `fields` (e.g.
    /// `{"resolution": {"name": "Done"}}`) and an optional comment.
    pub async fn transition_issue(
        &self,
        issue: &str,
        transition_id: &str,
        fields: Map<String, Value>,
        comment: Option<&TextBody>,
    ) -> Result<()> {
        if transition_id.trim().is_empty() {
            return Err(Error::InvalidRequest {
                detail: "no transition id was given".into(),
            });
        }
        let mut body = json!({ "transition": { "id": transition_id } });
        if !fields.is_empty() {
            body["fields"] = Value::Object(fields);
        }
        if let Some(comment) = comment.filter(|c| !c.is_blank()) {
            body["update"] =
                json!({ "comment": [{ "add": { "body": comment.to_json(self.dialect()) } }] });
        }
        let path = format!("issue/{}/transitions", seg(issue));
        self.execute(ApiRequest::post(path).json(body)).await?;
        Ok(())
    }
}
