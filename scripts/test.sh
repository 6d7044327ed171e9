#!/usr/bin/env bash
# Runs every test of mailwiz on a fresh Debian/Ubuntu machine: installs the system packages the
# tests need (a real Dovecot, gnome-keyring in a private D-Bus session), then `cargo test`.
# .ci/run calls exactly this script.
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/install-test-deps.sh

# The keyring test talks to a real Secret Service: gnome-keyring inside a private D-Bus session
# that ends with the tests. Everything else runs in the same session; UI tests use a mock store.
exec dbus-run-session -- bash -c '
  set -euo pipefail
  printf "mailwiz-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  MAILWIZ_KEYRING_TEST=1 cargo test --locked --all-targets "$@"
' bash "$@"
