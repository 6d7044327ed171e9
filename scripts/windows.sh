#!/usr/bin/env bash
# Builds and tests the Windows version of mailwiz on this Linux machine.
#
#   bash scripts/windows.sh build   # the release .exe pair, the NSIS installer and the portable .zip
#   bash scripts/windows.sh test    # runs them under Wine 10 (CLI, window, keyring, login, installer)
#
# rustup cannot fetch other targets here, so both run inside a Debian sid chroot whose own rustc,
# rust-src, mingw-w64 and Wine come from Debian's packages (nothing prebuilt is downloaded from
# anywhere else). The chroot is made once and cached outside the repository, in
# $MAILWIZ_WINDOWS_CACHE (default /var/cache/mailwiz-windows); every step is idempotent.
# Needs root (debootstrap, chroot, bind mounts). Outputs land in target/dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
CACHE=${MAILWIZ_WINDOWS_CACHE:-/var/cache/mailwiz-windows}
ROOT=$CACHE/sid
MIRROR=${MAILWIZ_DEBIAN_MIRROR:-http://deb.debian.org/debian}
TRIPLE=x86_64-pc-windows-gnu
# Inside the chroot the repository is bind-mounted at its own path, so every path (a test's
# temp file, an output) means the same inside and out, and Wine sees it as Z:<path>. The cross
# build has its own target directory so it never fights the host toolchain's fingerprints.
WIN_TARGET_DIR=target/windows
EXE_DIR=$WIN_TARGET_DIR/$TRIPLE/release
DIST=target/dist
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
APT_OPTS=(-o Acquire::Check-Valid-Until=false -o APT::Install-Recommends=false -o Dpkg::Use-Pty=0 -qq)
# Packages inside the chroot: the cross toolchain, Wine 10 and what the Wine checks use.
CHROOT_PACKAGES=(rustc cargo rust-src libstd-rust-dev gcc libc6-dev pkg-config
  gcc-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64 nsis zip unzip
  wine wine64 libwine fonts-wine xvfb xauth xdotool x11-apps imagemagick python3 ca-certificates
  locales)

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'windows.sh: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot and bind mounts)"

MOUNTED=()
unmount_all() {
  local i
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
    umount -l "${MOUNTED[$i]}" 2>/dev/null || true
  done
  MOUNTED=()
}
trap unmount_all EXIT

bind() { # bind SRC DEST (DEST inside the chroot)
  mkdir -p "$2"
  if ! mountpoint -q "$2"; then
    mount --bind "$1" "$2"
    MOUNTED+=("$2")
  fi
}

in_chroot() { # runs a bash snippet inside the chroot, in the repository
  chroot "$ROOT" /usr/bin/env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
    LANG=C.UTF-8 TERM=dumb CI="${CI:-}" "${PASS_ENV[@]}" bash -c "set -euo pipefail; cd '$REPO'; $1"
}
PASS_ENV=()

mounts() {
  bind /proc "$ROOT/proc"
  bind /dev "$ROOT/dev"
  bind /dev/pts "$ROOT/dev/pts"
  bind "$REPO" "$ROOT$REPO"
}

ensure_chroot() {
  if [ ! -f "$ROOT/.mailwiz-ready" ]; then
    command -v debootstrap >/dev/null || {
      say "installing debootstrap on the host"
      apt-get "${APT_OPTS[@]}" update
      apt-get "${APT_OPTS[@]}" install -y debootstrap
    }
    if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
      say "making the Debian sid chroot in $ROOT (once; about 2 minutes)"
      rm -rf "$ROOT"
      mkdir -p "$CACHE"
      debootstrap --variant=minbase --include=ca-certificates sid "$ROOT" "$MIRROR"
    fi
  fi
  # The host's roots and resolver (to reach the crate registry), and a hosts file: debootstrap's
  # minbase leaves none, and then `localhost` does not resolve.
  cp /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/ca-certificates.crt"
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  printf '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n' >"$ROOT/etc/hosts"
  mounts
  if [ ! -f "$ROOT/.mailwiz-ready" ] || [ "$(cat "$ROOT/.mailwiz-ready")" != "${CHROOT_PACKAGES[*]}" ]; then
    say "installing the cross toolchain and Wine in the chroot (once; a few minutes)"
    in_chroot "export DEBIAN_FRONTEND=noninteractive
      apt-get ${APT_OPTS[*]} update
      apt-get ${APT_OPTS[*]} install -y ${CHROOT_PACKAGES[*]}
      # Chinese locales, so that Wine (and the installer) can run as a Chinese Windows would.
      printf 'en_US.UTF-8 UTF-8\nzh_CN.UTF-8 UTF-8\nzh_TW.UTF-8 UTF-8\n' >/etc/locale.gen
      locale-gen >/dev/null"
    printf '%s' "${CHROOT_PACKAGES[*]}" >"$ROOT/.mailwiz-ready"
  fi
  local v
  v=$(in_chroot "rustc --version")
  say "chroot toolchain: $v"
  in_chroot "rustc --version | awk '{split(\$2, a, \".\"); exit !(a[1] > 1 || (a[1] == 1 && a[2] >= 95))}'" ||
    die "the chroot's rustc is older than 1.95 ($v): run 'apt-get update && apt-get upgrade' in $ROOT"
}

CARGO_ENV="export RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=$WIN_TARGET_DIR \
  CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc-posix \
  CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc-posix \
  AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar WINDRES=x86_64-w64-mingw32-windres"
# -Zbuild-std: Debian ships the Windows target's std only as source (rust-src).
XFLAGS="--locked --release --target $TRIPLE -Zbuild-std=std,panic_abort --features windows-console"
# Test programs: the dev profile (the dev-dependencies change features of shared crates, so most
# of the tree is compiled again anyway, and unoptimised is faster to compile).
TEST_XFLAGS="--locked --target $TRIPLE -Zbuild-std=std,panic_abort"
STAGE=$DIST/stage
SETUP=$DIST/mailwiz-$VERSION-windows-x64-setup.exe
ZIP=$DIST/mailwiz-$VERSION-windows-x64.zip
WINE_ENV="export PATH=\$PATH:/usr/lib/x86_64-linux-gnu/wine WINEPREFIX=/root/.wine-mailwiz WINEDEBUG=-all XDG_RUNTIME_DIR=/tmp/xdg WINEDLLOVERRIDES=mscoree,mshtml=; mkdir -p /tmp/xdg"

subsystem() { # prints 2 (GUI) or 3 (console) for a PE file
  in_chroot "x86_64-w64-mingw32-objdump -p '$1' | awk '/^Subsystem/ {print \$2 + 0}'"
}

# Code signing, only when a certificate is configured (the release workflow does; nothing here
# has one): MAILWIZ_SIGN_PFX=path/to/cert.pfx and MAILWIZ_SIGN_PASSWORD, with Debian's
# osslsigncode, SHA-256 and a timestamp (MAILWIZ_SIGN_TIMESTAMP_URL, default DigiCert's).
sign() { # file
  [ -n "${MAILWIZ_SIGN_PFX:-}" ] || return 0
  in_chroot "command -v osslsigncode >/dev/null || apt-get ${APT_OPTS[*]} install -y osslsigncode"
  local pfx
  pfx=$(realpath "$MAILWIZ_SIGN_PFX")
  cp "$pfx" "$ROOT/tmp/mailwiz-sign.pfx"
  # MAILWIZ_SIGN_TIMESTAMP_URL=none signs without a timestamp (a trial with a throwaway
  # certificate, where no timestamp server can be reached).
  local ts="-ts '${MAILWIZ_SIGN_TIMESTAMP_URL:-http://timestamp.digicert.com}'"
  [ "${MAILWIZ_SIGN_TIMESTAMP_URL:-}" = none ] && ts=""
  in_chroot "osslsigncode sign -pkcs12 /tmp/mailwiz-sign.pfx -pass \"\$MAILWIZ_SIGN_PASSWORD\" \
    -n mailwiz -h sha256 $ts -in '$1' -out '$1.signed' && mv '$1.signed' '$1'" ||
    { rm -f "$ROOT/tmp/mailwiz-sign.pfx"; die "signing $1 failed"; }
  rm -f "$ROOT/tmp/mailwiz-sign.pfx"
  say "signed $1"
}

build() {
  local started=$SECONDS
  if [ -n "${MAILWIZ_SIGN_PFX:-}" ]; then PASS_ENV=(MAILWIZ_SIGN_PASSWORD="${MAILWIZ_SIGN_PASSWORD:-}"); fi
  ensure_chroot
  say "cross-building mailwiz.exe and mailwiz.com (release, $TRIPLE)"
  in_chroot "$CARGO_ENV; cargo build $XFLAGS --bins"
  say "staging, zip and installer in $DIST"
  rm -rf "$STAGE"
  mkdir -p "$STAGE"
  cp "$EXE_DIR/mailwiz.exe" "$STAGE/mailwiz.exe"
  # The console twin: cmd.exe and PowerShell pick mailwiz.com before mailwiz.exe (PATHEXT).
  cp "$EXE_DIR/mailwiz-console.exe" "$STAGE/mailwiz.com"
  cp assets/windows/README.txt "$STAGE/README.txt"
  cp assets/fonts/LICENSE-OFL.txt "$STAGE/LICENSE-OFL.txt"
  cp assets/ispdb/LICENSE "$STAGE/LICENSE-MPL-ISPDB.txt"
  [ "$(subsystem "$STAGE/mailwiz.exe")" = 2 ] || die "mailwiz.exe is not a GUI-subsystem program"
  [ "$(subsystem "$STAGE/mailwiz.com")" = 3 ] || die "mailwiz.com is not a console program"
  sign "$STAGE/mailwiz.exe"
  sign "$STAGE/mailwiz.com"
  rm -f "$ZIP" "$SETUP"
  in_chroot "cd '$STAGE' && zip -q -X '$REPO/$ZIP' mailwiz.exe mailwiz.com README.txt LICENSE-OFL.txt LICENSE-MPL-ISPDB.txt"
  local size_kb
  size_kb=$(du -sk "$STAGE" | cut -f1)
  in_chroot "makensis -V2 -INPUTCHARSET UTF8 -DVERSION=$VERSION -DSTAGE='$REPO/$STAGE' \
    -DOUTFILE='$REPO/$SETUP' -DICON='$REPO/assets/icon/mailwiz.ico' -DSIZE_KB=$size_kb \
    assets/windows/installer.nsi"
  sign "$SETUP"
  ls -l "$STAGE" "$ZIP" "$SETUP"
  say "build done in $((SECONDS - started)) s"
}

# Runs the staged mailwiz.com under Wine with the given arguments (stdin passes through).
# Used by tests/wine_login.rs through MAILWIZ_WINE_RUN.
run_com() {
  mounts
  local quoted
  quoted=$(printf ' %q' "$@")
  in_chroot "$WINE_ENV; exec wine '$REPO/$STAGE/mailwiz.com'$quoted"
}

test_windows() {
  local started=$SECONDS
  [ -f "$STAGE/mailwiz.exe" ] && [ -f "$SETUP" ] || die "nothing built: run scripts/windows.sh build first"
  ensure_chroot
  bash .ci/install-test-deps.sh
  mkdir -p "$DIST/screenshots"
  say "Wine prefix"
  in_chroot "$WINE_ENV; [ -d \$WINEPREFIX ] || wineboot -i; wine --version"
  PASS_ENV=(STAGE="$STAGE" SETUP="$SETUP" DIST="$DIST" VERSION="$VERSION")
  say "1. command line: same JSON as the Linux build, exit codes, cmd.exe"
  local linux_bin=target/debug/mailwiz
  [ -x "$linux_bin" ] || cargo build --locked --bin mailwiz
  "$linux_bin" lookup someone@qq.com --json >"$DIST/lookup-linux.json"
  in_chroot "$WINE_ENV; bash scripts/windows-checks.sh cli"
  cmp "$DIST/lookup-linux.json" "$DIST/lookup-windows.json" ||
    die "mailwiz.com lookup --json differs from the Linux build's"
  say "2. the window, in zh-CN (screenshots in $DIST/screenshots)"
  in_chroot "$WINE_ENV; bash scripts/windows-checks.sh window"
  say "3. the keyring: Windows Credential Manager, and nothing else on disk holds the code"
  in_chroot "$CARGO_ENV CARGO_PROFILE_DEV_DEBUG=0; cargo test $TEST_XFLAGS --no-run --lib --test keyring_windows --message-format=json \
    | python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get(\"reason\") == \"compiler-artifact\" and m.get(\"executable\") and m[\"profile\"][\"test\"]:
        print(m[\"target\"][\"name\"], m[\"executable\"])' >'$DIST/test-exes.txt'"
  in_chroot "$WINE_ENV; bash scripts/windows-checks.sh keyring"
  say "4. unit tests of the Windows build under Wine"
  in_chroot "$WINE_ENV; bash scripts/windows-checks.sh unit"
  say "5. real logins through SChannel against Dovecot on loopback"
  MAILWIZ_WINE_RUN="$REPO/scripts/windows-run.sh" cargo test --locked --test wine_login -- --ignored --test-threads 2
  say "6. the installer: silent install, the installed program starts, silent uninstall"
  in_chroot "$WINE_ENV; bash scripts/windows-checks.sh installer"
  say "Windows checks passed in $((SECONDS - started)) s"
}

case "${1:-}" in
  build) build ;;
  test) test_windows ;;
  run-com) shift; run_com "$@" ;;
  check) # one step of the Wine checks again, e.g. `windows.sh check keyring` (after a test run)
    mounts
    PASS_ENV=(STAGE="$STAGE" SETUP="$SETUP" DIST="$DIST" VERSION="$VERSION")
    in_chroot "$WINE_ENV; bash ${CHECKS_TRACE:+-x} scripts/windows-checks.sh ${2:-}" ;;
  chroot) ensure_chroot ;;
  *) die "usage: windows.sh build|test" ;;
esac
