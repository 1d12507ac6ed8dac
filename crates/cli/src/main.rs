//! `vulnbridge-cli`: headless Vulnbridge commands over the same store and importers as the app.

mod commands;
mod data_dir;
mod error;
mod progress;
mod registry;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Vulnbridge from the command line: import scan files, sync with Jira, show status.
///
/// Exit codes: 0 success; 1 the command could not run (see the message); 2 some scan files
/// were not imported; 3 sync left work parked or a connection failed.
#[derive(Debug, Parser)]
#[command(name = "vulnbridge-cli", version, about)]
struct Cli {
    /// Data folder holding the database (default: $VULNBRIDGE_DATA_DIR, else the app's
    /// platform data folder, e.g. ~/.local/share/dev.vulnbridge.desktop on Linux).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Import scan files into an application (created when missing). The format is detected
    /// from each file's content.
    Import(commands::import::ImportArgs),
    /// List applications with their finding counts.
    Apps,
    /// One sync pass over every saved connection: create tickets for new findings that match
    /// a rule, then pull status and comment changes back from Jira. Secrets come from the OS
    /// keyring, as in the app.
    Sync,
    /// Connections with health, findings by status, outbox counts and the last import.
    Status(commands::status::StatusArgs),
    /// Export or import the routing rules and field mappings (the Routing page's file format).
    #[command(subcommand)]
    Routing(commands::routing::RoutingCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = data_dir::resolve(cli.data_dir).and_then(|dir| match cli.command {
        Command::Import(args) => commands::import::run(&dir, &args),
        Command::Apps => commands::apps::run(&dir),
        Command::Sync => commands::sync::run(&dir),
        Command::Status(args) => commands::status::run(&dir, &args),
        Command::Routing(cmd) => commands::routing::run(&dir, &cmd),
    });
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}
