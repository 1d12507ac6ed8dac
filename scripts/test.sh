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
# Every test runner's output is also collected here, to print one total at the end.
results=$(mktemp /tmp/vulnbridge-test-results.XXXXXX)
trap 'rm -f "$results"' EXIT

step "System packages and tauri-driver"
scripts/setup-debian.sh --test

step "UI dependencies"
npm --prefix ui ci --no-audit --no-fund --loglevel=error

step "UI lint (eslint)"
npm --prefix ui run --silent lint

step "UI types and build (tsc --noEmit, vite)"
npm --prefix ui run --silent build

step "UI unit tests (vitest)"
npm --prefix ui test --silent 2>&1 | tee -a "$results"

step "Rust format"
cargo fmt --all --check

step "Rust lints (clippy -D warnings)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "Rust tests of the crates (real SQLite, real Secret Service, sandbox on loopback)"
scripts/with-desktop-session.sh cargo test --quiet 2>&1 | tee -a "$results"

step "App build with embedded UI"
cargo build -p vulnbridge --features custom-protocol --bins --quiet

step "App unit tests and the IPC bindings check"
cargo test -p vulnbridge --features custom-protocol --lib --test bindings --quiet 2>&1 | tee -a "$results"

step "End-to-end tests of the real app (Xvfb, tauri-driver, WebKitWebDriver)"
scripts/with-desktop-session.sh --xvfb cargo test -p vulnbridge-e2e --tests --quiet -- --test-threads=1 2>&1 | tee -a "$results"

step "All tests passed"
# One closing line for the whole run: cargo's per-binary results plus Vitest's total.
sed 's/\x1b\[[0-9;]*m//g' "$results" | awk '
  /^test result:/ { p += $4; f += $6 }
  /^ *Tests +[0-9]+ passed/ { for (i = 1; i <= NF; i++) if ($(i+1) == "passed") p += $i }
  END { printf "%d passed, %d failed\n", p, f }' 
