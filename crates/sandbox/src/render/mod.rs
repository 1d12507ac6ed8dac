//! JSON shapes of Jira objects, per flavor.

pub(crate) mod catalog;
pub(crate) mod html;
pub(crate) mod issue;
pub(crate) mod user;

use crate::app::App;
use crate::state::State;

/// What rendering needs: the dialect, URLs, and the (already locked) state.
pub(crate) struct Ctx<'a> {
    pub cloud: bool,
    /// `{base}/rest/api/N`.
    pub api: String,
    pub base_url: &'a str,
    pub state: &'a State,
}

impl<'a> Ctx<'a> {
    pub fn new(app: &'a App, state: &'a State) -> Self {
        Self {
            cloud: app.is_cloud(),
            api: app.api_base(),
            base_url: &app.base_url,
            state,
        }
    }
}
