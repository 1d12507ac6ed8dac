//! The thin Tauri shell of Vulnbridge: window, tray, IPC commands and events.
//! Everything else lives in the Tauri-free crates under `crates/`.

mod commands;
mod data_dir;
mod error;
mod events;
pub mod ipc;
mod logging;
mod state;
mod sync_service;
mod tray;
mod watcher;

use tauri::Manager;

pub use error::AppError;

/// Starts the desktop app. Blocks until the user quits.
pub fn run() {
    let specta = ipc::builder();
    tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            // A second launch brings the running window forward instead of starting twice.
            tray::show_main_window(app);
        }))
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            let data_dir = data_dir::resolve(app.handle())?;
            let log_guard = logging::init(&data_dir, state::stored_log_level(&data_dir).as_deref())?;
            tracing::info!(data_dir = %data_dir.display(), version = env!("CARGO_PKG_VERSION"), "Vulnbridge starting");
            let state = state::AppState::open(data_dir, log_guard)?;
            app.manage(state);
            tray::install(app.handle());
            watcher::start(app.handle());
            let trigger = sync_service::start(app.handle());
            let _ = app.state::<state::AppState>().sync_trigger.set(trigger);
            tauri::async_runtime::spawn(commands::connections::resume_sandbox(app.handle().clone()));
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing the window keeps Vulnbridge syncing in the tray; Quit is in the tray menu.
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if tray::is_available(window.app_handle()) {
                    api.prevent_close();
                    let _ = window.hide();
                }
            }
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|err| {
            eprintln!("Vulnbridge could not start: {err}");
            std::process::exit(1);
        });
}
