#!/usr/bin/env bash
# Measures the release build's start-up under Xvfb: time from the start of main() to the first
# drawn frame (printed by the program itself with MAILWIZ_STARTUP_TIMING=1), wall time from exec
# to that line, and peak RSS (VmHWM from /proc after the window has settled).
# Needs: apt-get install xvfb; cargo build --release. Usage: scripts/measure.sh [runs] [font]
# font = system (default: use an installed system CJK font when present) or bundled.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
font=${2:-system}
bin=target/release/mailwiz
display=:98
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 0.5
for i in $(seq "$runs"); do
  home=$(mktemp -d)
  log=$(mktemp)
  start=$(date +%s%N)
  env HOME="$home" DISPLAY="$display" MAILWIZ_STARTUP_TIMING=1 \
      MAILWIZ_FONT=$([[ $font == bundled ]] && echo bundled || echo auto) \
      "$bin" --lang zh-CN --client thunderbird --address someone@qq.com --step summary 2>"$log" &
  pid=$!
  until grep -q "first frame" "$log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null || (( ($(date +%s%N) - start) / 1000000 > 20000 )); then
      echo "run $i: no first frame (exited or >20 s); its output:" >&2; cat "$log" >&2; exit 1
    fi
    sleep 0.005
  done
  wall=$((($(date +%s%N) - start) / 1000000))
  sleep 2 # let it settle (keyring check, a few more frames)
  hwm=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "run $i: $(grep -o '[0-9]* ms' "$log" | head -1) to first frame (wall from exec: ${wall} ms), peak RSS $((hwm / 1024)) MB"
  rm -rf "$home" "$log"
done
