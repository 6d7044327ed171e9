#!/usr/bin/env bash
# Screenshots of the test step's diagnosis, from the real window under Xvfb, in three languages:
# a wrong code and a certificate for another name (real Dovecot on loopback, started by
# examples/dovecot_for_screenshots.rs) and a blocked port (a listener whose accept queue is full,
# so the kernel drops every connection attempt and connecting times out as behind a firewall).
# Needs xvfb, imagemagick, xdotool, dovecot. MAILWIZ_PROFILE=debug skips the release build.
# Output: docs/screenshots/<lang>-5-test-<case>.png, and <lang>-6-summary-after-failed-test.png
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${MAILWIZ_PROFILE:-release}
if [[ $profile == release ]]; then cargo build --release --bin mailwiz --example dovecot_for_screenshots >/dev/null; else cargo build --bin mailwiz --example dovecot_for_screenshots >/dev/null; fi
bin=target/$profile/mailwiz
out=docs/screenshots
display=:95
Xvfb "$display" -screen 0 1000x800x24 >/dev/null 2>&1 &
xvfb=$!
coproc DOVE { target/$profile/examples/dovecot_for_screenshots; }
cleanup() {
  kill "$xvfb" 2>/dev/null || true
  kill "${DOVE_PID:-}" 2>/dev/null || true
}
trap cleanup EXIT
while read -r line <&"${DOVE[0]}"; do
  [[ $line == READY=1 ]] && break
  eval "$line"
done
export DISPLAY=$display


run_case() { # lang case code wait incoming outgoing ca
  local lang=$1 case=$2 code=$3 wait=$4 incoming=$5 outgoing=$6 ca=$7
  local home; home=$(mktemp -d)
  HOME=$home MAILWIZ_CA_FILE=$ca "$bin" --lang "$lang" --client thunderbird \
    --address someone@example.org --incoming "$incoming" --outgoing "$outgoing" --step code \
    >/dev/null 2>&1 &
  local pid=$!
  sleep "${START_DELAY:-1.5}"
  xdotool search --name mailwiz | head -1 | xargs -r xdotool windowfocus --sync || true
  xdotool type --delay 20 "$code"; sleep 0.5
  # Next (bottom right), then step 5's "Start the test" button, which takes the focus: Return.
  xdotool mousemove 843 653 click 1; sleep 1.2
  if [[ -n ${SHOT_DEBUG:-} ]]; then import -window root -crop 900x680+0+0 "/tmp/$lang-$case-before.png"; fi
  xdotool key Return
  sleep "$wait"
  import -window root -crop 900x680+0+0 "$out/$lang-5-test-$case.png"
  if [[ $case == wrong-code ]]; then
    # On to the summary: the failed test must still be in sight there.
    xdotool mousemove 843 653 click 1; sleep 1.2
    import -window root -crop 900x680+0+0 "$out/$lang-6-summary-after-failed-test.png"
  fi
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$home"
}

for lang in zh-CN zh-TW en; do
  run_case "$lang" wrong-code wrongwrongwrongw 6 "$HOST:$IMAP_TLS:tls" "$HOST:$SMTP_TLS:tls" "$CA"
  run_case "$lang" blocked-port abcdefghijklmnop 12 "$BLOCKED:tls" "$BLOCKED:tls" "$CA"
  run_case "$lang" certificate abcdefghijklmnop 3 "$HOST:$OTHER_IMAP_TLS:tls" "$HOST:$OTHER_SMTP_TLS:tls" "$OTHER_CA"
done
ls -la "$out" | grep test-
