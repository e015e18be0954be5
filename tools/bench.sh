#!/usr/bin/env bash
# Prints the speed and size figures: criterion benchmarks of the core (native), then the Node benchmark
# of the wasm build against npm twitter-text, the browser benchmarks of the overlay and the side panel, the size
# of both wasm modules, and last the peer table (bench/peers.bench.mjs). Run on a quiet machine.
#   bash tools/bench.sh                 all of it (several minutes); also `make bench`
#   bash tools/bench.sh --quick         shorter measurements everywhere (a smoke run)
#   bash tools/bench.sh --peers-only    only the peer table
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
ensure_build_tools
[ -f dist/node/index.mjs ] || bash tools/build.sh --no-sample

measure=3
quick=""
peers_only=""
for arg in "$@"; do
  case "$arg" in
    --quick) measure=1; quick=--quick ;;
    --peers-only) peers_only=1 ;;
    *) die "unknown option '$arg' (known: --quick, --peers-only)" ;;
  esac
done

peer_table() {
  log "the peer table: counting, checking, start, size against twitter-text, @atproto/api, harper.js, textlint"
  node bench/peers.bench.mjs $quick
}
if [ -n "$peers_only" ]; then peer_table; exit 0; fi

log "criterion benchmarks of the core (native, median of each group)"
for bench in text check suggest plan; do
  cargo bench --locked -q -p porte-voix-core --bench "$bench" -- --warm-up-time 1 --measurement-time "$measure" 2>/dev/null \
    | awk '/^ +time:/ { print prev } /time:/ { print } { prev = $0 }' || true  # long names sit on their own line
done

log "wasm build against npm twitter-text (Node $(node --version))"
node bench/count.bench.mjs

log "keystroke-to-overlay latency and service-worker cold start, in headless Chromium and Firefox"
node tests/browser/editors/build.mjs >/dev/null
node bench/overlay.bench.mjs

log "the side panel with 5,000 posts: opening to the month view and saving one post, in headless Chromium and Firefox"
node bench/panel.bench.mjs

for wasm in dist/node/porte_voix_wasm_bg.wasm dist/node/porte_voix_planner_bg.wasm; do
  log "$(printf '%s: %d bytes raw, %d bytes gzipped' "$wasm" "$(wc -c < "$wasm")" "$(gzip -9 -c "$wasm" | wc -c)")"
done

peer_table
