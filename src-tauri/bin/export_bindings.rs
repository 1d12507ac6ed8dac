//! Writes the TypeScript IPC bindings generated from the Rust commands and events.
//! Run from the repository root: `cargo run --bin export-bindings`.

fn main() {
    match vulnbridge_app::ipc::render_bindings() {
        Ok(text) => {
            if let Err(err) = std::fs::write(vulnbridge_app::ipc::BINDINGS_PATH, text) {
                eprintln!(
                    "cannot write {}: {err} (run from the repository root)",
                    vulnbridge_app::ipc::BINDINGS_PATH
                );
                std::process::exit(1);
            }
            println!("wrote {}", vulnbridge_app::ipc::BINDINGS_PATH);
        }
        Err(err) => {
            eprintln!("cannot generate the bindings: {err}");
            std::process::exit(1);
        }
    }
}
