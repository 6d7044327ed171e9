#!/usr/bin/env bash
# Screenshots of the test step's diagnosis, from the real window under Xvfb, in three languages:
# a wrong code and a certificate for another name (real Dovecot on loopback, started by
# examples/dovecot_for_screenshots.rs) and a blocked port (tc drops everything sent to 127.0.0.3,
# so connecting times out exactly as behind a firewall). Needs root (tc), xvfb, imagemagick,
# xdotool, dovecot. Output: docs/screenshots/<lang>-5-test-<case>.png
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --example dovecot_for_screenshots >/dev/null
bin=target/release/mailwiz
out=docs/screenshots
display=:95
Xvfb "$display" -screen 0 1000x800x24 >/dev/null 2>&1 &
xvfb=$!
coproc DOVE { target/release/examples/dovecot_for_screenshots; }
cleanup() {
  kill "$xvfb" 2>/dev/null || true
  tc qdisc del dev lo root 2>/dev/null || true
  kill "${DOVE_PID:-}" 2>/dev/null || true
}
trap cleanup EXIT
while read -r line <&"${DOVE[0]}"; do
  [[ $line == READY=1 ]] && break
  eval "$line"
done
export DISPLAY=$display

# Everything sent to 127.0.0.3 is dropped: a "blocked port".
tc qdisc add dev lo root handle 1: prio
tc filter add dev lo parent 1: protocol ip prio 1 u32 match ip dst 127.0.0.3/32 action drop

run_case() { # lang case code wait incoming outgoing ca
  local lang=$1 case=$2 code=$3 wait=$4 incoming=$5 outgoing=$6 ca=$7
  local home; home=$(mktemp -d)
  HOME=$home MAILWIZ_CA_FILE=$ca "$bin" --lang "$lang" --client thunderbird \
    --address someone@example.org --incoming "$incoming" --outgoing "$outgoing" --step code \
    >/dev/null 2>&1 &
  local pid=$!
  sleep 1.5
  xdotool search --name mailwiz | head -1 | xargs -r xdotool windowfocus --sync || true
  xdotool type --delay 20 "$code"; sleep 0.3
  xdotool key alt+Right; sleep 0.4
  xdotool key Return
  sleep "$wait"
  import -window root -crop 900x680+0+0 "$out/$lang-5-test-$case.png"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$home"
}

for lang in zh-CN zh-TW en; do
  run_case "$lang" wrong-code wrongwrongwrongw 3 "$HOST:$IMAP_TLS:tls" "$HOST:$SMTP_TLS:tls" "$CA"
  run_case "$lang" blocked-port abcdefghijklmnop 12 "127.0.0.3:993:tls" "127.0.0.3:465:tls" "$CA"
  run_case "$lang" certificate abcdefghijklmnop 3 "$HOST:$OTHER_IMAP_TLS:tls" "$HOST:$OTHER_SMTP_TLS:tls" "$OTHER_CA"
done
ls -la "$out" | grep test-
