// Import and export in the side panel: the full backup (JSON, exact round trip), iCalendar and
// CSV exports, CSV and iCalendar imports (every bad row or event reported with its line, the rest
// imported), and the records in quarantine (shown as found, never dropped without the user's say).
import { el, download } from './dom.js';
import { uiLang } from '../pages/i18n.js';

/** A file name stamp: `2026-11-23`. */
const stamp = () => new Date().toISOString().slice(0, 10);

/**
 * Returns `{ element, refresh }`; `onChanged()` runs after an import or a restore changed the plan;
 * `refresh()` shows the quarantine again (once the whole calendar is read).
 */
export function filesPanel(context, { zone, onChanged }) {
  const { t, store } = context;
  const lang = uiLang();
  const report = el('div', { class: 'files-report', role: 'status', 'aria-live': 'polite' });
  const problems = el('ul', { class: 'files-problems' });
  const quarantine = el('ul', { class: 'files-quarantine' });
  const quarantineBox = el('div', { class: 'files-quarantine-box' }, el('h4', {}, t('calQuarantineTitle')), el('p', { class: 'muted' }, t('calQuarantineHelp')), quarantine);
  const semicolon = el('input', { type: 'checkbox', name: 'csv-semicolon' });

  const backupInput = el('input', { type: 'file', name: 'backup-file', accept: '.json,application/json', hidden: true });
  const importInput = el('input', { type: 'file', name: 'import-file', accept: '.csv,.ics,text/csv,text/calendar', hidden: true });
  const element = el(
    'details',
    { class: 'cal-files' },
    el('summary', {}, t('calFilesTitle')),
    el(
      'div',
      { class: 'row' },
      el('button', { type: 'button', class: 'export-backup', onclick: exportBackup }, t('calExportBackup')),
      el('button', { type: 'button', class: 'import-backup', onclick: () => backupInput.click() }, t('calImportBackup')),
      backupInput,
    ),
    el(
      'div',
      { class: 'row' },
      el('button', { type: 'button', class: 'export-ics', onclick: exportIcs }, t('calExportIcs')),
      el('button', { type: 'button', class: 'export-csv', onclick: exportCsv }, t('calExportCsv')),
      el('label', {}, semicolon, ' ', t('calCsvSemicolon')),
    ),
    el('div', { class: 'row' }, el('button', { type: 'button', class: 'import-file', onclick: () => importInput.click() }, t('calImportFile')), importInput),
    report,
    problems,
    quarantineBox,
  );

  const say = (text) => {
    report.textContent = text;
  };
  const fail = (e) => say(String(e?.message ?? e));

  function exportBackup() {
    try {
      download(`porte-voix-plan-${stamp()}.json`, 'application/json', store.backup());
      say(t('calExported'));
    } catch (e) {
      fail(e);
    }
  }

  function exportIcs() {
    try {
      const { ics, leftOut } = store.exportIcs();
      download(`porte-voix-plan-${stamp()}.ics`, 'text/calendar', ics);
      say(leftOut.length ? t('calExportedLeftOut', [String(leftOut.length)]) : t('calExported'));
    } catch (e) {
      fail(e);
    }
  }

  function exportCsv() {
    try {
      download(`porte-voix-plan-${stamp()}.csv`, 'text/csv', store.exportCsv({ semicolon: semicolon.checked, bom: semicolon.checked }));
      say(t('calExported'));
    } catch (e) {
      fail(e);
    }
  }

  backupInput.addEventListener('change', async () => {
    const file = backupInput.files[0];
    backupInput.value = '';
    if (!file) return;
    problems.replaceChildren();
    try {
      const result = await store.restore(await file.text());
      if (!result.ok) {
        const where = result.error.line ? t('calAtLine', [file.name, String(result.error.line), String(result.error.column ?? 1)]) : file.name;
        say(`${where}: ${result.error.message}`);
        return;
      }
      say(t('calRestored', [String(result.posts), String(result.campaigns), String(result.pillars)]));
      showQuarantine();
      onChanged();
    } catch (e) {
      fail(e);
    }
  });

  importInput.addEventListener('change', async () => {
    const file = importInput.files[0];
    importInput.value = '';
    if (!file) return;
    try {
      const text = await file.text();
      const isIcs = /\.ics$/i.test(file.name) || /^\s*BEGIN:VCALENDAR/i.test(text);
      const result = isIcs ? await store.importIcs(text, zone) : await store.importCsv(text, { zone });
      say(t('calImported', [String(result.imported.length), file.name, String(result.problems.length)]) + (result.skipped.length ? ` ${t('calImportSkipped', [String(result.skipped.length)])}` : ''));
      problems.replaceChildren(
        ...result.problems.map((p) =>
          el('li', { dataset: { line: String(p.line), code: p.code } }, p.line ? `${t('calLine', [String(p.line)])}${p.field ? ` (${p.field})` : ''} : ` : '', lang === 'fr' ? p.fr : p.en),
        ),
      );
      onChanged();
    } catch (e) {
      fail(e);
    }
  });

  /** Lists the records that did not read, each with its key, reason and raw content. */
  function showQuarantine() {
    const held = store.quarantine;
    quarantineBox.hidden = held.length === 0;
    quarantine.replaceChildren(
      ...held.map((q) =>
        el(
          'li',
          { dataset: { key: q.key ?? '' } },
          el('code', {}, q.key ?? q.collection),
          ` — ${q.reason} `,
          el('details', {}, el('summary', {}, t('calQuarantineRaw')), el('pre', {}, JSON.stringify(q.raw, null, 2))),
        ),
      ),
    );
  }

  /** The quarantine as the store now knows it; records set aside open the box, not hidden in it. */
  function refresh() {
    showQuarantine();
    if (store.quarantine.length) element.open = true;
  }

  element.addEventListener('toggle', showQuarantine);
  refresh();
  return { element, refresh };
}
