//! The typed IPC surface: every command and event the UI may use, exported to
//! `ui/src/ipc/bindings.ts` by `cargo run -p vulnbridge --bin export-bindings` (checked by a test).

use crate::{commands, events};
use tauri_specta::{collect_commands, collect_events, Builder};

/// Where the generated TypeScript lives, relative to the repository root.
pub const BINDINGS_PATH: &str = "ui/src/ipc/bindings.ts";

pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            commands::app::get_app_info,
            commands::app::complete_welcome,
            commands::sync::get_sync_status,
            commands::sync::set_sync_paused,
            commands::sync::request_sync,
            commands::connections::list_connections,
            commands::connections::test_connection_draft,
            commands::connections::save_connection,
            commands::connections::retest_connection,
            commands::connections::remove_connection,
            commands::connections::connect_sandbox,
            commands::connections::sign_in,
            commands::connections::choose_site,
            commands::findings::query_findings,
            commands::findings::finding_summary,
            commands::findings::finding_detail,
            commands::findings::finding_ticket,
            commands::findings::set_findings_status,
            commands::applications::list_applications,
            commands::applications::get_portfolio,
            commands::applications::create_group,
            commands::applications::rename_group,
            commands::applications::delete_group,
            commands::applications::set_application_group,
            commands::applications::rename_application,
            commands::applications::delete_application,
            commands::imports::pick_scan_files,
            commands::imports::import_scan_files,
            commands::imports::suggest_application,
            commands::activity::list_activity,
            commands::activity::list_pending_operations,
            commands::settings::get_preferences,
            commands::settings::set_sync_interval,
            commands::settings::set_log_level,
            commands::settings::open_log_folder,
            commands::settings::backup_database,
            commands::watched::list_watched_folders,
            commands::watched::add_watched_folder,
            commands::watched::set_watched_folder_enabled,
            commands::watched::remove_watched_folder,
            commands::watched::pick_folder,
            commands::routing::routing_overview,
            commands::routing::save_routing_rule,
            commands::routing::delete_routing_rule,
            commands::routing::set_routing_rule_enabled,
            commands::routing::explain_finding_route,
            commands::routing_backfill::backfill_preview,
            commands::routing_backfill::backfill_rule,
            commands::routing_jira::jira_projects,
            commands::routing_jira::jira_issue_types,
            commands::routing_jira::jira_create_fields,
            commands::routing_jira::search_jira_users,
            commands::routing_jira::check_mapping,
            commands::routing_ticket::preview_payload,
            commands::routing_ticket::send_test_ticket,
            commands::routing_ticket::delete_test_ticket,
            commands::routing_ticket::open_in_browser,
            commands::routing_transfer::export_routing_config,
            commands::routing_transfer::import_routing_config,
            commands::routing_transfer::pick_routing_export_path,
            commands::routing_transfer::pick_routing_import_file,
        ])
        .events(collect_events![
            events::SyncStatus,
            events::NavigateRequested,
            events::SignInWaiting,
            events::ScansImported
        ])
        // One TypeScript shape per type: our types serialize and deserialize alike.
        .disable_serde_phases()
}

/// Renders the bindings as they would be written to [`BINDINGS_PATH`].
pub fn render_bindings() -> Result<String, Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("vulnbridge-bindings-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("bindings.ts");
    builder().export(
        specta_typescript::Typescript::default().header("// Generated from Rust by `cargo run -p vulnbridge --bin export-bindings`. Do not edit.\n/* eslint-disable */"),
        &file,
    )?;
    let text = std::fs::read_to_string(&file)?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(text)
}
