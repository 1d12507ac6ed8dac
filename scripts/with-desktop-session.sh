#!/usr/bin/env bash
# Runs a command inside a throwaway desktop session: a private D-Bus session bus with an
# unlocked gnome-keyring (the real Secret Service), a temporary HOME and XDG folders, and,
# with --xvfb, a virtual X display. Nothing touches the user's real keyring or home.
#   scripts/with-desktop-session.sh [--xvfb] CMD [ARGS...]
set -euo pipefail

xvfb=0
if [ "${1:-}" = "--xvfb" ]; then xvfb=1; shift; fi
[ $# -gt 0 ] || { echo "usage: $0 [--xvfb] CMD [ARGS...]" >&2; exit 2; }

# cargo and rustup find their homes through HOME unless told; pin them before HOME moves.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export PATH="$CARGO_HOME/bin:$PATH"

session=$(mktemp -d /tmp/vulnbridge-session.XXXXXX)
trap 'rm -rf "$session"' EXIT
mkdir -p "$session"/{home,runtime,data,cache,config}
chmod 700 "$session/runtime"
export HOME="$session/home" XDG_RUNTIME_DIR="$session/runtime"
export XDG_DATA_HOME="$session/data" XDG_CACHE_HOME="$session/cache" XDG_CONFIG_HOME="$session/config"
export VULNBRIDGE_SESSION_DIR="$session"
# Tells keyring tests they run against this private Secret Service, never the real one.
export VULNBRIDGE_TEST_SECRET_SERVICE=1

inner='
  eval "$(printf %s vulnbridge-test | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
  export GNOME_KEYRING_CONTROL
  exec "$@"'
if [ $xvfb -eq 1 ]; then
  exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" bash -c "$inner" bash "$@"
else
  exec dbus-run-session -- bash -c "$inner" bash "$@"
fi
