//! Users: Cloud identifies them by `accountId`, Data Center by `name` (username).

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::paging::items_as;
use crate::client::{ApiRequest, Dialect, JiraClient};
use crate::error::Result;

/// A Jira user as `/myself`, `/user/search`, issues and comments show it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct User {
    /// Cloud id.
    pub account_id: Option<String>,
    /// Data Center username.
    pub name: Option<String>,
    /// Data Center user key (`JIRAUSER10000`).
    pub key: Option<String>,
    pub display_name: String,
    pub email_address: Option<String>,
    pub active: bool,
    /// IANA zone of the user's profile (JQL date literals are read in it).
    pub time_zone: Option<String>,
}

impl User {
    /// The id this dialect uses to address the user: accountId (Cloud) or name (DC).
    pub fn id(&self) -> Option<&str> {
        self.account_id.as_deref().or(self.name.as_deref())
    }
}

/// The value that sets a user field (`assignee`, user pickers) in `dialect`.
pub fn user_field_value(dialect: Dialect, id: &str) -> Value {
    match dialect {
        Dialect::CloudV3 => json!({ "accountId": id }),
        Dialect::DataCenterV2 => json!({ "name": id }),
    }
}

impl JiraClient {
    /// The account the connection acts as (`GET /myself`).
    pub async fn myself(&self) -> Result<User> {
        self.get_json("myself", &[]).await
    }

    /// Users matching `query`: Cloud `/user/search?query=` (display name or email), Data Center
    /// `/user/search?username=` (username, name or email prefix).
    pub async fn search_users(&self, query: &str, max_results: u32) -> Result<Vec<User>> {
        let key = match self.dialect() {
            Dialect::CloudV3 => "query",
            Dialect::DataCenterV2 => "username",
        };
        let request = ApiRequest::get("user/search")
            .query(key, query)
            .query("maxResults", max_results.to_string());
        let list: Vec<Value> = self.execute(request).await?.json()?;
        items_as(list, "a user")
    }
}
