#!/usr/bin/env bash
# Runs a command (e.g. `cargo test`) against a private, throwaway Secret Service:
# a fresh D-Bus session bus with gnome-keyring-daemon unlocked, in a temporary HOME and
# XDG_RUNTIME_DIR, so tests never touch your real keyring.
#
#   crates/jira/scripts/with-secret-service.sh cargo test -p vulnbridge-jira
#
# Needs: dbus (dbus-run-session), gnome-keyring. Debian: apt-get install dbus gnome-keyring
# (building the crate also needs libdbus-1-dev and pkg-config).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-secret-service: '$tool' is not installed (Debian: apt-get install dbus gnome-keyring)" >&2
    exit 127
  fi
done

# Cargo resolves paths from the caller's directory; the temporary HOME must not change that,
# but rustup/cargo look in HOME, so keep them pointing at the real ones.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"

scratch="$(mktemp -d -t vulnbridge-secret-service.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home" "$scratch/runtime"
chmod 700 "$scratch/runtime"
export HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/runtime"
# Tells the keyring tests they run against this private Secret Service, not a real one.
export VULNBRIDGE_TEST_SECRET_SERVICE=1

# shellcheck disable=SC2016 # expanded by the inner shell
dbus-run-session -- bash -c '
  set -euo pipefail
  eval "$(printf %s vulnbridge-test | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  "$@"
' with-secret-service "$@"
