// Checks, in Node, what the wasm engine takes from the platform instead of shipping it:
// time zones (Intl.DateTimeFormat) and Unicode normalization (String.prototype.normalize).
//
//   node crate/wasm/tests/platform_check.mjs [GLUE_DIR]
//
// GLUE_DIR is a `wasm-bindgen --target web` output directory (default: target/wasm-glue, what
// tools/build.sh writes). Exits non-zero if an answer is wrong.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = resolve(process.argv[2] ?? 'target/wasm-glue');
const glue = await import(pathToFileURL(`${dir}/porte_voix_wasm.js`).href);
globalThis.__porteVoixPanic = (message) => console.error(`wasm panic: ${message}`);
glue.initSync({ module: readFileSync(`${dir}/porte_voix_wasm_bg.wasm`) });

let failed = 0;
const check = (label, got, want) => {
  const ok = got === want;
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}: ${got}${ok ? '' : ` (expected ${want})`}`);
};
const hours = (s) => `${s >= 0 ? '+' : '-'}${String(Math.abs(s) / 3600).padStart(2, '0')}h`;

// Europe/Paris, Sunday 25 October 2026: 03:00 CEST (01:00 UTC) becomes 02:00 CET.
const offset = (zone, iso) => glue.platformZoneOffset(zone, Date.parse(iso));
for (const [iso, want] of [
  ['2026-10-25T00:59:59Z', 7200],
  ['2026-10-25T01:00:00Z', 3600],
  ['2026-03-29T00:59:59Z', 3600],
  ['2026-03-29T01:00:00Z', 7200],
]) {
  const got = offset('Europe/Paris', iso);
  check(`Europe/Paris at ${iso}`, `${got} s (${hours(got)})`, `${want} s (${hours(want)})`);
}
check('Asia/Kolkata at 2026-01-01T00:00:00Z', offset('Asia/Kolkata', '2026-01-01T00:00:00Z'), 19800);
check('America/St_Johns at 2026-07-01T00:00:00Z', offset('America/St_Johns', '2026-07-01T00:00:00Z'), -9000);
check('UTC', offset('UTC', '2026-07-01T00:00:00Z'), 0);
try {
  offset('Nowhere/City', '2026-07-01T00:00:00Z');
  check('unknown zone', 'no error', 'an error');
} catch (e) {
  check('unknown zone', e.message.includes('does not know the time zone "Nowhere/City"'), true);
  console.log(`     (${e.message})`);
}

// NFC through the platform: "e" + U+0301 is é, weighing 1 on X, whatever the input form.
const engine = new glue.Engine();
check('X count of "e\\u0301" x 281', engine.count('e\u0301'.repeat(281), 'x').length, 281);
check('X count of "é" x 281', engine.count('é'.repeat(281), 'x').length, 281);
check('X count of Hangul jamo "\\u1100\\u1161"', engine.count('\u1100\u1161', 'x').length, 2);

// A build with the temporary size probe also shows the best-time slots across the clock change.
if (glue.bestTimesProbe) {
  const r = glue.bestTimesProbe('x', 'Europe/Paris', Date.parse('2026-10-22T05:00:00Z'), '');
  const locals = r.slots.map((s) => s.local);
  console.log(`best times (probe): ${locals.join(', ')}`);
}

console.log(`${failed === 0 ? 'all checks passed' : `${failed} check(s) failed`}`);
process.exit(failed === 0 ? 0 : 1);
