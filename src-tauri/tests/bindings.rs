//! Fails when ui/src/ipc/bindings.ts no longer matches the Rust commands and events.

#[test]
fn committed_typescript_bindings_match_the_rust_ipc_surface() {
    let fresh = vulnbridge_app::ipc::render_bindings().expect("bindings render");
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(vulnbridge_app::ipc::BINDINGS_PATH);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        fresh == committed,
        "{} is stale: run `cargo run -p vulnbridge --bin export-bindings` and commit the result",
        path.display()
    );
}
