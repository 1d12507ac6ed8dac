//! Issue operations shared by the REST handlers: create, edit, transition, history.

pub(crate) mod create;
pub(crate) mod edit;
pub(crate) mod field_input;
pub(crate) mod transition;
