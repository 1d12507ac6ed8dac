//! The thin Tauri shell of Vulnbridge: window, tray, IPC commands and events.

pub fn run() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("error while running Vulnbridge");
}
