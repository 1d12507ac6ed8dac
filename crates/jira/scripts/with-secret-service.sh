#!/usr/bin/env bash
# Runs a command against a private, throwaway Secret Service (D-Bus session + unlocked
# gnome-keyring in a temporary HOME), so keyring tests never touch your real keyring:
#
#   crates/jira/scripts/with-secret-service.sh cargo test -p vulnbridge-jira
#
# The session itself is set up by the repository's shared wrapper.
exec "$(dirname "$0")/../../../scripts/with-desktop-session.sh" "$@"
