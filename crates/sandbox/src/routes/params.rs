//! Query parameters, possibly repeated (`fields=a&fields=b`).

/// Raw query pairs.
#[derive(Debug, Default)]
pub(crate) struct Params(pub Vec<(String, String)>);

impl Params {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A non-negative integer parameter; `Err` names the parameter like Jira does.
    pub fn usize_or(
        &self,
        name: &str,
        default: usize,
    ) -> Result<usize, crate::jira_error::JiraError> {
        match self.get(name) {
            None | Some("") => Ok(default),
            Some(v) => v.parse().map_err(|_| {
                crate::jira_error::JiraError::bad_request(format!(
                    "The value '{v}' is not valid for the '{name}' parameter."
                ))
            }),
        }
    }

    pub fn bool(&self, name: &str) -> bool {
        self.get(name)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }
}
