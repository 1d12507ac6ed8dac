//! One module per subcommand.

pub mod apps;
pub mod import;
pub mod routing;
pub mod status;
pub mod sync;
