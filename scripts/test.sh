#!/usr/bin/env bash
# Runs every Vulnbridge test: UI lint, types and unit tests, Rust format, lints and tests
# (with the real Secret Service), the IPC bindings check and the end-to-end tests of the real
# app under Xvfb. Installs what it needs first (Debian packages, npm deps, tauri-driver).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export PATH="$CARGO_HOME/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
start=$SECONDS
step() { printf '\n== %s (%ss)\n' "$*" "$((SECONDS - start))"; }

step "System packages and tauri-driver"
scripts/setup-debian.sh --test

step "UI dependencies"
npm --prefix ui ci --no-audit --no-fund --loglevel=error

step "UI lint (eslint)"
npm --prefix ui run --silent lint

step "UI types and build (tsc --noEmit, vite)"
npm --prefix ui run --silent build

step "UI unit tests (vitest)"
npm --prefix ui test --silent

step "Rust format"
cargo fmt --all --check

step "Rust lints (clippy -D warnings)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "Rust tests of the crates (real SQLite, real Secret Service, sandbox on loopback)"
scripts/with-desktop-session.sh cargo test --quiet

step "App build with embedded UI"
cargo build -p vulnbridge --features custom-protocol --bins --quiet

step "IPC bindings are up to date"
cargo test -p vulnbridge --features custom-protocol --test bindings --quiet

step "End-to-end tests of the real app (Xvfb, tauri-driver, WebKitWebDriver)"
scripts/with-desktop-session.sh --xvfb cargo test -p vulnbridge-e2e --quiet -- --test-threads=1

step "All tests passed"
