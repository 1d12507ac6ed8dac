#!/usr/bin/env bash
# Installs what Vulnbridge needs on Debian 12 to build, run and test the desktop app.
# Idempotent: skips what is already there. As root it runs apt itself; otherwise it prints
# the exact sudo line to run and stops.
set -euo pipefail

BUILD_PKGS=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config)
TEST_PKGS=(xvfb xauth webkit2gtk-driver dbus dbus-x11 gnome-keyring libsecret-tools
  libdbus-1-dev keyutils imagemagick x11-utils xdotool fonts-dejavu-core fonts-noto-core
  libgl1-mesa-dri at-spi2-core)

want=("${BUILD_PKGS[@]}")
if [ "${1:-}" = "--test" ]; then want+=("${TEST_PKGS[@]}"); fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: these Debian packages are missing. Run this, then try again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

if [ "${1:-}" = "--test" ] && ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "setup: installing tauri-driver (about 30 s)"
  cargo install tauri-driver --locked --version '^2' --quiet
fi
