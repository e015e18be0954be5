#!/usr/bin/env bash
# The README's first command: installs what is missing, builds everything, runs the toolkit on a sample.
#
#   dist/chrome/, dist/firefox/        the unpacked extension for each browser
#   dist/porte-voix-{chrome,firefox}.zip
#   dist/node/                         the wasm engine and planner loadable from Node (tests, benchmarks)
#   target/release/porte-voix          the command-line toolkit
#
# `tools/build.sh --no-sample` builds without the sample run (used by tools/test.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

ensure_build_tools

WASM_TARGET_DIR="$ROOT/target/wasm"
WASM_OUT="$WASM_TARGET_DIR/wasm32-unknown-unknown/wasm/porte_voix_wasm.wasm"
GLUE_DIR="$ROOT/target/wasm-glue"

# The wasm is built twice from crate/wasm with different features: the keystroke engine (loaded when the
# background wakes, budget 300 KB gzipped) and the planner (plan books and storage.sync, loaded on first use).
WASM_MODULES=("engine:porte_voix_wasm" "planner:porte_voix_planner")

# build_module FEATURE OUT_NAME: crate/wasm with only FEATURE, its glue and optimised wasm in $GLUE_DIR.
build_module() {
  local feature="$1" name="$2"
  log "building the wasm $feature ($WASM_ROUTE route)"
  if [ "$WASM_ROUTE" = rustup ]; then
    CARGO_TARGET_DIR="$WASM_TARGET_DIR" cargo build --quiet --profile wasm --locked \
      --target wasm32-unknown-unknown -p porte-voix-wasm --no-default-features --features "$feature"
  else
    # Debian's compiler on a stable release needs RUSTC_BOOTSTRAP for -Z build-std; it stays confined here.
    CARGO_TARGET_DIR="$WASM_TARGET_DIR" RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc \
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/lib/llvm-22/bin/wasm-ld \
      /usr/bin/cargo build --quiet --profile wasm --locked --target wasm32-unknown-unknown \
      -Z build-std=std,panic_abort -p porte-voix-wasm --no-default-features --features "$feature"
  fi
  # --experimental-reset-state-function gives the background a way to start a fresh instance after a panic.
  wasm-bindgen --target web --experimental-reset-state-function --out-dir "$GLUE_DIR" --out-name "$name" "$WASM_OUT"
  local opt="$ROOT/node_modules/.bin/wasm-opt"
  if [ -x "$opt" ]; then
    # --converge repeats -Oz until nothing shrinks: about a kilobyte gzipped off the engine for 20 s more build.
    "$opt" -Oz --converge --strip-debug --strip-producers "$GLUE_DIR/${name}_bg.wasm" -o "$GLUE_DIR/${name}_bg.wasm"
  else
    log "wasm-opt not found: shipping the unoptimised wasm"
  fi
}

build_wasm() {
  rm -rf "$GLUE_DIR"
  local module
  for module in "${WASM_MODULES[@]}"; do build_module "${module%%:*}" "${module#*:}"; done
}

# copy_engine DIR: the generated glue and wasm of both modules.
copy_engine() {
  mkdir -p "$1"
  local module name
  for module in "${WASM_MODULES[@]}"; do
    name="${module#*:}"
    cp "$GLUE_DIR/$name.js" "$GLUE_DIR/${name}_bg.wasm" "$1/"
    cp "$GLUE_DIR/$name.d.ts" "$1/" 2>/dev/null || true
  done
}

# bundle_panel DIR: the side panel's modules joined into one file, panel/boot.bundle.js, which
# panel.html loads. A page fetches its modules over the extension protocol one level of imports
# after another; bundled, the panel draws its first month 50-70 ms sooner. The views and the engine's
# code are in the bundle but run only when imported (esbuild keeps a dynamic import lazy); the file
# stays in panel/, so that each module's `import.meta.url` still finds the files next to it. The
# source modules stay too (tests import them one by one).
bundle_panel() {
  "$ROOT/node_modules/.bin/esbuild" "$1/panel/boot.js" --bundle --format=esm \
    --outfile="$1/panel/boot.bundle.js" --log-level=warning
}

assemble_extension() {
  log "assembling dist/chrome and dist/firefox"
  rm -rf dist/chrome dist/firefox dist/node dist/*.zip
  mkdir -p dist
  for browser in chrome firefox; do
    mkdir -p "dist/$browser"
    cp -r extension/. "dist/$browser/"
    copy_engine "dist/$browser/engine"
    bundle_panel "dist/$browser"
    node tools/manifest.mjs "$browser" manifest.json "dist/$browser/manifest.json"
    (cd "dist/$browser" && zip -q -r -X "../porte-voix-$browser.zip" .)
  done
  copy_engine dist/node
  cp extension/engine/*.js dist/node/
  cp tools/node-entry.mjs dist/node/index.mjs
}

report_sizes() {
  local module name wasm raw gz
  for module in "${WASM_MODULES[@]}"; do
    name="${module#*:}"; wasm="$GLUE_DIR/${name}_bg.wasm"
    raw=$(wc -c < "$wasm"); gz=$(gzip -9 -c "$wasm" | wc -c)
    log "$(printf 'wasm %s (%s_bg.wasm): %d bytes raw, %d bytes gzipped' "${module%%:*}" "$name" "$raw" "$gz")"
  done
  log "(budget: the engine under 300 KB gzipped; the planner loads only with the plan)"
  for z in dist/*.zip; do log "$(printf '%s: %d bytes' "$z" "$(wc -c < "$z")")"; done
}

run_sample() {
  log "the toolkit on the bundled sample draft (samples/draft-fr.txt)"
  local cli="$ROOT/target/release/porte-voix"
  echo "\$ porte-voix count --network x samples/draft-fr.txt"
  "$cli" count --network x samples/draft-fr.txt
  echo "\$ porte-voix count --network bluesky --format json samples/draft-fr.txt"
  "$cli" count --network bluesky --format json samples/draft-fr.txt
  echo "\$ porte-voix entities samples/draft-fr.txt"
  "$cli" entities samples/draft-fr.txt
  if "$cli" --help | grep -q '^  check'; then
    echo "\$ porte-voix check --network x samples/draft-fr.txt"
    "$cli" check --network x samples/draft-fr.txt || true
  fi
}

build_wasm
assemble_extension
log "building the command-line toolkit"
cargo build --quiet --release --locked -p porte-voix-cli
report_sizes
[ "${1:-}" = "--no-sample" ] || run_sample
log "done: load dist/chrome or dist/firefox in your browser (README.md says how)"
