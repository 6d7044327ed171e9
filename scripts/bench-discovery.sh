#!/usr/bin/env bash
# Benchmarks automatic discovery for an unknown domain with the default per-source timeout:
# every source answering, and sources black-holed (see examples/bench_discovery.rs). Everything
# runs on loopback (dnsmasq, a local HTTPS server, Dovecot). BENCH_N=10 for more runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-test-deps.sh
exec cargo run --release --locked --example bench_discovery "$@"
