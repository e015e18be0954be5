// The result files other benchmarks leave for the peer table (bench/results.mjs): read as written, and a bad
// file named with the field that is wrong while the good files are still read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readResultFiles, parseResultFile, ResultFileError } from '../../bench/results.mjs';

function withDir(files, body) {
  const dir = mkdtempSync(join(tmpdir(), 'pv-results-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a missing results directory means nothing was measured', () => {
  assert.deepEqual(readResultFiles(join(tmpdir(), 'pv-no-such-dir-for-results')), { files: {}, errors: [] });
});

test('rows are read in order, with budget null when absent and the date given or the file date', () => {
  const overlay = {
    measured: '2026-11-23T10:00:00Z',
    machine: 'AMD EPYC, Chromium 131',
    rows: [
      { what: 'keystroke to overlay, p95', value: 9.4, unit: 'ms', budget: 16 },
      { what: 'keystroke to overlay, p50', value: 4.1, unit: 'ms' },
    ],
  };
  const panel = { rows: [{ what: 'side panel, 5,000 posts', value: 180, unit: 'ms', budget: null }] };
  withDir({ 'overlay.json': JSON.stringify(overlay), 'panel.json': JSON.stringify(panel), 'notes.txt': 'ignored' }, (dir) => {
    const { files, errors } = readResultFiles(dir);
    assert.deepEqual(errors, []);
    assert.deepEqual(Object.keys(files), ['overlay', 'panel']);
    assert.equal(files.overlay.measured, '2026-11-23T10:00:00Z');
    assert.equal(files.overlay.machine, 'AMD EPYC, Chromium 131');
    assert.deepEqual(files.overlay.rows.map((r) => [r.what, r.value, r.budget]), [
      ['keystroke to overlay, p95', 9.4, 16],
      ['keystroke to overlay, p50', 4.1, null],
    ]);
    assert.match(files.panel.measured, /^\d{4}-\d\d-\d\dT/, 'falls back to the file date');
    assert.equal(files.panel.machine, null);
  });
});

test('a file that is not JSON or breaks the format is reported by name and field; the others are still read', () => {
  const good = { rows: [{ what: 'cold start', value: 120, unit: 'ms', budget: 150 }] };
  const files = {
    'a-broken.json': '{ rows: ',
    'b-value.json': JSON.stringify({ rows: [{ what: 'p95', value: '9 ms', unit: 'ms' }] }),
    'c-good.json': JSON.stringify(good),
  };
  withDir(files, (dir) => {
    const { files: read, errors } = readResultFiles(dir);
    assert.deepEqual(Object.keys(read), ['c-good']);
    assert.equal(errors.length, 2);
    assert.ok(errors.every((e) => e instanceof ResultFileError));
    assert.match(errors[0].message, /a-broken\.json: \(file\): not valid JSON/);
    assert.equal(errors[1].field, 'rows[0].value');
    assert.match(errors[1].message, /b-value\.json: rows\[0\]\.value: expected a finite number/);
  });
});

test('each field of the format is checked', () => {
  const cases = [
    [[], '(top level)'],
    [{}, 'rows'],
    [{ rows: [], measured: 5 }, 'measured'],
    [{ rows: [null] }, 'rows[0]'],
    [{ rows: [{ what: ' ', value: 1, unit: 'ms' }] }, 'rows[0].what'],
    [{ rows: [{ what: 'x', value: Infinity, unit: 'ms' }] }, 'rows[0].value'],
    [{ rows: [{ what: 'x', value: 1 }] }, 'rows[0].unit'],
    [{ rows: [{ what: 'x', value: 1, unit: 'ms', budget: '16' }] }, 'rows[0].budget'],
  ];
  for (const [data, field] of cases) {
    assert.throws(() => parseResultFile('r.json', data, 'date'), (e) => e instanceof ResultFileError && e.field === field, field);
  }
});
