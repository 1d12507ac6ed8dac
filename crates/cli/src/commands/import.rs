//! `vulnbridge-cli import --app NAME FILE...`: each file is detected, parsed and recorded in
//! its own transaction; a bad file is reported (and its error recorded) without stopping the
//! others. Exit code 0 when every file was imported, 2 when any failed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use vulnbridge_importers::{ImportError, ParsedScan};
use vulnbridge_store::{ApplicationId, ImportSummary, ScanInput, Store};

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

/// Why one file was not imported.
struct FileFailure {
    /// The format we believed the file to be, when we got that far.
    format: Option<String>,
    problem: String,
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
        match import_file(&mut store, app, path)? {
            Ok((scan, summary)) => {
                let c = summary.counts;
                println!(
                    "imported {shown}: format {}, {} findings: {} new, {} unchanged, {} reopened, {} resolved, {} suppressed",
                    scan.format, c.total, c.new, c.unchanged, c.reopened, c.resolved, c.suppressed
                );
                for warning in &scan.warnings {
                    println!("  warning: {warning}");
                }
            }
            Err(failure) => {
                failed += 1;
                eprintln!(
                    "error: {shown} was not imported (format: {}): {}",
                    failure.format.as_deref().unwrap_or("not recognised"),
                    failure.problem
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

/// Reads, parses and records one file. The outer error stops the command (the database
/// failed); the inner one is this file's problem, already recorded in the import history.
fn import_file(
    store: &mut Store,
    app: ApplicationId,
    path: &Path,
) -> Result<Result<(ParsedScan, ImportSummary), FileFailure>, CliError> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let problem = format!("cannot read the file: {e}");
            store.record_failed_import(app, &file_name, None, &problem)?;
            return Ok(Err(FileFailure {
                format: None,
                problem,
            }));
        }
    };
    let scan = match vulnbridge_importers::parse(&bytes) {
        Ok(scan) => scan,
        Err(e) => {
            let format = guessed_format(&e);
            let problem = e.to_string();
            store.record_failed_import(app, &file_name, format.as_deref(), &problem)?;
            return Ok(Err(FileFailure { format, problem }));
        }
    };
    let format = scan.format.to_string();
    let summary = store.record_import(
        app,
        &ScanInput {
            file_name: &file_name,
            format: &format,
            tool: &scan.tool,
            target: scan.target.as_deref(),
            findings: &scan.findings,
            at: None,
        },
    )?;
    if let Some(target) = scan.target.as_deref().filter(|t| !t.trim().is_empty()) {
        store.remember_target(target, app)?;
    }
    Ok(Ok((scan, summary)))
}

fn guessed_format(err: &ImportError) -> Option<String> {
    err.format().map(|f| f.to_string())
}
