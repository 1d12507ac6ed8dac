//! `vulnbridge-cli apps`: applications with their finding counts.

use std::path::Path;
use std::process::ExitCode;

use vulnbridge_store::Store;

use crate::error::CliError;

pub fn run(data_dir: &Path) -> Result<ExitCode, CliError> {
    let store = Store::open_in_dir(data_dir)?;
    let apps = store.list_applications()?;
    if apps.is_empty() {
        println!("no applications yet; import a scan with: vulnbridge-cli import --app NAME FILE");
        return Ok(ExitCode::SUCCESS);
    }
    let width = apps
        .iter()
        .map(|a| a.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let group_width = apps
        .iter()
        .filter_map(|a| a.group_name.as_deref())
        .map(|g| g.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    println!(
        "{:<width$}  {:<group_width$}  {:>8}  {:>6}  LAST IMPORT",
        "NAME", "GROUP", "FINDINGS", "ACTIVE"
    );
    for a in &apps {
        println!(
            "{:<width$}  {:<group_width$}  {:>8}  {:>6}  {}",
            a.name,
            a.group_name.as_deref().unwrap_or("-"),
            a.findings_total,
            a.findings_active,
            a.last_import_at.as_deref().unwrap_or("never"),
        );
    }
    Ok(ExitCode::SUCCESS)
}
