#!/usr/bin/env bash
# Runs every test of mailwiz on a fresh Debian/Ubuntu machine, as root: installs the system
# packages the tests need (a real Dovecot, gnome-keyring in a private D-Bus session) and runs
# `cargo test`; then builds the Windows programs and installer and checks them under Wine
# (scripts/windows.sh), and builds, installs and removes the .deb (scripts/linux-package.sh).
# .ci/run calls exactly this script. MAILWIZ_TESTS=host runs only the first part (cargo test),
# for a quick run while working; arguments are passed to cargo test.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
step() {
  local t=$SECONDS
  "$@"
  echo "test.sh: '$*' took $((SECONDS - t)) s (total $((SECONDS - started)) s)"
}

bash .ci/install-test-deps.sh

# The keyring test talks to a real Secret Service: gnome-keyring inside a private D-Bus session
# that ends with the tests. Everything else runs in the same session; UI tests use a mock store.
step dbus-run-session -- bash -c '
  set -euo pipefail
  printf "mailwiz-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  MAILWIZ_KEYRING_TEST=1 cargo test --locked --all-targets "$@"
' bash "$@"

if [ "${MAILWIZ_TESTS:-all}" = host ]; then
  exit 0
fi
step bash scripts/windows.sh build
step bash scripts/windows.sh test
step bash scripts/linux-package.sh build
step bash scripts/linux-package.sh test
