//! `vulnbridge-cli import --app NAME FILE...`: each file goes through the same intake as the
//! app (read, detect by content, parse, record in its own transaction), with a progress bar
//! on stderr when it is a terminal. A bad file is reported
//! (and its error recorded in the import history) without stopping the others. Exit code 0
//! when every file was imported, 2 when any failed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use vulnbridge_store::Store;

use crate::error::CliError;

/// Exit code when at least one file could not be imported.
pub const EXIT_SOME_FAILED: u8 = 2;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Application the findings belong to (created when it does not exist).
    #[arg(long, value_name = "NAME")]
    pub app: String,
    /// Scan files (SARIF, Trivy, Grype, …; the format is detected from the content).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

pub fn run(data_dir: &Path, args: &ImportArgs) -> Result<ExitCode, CliError> {
    let mut store = Store::open_in_dir(data_dir)?;
    let (app, created) = store.ensure_application(&args.app)?;
    if created {
        println!("created application \"{}\"", args.app.trim());
    }
    let mut failed = 0usize;
    for path in &args.files {
        let shown = path.display();
        let name = path
            .file_name()
            .map_or_else(|| shown.to_string(), |n| n.to_string_lossy().into_owned());
        let bar = crate::progress::file_bar(&name);
        let outcome =
            vulnbridge_intake::import_file(&mut store, app, path, &mut |phase, done, total| {
                bar.set_length(total);
                bar.set_position(done);
                bar.set_prefix(phase.label());
            })?;
        bar.finish_and_clear();
        match outcome.result {
            Ok(imported) => {
                let c = imported.summary.counts;
                println!(
                    "imported {shown}: format {}, {} findings: {} new, {} unchanged, {} reopened, {} resolved, {} suppressed",
                    imported.format, c.total, c.new, c.unchanged, c.reopened, c.resolved, c.suppressed
                );
                for warning in &imported.warnings {
                    println!("  warning: {warning}");
                }
            }
            Err(failure) => {
                failed += 1;
                eprintln!("error: {}", failure.problem);
                eprintln!("  file: {shown} (not imported)");
                eprintln!(
                    "  format guessed: {}",
                    failure.format.as_deref().unwrap_or("none (not recognised)")
                );
            }
        }
    }
    if failed == 0 {
        return Ok(ExitCode::SUCCESS);
    }
    let total = args.files.len();
    if failed == total {
        eprintln!("no file was imported ({failed} failed)");
    } else {
        eprintln!("{failed} of {total} files failed; the other files were imported");
    }
    Ok(ExitCode::from(EXIT_SOME_FAILED))
}
