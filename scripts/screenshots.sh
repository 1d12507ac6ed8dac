#!/usr/bin/env bash
# Writes PNGs of the main screens (light and dark) to tests/e2e/shots/ so the UI can be
# looked at. Builds the app first. Needs what scripts/test.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export PATH="$CARGO_HOME/bin:$PATH"
npm --prefix ui run --silent build
cargo build -p vulnbridge --features custom-protocol --bin vulnbridge --quiet
scripts/with-desktop-session.sh --xvfb cargo test -p vulnbridge-e2e --test screenshots --quiet
ls -1 tests/e2e/shots/screen-*.png
