#!/usr/bin/env bash
# The Linux package: a .deb made by cargo-deb (release build, .desktop entry, icon), then
# installed with dpkg/apt, started (command line and window under Xvfb) and removed again.
#
#   bash scripts/linux-package.sh build   # target/dist/mailwiz_VERSION-1_amd64.deb
#   bash scripts/linux-package.sh test    # install, start, remove (needs root)
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_DEB_VERSION=3.8.0
DIST=target/dist
say() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'linux-package.sh: %s\n' "$*" >&2; exit 1; }

apt_install() { # installs what is missing of these Debian packages
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    say "apt: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

build() {
  local started=$SECONDS
  if [ "$(cargo deb --version 2>/dev/null | awk '{print $2}')" != "$CARGO_DEB_VERSION" ]; then
    say "installing cargo-deb $CARGO_DEB_VERSION from crates.io (once)"
    cargo install --locked --quiet cargo-deb --version "$CARGO_DEB_VERSION"
  fi
  apt_install dpkg-dev desktop-file-utils
  desktop-file-validate assets/linux/mailwiz.desktop
  mkdir -p "$DIST"
  say "cargo deb (release build)"
  cargo deb --locked --output "$DIST/"
  ls -l "$DIST"/*.deb
  say "built in $((SECONDS - started)) s"
}

test_deb() {
  local started=$SECONDS
  local deb
  deb=$(ls "$DIST"/mailwiz_*_amd64.deb 2>/dev/null | tail -n1)
  [ -n "$deb" ] || die "no .deb: run scripts/linux-package.sh build first"
  apt_install xvfb xdotool
  if dpkg-query -W mailwiz >/dev/null 2>&1; then dpkg -r mailwiz >/dev/null; fi
  say "installing $deb"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
  dpkg -L mailwiz | grep -qx /usr/share/applications/mailwiz.desktop || die "no .desktop entry installed"
  dpkg -L mailwiz | grep -qx /usr/share/icons/hicolor/256x256/apps/mailwiz.png || die "no icon installed"
  desktop-file-validate /usr/share/applications/mailwiz.desktop
  [ "$(/usr/bin/mailwiz --version)" = "mailwiz $(dpkg-query -W -f='${Version}' mailwiz | sed 's/-[0-9]*$//')" ] ||
    die "installed mailwiz --version does not match the package"
  /usr/bin/mailwiz lookup someone@163.com --json | grep -q '"provider_id": "netease-163"' ||
    die "installed mailwiz lookup gave the wrong answer"
  say "the installed command line works"
  local display=:94 home
  home=$(mktemp -d)
  Xvfb "$display" -screen 0 1000x760x24 -nolisten tcp >/dev/null 2>&1 &
  local xvfb=$!
  sleep 1
  DISPLAY=$display HOME=$home XDG_DATA_HOME=$home/data MAILWIZ_FONT=bundled \
    /usr/bin/mailwiz --lang zh-CN >"$home/out.log" 2>&1 &
  local pid=$! id=""
  for _ in $(seq 60); do
    id=$(DISPLAY=$display xdotool search --onlyvisible --name '^mailwiz$' 2>/dev/null | head -n1 || true)
    [ -n "$id" ] && break
    sleep 0.5
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  [ -n "$id" ] || die "the installed mailwiz opened no window: $(cat "$home/out.log")"
  rm -rf "$home"
  say "the installed mailwiz opened its window"
  dpkg -r mailwiz >/dev/null
  [ ! -e /usr/bin/mailwiz ] && [ ! -e /usr/share/applications/mailwiz.desktop ] ||
    die "dpkg -r left files behind"
  say "removed; .deb checks passed in $((SECONDS - started)) s"
}

case "${1:-}" in
  build) build ;;
  test) test_deb ;;
  *) die "usage: linux-package.sh build|test" ;;
esac
