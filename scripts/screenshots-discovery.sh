#!/usr/bin/env bash
# Screenshots of step 2's automatic discovery from the real window under Xvfb, in three
# languages: while searching (the ISPDB never answers, so the search waits for it), after finding
# servers from an untrusted source (an Exmail-hosted domain's MX), and from a trusted one (SRV
# records inside the domain), and after finding nothing, with the reasons opened. DNS is a dnsmasq on loopback (examples/discovery_for_screenshots.rs).
# Needs xvfb, imagemagick, dnsmasq. MAILWIZ_PROFILE=debug skips the release build.
# Output: docs/screenshots/<lang>-2-discovery-<case>.png
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${MAILWIZ_PROFILE:-release}
if [[ $profile == release ]]; then flag=--release; else flag=; fi
cargo build $flag --bin mailwiz --example discovery_for_screenshots >/dev/null
bin=target/$profile/mailwiz
out=docs/screenshots
display=:94
Xvfb "$display" -screen 0 1000x800x24 >/dev/null 2>&1 &
xvfb=$!
coproc HELPER { "target/$profile/examples/discovery_for_screenshots"; }
trap 'kill $xvfb 2>/dev/null || true; kill "${HELPER_PID:-}" 2>/dev/null || true' EXIT
while read -r line <&"${HELPER[0]}"; do
  [[ $line == READY=1 ]] && break
  eval "$line"
done
export DISPLAY=$display

shot() { # lang case address ispdb wait
  local lang=$1 case=$2 address=$3 ispdb=$4 wait=$5
  local home; home=$(mktemp -d)
  HOME=$home MAILWIZ_DNS=$DNS MAILWIZ_ISPDB_URL=$ispdb "$bin" --lang "$lang" --client thunderbird \
    --address "$address" --step address >/dev/null 2>&1 &
  local pid=$!
  sleep "$wait"
  if [[ -n ${CLICK_AT:-} ]]; then
    # Open a collapsed part first (the "why nothing was found" details).
    xdotool mousemove $CLICK_AT click 1; sleep 1
  fi
  import -window root -crop 900x680+0+0 "$out/$lang-2-discovery-$case.png"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$home"
}

for lang in zh-CN zh-TW en; do
  shot "$lang" searching someone@exmail-corp.test "$SLOW_ISPDB" "${SEARCH_DELAY:-3.5}"
  shot "$lang" untrusted someone@exmail-corp.test "$NO_ISPDB" "${FOUND_DELAY:-4}"
  shot "$lang" trusted someone@srv-corp.test "$NO_ISPDB" "${FOUND_DELAY:-4}"
  CLICK_AT=${NOTHING_CLICK:-100 189} shot "$lang" nothing someone@nothing-corp.test "$NO_ISPDB" "${NOTHING_DELAY:-8}"
done
ls -la "$out" | grep discovery
