//! `vulnbridge-cli`: headless Vulnbridge commands over the same store and importers as the app.

mod commands;
mod data_dir;
mod error;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Vulnbridge from the command line: import scan files, list applications.
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = data_dir::resolve(cli.data_dir).and_then(|dir| match cli.command {
        Command::Import(args) => commands::import::run(&dir, &args),
        Command::Apps => commands::apps::run(&dir),
    });
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}
