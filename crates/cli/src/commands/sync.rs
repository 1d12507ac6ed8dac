//! `vulnbridge-cli sync`: one pass over every saved connection, like the app's "Sync now":
//! push what is due (new findings that match a rule become tickets), then pull status and
//! comment changes of linked tickets back from Jira. Exit 0 when nothing failed, 3 when some
//! work is parked (a person must act) or a connection failed.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use vulnbridge_store::{OutboxState, Store};
use vulnbridge_sync::{PollEngine, PollReport, PushEngine, PushReport, SystemClock};

use crate::error::CliError;
use crate::progress::spinner;
use crate::registry::keyring_registry;

/// Exit code when work is parked or a connection failed.
pub const EXIT_NEEDS_ATTENTION: u8 = 3;

pub fn run(data_dir: &Path) -> Result<ExitCode, CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Runtime(e.to_string()))?;
    runtime.block_on(pass(data_dir))
}

async fn pass(data_dir: &Path) -> Result<ExitCode, CliError> {
    let store = Store::open_in_dir(data_dir)?;
    let registry = keyring_registry();
    let configs = registry
        .list(&store)?
        .iter()
        .map(|c| {
            registry
                .config(&store, &c.id)
                .map(|cfg| (c.name.clone(), cfg))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if configs.is_empty() {
        return Err(CliError::NoConnections(data_dir.display().to_string()));
    }
    let clock = Arc::new(SystemClock);
    let mut push = PushEngine::new(Store::open_in_dir(data_dir)?, clock.clone())?;
    let mut poll = PollEngine::new(Store::open_in_dir(data_dir)?, clock);
    let bar = spinner();
    let mut failed_connections = 0usize;
    for (name, config) in &configs {
        bar.set_message(format!("connecting to {name}…"));
        match registry.client(config).await {
            Ok(client) => {
                println!("connection \"{name}\" ({}): ready", config.site_url);
                push.add_connection(config.id.as_str(), client.clone());
                poll.add_connection(config.id.as_str(), client);
            }
            Err(err) => {
                failed_connections += 1;
                println!("connection \"{name}\" ({}): FAILED: {err}", config.site_url);
            }
        }
    }
    bar.set_message("sending new findings to Jira…");
    let pushed = push.push_once().await?;
    bar.set_message("reading changes back from Jira…");
    let polled = poll.poll_once().await?;
    bar.finish_and_clear();
    print_report(&pushed, &polled);
    let counts = store.outbox_counts()?;
    let waiting = counts.pending + counts.ambiguous + counts.in_flight;
    println!("waiting: {waiting} (retried on the next pass)");
    println!("parked: {}", counts.parked);
    for op in store.unfinished_ops()? {
        if op.state != OutboxState::Parked {
            continue;
        }
        let reason = op.last_error.as_ref().map_or_else(
            || "no reason recorded".to_owned(),
            |e| format!("{}: {}", e.code, e.message),
        );
        println!(
            "  finding {} ({} on {}): {reason}",
            op.finding_id.0,
            op.kind.as_str(),
            op.connection_id
        );
    }
    for failure in &polled.failures {
        println!(
            "reading back from {} failed ({}): {}",
            failure.connection, failure.code, failure.message
        );
    }
    let failed = failed_connections + polled.failures.len();
    if failed == 0 && counts.parked == 0 {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "needs attention: {failed} connection failure(s), {} parked operation(s)",
        counts.parked
    );
    Ok(ExitCode::from(EXIT_NEEDS_ATTENTION))
}

fn print_report(pushed: &PushReport, polled: &PollReport) {
    println!("created: {}", pushed.created);
    println!("linked to existing tickets: {}", pushed.linked_existing);
    println!(
        "tickets moved in Jira (local status changes): {}",
        pushed.transitioned
    );
    println!(
        "updated from Jira: {} finding(s), {} ticket status change(s), {} comment change(s)",
        polled.findings_changed,
        polled.ticket_status_changes,
        polled.comments_added + polled.comments_edited + polled.comments_deleted
    );
}
