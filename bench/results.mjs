// Result files that other benchmarks leave for the peer table (bench/peers.bench.mjs) to print.
//
// Format of bench/results/<name>.json (one file per benchmark, rewritten on each of its runs):
//
//   {
//     "measured": "2026-11-23T10:00:00Z",          optional: when the figures were taken (else the file's date)
//     "machine": "AMD EPYC, 2 cores, Chromium 131",  optional: where
//     "rows": [
//       { "what": "keystroke to overlay, p95 (Draft.js, Chromium)", "value": 9.4, "unit": "ms", "budget": 16 }
//     ]
//   }
//
// `value` is a number; `budget`, when present, is the most `value` may be, in the same unit (null or absent:
// no budget). Rows keep their order.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the benchmarks write their result files. */
export const RESULTS_DIR = new URL('./results/', import.meta.url);

/** A result file that does not follow the format: says which file, which field, and what to write. */
export class ResultFileError extends Error {
  constructor(file, field, problem) {
    super(`${file}: ${field}: ${problem}`);
    this.name = 'ResultFileError';
    this.file = file;
    this.field = field;
  }
}

/**
 * Checks one parsed result file and returns `{ measured, machine, rows }` with rows as
 * `{ what, value, unit, budget }` (`budget` null when absent). Throws ResultFileError on the first problem.
 */
export function parseResultFile(file, data, fallbackDate) {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ResultFileError(file, '(top level)', 'expected an object { rows: [...] }');
  }
  if (!Array.isArray(data.rows)) throw new ResultFileError(file, 'rows', 'expected an array of { what, value, unit, budget }');
  for (const key of ['measured', 'machine']) {
    if (data[key] !== undefined && typeof data[key] !== 'string') throw new ResultFileError(file, key, 'expected a string');
  }
  const rows = data.rows.map((row, i) => {
    const at = `rows[${i}]`;
    if (row === null || typeof row !== 'object') throw new ResultFileError(file, at, 'expected an object { what, value, unit, budget }');
    if (typeof row.what !== 'string' || row.what.trim() === '') throw new ResultFileError(file, `${at}.what`, 'expected a non-empty string');
    if (typeof row.value !== 'number' || !Number.isFinite(row.value)) throw new ResultFileError(file, `${at}.value`, 'expected a finite number');
    if (typeof row.unit !== 'string') throw new ResultFileError(file, `${at}.unit`, 'expected a string such as "ms"');
    const budget = row.budget ?? null;
    if (budget !== null && (typeof budget !== 'number' || !Number.isFinite(budget))) {
      throw new ResultFileError(file, `${at}.budget`, 'expected a finite number (the most the value may be) or null');
    }
    return { what: row.what, value: row.value, unit: row.unit, budget };
  });
  return { measured: data.measured ?? fallbackDate, machine: data.machine ?? null, rows };
}

/**
 * Every `*.json` file of `dir`, parsed and checked: `{ files, errors }` where `files` maps a file's name
 * (without .json) to `{ measured, machine, rows }` and `errors` holds a ResultFileError for each file that is
 * not JSON or not in the format (the other files are still read). A missing directory gives no files.
 */
export function readResultFiles(dir = RESULTS_DIR) {
  const dirPath = dir instanceof URL ? fileURLToPath(dir) : dir;
  const files = {};
  const errors = [];
  let names;
  try {
    names = readdirSync(dirPath).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    if (error.code === 'ENOENT') return { files, errors };
    throw error;
  }
  for (const name of names) {
    const path = join(dirPath, name);
    const shown = relative(process.cwd(), path);
    try {
      let data;
      try {
        data = JSON.parse(readFileSync(path, 'utf8'));
      } catch (error) {
        throw new ResultFileError(shown, '(file)', `not valid JSON (${error.message})`);
      }
      files[name.replace(/\.json$/, '')] = parseResultFile(shown, data, statSync(path).mtime.toISOString());
    } catch (error) {
      if (!(error instanceof ResultFileError)) throw error;
      errors.push(error);
    }
  }
  return { files, errors };
}
