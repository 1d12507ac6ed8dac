//! `vulnbridge-cli routing export FILE` / `routing import FILE`: the routing rules with their
//! field mappings as the same readable JSON file the app's Routing page exports (no secrets;
//! connections by name and site URL). An import is checked completely before anything is
//! written; rules with the same name and scope are updated.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use vulnbridge_store::Store;
use vulnbridge_sync::{stamp, Clock, SystemClock};

use crate::error::CliError;

#[derive(Debug, Subcommand)]
pub enum RoutingCommand {
    /// Write every routing rule and its field mapping to FILE (JSON, no secrets).
    Export {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Add the rules of FILE (a routing export), or update those with the same name and scope.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

pub fn run(data_dir: &Path, command: &RoutingCommand) -> Result<ExitCode, CliError> {
    let store = Store::open_in_dir(data_dir)?;
    let now = stamp(SystemClock.now());
    match command {
        RoutingCommand::Export { file } => {
            let doc = vulnbridge_mapping::export_routing(&store, &now)?;
            let text = vulnbridge_mapping::routing_file_text(&doc)?;
            std::fs::write(file, text).map_err(|e| CliError::File {
                path: file.display().to_string(),
                action: "write",
                reason: e.to_string(),
            })?;
            println!("exported {} rule(s) to {}", doc.rules.len(), file.display());
        }
        RoutingCommand::Import { file } => {
            let text = std::fs::read_to_string(file).map_err(|e| CliError::File {
                path: file.display().to_string(),
                action: "read",
                reason: e.to_string(),
            })?;
            let done = vulnbridge_mapping::import_routing(&store, &text, &now)?;
            println!(
                "imported {}: {} rule(s) created, {} updated",
                file.display(),
                done.created,
                done.updated
            );
            for scope in &done.created_scopes {
                println!("  created {scope}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
