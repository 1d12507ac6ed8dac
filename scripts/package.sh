#!/usr/bin/env bash
# Builds the release app and a Debian package (target/release/bundle/deb/*.deb).
# Install it with: sudo apt install ./target/release/bundle/deb/Vulnbridge_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export PATH="$CARGO_HOME/bin:$PATH"
scripts/setup-debian.sh
if [ ! -d ui/node_modules ]; then npm --prefix ui ci --no-audit --no-fund --loglevel=error; fi
# The Tauri CLI comes from npm on demand (it is kept out of ui/package.json: see PLATFORM.md P5).
npx -y @tauri-apps/cli@2.12 build --bundles deb -- -p vulnbridge
ls -l target/release/vulnbridge target/release/bundle/deb/*.deb
