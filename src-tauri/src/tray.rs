//! The tray icon and its menu: Open, Sync now, Pause sync, Quit.

use crate::commands::sync::{apply_pause, sync_now};
use crate::events::{SyncState, SyncStatus};
use crate::state::AppState;
use std::sync::atomic::{AtomicBool, Ordering};
use tauri::image::Image;
use tauri::menu::{CheckMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};
use vulnbridge_connections::{ConnectionView, HealthState};

const TRAY_ID: &str = "main";
const MAIN_WINDOW: &str = "main";

/// Set once the tray icon exists; without it, closing the window quits instead of hiding.
static TRAY_READY: AtomicBool = AtomicBool::new(false);

/// Menu items whose state follows the app.
struct TrayMenu {
    pause: CheckMenuItem<Wry>,
    health: MenuItem<Wry>,
}

pub fn is_available(_app: &AppHandle) -> bool {
    TRAY_READY.load(Ordering::Relaxed)
}

/// Builds the tray. A desktop without a tray host is not an error: the app still runs.
pub fn install(app: &AppHandle) {
    match build(app) {
        Ok(()) => {
            TRAY_READY.store(true, Ordering::Relaxed);
            reflect_sync(app, &app.state::<AppState>().sync_status());
        }
        Err(err) => tracing::warn!(%err, "no tray icon; closing the window will quit"),
    }
}

fn build(app: &AppHandle) -> tauri::Result<()> {
    let paused = app.state::<AppState>().sync_status().paused;
    let open = MenuItem::with_id(app, "open", "Open Vulnbridge", true, None::<&str>)?;
    let health = MenuItem::with_id(
        app,
        "health",
        "Jira: no connection yet",
        false,
        None::<&str>,
    )?;
    let sync = MenuItem::with_id(app, "sync-now", "Sync now", true, None::<&str>)?;
    let pause = CheckMenuItem::with_id(app, "pause", "Pause sync", true, paused, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit Vulnbridge", true, None::<&str>)?;
    let menu = Menu::with_items(
        app,
        &[
            &health,
            &PredefinedMenuItem::separator(app)?,
            &open,
            &sync,
            &pause,
            &PredefinedMenuItem::separator(app)?,
            &quit,
        ],
    )?;
    app.manage(TrayMenu { pause, health });
    let mut tray = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("Vulnbridge")
        .menu(&menu)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "open" => show_main_window(app),
            "sync-now" => {
                sync_now(app);
            }
            "pause" => {
                let paused = !app.state::<AppState>().sync_status().paused;
                if let Err(err) = apply_pause(app, paused) {
                    tracing::error!(%err, "could not change the pause state from the tray");
                }
            }
            "quit" => {
                tracing::info!("quit from the tray");
                app.exit(0);
            }
            other => tracing::debug!(id = other, "unknown tray menu item"),
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

/// The tray picture for a sync state: the app icon, with a blue (syncing), red (failed) or
/// amber (paused) dot.
fn icon_for(status: &SyncStatus) -> &'static [u8] {
    match (status.paused, status.state) {
        (true, _) => include_bytes!("../../icons/tray-paused.png"),
        (false, SyncState::Syncing) => include_bytes!("../../icons/tray-syncing.png"),
        (false, SyncState::Error) => include_bytes!("../../icons/tray-error.png"),
        (false, SyncState::Idle) => include_bytes!("../../icons/tray-idle.png"),
    }
}

/// Mirrors the sync state into the tray icon, menu and tooltip.
pub fn reflect_sync(app: &AppHandle, status: &SyncStatus) {
    if let Some(menu) = app.try_state::<TrayMenu>() {
        let _ = menu.pause.set_checked(status.paused);
    }
    if let Some(tray) = app.tray_by_id(TRAY_ID) {
        let _ = tray.set_tooltip(Some(format!("Vulnbridge: {}", status.message)));
        match Image::from_bytes(icon_for(status)) {
            Ok(icon) => {
                let _ = tray.set_icon(Some(icon));
            }
            Err(err) => tracing::warn!(%err, "tray icon image unreadable"),
        }
    }
}

/// Shows, unminimizes and focuses the main window.
pub fn show_main_window(app: &AppHandle) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// Summarizes connection health in the tray menu: all working, or which one needs attention.
pub fn reflect_connections(app: &AppHandle, connections: &[ConnectionView]) {
    let line = health_line(connections);
    if let Some(menu) = app.try_state::<TrayMenu>() {
        let _ = menu.health.set_text(&line);
    }
}

fn health_line(connections: &[ConnectionView]) -> String {
    let troubled: Vec<&ConnectionView> = connections
        .iter()
        .filter(|c| {
            matches!(
                c.health.state,
                HealthState::Failing | HealthState::NeedsReauth
            )
        })
        .collect();
    match (connections.len(), troubled.as_slice()) {
        (0, _) => "Jira: no connection yet".to_owned(),
        (_, []) => format!(
            "Jira: {} connection{} working",
            connections.len(),
            if connections.len() == 1 { "" } else { "s" }
        ),
        (_, [one]) if one.health.state == HealthState::NeedsReauth => {
            format!("Jira: {} needs you to sign in again", one.name)
        }
        (_, [one]) => format!("Jira: {} is failing", one.name),
        (_, many) => format!("Jira: {} connections need attention", many.len()),
    }
}
