#!/usr/bin/env bash
# Prints the speed and size figures: criterion benchmarks of the core (native), then the Node benchmark
# of the wasm build against npm twitter-text, and the wasm size. Run on a quiet machine.
#   bash tools/bench.sh            all of it (a few minutes)
#   bash tools/bench.sh --quick    shorter criterion measurements
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
ensure_build_tools
[ -f dist/node/index.mjs ] || bash tools/build.sh --no-sample

measure=3
[ "${1:-}" = "--quick" ] && measure=1
log "criterion benchmarks of the core (native, median of each group)"
for bench in text check suggest plan; do
  cargo bench --locked -q -p porte-voix-core --bench "$bench" -- --warm-up-time 1 --measurement-time "$measure" 2>/dev/null \
    | awk '/^ +time:/ { print prev } /time:/ { print } { prev = $0 }' || true  # long names sit on their own line
done

log "wasm build against npm twitter-text (Node $(node --version))"
node bench/count.bench.mjs

wasm=dist/node/porte_voix_wasm_bg.wasm
log "$(printf 'wasm engine: %d bytes raw, %d bytes gzipped' "$(wc -c < "$wasm")" "$(gzip -9 -c "$wasm" | wc -c)")"
