//! One module per subcommand.

pub mod apps;
pub mod import;
