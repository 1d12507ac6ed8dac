#!/usr/bin/env bash
# Sets up what is missing and runs Vulnbridge. On first run, the welcome screen offers the
# built-in Jira sandbox, so the whole flow can be tried without a Jira account.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export PATH="$CARGO_HOME/bin:$PATH"

scripts/setup-debian.sh
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  npm --prefix ui ci --no-audit --no-fund --loglevel=error
fi
npm --prefix ui run --silent build
echo "Building Vulnbridge (the first build takes a few minutes)…"
cargo build -p vulnbridge --features custom-protocol --bin vulnbridge --quiet

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found (DISPLAY and WAYLAND_DISPLAY are unset)." >&2
  echo "Run this from a desktop session, or headless with: xvfb-run -a scripts/run.sh" >&2
  exit 1
fi
target="${CARGO_TARGET_DIR:-target}"
exec "$target/debug/vulnbridge" "$@"
