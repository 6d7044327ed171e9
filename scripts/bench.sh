#!/usr/bin/env bash
# Benchmarks the full three-protocol login test as people run it — a fresh `mailwiz test
# --protocol all` process each time (IMAP + POP3 + SMTP over implicit TLS, in parallel) — against
# curl doing the same three logins one process after another, and the wizard's first test (a
# fresh `first_test` example process each time), against a throwaway Dovecot on loopback:
# straight, and through a proxy adding 50 ms each way. Prints medians, ratios and round trips.
# Release build. See examples/bench_probe.rs. BENCH_N=20 scripts/bench.sh for more runs (default 10).
set -euo pipefail
cd "$(dirname "$0")/.."

# Dovecot and the rest of what the tests need (idempotent).
bash .ci/install-test-deps.sh

if ! command -v curl >/dev/null 2>&1; then
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        sudo=(sudo)
    fi
    echo "bench: installing curl"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl
fi

# The binaries it spawns, then the benchmark itself (it finds them next to it).
cargo build --release --locked --bin mailwiz --example first_test --example bench_probe
exec cargo run --release --locked --example bench_probe "$@"
