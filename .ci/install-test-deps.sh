#!/usr/bin/env bash
# Installs what the tests need on Debian/Ubuntu (called by scripts/test.sh).
# Idempotent: asks apt only for packages that are missing, and does nothing when all are there.
#
# The tests start their own Dovecot (own config, random loopback ports, temp dir); the system
# daemon the packages bring is never used. They must run as root: the harness chowns the test
# mail dir to nobody (65534) and Dovecot drops privileges to dovenull/dovecot itself.
set -euo pipefail

# dovecot-*: the real IMAP/POP3/submission peer; gnome-keyring + dbus: a real Secret Service for
# tests/keyring_real.rs (scripts/test.sh runs it in a private D-Bus session); libssl-dev and
# pkg-config: native-tls builds against OpenSSL on Linux; dnsmasq-base: the dnsmasq binary without
# its system service, the loopback DNS server of tests/discovery_dns.rs.
packages=(dovecot-imapd dovecot-pop3d dovecot-submissiond gnome-keyring dbus-daemon dbus-bin
          libssl-dev pkg-config dnsmasq-base)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} > 0)); then
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        sudo=(sudo)
    fi
    echo "install-test-deps: installing ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

dovecot_bin=$(command -v dovecot 2>/dev/null || echo /usr/sbin/dovecot)
if [[ ! -x $dovecot_bin ]]; then
    echo "install-test-deps: dovecot is still missing after install" >&2
    exit 1
fi
echo "install-test-deps: dovecot $("$dovecot_bin" --version) ready"
