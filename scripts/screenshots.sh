#!/usr/bin/env bash
# Takes screenshots of every wizard step in every language from the real window under Xvfb.
# Needs: apt-get install xvfb imagemagick xdotool; a release build (cargo build --release).
# Output: docs/screenshots/<lang>-<n>-<step>.png
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/${MAILWIZ_PROFILE:-release}/mailwiz
out=docs/screenshots
mkdir -p "$out"
display=:97
Xvfb "$display" -screen 0 1000x760x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 0.5
export DISPLAY=$display

shot() { # lang step n extra-args...
  local lang=$1 step=$2 n=$3; shift 3
  local home; home=$(mktemp -d)
  HOME=$home XDG_DATA_HOME=$home/data MAILWIZ_FONT=${MAILWIZ_FONT:-} \
    "$bin" --lang "$lang" --step "$step" "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep "${SHOT_DELAY:-1.5}"
  if [[ -n "${SHOT_ACTION:-}" ]]; then eval "$SHOT_ACTION"; fi
  local name=$lang-$n-$step
  [[ $n == *-* ]] && name=$lang-$n
  import -window root -crop 900x680+0+0 "$out/$name.png"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$home"
}

type_code='xdotool search --name mailwiz | head -1 | xargs -r xdotool windowfocus --sync || true; xdotool type --delay 20 abcdefghijklmnop; sleep 0.5; xdotool mousemove 850 652 click 1; sleep 1.5'
skip_test='xdotool key Tab; sleep 0.3; xdotool key Return; sleep 0.8; xdotool mousemove 850 652 click 1; sleep 1.5'
for lang in zh-CN zh-TW en; do
  shot "$lang" client 1
  shot "$lang" address 2 --client thunderbird --address someone@qq.com
  shot "$lang" protocol 3 --client foxmail --address someone@163.com --protocol imap
  shot "$lang" code 4 --client outlook-classic --address someone@qq.com --protocol imap
  # Steps 5 and 6 need a code: typed on step 4, then Next (bottom right); on step 5 the focus
  # is on "Start the test", Tab moves to "Skip the test".
  SHOT_ACTION="$type_code" shot "$lang" code 5-test --client thunderbird --address someone@qq.com --protocol imap
  SHOT_ACTION="$type_code; $skip_test" shot "$lang" code 6-summary --client foxmail --address someone@qq.com --protocol imap
done
ls -la "$out"

# Help-desk mode (bigger text, numbered controls, reference code) on the summary and code steps.
for lang in zh-CN zh-TW en; do
  SHOT_ACTION="$type_code; $skip_test" shot "$lang" code 6-helpdesk --client apple-mail-ios --address someone@163.com --protocol imap --helpdesk
  shot "$lang" code 4-helpdesk --client foxmail --address someone@qq.com --protocol imap --helpdesk
done
