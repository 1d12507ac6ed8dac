//! `vulnbridge-cli status [--json]`: connections with their last known health, findings by
//! status, the outbox by state and the latest import. Reads only the database: no network,
//! no keyring.

use std::path::Path;
use std::process::ExitCode;

use clap::Args;
use serde::Serialize;
use vulnbridge_store::{FindingQuery, FindingSummary, OutboxCounts, Store};

use crate::error::CliError;

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Status {
    connections: Vec<ConnectionStatus>,
    findings: FindingSummary,
    outbox: OutboxCounts,
    last_import: Option<LastImport>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ConnectionStatus {
    id: String,
    name: String,
    site_url: String,
    kind: String,
    health: vulnbridge_connections::HealthState,
    last_checked_at: Option<String>,
    last_error: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct LastImport {
    application: String,
    file_name: String,
    format: String,
    started_at: String,
    findings: u32,
    error: Option<String>,
}

pub fn run(data_dir: &Path, args: &StatusArgs) -> Result<ExitCode, CliError> {
    let store = Store::open_in_dir(data_dir)?;
    let status = collect(&store)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&status)?);
    } else {
        print_text(&status);
    }
    Ok(ExitCode::SUCCESS)
}

fn collect(store: &Store) -> Result<Status, CliError> {
    let registry = crate::registry::keyring_registry();
    let connections = registry
        .list(store)?
        .into_iter()
        .map(|c| ConnectionStatus {
            id: c.id,
            name: c.name,
            site_url: c.site_url,
            kind: c.kind_label,
            health: c.health.state,
            last_checked_at: c.health.last_checked_at,
            last_error: c.health.last_error_message,
        })
        .collect();
    let apps = store.list_applications()?;
    let last_import = store
        .imports(None, 1)?
        .into_iter()
        .next()
        .map(|i| LastImport {
            application: apps
                .iter()
                .find(|a| a.id == i.application_id)
                .map_or_else(String::new, |a| a.name.clone()),
            file_name: i.file_name,
            format: i.format,
            started_at: i.started_at,
            findings: i.counts.total,
            error: i.error,
        });
    Ok(Status {
        connections,
        findings: store.finding_summary(&FindingQuery::default())?,
        outbox: store.outbox_counts()?,
        last_import,
    })
}

fn print_text(s: &Status) {
    if s.connections.is_empty() {
        println!("connections: none (add one in the app)");
    } else {
        println!("connections:");
    }
    for c in &s.connections {
        let health = serde_json::to_value(c.health)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        print!("  {} ({}, {}): {health}", c.name, c.kind, c.site_url);
        if let Some(err) = &c.last_error {
            print!(" — {err}");
        }
        println!();
    }
    let b = s.findings.by_status;
    println!(
        "findings: {} total: {} open, {} reopened, {} resolved, {} false positive, {} accepted risk, {} suppressed",
        s.findings.total, b.open, b.reopened, b.resolved, b.false_positive, b.accepted_risk, b.suppressed
    );
    let o = s.outbox;
    println!(
        "outbox: {} pending, {} in flight, {} ambiguous, {} parked, {} failed, {} done",
        o.pending, o.in_flight, o.ambiguous, o.parked, o.failed, o.done
    );
    match &s.last_import {
        Some(i) => {
            print!(
                "last import: {} into \"{}\" at {} ({}, {} findings)",
                i.file_name, i.application, i.started_at, i.format, i.findings
            );
            if let Some(err) = &i.error {
                print!(" — failed: {err}");
            }
            println!();
        }
        None => println!("last import: never"),
    }
}
