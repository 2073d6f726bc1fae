#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring
# (a real Secret Service), so keychain tests never touch the user's own keyring.
# Where D-Bus or gnome-keyring are missing, the command runs as it is and the
# keychain tests report that no Secret Service is available.
set -euo pipefail
if [ "${TWOFOLD_PRIVATE_KEYRING:-}" = "1" ]; then exec "$@"; fi
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-keychain: dbus-run-session or gnome-keyring-daemon missing; running without a Secret Service" >&2
  exec "$@"
fi
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home" TWOFOLD_PRIVATE_KEYRING=1
# The keyring's own password only protects this throwaway collection.
dbus-run-session -- bash -c 'printf "twofold-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"' with-keychain "$@" \
  2> >(grep -v "Failed to set fd limit" >&2)
