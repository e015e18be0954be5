#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ (cargo-fuzz, libFuzzer) for a while and prints one table:
# target, seconds, executions, coverage, crashes.
#
#   bash tools/fuzz.sh --smoke            # 20 s per target (what tools/test.sh runs in CI)
#   bash tools/fuzz.sh 600                # 10 minutes per target
#   bash tools/fuzz.sh 600 split triage   # only these targets
#
# Needs the nightly toolchain and cargo-fuzz (tools/setup.sh: ensure_fuzz_tools). Targets run under
# `nice -n 10` (PV_FUZZ_NICE), PV_FUZZ_JOBS at a time (default 2). Corpora grow in fuzz/corpus/<target>/, seeded
# from the repository's samples on every run; crashes land in fuzz/artifacts/<target>/ and make the
# script exit 1. Logs: fuzz/logs/<target>.log. See docs/fuzzing.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

seconds=600
if [ "${1:-}" = --smoke ]; then seconds=20; shift
elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then seconds=$1; shift
fi
jobs="${PV_FUZZ_JOBS:-2}"
NICE="${PV_FUZZ_NICE:-10}"   # niceness of the builds and runs
# No sanitizer: the core is safe Rust (bounds, overflow and UTF-8 checks are on anyway, debug
# assertions included). No compare tracing: it took 98 % of the time (20 instead of 1,300
# executions a second on the shared 2-core machine), and the seeds already carry every keyword.
FUZZ_FLAGS="${PV_FUZZ_FLAGS:---sanitizer none --no-trace-compares}"

ensure_fuzz_tools || die "fuzzing needs the nightly toolchain and cargo-fuzz (see docs/fuzzing.md)"

mapfile -t targets < <(cd fuzz && cargo +nightly fuzz list)
if [ $# -gt 0 ]; then targets=("$@"); fi
# A target file without its [[bin]] entry would silently never run.
for f in fuzz/fuzz_targets/*.rs; do
  name="$(basename "$f" .rs)"
  grep -q "^name = \"$name\"$" fuzz/Cargo.toml || die "$f has no [[bin]] entry in fuzz/Cargo.toml: add one like the others"
done

# seed TARGET: copies the repository's samples that fit TARGET into its corpus (idempotent: file
# names are content hashes).
seed() {
  local target="$1" dir="fuzz/corpus/$1"
  mkdir -p "$dir"
  local files=()
  case "$target" in
    guide_toml) files=(crate/core/src/guide/sample.toml tests/guides/malformed/*.toml) ;;
    guide_json) files=(tests/guides/sample.json tests/guides/malformed/*.json) ;;
    history_csv) files=(crate/cli/tests/data/*.csv tests/triage/comments.csv) ;;
    snippets) files=(crate/core/data/snippets.json samples/draft-fr.txt) ;;
    triage) files=(crate/core/data/triage_lexicon.txt) ;;
    # Hand-made files of each layout, first byte the target's option selector (fuzz/seeds/).
    plan_ics | plan_csv) files=(fuzz/seeds/"$target"/*) ;;
    # Records are built from 4-byte groups: random bytes reach every shape; no samples needed.
    merge) files=() ;;
    *) files=(samples/draft-fr.txt) ;;
  esac
  # Inputs that once crashed the target (fuzz/regressions/TARGET/) are replayed on every run.
  for f in "${files[@]}" fuzz/regressions/"$target"/*; do
    if [ -f "$f" ]; then cp "$f" "$dir/seed-$(sha1sum "$f" | cut -c1-16)"; fi
  done
  # Every draft of the shared corpus and every labelled comment, one file each.
  node --input-type=module - "$dir" <<'JS'
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
const dir = process.argv[2];
const drafts = JSON.parse(readFileSync("tests/corpus/drafts.json", "utf8")).map((d) => d.text);
// comments.csv: lang,label,"text" — the text is the rest of the line, quotes undone.
const comments = readFileSync("tests/triage/comments.csv", "utf8").split("\n").slice(1).filter(Boolean)
  .map((line) => line.split(",").slice(2).join(",").replace(/^"|"$/g, "").replaceAll('""', '"'));
for (const text of [...drafts, ...comments]) {
  writeFileSync(`${dir}/seed-${createHash("sha1").update(text).digest("hex").slice(0, 16)}`, text);
}
JS
}

# run TARGET: fuzzes it for $seconds and writes fuzz/logs/TARGET.log.
run() {
  local target="$1" log="fuzz/logs/$1.log"
  seed "$target"
  mkdir -p "fuzz/artifacts/$target"
  # -timeout: an input that takes 10 s is a bug (inputs are at most a few KB).
  (cd fuzz && nice -n "$NICE" cargo +nightly fuzz run $FUZZ_FLAGS "$target" -- \
      -max_total_time="$seconds" -timeout=10 -print_final_stats=1) >"$log" 2>&1 \
    && echo ok >>"$log.status" || echo "crash $?" >>"$log.status"
}

mkdir -p fuzz/logs
stamp="fuzz/logs/.started"; touch "$stamp"
log "building the fuzz targets (nightly, $FUZZ_FLAGS)"
(cd fuzz && nice -n "$NICE" cargo +nightly fuzz build $FUZZ_FLAGS >/dev/null 2>&1) || (cd fuzz && cargo +nightly fuzz build $FUZZ_FLAGS) || die "fuzz build failed"

log "fuzzing ${#targets[@]} targets for ${seconds}s each, $jobs at a time"
running=0
for t in "${targets[@]}"; do
  rm -f "fuzz/logs/$t.log.status"
  run "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
done
wait || true

# The table: executions from libFuzzer's final stats, coverage from its last status line.
failed=0
printf '\n| target | seconds | executions | coverage (cov / ft) | corpus | crashes |\n|---|---:|---:|---:|---:|---:|\n'
for t in "${targets[@]}"; do
  l="fuzz/logs/$t.log"
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$l" | tail -1)"
  status_line="$(grep -E '^#[0-9]+' "$l" | tail -1 || true)"
  cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status_line")"
  ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status_line")"
  corp="$(sed -n 's/.* corp: \([0-9]*\/[0-9A-Za-z]*\).*/\1/p' <<<"$status_line")"
  crashes="$(find "fuzz/artifacts/$t" -type f -newer "$stamp" 2>/dev/null | wc -l)"
  if ! grep -q '^ok$' "$l.status" 2>/dev/null; then
    failed=1
    [ "$crashes" -gt 0 ] || crashes="failed (see $l)"
  fi
  printf '| %s | %s | %s | %s / %s | %s | %s |\n' "$t" "$seconds" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$crashes"
done
if [ "$failed" -ne 0 ]; then
  die "a fuzz target crashed or failed: reproduce with (cd fuzz && cargo +nightly fuzz run <target> artifacts/<target>/<file>)"
fi
